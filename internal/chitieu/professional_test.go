package chitieu_test

import (
	"testing"

	"chitieu/internal/chitieu"
)

func TestProfessionalTrainingCoverage(t *testing.T) {
	target := chitieu.NewTarget()
	target.Kind, target.Provider = chitieu.TargetProfessionalTraining, "Trung ương Đoàn"
	target.Normalize()
	if target.WindowDays != 730 {
		t.Fatalf("default window_days %d, want 730", target.WindowDays)
	}
	d := day("2015-12-31") // d − 730 days = 2013-12-31, which is outside the window
	course := func(status chitieu.TrainingStatus, on, provider string) *chitieu.Training {
		r := &chitieu.Training{Kind: chitieu.Professional, Status: status, Provider: provider}
		if status == chitieu.Completed {
			r.CompletedOn = day(on)
		} else {
			r.ExpectedOn = day(on)
		}
		return r
	}
	central := "Ban Tổ chức Trung ương Đoàn"
	for _, tc := range []struct {
		name      string
		r         *chitieu.Training
		projected bool
		want      bool
	}{
		{"completed 730 days before", course(chitieu.Completed, "2013-12-31", central), false, false},
		{"completed 729 days before", course(chitieu.Completed, "2014-01-01", central), false, true},
		{"completed on d", course(chitieu.Completed, "2015-12-31", central), false, true},
		{"completed after d", course(chitieu.Completed, "2016-01-01", central), false, false},
		{"provider without diacritics", course(chitieu.Completed, "2015-01-01", "trung uong doan"), false, true},
		{"another provider", course(chitieu.Completed, "2015-01-01", "Tỉnh Đoàn Kiên Giang"), false, false},
		{"planned, not projected", course(chitieu.Planned, "2015-06-01", central), false, false},
		{"planned, projected", course(chitieu.Planned, "2015-06-01", central), true, true},
		{"in progress, projected after d", course(chitieu.InProgress, "2016-02-01", central), true, false},
		{"dropped, projected", &chitieu.Training{Kind: chitieu.Professional, Status: chitieu.Dropped, Provider: central}, true, false},
		{"a degree is not a professional course", &chitieu.Training{Kind: chitieu.Education, Level: "dai_hoc", Status: chitieu.Completed, CompletedOn: day("2015-01-01"), Provider: central}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := chitieu.CoversTraining(&target, tc.r, d, tc.projected); got != tc.want {
				t.Errorf("CoversTraining = %v, want %v", got, tc.want)
			}
		})
	}
	anyProvider := target
	anyProvider.Provider = ""
	if !chitieu.CoversTraining(&anyProvider, course(chitieu.Completed, "2015-01-01", "Tỉnh Đoàn"), d, false) {
		t.Error("an empty provider should match any")
	}
}

func TestProfessionalTrainingValidate(t *testing.T) {
	base := chitieu.NewTarget()
	base.Code, base.Name, base.ScopeUnit, base.Threshold = "nghiep-vu", "Bồi dưỡng nghiệp vụ", "tinh", 0.9
	base.BaselineDate, base.Deadline = day("2013-01-01"), day("2015-12-31")
	ok := base
	ok.Kind = chitieu.TargetProfessionalTraining
	ok.Normalize()
	wantField(t, ok.Validate(), "")
	withLevel := ok
	withLevel.MinLevel = "dai_hoc"
	wantField(t, withLevel.Validate(), "min_level")
	negative := ok
	negative.WindowDays = -1
	wantField(t, negative.Validate(), "window_days")
	pt := base
	pt.Kind, pt.MinLevel, pt.WindowDays = chitieu.TargetPoliticalTheory, "trung_cap", 365
	wantField(t, pt.Validate(), "window_days")
	pt.WindowDays, pt.Provider = 0, "x"
	wantField(t, pt.Validate(), "provider")
}

// TestProfessionalTrainingProgress: three full-time cadres of the office and one part-time, on
// 2015-06-30 with a window of 365 days (from 2014-07-01 on).
func TestProfessionalTrainingProgress(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "ban", Name: "Ban", Parent: "tinh"})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "a", Unit: "tinh", FullTime: true, JoinedOn: day("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 2, FullName: "b", Unit: "ban", FullTime: true, JoinedOn: day("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 3, FullName: "c", Unit: "ban", FullTime: true, JoinedOn: day("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 4, FullName: "d", Unit: "ban", FullTime: false, JoinedOn: day("2013-01-01")})
	// 1: a central course on the window's first day; 2: one the day before it, and another
	// planned for 2015-09-01; 3: a provincial course in the window; 4: part-time, trained.
	ds.PutTraining(chitieu.Training{ID: 1, CadreID: 1, Kind: chitieu.Professional, Provider: "Trung ương Đoàn", Status: chitieu.Completed, CompletedOn: day("2014-07-01")})
	ds.PutTraining(chitieu.Training{ID: 2, CadreID: 2, Kind: chitieu.Professional, Provider: "Trung ương Đoàn", Status: chitieu.Completed, CompletedOn: day("2014-06-30")})
	ds.PutTraining(chitieu.Training{ID: 3, CadreID: 2, Kind: chitieu.Professional, Provider: "Trung ương Đoàn", Status: chitieu.Planned, ExpectedOn: day("2015-09-01")})
	ds.PutTraining(chitieu.Training{ID: 4, CadreID: 3, Kind: chitieu.Professional, Provider: "Tỉnh Đoàn", Status: chitieu.Completed, CompletedOn: day("2015-01-01")})
	ds.PutTraining(chitieu.Training{ID: 5, CadreID: 4, Kind: chitieu.Professional, Provider: "Trung ương Đoàn", Status: chitieu.Completed, CompletedOn: day("2015-01-01")})
	target := chitieu.NewTarget()
	target.Code, target.Name, target.Kind, target.ScopeUnit = "nghiep-vu", "Bồi dưỡng nghiệp vụ", chitieu.TargetProfessionalTraining, "tinh"
	target.Threshold, target.BaselineDate, target.Deadline = 0.9, day("2014-01-01"), day("2015-12-31")
	target.WindowDays, target.Provider = 365, "trung ương đoàn"
	ds.PutTarget(target)

	p := ds.Progress(&target, day("2015-06-30"))
	// Only cadre 1 counts: 1 of 3 full-time.
	if p.Numerator != 1 || p.Denominator != 3 {
		t.Fatalf("counts %d/%d, want 1/3", p.Numerator, p.Denominator)
	}
	if p.ByUnit["tinh"] != (chitieu.Counts{Numerator: 1, Denominator: 1}) || p.ByUnit["ban"] != (chitieu.Counts{Numerator: 0, Denominator: 2}) {
		t.Errorf("by unit %v", p.ByUnit)
	}
	// At the deadline (window from 2015-01-01): cadre 1's course is too old, cadre 2's planned
	// course of 2015-09-01 counts: 1 of 3.
	if p.ProjectedRatio == nil || !near(*p.ProjectedRatio, 1.0/3) {
		t.Errorf("projected %v, want 1/3", p.ProjectedRatio)
	}
	// No cadre had a course in the window before 2014-01-01: the baseline is 0.
	if p.BaselineRatio != 0 {
		t.Errorf("baseline %v, want 0", p.BaselineRatio)
	}
	// Deleting record 1 takes its provider key with it.
	ds.RemoveTraining(1)
	if p := ds.Progress(&target, day("2015-06-30")); p.Numerator != 0 {
		t.Errorf("after removing the course: numerator %d", p.Numerator)
	}
}

// TestLeadershipInTheYear works out, for positions of one unit reported in 2015, the runs of
// vacancy that have days in the year and what the annual review makes of them. Each holder is
// a cadre of the unit; an assignment ends on `ended` (the seat is vacant that day) and its
// holder leaves on `left`.
