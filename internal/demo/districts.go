package demo

import (
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"chitieu/internal/chitieu"
)

// district is a district-level unit of Kiên Giang as in 2013, with its Youth Union.
type district struct {
	code   string
	name   string  // its Youth Union: Thành Đoàn for a city, Thị Đoàn for a town, Huyện Đoàn for a district
	place  string  // the locality, as Vietnamese writes it in a title
	youth  int64   // youth aged 16–30 at the end of 2012 (made up, in proportion to the population)
	growth float64 // yearly change of that youth population
	size   int     // cadres of its Youth Union in 2013
}

var districts = []district{
	{"rach-gia", "Thành Đoàn Rạch Giá", "thành phố Rạch Giá", 62000, 0.012, 9},
	{"ha-tien", "Thị Đoàn Hà Tiên", "thị xã Hà Tiên", 12500, 0.008, 6},
	{"phu-quoc", "Huyện Đoàn Phú Quốc", "huyện Phú Quốc", 26000, 0.035, 8},
	{"kien-luong", "Huyện Đoàn Kiên Lương", "huyện Kiên Lương", 21500, 0.002, 8},
	{"hon-dat", "Huyện Đoàn Hòn Đất", "huyện Hòn Đất", 43000, -0.002, 9},
	{"tan-hiep", "Huyện Đoàn Tân Hiệp", "huyện Tân Hiệp", 36500, -0.004, 9},
	{"chau-thanh", "Huyện Đoàn Châu Thành", "huyện Châu Thành", 39000, 0.004, 9},
	{"giong-rieng", "Huyện Đoàn Giồng Riềng", "huyện Giồng Riềng", 53500, -0.006, 9},
	{"go-quao", "Huyện Đoàn Gò Quao", "huyện Gò Quao", 35000, -0.007, 9},
	{"an-bien", "Huyện Đoàn An Biên", "huyện An Biên", 31000, -0.006, 8},
	{"an-minh", "Huyện Đoàn An Minh", "huyện An Minh", 29000, -0.005, 8},
	{"vinh-thuan", "Huyện Đoàn Vĩnh Thuận", "huyện Vĩnh Thuận", 23000, -0.006, 8},
	{"u-minh-thuong", "Huyện Đoàn U Minh Thượng", "huyện U Minh Thượng", 17000, -0.004, 6},
	{"giang-thanh", "Huyện Đoàn Giang Thành", "huyện Giang Thành", 7600, -0.003, 6},
	{"kien-hai", "Huyện Đoàn Kiên Hải", "huyện Kiên Hải", 5400, -0.008, 6},
}

// placeOf returns the locality of a unit, for the district's political training centre; the
// office is in Rạch Giá.
func placeOf(unit string) string {
	for _, ds := range districts {
		if ds.code == unit {
			return ds.place
		}
	}
	return "thành phố Rạch Giá"
}

// dayBetween draws a day from lo to hi, both included.
func dayBetween(r *rand.Rand, lo, hi chitieu.Date) chitieu.Date {
	if hi <= lo {
		return lo
	}
	return lo + chitieu.Date(r.IntN(int(hi-lo)+1))
}

// Roles in a district Youth Union, in order of rank.
const (
	roleSecretary = iota
	roleDeputy
	roleStanding
	roleStaff
	rolePartTime
)

type districtRole struct {
	title string
	rank  int
}

// rolesOf lists the posts of a district's Youth Union: the secretary, one or two deputies (one
// chairs the district Youth Association), standing committee members, an office clerk, and
// members of the executive committee who are not full-time (a school's Union secretary, say).
func rolesOf(ds district) []districtRole {
	union := strings.Join(strings.Fields(ds.name)[:2], " ")
	level := strings.TrimSuffix(ds.place, " "+placeName(ds.place))
	roles := []districtRole{
		{"Bí thư " + union, roleSecretary},
		{"Phó Bí thư " + union + ", Chủ tịch Hội LHTN Việt Nam " + level, roleDeputy},
	}
	partTime := 1
	if ds.size >= 8 {
		roles = append(roles, districtRole{"Phó Bí thư " + union, roleDeputy})
		partTime = 2
	}
	roles = append(roles, districtRole{"Cán bộ văn phòng", roleStaff})
	for len(roles) < ds.size-partTime {
		roles = append(roles, districtRole{"Ủy viên Ban Thường vụ " + union, roleStanding})
	}
	for range partTime {
		roles = append(roles, districtRole{"Ủy viên Ban Chấp hành " + union + " (không chuyên trách)", rolePartTime})
	}
	return roles
}

// placeName is the locality's name without its kind: "Rạch Giá" of "thành phố Rạch Giá".
func placeName(place string) string {
	for _, kind := range []string{"thành phố ", "thị xã ", "huyện "} {
		if strings.HasPrefix(place, kind) {
			return strings.TrimPrefix(place, kind)
		}
	}
	return place
}

// districtCadres makes up the cadres of the district Youth Unions: those in post in 2013, some
// of whom leave in 2014–2015 and are replaced a few months later, with their qualifications,
// their political theory and degree courses of 2013–2015 and the short courses of the Union.
func districtCadres(r *rand.Rand) []person {
	var out []person
	for _, ds := range districts {
		for _, role := range rolesOf(ds) {
			p := districtCadre(r, ds, role, chitieu.Date(0))
			if r.Float64() < 0.15 {
				p.left = dayBetween(r, d(2014, 1, 15), d(2015, 10, 31))
				next := districtCadre(r, ds, role, p.left.AddDays(30+r.IntN(90)))
				out = append(out, withRecords(r, p), withRecords(r, next))
				continue
			}
			out = append(out, withRecords(r, p))
		}
	}
	return out
}

// districtCadre makes up one cadre in a role, in post in 2013 or, given joined, from then.
func districtCadre(r *rand.Rand, ds district, role districtRole, joined chitieu.Date) person {
	// Those in post when the district unions end (1 July 2025) continue where the merger puts them.
	p := person{unit: ds.code, position: role.title, partTime: role.rank == rolePartTime}
	switch role.rank {
	case roleSecretary:
		p.female = r.Float64() < 0.25
	case rolePartTime:
		p.female = r.Float64() < 0.55
	default:
		p.female = r.Float64() < 0.4
	}
	if joined.IsZero() {
		age := [...]int{31, 28, 26, 24, 24}[role.rank] + r.IntN(6) // age in 2013
		p.born = 2013 - age
		earliest := max(p.born+22, 2003)
		p.joined = dayBetween(r, d(earliest, 1, 1), d(2012, 10, 31))
	} else {
		age := [...]int{30, 27, 25, 23, 23}[role.rank] + r.IntN(5)
		p.joined = joined
		p.born = joined.Year() - age
	}
	return p
}

// withRecords gives a district cadre their training records.
func withRecords(r *rand.Rand, p person) person {
	full := !p.partTime
	windowStart := max(p.joined, d(2013, 1, 2))
	windowEnd := d(2015, 12, 31)
	if !p.left.IsZero() {
		windowEnd = min(p.left.AddDays(-1), windowEnd)
	}

	// The degree held when they joined, or taken soon after.
	degree := chitieu.Level("dai_hoc")
	switch u := r.Float64(); {
	case strings.HasPrefix(p.position, "Bí thư") || strings.HasPrefix(p.position, "Phó Bí thư"):
	case p.partTime && u < 0.3:
		degree = "cao_dang"
	case !p.partTime && u < 0.2:
		degree = "cao_dang"
	case !p.partTime && u < 0.38:
		degree = "trung_cap"
	}
	gradYear := p.born + map[chitieu.Level]int{"trung_cap": 19, "cao_dang": 21, "dai_hoc": 22}[degree]
	gradYear = min(gradYear, p.joined.Year()-1)
	deg := had(edu, degree, gradYear, 7)
	if p.partTime && degree == "dai_hoc" {
		deg = deg.at("Cử nhân Sư phạm Ngữ văn", canTho)
	}
	p.recs = append(p.recs, deg)
	if degree == "dai_hoc" && strings.HasPrefix(p.position, "Bí thư") && r.Float64() < 0.3 {
		start := dayBetween(r, d(2012, 9, 1), d(2013, 10, 31))
		p.recs = append(p.recs, courseWithin(done(edu, "thac_si", start, start.AddDays(720+r.IntN(60))), p))
	}
	if full && degree != "dai_hoc" {
		switch u := r.Float64(); {
		case u < 0.5:
			start := dayBetween(r, max(p.joined, d(2012, 9, 1)), d(2014, 3, 31))
			p.recs = append(p.recs, courseWithin(done(edu, "dai_hoc", start, start.AddDays(800+r.IntN(300))), p))
		case u < 0.62:
			start := dayBetween(r, max(p.joined, d(2012, 9, 1)), d(2014, 3, 31))
			p.recs = append(p.recs, dropped(edu, "dai_hoc", start, start.AddDays(1000)))
		}
	}

	// Political theory held in 2013 (or when they joined).
	var level chitieu.Level
	u := r.Float64()
	switch {
	case strings.HasPrefix(p.position, "Bí thư"):
		level = "trung_cap"
		if u < 0.2 {
			level = "cao_cap"
		}
	case strings.HasPrefix(p.position, "Phó Bí thư"):
		level = "so_cap"
		if u < 0.7 {
			level = "trung_cap"
		}
	case p.partTime:
		if u < 0.5 {
			level = "so_cap"
		}
	default:
		switch {
		case u < 0.3:
			level = "trung_cap"
		case u < 0.75:
			level = "so_cap"
		}
	}
	lo := max(p.born+23, 2004)
	switch level {
	case "so_cap":
		p.recs = append(p.recs, had(pt, "so_cap", lo+r.IntN(max(1, 2013-lo)), time.Month(1+r.IntN(11))))
	case "trung_cap":
		p.recs = append(p.recs, had(pt, "trung_cap", lo+r.IntN(max(1, 2013-lo)), time.Month(1+r.IntN(11))))
	case "cao_cap":
		p.recs = append(p.recs, had(pt, "trung_cap", lo, 6), had(pt, "cao_cap", 2012, time.Month(1+r.IntN(11))))
	}

	// Courses during the plan.
	if full && (level == "" || level == "so_cap") {
		classes := []rec{class1, class2, class3}
		var open []rec
		for _, c := range classes {
			if c.start >= p.joined && c.start < windowEnd {
				open = append(open, c)
			}
		}
		switch u := r.Float64(); {
		case len(open) > 0 && u < 0.5:
			p.recs = append(p.recs, courseWithin(open[r.IntN(len(open))], p))
		case len(open) > 0 && u < 0.58:
			c := open[r.IntN(len(open))]
			p.recs = append(p.recs, dropped(pt, "trung_cap", c.start, c.end))
		case level == "" && u < 0.85 && windowStart < windowEnd.AddDays(-80):
			start := dayBetween(r, windowStart, windowEnd.AddDays(-80))
			p.recs = append(p.recs, done(pt, "so_cap", start, start.AddDays(70+r.IntN(15))))
		}
	}
	if full && r.Float64() < 0.5 && windowStart < windowEnd.AddDays(-20) {
		c := districtCourses[r.IntN(len(districtCourses))]
		if c.course == "Bồi dưỡng Bí thư Đoàn cấp huyện" && !strings.HasPrefix(p.position, "Bí thư") {
			c = districtCourses[0]
		}
		start := dayBetween(r, max(windowStart, d(2013, 3, 1)), windowEnd.AddDays(-20))
		p.recs = append(p.recs, done(pro, "", start, start.AddDays(4+r.IntN(8))).at(c.course, c.provider))
	}
	return p
}

// courseWithin returns a completed course as it stands for a cadre who may leave before it
// ends: dropped when it would end after they left.
func courseWithin(c rec, p person) rec {
	if c.status == chitieu.Completed && !p.left.IsZero() && c.end >= p.left {
		c.status = chitieu.Dropped
	}
	return c
}

// Report days: the end of 2012 (the plan's baseline), each quarter of 2013–2015, and two later
// years.
func reportDays() []chitieu.Date {
	days := []chitieu.Date{d(2012, 12, 31)}
	for y := 2013; y <= 2015; y++ {
		days = append(days, d(y, 3, 31), d(y, 6, 30), d(y, 9, 30), d(y, 12, 31))
	}
	return append(days, d(2018, 12, 31), d(2024, 12, 31))
}

// Province-wide shares of youth gathered that the districts are calibrated to: at the end of
// 2012 and of 2015.
const (
	gatheredStart = 0.556
	gatheredEnd   = 0.671
)

// youthReports makes up each district's youth reports. Each district's share of gathered youth
// climbs from about 50–62 % to about 60–76 %; the shares are shifted so that the province's
// totals are gatheredStart and gatheredEnd, and a district now and then misses a quarter.
func youthReports(r *rand.Rand) []chitieu.YouthReport {
	n := len(districts)
	start, end := make([]float64, n), make([]float64, n)
	union, overlap := make([]float64, n), make([]float64, n)
	var wStart, wEnd, sumStart, sumEnd float64
	for i, ds := range districts {
		start[i] = 0.50 + 0.12*r.Float64()
		end[i] = start[i] + 0.07 + 0.08*r.Float64()
		union[i] = 0.19 + 0.08*r.Float64()
		overlap[i] = 0.35 + 0.2*r.Float64()
		p0, p3 := float64(ds.youth), float64(ds.youth)*math.Pow(1+ds.growth, 3)
		wStart += p0
		wEnd += p3
		sumStart += p0 * start[i]
		sumEnd += p3 * end[i]
	}
	shiftStart, shiftEnd := gatheredStart-sumStart/wStart, gatheredEnd-sumEnd/wEnd
	for i := range districts {
		start[i] += shiftStart
		end[i] += shiftEnd
	}

	var out []chitieu.YouthReport
	later := make([]float64, n)
	for q, day := range reportDays() {
		years := float64(day-reportDays()[0]) / 365.25
		for i, ds := range districts {
			var share float64
			switch {
			case q <= 12:
				share = start[i] + (end[i]-start[i])*float64(q)/12
				if q > 0 && q < 12 {
					if r.Float64() < 0.06 {
						continue // reported late: the quarter before stands
					}
					share += 0.012 * (r.Float64() - 0.5)
				}
			case q == 13:
				later[i] = end[i] + 0.005 + 0.02*r.Float64()
				share = later[i]
			default:
				share = later[i] - 0.01 + 0.025*r.Float64()
			}
			pop := int64(math.Round(float64(ds.youth) * math.Pow(1+ds.growth, years)))
			gathered := int64(math.Round(share * float64(pop)))
			members := int64(math.Round((union[i] + 0.004*years) * float64(pop)))
			both := int64(math.Round(overlap[i] * float64(members)))
			out = append(out, chitieu.YouthReport{
				Unit: ds.code, ReportedOn: day, YouthPopulation: pop,
				UnionMembers: members, AssociationMembers: gathered - members + both, Gathered: gathered,
			})
		}
	}
	return out
}
