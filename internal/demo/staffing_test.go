package demo_test

import (
	"context"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/demo"
)

// TestSeedStaffing checks that the demo shows recruitment and leadership positions: cadres hired
// after 2014 without an exam, a leadership seat vacant for months in 2014, and professional
// courses that a professional_training target counts.
func TestSeedStaffing(t *testing.T) {
	_, s, ds := seed(t)
	ctx := context.Background()

	// Recruitment: in the office, the 2014 contract hire is failing at the end of 2015 with the
	// unrecorded 2015 hire; today the 2017 contract hire too (the other two are still in post).
	end2015 := chitieu.NewDate(2015, 12, 31)
	count := func(d chitieu.Date) int {
		n := 0
		for _, u := range ds.RecruitedWithoutExam(d) {
			n += u.Count
		}
		return n
	}
	if got := count(end2015); got != 2 {
		t.Errorf("%d cadres recruited without exam at the end of 2015, want 2", got)
	}
	if got := count(today); got != 3 {
		t.Errorf("%d cadres recruited without exam today, want 3", got)
	}
	list, total, err := s.Cadres.FindCadres(ctx, chitieu.CadreFilter{RecruitmentCheck: chitieu.RecruitmentCheckFailing})
	if err != nil || total != 3 {
		t.Fatalf("failing list: %d (%v), want 3", total, err)
	}
	for _, c := range list {
		t.Logf("recruited without exam: %s, %s, %s, joined %s, recruitment %q", c.FullName, c.Position, c.Unit, c.JoinedOn, c.Recruitment)
	}
	for _, u := range ds.RecruitedWithoutExam(today) {
		if u.Unit == demo.Province || u.Unit == "rach-gia" {
			t.Errorf("unit %s is outside the rule's scope (the office)", u.Unit)
		}
	}

	// Leadership: the head of the schools department is vacant from 2013 until 2014-03-03; a
	// deputy secretary's seat from 2014-04-15 to 2014-05-19.
	seat := func(d chitieu.Date, title string) chitieu.SeatFigures {
		for _, f := range ds.Leadership(d) {
			if f.Title == title {
				return f
			}
		}
		t.Fatalf("no position %q", title)
		return chitieu.SeatFigures{}
	}
	for _, tc := range []struct {
		on     chitieu.Date
		title  string
		vacant int
		since  chitieu.Date
	}{
		{chitieu.NewDate(2014, 3, 2), "Trưởng Ban Thanh thiếu nhi Trường học", 1, chitieu.NewDate(2013, 1, 1)},
		{chitieu.NewDate(2014, 3, 3), "Trưởng Ban Thanh thiếu nhi Trường học", 0, 0},
		{chitieu.NewDate(2014, 5, 1), "Phó Bí thư Tỉnh Đoàn", 1, chitieu.NewDate(2014, 4, 15)},
		{chitieu.NewDate(2014, 5, 19), "Phó Bí thư Tỉnh Đoàn", 0, 0},
		{chitieu.NewDate(2015, 5, 20), "Trưởng Ban Tuyên giáo", 1, chitieu.NewDate(2015, 5, 4)},
	} {
		if f := seat(tc.on, tc.title); f.Vacant != tc.vacant || f.VacantSince != tc.since {
			t.Errorf("%s on %s: %d vacant since %s, want %d since %s", tc.title, tc.on, f.Vacant, f.VacantSince, tc.vacant, tc.since)
		}
	}
	vacant := 0
	for _, f := range ds.Leadership(today) {
		vacant += f.Vacant
		if f.Vacant > 0 {
			t.Logf("today vacant: %s of %s since %s", f.Title, f.Unit, f.VacantSince)
		}
	}
	if got := len(ds.Leadership(today)); got != 16 {
		t.Errorf("%d positions, want 16", got)
	}

	// Professional courses: the example target climbs from none to its threshold's side.
	target := ds.Target(demo.ProfessionalTarget)
	if target == nil {
		t.Fatal("no professional_training target")
	}
	for _, d := range []chitieu.Date{chitieu.NewDate(2013, 1, 1), chitieu.NewDate(2014, 1, 1), chitieu.NewDate(2015, 1, 1), end2015, today} {
		p := ds.Progress(target, d)
		t.Logf("%s on %s: %d/%d %s", target.Code, d, p.Numerator, p.Denominator, p.Status)
	}
	if p := ds.Progress(target, chitieu.NewDate(2013, 1, 1)); p.Numerator != 0 {
		t.Errorf("courses counted before the first one: %d", p.Numerator)
	}
	if p := ds.Progress(target, end2015); p.Ratio == nil || *p.Ratio < 0.3 {
		t.Errorf("at the end of 2015: ratio %s, want the courses of 2014–2015 to count", ratio(p))
	}
}
