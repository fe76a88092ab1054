package chitieu_test

import (
	"math"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
)

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		max     int
		ok      bool
	}{
		{"vietnamese name", "Nguyễn Thị Ánh Tuyết", 200, true},
		{"empty", "", 200, true},
		{"replacement character typed", "A\uFFFDB", 200, true},
		{"NUL", "An\x00", 200, false},
		{"tab", "An\tB", 200, false},
		{"DEL", "An\x7f", 200, false},
		{"C1 control", "An\u0085", 200, false},
		{"right-to-left override", "An\u202Egnp.exe", 200, false},
		{"left-to-right embedding", "\u202AAn", 200, false},
		{"first strong isolate", "An\u2068", 200, false},
		{"left-to-right mark", "An\u200E", 200, false},
		{"right-to-left mark", "An\u200F", 200, false},
		{"zero-width space", "A\u200Bn", 200, false},
		{"zero-width joiner", "A\u200Dn", 200, false},
		{"word joiner", "A\u2060n", 200, false},
		{"byte order mark", "\uFEFFAn", 200, false},
		{"private use", "An\uE000", 200, false},
		{"non-character", "An\uFFFF", 200, false},
		{"soft hyphen", "An\u00ADna", 200, false},
		{"Arabic number sign", "An\u0600", 200, false},
		{"Mongolian vowel separator", "An\u180E", 200, false},
		{"combining marks and Latin Extended Additional", "Nguye\u0302\u0303n \u1EA0\u1EF9", 200, true},
		{"no-break space", "An\u00A0Na", 200, true},
		{"invalid UTF-8", "An\xff", 200, false},
		// Length counts characters, not bytes: 200 "ễ" are 600 bytes.
		{"200 characters", strings.Repeat("ễ", 200), 200, true},
		{"201 characters", strings.Repeat("ễ", 201), 200, false},
		{"900 KB", strings.Repeat("a", 900<<10), 200, false},
	} {
		err := chitieu.CheckText("full_name", tc.s, tc.max)
		if tc.ok {
			wantField(t, err, "")
		} else {
			wantField(t, err, "full_name")
		}
	}
}

// Every record's Validate refuses hidden characters and overlong text in its free text.
func TestValidateRefusesHiddenText(t *testing.T) {
	bad := "Lê\u202EVăn"
	joined := day("2012-01-01")
	for field, err := range map[string]error{
		"full_name": (&chitieu.Cadre{FullName: bad, Unit: "u", JoinedOn: joined}).Validate(),
		"position":  (&chitieu.Cadre{FullName: "A", Unit: "u", JoinedOn: joined, Position: strings.Repeat("x", 2001)}).Validate(),
		"name":      (&chitieu.Unit{Code: "u", Name: bad}).Validate(),
		"course": (&chitieu.Training{CadreID: 1, Kind: chitieu.Professional, Status: chitieu.Planned,
			Course: "a\x00b"}).Validate(),
		"title": (&chitieu.Position{Unit: "u", Title: "T\u200B", Seats: 1, CreatedOn: joined}).Validate(),
	} {
		wantField(t, err, field)
	}
	target := youthTarget()
	target.Name = "Tập\u2066hợp"
	wantField(t, target.Validate(), "name")
}

func TestCadreDates(t *testing.T) {
	joined := day("2012-03-01")
	for _, tc := range []struct {
		name  string
		c     chitieu.Cadre
		field string
	}{
		{"born 30 years before", chitieu.Cadre{BirthDate: day("1982-03-01")}, ""},
		{"15 on the day", chitieu.Cadre{BirthDate: day("1997-03-01")}, ""},
		{"15 tomorrow", chitieu.Cadre{BirthDate: day("1997-03-02")}, "birth_date"},
		{"born after joining", chitieu.Cadre{BirthDate: day("2013-01-01")}, "birth_date"},
		{"70 and some days", chitieu.Cadre{BirthDate: day("1941-03-02")}, ""},
		{"71 on the day", chitieu.Cadre{BirthDate: day("1941-03-01")}, "birth_date"},
		{"birth out of range", chitieu.Cadre{BirthDate: chitieu.NewDate(0, 6, 15)}, "birth_date"},
		{"left in 9999", chitieu.Cadre{LeftOn: chitieu.NewDate(9999, 1, 1)}, "left_on"},
		{"exam in year 0", chitieu.Cadre{Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: chitieu.NewDate(0, 1, 1), ExamResult: chitieu.ExamPassed}}, "exam_on"},
	} {
		c := tc.c
		c.FullName, c.Unit, c.JoinedOn = "A", "u", joined
		if err := c.Validate(); tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
		} else {
			wantField(t, err, tc.field)
		}
	}
	c := chitieu.Cadre{BirthDate: day("2026-12-06")}
	wantField(t, c.CheckBirthDate(day("2026-12-05")), "birth_date")
	wantField(t, c.CheckBirthDate(day("2026-12-06")), "")
	// joined_on is a date like the others.
	wantField(t, (&chitieu.Cadre{FullName: "A", Unit: "u", JoinedOn: chitieu.NewDate(2101, 1, 1)}).Validate(), "joined_on")
}

func TestTrainingAfterBirth(t *testing.T) {
	birth := day("1990-05-06")
	for _, tc := range []struct {
		tr    chitieu.Training
		field string
	}{
		{chitieu.Training{StartedOn: day("2010-01-01"), CompletedOn: day("2011-01-01")}, ""},
		{chitieu.Training{CompletedOn: day("1990-05-05")}, "completed_on"},
		{chitieu.Training{StartedOn: day("1980-01-01")}, "started_on"},
		{chitieu.Training{ExpectedOn: day("1990-05-05")}, "expected_on"},
		{chitieu.Training{CompletedOn: day("1990-05-06")}, ""},
	} {
		wantField(t, tc.tr.CheckAfterBirth(birth), tc.field)
		wantField(t, tc.tr.CheckAfterBirth(0), "")
	}
}

func TestYouthReportCounts(t *testing.T) {
	ok := chitieu.YouthReport{Unit: "u", ReportedOn: day("2015-01-01"), YouthPopulation: chitieu.MaxCount,
		UnionMembers: chitieu.MaxCount, AssociationMembers: 1, Gathered: chitieu.MaxCount}
	wantField(t, ok.Validate(), "")
	for field, r := range map[string]chitieu.YouthReport{
		"youth_population":    {YouthPopulation: math.MaxInt64},
		"union_members":       {YouthPopulation: 10, UnionMembers: chitieu.MaxCount + 1},
		"association_members": {YouthPopulation: 10, AssociationMembers: -1},
		"gathered":            {YouthPopulation: 10, Gathered: math.MinInt64},
		"reported_on":         {ReportedOn: chitieu.NewDate(9999, 12, 31)},
	} {
		r.Unit = "u"
		if r.ReportedOn == 0 {
			r.ReportedOn = day("2015-01-01")
		}
		wantField(t, r.Validate(), field)
	}
}

// The example: two reports of 9223372036854775807 summed to a numerator of −4 over −2,
// a ratio of 2, "achieved". A Dataset that holds such reports (the store refuses them) counts
// them for nothing, so the sums cannot wrap; reports at the bound sum exactly.
func TestYouthSumsCannotOverflow(t *testing.T) {
	ds := chitieu.NewDataset()
	for _, u := range []chitieu.Unit{{Code: "prov", Name: "P"}, {Code: "a", Name: "A", Parent: "prov"},
		{Code: "b", Name: "B", Parent: "prov"}, {Code: "c", Name: "C", Parent: "prov"}} {
		ds.PutUnit(u)
	}
	huge := int64(math.MaxInt64)
	ds.PutYouthReport(chitieu.YouthReport{ID: 1, Unit: "a", ReportedOn: day("2015-01-01"), YouthPopulation: huge, UnionMembers: huge, Gathered: huge})
	ds.PutYouthReport(chitieu.YouthReport{ID: 2, Unit: "b", ReportedOn: day("2015-01-01"), YouthPopulation: huge, UnionMembers: huge, Gathered: huge})
	target := youthTarget()
	p := ds.Progress(target, day("2015-06-01"))
	if p.Numerator != 0 || p.Denominator != 0 || p.Ratio != nil || p.Status == chitieu.Achieved {
		t.Errorf("huge reports: %d/%d ratio %v status %s, want 0/0, no ratio, not achieved", p.Numerator, p.Denominator, p.Ratio, p.Status)
	}
	// A negative population with a gathered count over it is no less refused.
	ds.PutYouthReport(chitieu.YouthReport{ID: 3, Unit: "c", ReportedOn: day("2015-01-01"), YouthPopulation: -2, Gathered: -1})
	if p := ds.Progress(target, day("2015-06-01")); p.Numerator != 0 || p.Denominator != 0 {
		t.Errorf("negative report: %d/%d, want 0/0", p.Numerator, p.Denominator)
	}
	// At the bound every unit counts, and the sum is exact.
	for i, u := range []string{"a", "b", "c"} {
		ds.PutYouthReport(chitieu.YouthReport{ID: int64(i + 1), Unit: u, ReportedOn: day("2015-01-01"),
			YouthPopulation: chitieu.MaxCount, UnionMembers: chitieu.MaxCount - int64(i), Gathered: chitieu.MaxCount - int64(i)})
	}
	p = ds.Progress(target, day("2015-06-01"))
	if p.Numerator != 3*chitieu.MaxCount-3 || p.Denominator != 3*chitieu.MaxCount || p.Ratio == nil || *p.Ratio > 1 {
		t.Errorf("reports at the bound: %d/%d ratio %v", p.Numerator, p.Denominator, p.Ratio)
	}
}

// BenchmarkCadreValidateValues is the cost the load adds to each cadre row it reads.
func BenchmarkCadreValidateValues(b *testing.B) {
	c := chitieu.Cadre{FullName: "Nguyễn Thị Ánh Tuyết", Unit: "huyen-doan-chau-thanh", Position: "Phó Bí thư Huyện Đoàn",
		JoinedOn: day("2012-03-01"), BirthDate: day("1988-05-20"), Gender: chitieu.GenderFemale}
	for b.Loop() {
		if err := c.ValidateValues(); err != nil {
			b.Fatal(err)
		}
	}
}
