package demo

import (
	"math/rand/v2"
	"time"

	"chitieu/internal/chitieu"
)

// Short names for the table of the office's cadres.
const (
	pt  = chitieu.PoliticalTheory
	edu = chitieu.Education
	pro = chitieu.Professional
)

// d is a civil day.
func d(year int, month time.Month, day int) chitieu.Date { return chitieu.NewDate(year, month, day) }

// person is a cadre to enter, with the records of their qualifications and courses.
type person struct {
	unit     string
	position string
	female   bool
	born     int // year; the day is drawn
	joined   chitieu.Date
	left     chitieu.Date // zero: still in post
	partTime bool
	recs     []rec
	hiring   *chitieu.Hiring // nil: as hiringOf decides
}

// rec is a training record to enter. A record made with had is a qualification dated only by
// its month; its day and its start are filled in when it is entered.
type rec struct {
	kind     chitieu.TrainingKind
	level    chitieu.Level
	status   chitieu.TrainingStatus
	start    chitieu.Date
	end      chitieu.Date // completed_on when completed, expected_on otherwise
	course   string       // "" for the catalog's
	provider string
	monthly  bool // end is the first of the month it was obtained in
}

// had is a qualification obtained in a month (before joining, or without a course worth
// recording), optionally with its course and provider.
func had(kind chitieu.TrainingKind, level chitieu.Level, year int, month time.Month, courseProvider ...string) rec {
	r := rec{kind: kind, level: level, status: chitieu.Completed, end: d(year, month, 1), monthly: true}
	if len(courseProvider) == 2 {
		r.course, r.provider = courseProvider[0], courseProvider[1]
	}
	return r
}

// done is a course completed on end.
func done(kind chitieu.TrainingKind, level chitieu.Level, start, end chitieu.Date) rec {
	return rec{kind: kind, level: level, status: chitieu.Completed, start: start, end: end}
}

// going is a course in progress, expected to end on end.
func going(kind chitieu.TrainingKind, level chitieu.Level, start, end chitieu.Date) rec {
	return rec{kind: kind, level: level, status: chitieu.InProgress, start: start, end: end}
}

// planned is a course planned from start, expected to end on end.
func planned(kind chitieu.TrainingKind, level chitieu.Level, start, end chitieu.Date) rec {
	return rec{kind: kind, level: level, status: chitieu.Planned, start: start, end: end}
}

// dropped is a course begun on start and given up; end is when it was expected to end.
func dropped(kind chitieu.TrainingKind, level chitieu.Level, start, end chitieu.Date) rec {
	return rec{kind: kind, level: level, status: chitieu.Dropped, start: start, end: end}
}

// at gives a record its course and provider.
func (r rec) at(course, provider string) rec {
	r.course, r.provider = course, provider
	return r
}

// Schools and the Union's own trainers.
const (
	politicalSchool = "Trường Chính trị tỉnh Kiên Giang"
	youthAcademy    = "Học viện Thanh thiếu niên Việt Nam"
	regionalAcademy = "Học viện Chính trị khu vực IV"
	nationalAcademy = "Học viện Chính trị quốc gia Hồ Chí Minh"
	centralUnion    = "Trung ương Đoàn TNCS Hồ Chí Minh"
	provinceUnion   = "Tỉnh Đoàn Kiên Giang"
	canTho          = "Trường Đại học Cần Thơ"
	teachersCollege = "Trường Cao đẳng Sư phạm Kiên Giang"
	communityColl   = "Trường Cao đẳng Cộng đồng Kiên Giang"
	trungCapCourse  = "Trung cấp lý luận chính trị – hành chính"
)

type courseAt struct{ course, provider string }

// Degrees taken before joining, by level.
var degrees = map[chitieu.Level][]courseAt{
	"trung_cap": {
		{"Trung cấp Văn thư – Lưu trữ", communityColl},
		{"Trung cấp Kế toán", communityColl},
		{"Trung cấp Tin học", communityColl},
	},
	"cao_dang": {
		{"Cao đẳng Sư phạm Tiểu học", teachersCollege},
		{"Cao đẳng Sư phạm Ngữ văn", teachersCollege},
		{"Cao đẳng Kế toán", communityColl},
		{"Cao đẳng Tin học ứng dụng", communityColl},
	},
	"dai_hoc": {
		{"Cử nhân Luật", "Trường Đại học Luật TP. Hồ Chí Minh"},
		{"Cử nhân Công tác thanh thiếu niên", youthAcademy},
		{"Cử nhân Quản trị kinh doanh", canTho},
		{"Cử nhân Kinh tế", "Trường Đại học Kinh tế TP. Hồ Chí Minh"},
		{"Cử nhân Sư phạm Ngữ văn", canTho},
		{"Cử nhân Sư phạm Lịch sử", "Trường Đại học Sư phạm TP. Hồ Chí Minh"},
		{"Kỹ sư Công nghệ thông tin", canTho},
		{"Kỹ sư Nuôi trồng thủy sản", canTho},
		{"Cử nhân Xã hội học", "Trường Đại học Khoa học Xã hội và Nhân văn TP. Hồ Chí Minh"},
		{"Cử nhân Hành chính học", "Học viện Hành chính Quốc gia"},
	},
	"thac_si": {
		{"Thạc sĩ Quản lý công", "Học viện Hành chính Quốc gia"},
		{"Thạc sĩ Chính trị học", regionalAcademy},
		{"Thạc sĩ Quản trị kinh doanh", canTho},
	},
}

// Degrees taken while working (vừa làm vừa học, liên thông).
var degreesWhileWorking = map[chitieu.Level][]courseAt{
	"dai_hoc": {
		{"Đại học Công tác thanh thiếu niên (liên thông)", youthAcademy},
		{"Đại học Luật (vừa làm vừa học)", canTho},
		{"Đại học Quản trị kinh doanh (vừa làm vừa học)", canTho},
		{"Đại học Giáo dục Tiểu học (liên thông)", canTho},
		{"Đại học Quản lý nhà nước (vừa làm vừa học)", "Học viện Hành chính Quốc gia"},
	},
}

// catalog returns a course and provider for a record that names none. place is where the
// cadre works ("thành phố Rạch Giá"), for the district's political training centre.
func catalog(r *rand.Rand, x rec, whileWorking bool, place string) (string, string) {
	switch x.kind {
	case pt:
		switch x.level {
		case "so_cap":
			return "Sơ cấp lý luận chính trị", "Trung tâm Bồi dưỡng chính trị " + place
		case "trung_cap":
			return trungCapCourse, politicalSchool
		case "cao_cap":
			return "Cao cấp lý luận chính trị", regionalAcademy
		case "cu_nhan":
			return "Cử nhân chính trị", nationalAcademy
		}
	case edu:
		list := degrees[x.level]
		if whileWorking && degreesWhileWorking[x.level] != nil {
			list = degreesWhileWorking[x.level]
		}
		c := list[r.IntN(len(list))]
		return c.course, c.provider
	}
	return "Bồi dưỡng nghiệp vụ công tác Đoàn", centralUnion
}

// usualLength is how long a course of the level lasts, in days, to date the start of a
// qualification known only by when it was obtained.
func usualLength(kind chitieu.TrainingKind, level chitieu.Level) int {
	switch kind {
	case pt:
		switch level {
		case "so_cap":
			return 75
		case "trung_cap":
			return 540
		default:
			return 700
		}
	case edu:
		switch level {
		case "trung_cap":
			return 700
		case "cao_dang":
			return 1060
		case "dai_hoc":
			return 1420
		default:
			return 700
		}
	}
	return 7
}

// Professional courses (lớp bồi dưỡng nghiệp vụ) of the Central Union by the department of the
// office that sends to them.
var officeCourses = map[string]string{
	office:    "Bồi dưỡng cán bộ chủ chốt Đoàn cấp tỉnh",
	vanPhong:  "Bồi dưỡng nghiệp vụ công tác văn phòng cấp ủy Đoàn",
	toChuc:    "Bồi dưỡng nghiệp vụ công tác tổ chức – kiểm tra",
	tuyenGiao: "Bồi dưỡng nghiệp vụ công tác tuyên giáo",
	phongTrao: "Bồi dưỡng nghiệp vụ công tác phong trào thanh niên",
	truongHoc: "Bồi dưỡng nghiệp vụ công tác Đoàn và phong trào thanh niên trường học",
	thieuNhi:  "Bồi dưỡng nghiệp vụ công tác Đội và phong trào thiếu nhi",
	trungTam:  "Tập huấn kỹ năng tổ chức hoạt động thanh thiếu nhi",
}

// Professional courses for the district units' cadres.
var districtCourses = []courseAt{
	{"Tập huấn nghiệp vụ cán bộ Đoàn cấp huyện", provinceUnion},
	{"Tập huấn nghiệp vụ công tác Hội và phong trào thanh niên", provinceUnion},
	{"Bồi dưỡng kỹ năng thực hành công tác Đoàn", provinceUnion},
	{"Bồi dưỡng Bí thư Đoàn cấp huyện", centralUnion},
	{"Tập huấn công tác tập hợp thanh niên", centralUnion},
}
