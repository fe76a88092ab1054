package chitieu_test

import (
	"math"
	"testing"

	"chitieu/internal/chitieu"
)

// province builds the dataset the progress tests work on by hand:
//
//	prov ─┬─ office ─┬─ dept-a
//	      │          └─ dept-b
//	      ├─ dist-1 ─┬─ commune-1a
//	      │          └─ commune-1b
//	      └─ dist-2
func province() *chitieu.Dataset {
	ds := chitieu.NewDataset()
	for _, u := range []chitieu.Unit{
		{Code: "prov", Name: "Tỉnh"}, {Code: "office", Name: "Cơ quan", Parent: "prov"},
		{Code: "dept-a", Name: "Ban A", Parent: "office"}, {Code: "dept-b", Name: "Ban B", Parent: "office"},
		{Code: "dist-1", Name: "Huyện 1", Parent: "prov"}, {Code: "commune-1a", Name: "Xã 1a", Parent: "dist-1"},
		{Code: "commune-1b", Name: "Xã 1b", Parent: "dist-1"}, {Code: "dist-2", Name: "Huyện 2", Parent: "prov"},
	} {
		ds.PutUnit(u)
	}
	cadres := []chitieu.Cadre{
		{ID: 1, FullName: "A", Unit: "dept-a", FullTime: true, JoinedOn: day("2012-01-01")},
		{ID: 2, FullName: "B", Unit: "dept-a", FullTime: true, JoinedOn: day("2013-01-01")},
		{ID: 3, FullName: "C", Unit: "dept-b", FullTime: true, JoinedOn: day("2013-01-01"), LeftOn: day("2014-01-01")},
		{ID: 4, FullName: "D", Unit: "dept-b", FullTime: false, JoinedOn: day("2012-01-01")},
		{ID: 5, FullName: "E", Unit: "office", FullTime: true, JoinedOn: day("2014-07-01")},
		{ID: 6, FullName: "F", Unit: "dist-1", FullTime: true, JoinedOn: day("2012-01-01")},
		{ID: 7, FullName: "G", Unit: "dept-a", FullTime: true, JoinedOn: day("2013-01-01")},
	}
	for _, c := range cadres {
		ds.PutCadre(c)
	}
	pt := chitieu.PoliticalTheory
	for _, t := range []chitieu.Training{
		{ID: 1, CadreID: 1, Kind: pt, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: day("2013-06-01")},
		{ID: 2, CadreID: 2, Kind: pt, Level: "so_cap", Status: chitieu.Completed, CompletedOn: day("2010-05-01")},
		{ID: 3, CadreID: 2, Kind: pt, Level: "trung_cap", Status: chitieu.InProgress, StartedOn: day("2014-09-01"), ExpectedOn: day("2015-06-01")},
		{ID: 4, CadreID: 3, Kind: pt, Level: "cao_cap", Status: chitieu.Completed, CompletedOn: day("2012-03-01")},
		{ID: 5, CadreID: 4, Kind: pt, Level: "cu_nhan", Status: chitieu.Completed, CompletedOn: day("2012-03-01")},
		{ID: 6, CadreID: 5, Kind: pt, Level: "trung_cap", Status: chitieu.Planned, ExpectedOn: day("2016-03-01")},
		{ID: 7, CadreID: 6, Kind: pt, Level: "cao_cap", Status: chitieu.Completed, CompletedOn: day("2012-03-01")},
		{ID: 8, CadreID: 7, Kind: pt, Level: "so_cap", Status: chitieu.Completed, CompletedOn: day("2013-02-01")},
		{ID: 9, CadreID: 7, Kind: pt, Level: "trung_cap", Status: chitieu.Dropped, ExpectedOn: day("2014-06-01")},
		// An education record must not count towards political theory.
		{ID: 10, CadreID: 7, Kind: chitieu.Education, Level: "dai_hoc", Status: chitieu.Completed, CompletedOn: day("2011-01-01")},
	} {
		ds.PutTraining(t)
	}
	for i, r := range []chitieu.YouthReport{
		{Unit: "commune-1a", ReportedOn: day("2015-01-10"), YouthPopulation: 1000, UnionMembers: 400, AssociationMembers: 300, Gathered: 600},
		{Unit: "commune-1b", ReportedOn: day("2015-01-20"), YouthPopulation: 500, UnionMembers: 150, AssociationMembers: 100, Gathered: 200},
		{Unit: "dist-2", ReportedOn: day("2015-03-01"), YouthPopulation: 2000, UnionMembers: 1000, AssociationMembers: 600, Gathered: 1400},
		{Unit: "dist-1", ReportedOn: day("2015-06-30"), YouthPopulation: 1600, UnionMembers: 700, AssociationMembers: 500, Gathered: 1000},
	} {
		r.ID = int64(i + 1)
		ds.PutYouthReport(r)
	}
	return ds
}

func politicalTheoryTarget() *chitieu.Target {
	t := chitieu.NewTarget()
	t.Code, t.Name, t.Kind, t.MinLevel, t.ScopeUnit = "llct", "LLCT", chitieu.TargetPoliticalTheory, "trung_cap", "office"
	t.Threshold, t.BaselineDate, t.Deadline = 0.8, day("2013-01-01"), day("2015-12-31")
	return &t
}

func youthTarget() *chitieu.Target {
	t := chitieu.NewTarget()
	t.Code, t.Name, t.Kind, t.ScopeUnit, t.Comparator = "thanh-nien", "Tập hợp", chitieu.TargetYouthGathering, "prov", chitieu.Over
	t.Threshold, t.BaselineDate, t.Deadline = 0.65, day("2013-01-01"), day("2015-12-31")
	return &t
}

func ratioOf(p chitieu.Progress) float64 {
	if p.Ratio == nil {
		return math.NaN()
	}
	return *p.Ratio
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCadreTargetProgress(t *testing.T) {
	ds := province()
	target := politicalTheoryTarget()
	for _, tc := range []struct {
		on       string
		num, den int64
		expected float64
		status   chitieu.Status
	}{
		// A, B, C (left later) and G are active full-time office cadres; D is part-time, F is
		// outside the office, E joins later. Only C (cao_cap) qualifies: A completes in June.
		{"2013-01-01", 1, 4, 0.25, chitieu.OnTrack},
		// A qualifies now; C left on this very day, so is no longer counted.
		{"2014-01-01", 1, 3, 0.25 + 0.55*365/1094, chitieu.Behind},
		// E has joined; B is still in training.
		{"2015-07-01", 1, 4, 0.25 + 0.55*(365+365+181)/1094, chitieu.Behind},
		// The deadline has passed and 1 in 4 is not 80 %.
		{"2016-01-01", 1, 4, 0.8, chitieu.Missed},
	} {
		p := ds.Progress(target, day(tc.on))
		if p.Numerator != tc.num || p.Denominator != tc.den || !near(ratioOf(p), float64(tc.num)/float64(tc.den)) {
			t.Errorf("%s: %d/%d (ratio %v), want %d/%d", tc.on, p.Numerator, p.Denominator, ratioOf(p), tc.num, tc.den)
		}
		if !near(p.BaselineRatio, 0.25) || !near(p.ExpectedRatio, tc.expected) {
			t.Errorf("%s: baseline %v expected %v, want 0.25 and %v", tc.on, p.BaselineRatio, p.ExpectedRatio, tc.expected)
		}
		if p.Status != tc.status {
			t.Errorf("%s: status %s, want %s", tc.on, p.Status, tc.status)
		}
		// If B's course completes on time (E's is due after the deadline, G's was dropped): A and B
		// of A, B, G, E.
		if p.ProjectedRatio == nil || !near(*p.ProjectedRatio, 0.5) {
			t.Errorf("%s: projected %v, want 0.5", tc.on, p.ProjectedRatio)
		}
	}

	p := ds.Progress(target, day("2015-07-01"))
	want := map[string]chitieu.Counts{"dept-a": {Numerator: 1, Denominator: 3}, "office": {Numerator: 0, Denominator: 1}}
	if len(p.ByUnit) != len(want) {
		t.Errorf("by unit %v, want %v", p.ByUnit, want)
	}
	for unit, c := range want {
		if p.ByUnit[unit] != c {
			t.Errorf("unit %s contributes %v, want %v", unit, p.ByUnit[unit], c)
		}
	}

	given := 0.5
	target.BaselineRatio = &given
	if p := ds.Progress(target, day("2013-01-01")); !near(p.BaselineRatio, 0.5) || !near(p.ExpectedRatio, 0.5) {
		t.Errorf("a given baseline ratio overrides the computed one: baseline %v expected %v", p.BaselineRatio, p.ExpectedRatio)
	}
}

func TestCadreTargetOptions(t *testing.T) {
	ds := province()
	target := politicalTheoryTarget()
	target.MinLevel, target.FullTimeOnly = "cao_cap", false
	// With part-time cadres: A, B, C, D, G active; C holds cao_cap and D cu_nhan, which counts as cao_cap.
	p := ds.Progress(target, day("2013-06-01"))
	if p.Numerator != 2 || p.Denominator != 5 {
		t.Errorf("cao_cap including part-time: %d/%d, want 2/5", p.Numerator, p.Denominator)
	}

	target.Kind, target.MinLevel, target.FullTimeOnly = chitieu.TargetEducation, "dai_hoc", true
	if p := ds.Progress(target, day("2013-06-01")); p.Numerator != 1 || p.Denominator != 4 {
		t.Errorf("education dai_hoc: %d/%d, want 1/4 (G's degree)", p.Numerator, p.Denominator)
	}

	target.ScopeUnit = "dist-2" // nobody there
	p = ds.Progress(target, day("2013-06-01"))
	if p.Ratio != nil || p.Status != chitieu.Behind || p.ProjectedRatio != nil {
		t.Errorf("an empty population has no ratio and is behind: %+v", p)
	}
}

func TestYouthTargetProgress(t *testing.T) {
	ds := province()
	target := youthTarget()
	for _, tc := range []struct {
		name     string
		on       string
		num, den int64
		byUnit   map[string]chitieu.Counts
	}{
		{"no report yet", "2015-01-01", 0, 0, map[string]chitieu.Counts{}},
		{"communes stand for their district", "2015-02-01", 800, 1500,
			map[string]chitieu.Counts{"commune-1a": {Numerator: 600, Denominator: 1000}, "commune-1b": {Numerator: 200, Denominator: 500}}},
		// dist-1's own report replaces its communes' (no one counted twice).
		{"a district's own report wins", "2015-07-01", 2400, 3600,
			map[string]chitieu.Counts{"dist-1": {Numerator: 1000, Denominator: 1600}, "dist-2": {Numerator: 1400, Denominator: 2000}}},
	} {
		p := ds.Progress(target, day(tc.on))
		if p.Numerator != tc.num || p.Denominator != tc.den {
			t.Errorf("%s: %d/%d, want %d/%d", tc.name, p.Numerator, p.Denominator, tc.num, tc.den)
		}
		if len(p.ByUnit) != len(tc.byUnit) {
			t.Errorf("%s: by unit %v, want %v", tc.name, p.ByUnit, tc.byUnit)
		}
		for unit, c := range tc.byUnit {
			if p.ByUnit[unit] != c {
				t.Errorf("%s: unit %s contributes %v, want %v", tc.name, unit, p.ByUnit[unit], c)
			}
		}
	}
	// 2400/3600 is over 65 %.
	if p := ds.Progress(target, day("2015-07-01")); p.Status != chitieu.Achieved {
		t.Errorf("2/3 > 0.65: status %s", p.Status)
	}
	// Trend over the four report days of the last 365 days, x in days from 2015-01-10:
	// (0, 0.6) (10, 0.5333) (50, 0.6286) (171, 0.6667); least squares gives 0.57433 + 0.00056819·x,
	// which at the deadline (x = 355) is 0.77604.
	p := ds.Progress(target, day("2015-07-01"))
	if p.ProjectedRatio == nil || math.Abs(*p.ProjectedRatio-0.7760367501) > 1e-9 {
		t.Errorf("projected %v, want 0.7760367501", p.ProjectedRatio)
	}
	// With one report day in the window the projection is the current ratio.
	if p := ds.Progress(target, day("2015-01-15")); p.ProjectedRatio == nil || !near(*p.ProjectedRatio, 0.6) {
		t.Errorf("one point: projected %v, want the current 0.6", p.ProjectedRatio)
	}
}

func TestYouthComparatorOverAtThreshold(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "prov", Name: "Tỉnh"})
	ds.PutYouthReport(chitieu.YouthReport{ID: 1, Unit: "prov", ReportedOn: day("2015-12-01"), YouthPopulation: 1000, UnionMembers: 650, Gathered: 650})
	target := youthTarget()
	if p := ds.Progress(target, day("2015-12-31")); p.Status == chitieu.Achieved {
		t.Errorf("exactly 65%% is not over 65%%: status %s", p.Status)
	}
	target.Comparator = chitieu.AtLeast
	if p := ds.Progress(target, day("2015-12-31")); p.Status != chitieu.Achieved {
		t.Errorf("exactly 65%% is at least 65%%: status %s", p.Status)
	}
}

func TestProjectionClamped(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "prov", Name: "Tỉnh"})
	// From 10 % to 90 % in a month: the line leaves [0,1] long before the deadline.
	ds.PutYouthReport(chitieu.YouthReport{ID: 1, Unit: "prov", ReportedOn: day("2015-01-01"), YouthPopulation: 100, UnionMembers: 10, Gathered: 10})
	ds.PutYouthReport(chitieu.YouthReport{ID: 2, Unit: "prov", ReportedOn: day("2015-02-01"), YouthPopulation: 100, UnionMembers: 90, Gathered: 90})
	if p := ds.Progress(youthTarget(), day("2015-02-01")); p.ProjectedRatio == nil || *p.ProjectedRatio != 1 {
		t.Errorf("projected %v, want 1 (clamped)", p.ProjectedRatio)
	}
}

func TestChangesAndSnapshot(t *testing.T) {
	ds := province()
	ds.PutTarget(*politicalTheoryTarget())
	ds.PutTarget(*youthTarget())
	on := day("2015-07-01")

	// B completes the course: 2 of 4.
	ds.Apply(chitieu.Change{Training: &chitieu.Training{ID: 3, CadreID: 2, Kind: chitieu.PoliticalTheory, Level: "trung_cap",
		Status: chitieu.Completed, CompletedOn: day("2015-05-20")}})
	// G is deleted: 2 of 3.
	ds.Apply(chitieu.Change{Cadre: &chitieu.Cadre{ID: 7, Unit: "dept-a"}, Deleted: true})
	s := ds.Snapshot(on)
	if len(s.Targets) != 2 || s.Targets[0].Target.Code != "llct" {
		t.Fatalf("snapshot targets %+v", s.Targets)
	}
	if p := s.Targets[0].Progress; p.Numerator != 2 || p.Denominator != 3 {
		t.Errorf("after the changes: %d/%d, want 2/3", p.Numerator, p.Denominator)
	}
	var total int
	for _, c := range s.Cadres {
		total += c.Count
		if c.Unit == "dept-b" && (c.PoliticalTheory != "cu_nhan" || c.FullTime) {
			t.Errorf("D is a part-time cu_nhan: %+v", c)
		}
	}
	// Active on 2015-07-01: A, B, D, E, F.
	if total != 5 {
		t.Errorf("snapshot counts %d active cadres, want 5", total)
	}
	if len(s.YouthReports) != 4 {
		t.Errorf("each reporting unit's latest report: %d, want 4", len(s.YouthReports))
	}
	var trainings int
	for _, c := range s.Trainings {
		trainings += c.Count
	}
	if trainings != 10 {
		t.Errorf("%d training records counted, want 10", trainings)
	}
}

func TestHistoryDays(t *testing.T) {
	days, err := chitieu.HistoryDays(day("2015-01-31"), day("2015-05-15"), chitieu.StepMonth)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		got = append(got, d.String())
	}
	want := []string{"2015-01-31", "2015-02-28", "2015-03-31", "2015-04-30", "2015-05-15"}
	if len(got) != len(want) {
		t.Fatalf("days %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("days %v, want %v", got, want)
		}
	}
	if _, err := chitieu.HistoryDays(day("2000-01-01"), day("2030-01-01"), chitieu.StepDay); chitieu.ErrorCode(err) != chitieu.EINVALID {
		t.Errorf("too many points: %v", err)
	}
	if _, err := chitieu.HistoryDays(day("2015-01-01"), day("2014-01-01"), chitieu.StepDay); chitieu.ErrorCode(err) != chitieu.EINVALID {
		t.Errorf("to before from: %v", err)
	}
}

func TestVerdictAtDeadline(t *testing.T) {
	ds := province()
	llct := politicalTheoryTarget() // 80 % of the office's full-time cadres by 2015-12-31
	low := politicalTheoryTarget()
	low.Threshold = 0.25
	empty := politicalTheoryTarget()
	empty.ScopeUnit = "dist-2" // nobody there: the ratio is never defined
	// After the deadline H joins dept-a (1 of 5 on 2016-02-01), then B, E, G and H complete
	// trung_cap (5 of 5 from 2016-03-01).
	pt := chitieu.PoliticalTheory
	for _, r := range []chitieu.Training{
		{ID: 21, CadreID: 2, Kind: pt, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: day("2016-02-15")},
		{ID: 22, CadreID: 5, Kind: pt, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: day("2016-03-01")},
		{ID: 23, CadreID: 7, Kind: pt, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: day("2016-03-01")},
		{ID: 24, CadreID: 8, Kind: pt, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: day("2016-03-01")},
	} {
		ds.PutTraining(r)
	}
	ds.PutCadre(chitieu.Cadre{ID: 8, FullName: "H", Unit: "dept-a", FullTime: true, JoinedOn: day("2016-01-15")})
	for _, tc := range []struct {
		name     string
		target   *chitieu.Target
		on       string
		ratio    float64 // NaN for undefined
		deadline float64 // NaN for none
		want     chitieu.Status
	}{
		{"the day before the deadline is judged on schedule", llct, "2015-12-30", 0.25, math.NaN(), chitieu.Behind},
		// 1 of A, B, E, G on the deadline day itself: missed, no longer behind.
		{"the deadline day itself", llct, "2015-12-31", 0.25, 0.25, chitieu.Missed},
		{"the day after", llct, "2016-01-01", 0.25, 0.25, chitieu.Missed},
		// 5 of 5 after the late courses is over 80 % today, but the verdict was given.
		{"improved after its deadline", llct, "2016-06-01", 1, 0.25, chitieu.Missed},
		{"achieved on the deadline day", low, "2015-12-31", 0.25, 0.25, chitieu.Achieved},
		// H has joined, nobody else has qualified yet: 1 of 5, below 25 % today.
		{"worse after an achieved deadline", low, "2016-02-01", 0.2, 0.25, chitieu.Achieved},
		{"undefined on the deadline", empty, "2015-12-31", math.NaN(), math.NaN(), chitieu.Missed},
		{"undefined on the deadline, later", empty, "2017-01-01", math.NaN(), math.NaN(), chitieu.Missed},
		{"before the baseline", llct, "2012-06-01", 0, math.NaN(), chitieu.NotStarted},
		{"before the baseline, undefined", empty, "2012-06-01", math.NaN(), math.NaN(), chitieu.NotStarted},
	} {
		p := ds.Progress(tc.target, day(tc.on))
		if r := ratioOf(p); !(near(r, tc.ratio) || math.IsNaN(r) && math.IsNaN(tc.ratio)) {
			t.Errorf("%s: ratio %v, want %v", tc.name, r, tc.ratio)
		}
		switch {
		case math.IsNaN(tc.deadline) && p.DeadlineRatio != nil:
			t.Errorf("%s: deadline ratio %v, want none", tc.name, *p.DeadlineRatio)
		case !math.IsNaN(tc.deadline) && (p.DeadlineRatio == nil || !near(*p.DeadlineRatio, tc.deadline)):
			t.Errorf("%s: deadline ratio %v, want %v", tc.name, p.DeadlineRatio, tc.deadline)
		}
		if p.Status != tc.want {
			t.Errorf("%s: status %s, want %s", tc.name, p.Status, tc.want)
		}
	}

	// A history across the deadline gives each day's own figures.
	days := []chitieu.Date{day("2012-06-01"), day("2015-12-30"), day("2015-12-31"), day("2016-01-01"), day("2016-06-01")}
	for i, p := range ds.History(llct, days) {
		want := ds.Progress(llct, days[i])
		if p.Status != want.Status || ratioOf(p) != ratioOf(want) || (p.DeadlineRatio == nil) != (want.DeadlineRatio == nil) {
			t.Errorf("history on %s: %+v, want %+v", days[i], p, want)
		}
	}
}
