package chitieu_test

import (
	"context"
	"testing"

	"chitieu/internal/chitieu"
)

// small builds the small province the organisation tests work on by hand, all cadres joined on
// 2020-01-01, trung_cap ("q") completed in 2019:
//
//	p ─┬─ a: 1 full-time q, 2 full-time
//	   └─ b: 3 full-time q, 4 part-time q
func small() *chitieu.Dataset {
	ds := chitieu.NewDataset()
	for _, u := range []chitieu.Unit{{Code: "p", Name: "P"}, {Code: "a", Name: "A", Parent: "p"}, {Code: "b", Name: "B", Parent: "p"}} {
		ds.PutUnit(u)
	}
	for _, c := range []chitieu.Cadre{
		{ID: 1, FullName: "Một", Unit: "a", FullTime: true, JoinedOn: day("2020-01-01")},
		{ID: 2, FullName: "Hai", Unit: "a", FullTime: true, JoinedOn: day("2020-01-01")},
		{ID: 3, FullName: "Ba", Unit: "b", FullTime: true, JoinedOn: day("2020-01-01")},
		{ID: 4, FullName: "Bốn", Unit: "b", FullTime: false, JoinedOn: day("2020-01-01")},
	} {
		ds.PutCadre(c)
	}
	for i, id := range []int64{1, 3, 4} {
		ds.PutTraining(chitieu.Training{ID: int64(i + 1), CadreID: id, Kind: chitieu.PoliticalTheory, Level: "trung_cap",
			Status: chitieu.Completed, CompletedOn: day("2019-06-01")})
	}
	return ds
}

func scoped(code, scope string) *chitieu.Target {
	t := chitieu.NewTarget()
	t.Code, t.Name, t.Kind, t.MinLevel, t.ScopeUnit = code, code, chitieu.TargetPoliticalTheory, "trung_cap", scope
	t.FullTimeOnly = true
	t.Threshold, t.BaselineDate, t.Deadline = 0.8, day("2020-01-01"), day("2022-12-31")
	return &t
}

// move gives a cadre a new posting from a day, as the store does.
func move(ds *chitieu.Dataset, id int64, p chitieu.Posting) {
	c := *ds.Cadre(id)
	p.CadreID = id
	c.SetPostings(append(c.PostingList(), p))
	ds.PutCadre(c)
}

func TestPostingsCountOnTheirDays(t *testing.T) {
	ds := small()
	move(ds, 1, chitieu.Posting{Unit: "b", FullTime: true, From: day("2021-01-01")})
	move(ds, 4, chitieu.Posting{Unit: "b", FullTime: true, From: day("2021-06-01")})
	for _, tc := range []struct {
		target   string
		on       string
		num, den int64
	}{
		{"a", "2020-12-31", 1, 2}, // 1 and 2 in a; 1 qualified
		{"a", "2021-01-01", 0, 1}, // 1 moved to b
		{"b", "2020-12-31", 1, 1}, // 3; 4 is part-time
		{"b", "2021-01-01", 2, 2}, // 1 and 3
		{"b", "2021-05-31", 2, 2},
		{"b", "2021-06-01", 3, 3}, // 4 full-time from this day
		{"p", "2020-12-31", 2, 3},
		{"p", "2021-01-01", 2, 3}, // a move inside p changes nothing of p
		{"p", "2021-06-01", 3, 4},
	} {
		p := ds.Progress(scoped(tc.target, tc.target), day(tc.on))
		if p.Numerator != tc.num || p.Denominator != tc.den {
			t.Errorf("%s on %s: %d/%d, want %d/%d", tc.target, tc.on, p.Numerator, p.Denominator, tc.num, tc.den)
		}
	}
	if c := ds.Cadre(4); c.Unit != "b" || !c.FullTime {
		t.Errorf("cadre 4's own fields %q %v, want the latest posting's", c.Unit, c.FullTime)
	}
	sameDaily(t, ds, "a", "b", "p")
}

// sameDaily checks DailyCounts against Progress on every day of the test's span.
func sameDaily(t *testing.T, ds *chitieu.Dataset, scopes ...string) {
	t.Helper()
	from, to := day("2019-12-01"), day("2023-02-01")
	for _, scope := range scopes {
		target := scoped(scope, scope)
		dl := ds.DailyCounts(target, from, to, true)
		for d := from; d <= to; d++ {
			p := ds.Progress(target, d)
			if got := dl.Counts[d-from]; got.Numerator != p.Numerator || got.Denominator != p.Denominator {
				t.Fatalf("%s on %s: daily %d/%d, progress %d/%d", scope, d, got.Numerator, got.Denominator, p.Numerator, p.Denominator)
			}
		}
	}
}

// merge applies the reorganisation to ds as the store does: the units it gives, then the
// cadres with their new postings.
func merge(t *testing.T, ds *chitieu.Dataset, r *chitieu.Reorganisation) *chitieu.ReorganisationResult {
	t.Helper()
	units := map[string]*chitieu.Unit{}
	for _, u := range ds.Units() {
		units[u.Code] = u
	}
	res, err := chitieu.PlanReorganisation(context.Background(), r, units, ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Units {
		ds.PutUnit(*u)
	}
	for _, p := range res.Postings {
		move(ds, p.CadreID, p)
	}
	return res
}

func mergeAB() *chitieu.Reorganisation {
	return &chitieu.Reorganisation{EffectiveOn: day("2021-07-01"), Changes: []chitieu.OrgChange{
		{Op: chitieu.OpCreate, Unit: unitRef("ab", "AB", "p")},
		{Op: chitieu.OpMerge, Units: []string{"a", "b"}, Into: chitieu.OrgInto{Code: "ab"}},
	}}
}

func unitRef(code, name, parent string) chitieu.OrgUnitRef {
	var r chitieu.OrgUnitRef
	if err := r.UnmarshalJSON([]byte(`{"code":"` + code + `","name":"` + name + `","parent":"` + parent + `"}`)); err != nil {
		panic(err)
	}
	return r
}

func TestMergeKeepsThePastAndSumsTheParts(t *testing.T) {
	ds := small()
	move(ds, 4, chitieu.Posting{Unit: "b", FullTime: true, From: day("2021-03-01")})
	from, to := day("2019-12-01"), day("2023-06-30")
	var days []chitieu.Date
	for d := from; d <= to; d++ {
		days = append(days, d)
	}
	before := map[string][]chitieu.Progress{}
	for _, scope := range []string{"a", "b", "p"} {
		before[scope] = ds.History(scoped(scope, scope), days)
	}
	res := merge(t, ds, mergeAB())
	if got := res.UnitsEnded; len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("units ended %v, want [a b]", got)
	}
	if len(res.PostingsMoved) != 4 {
		t.Errorf("postings moved %v, want the 4 cadres'", res.PostingsMoved)
	}
	merged := day("2021-07-01")
	for _, scope := range []string{"a", "b", "p"} {
		after := ds.History(scoped(scope, scope), days)
		for i, d := range days {
			b, a := before[scope][i], after[i]
			if (d < merged || scope == "p") && (a.Numerator != b.Numerator || a.Denominator != b.Denominator || a.Status != b.Status || a.ExpectedRatio != b.ExpectedRatio) {
				t.Fatalf("%s on %s: %d/%d %s after the merge, %d/%d %s before", scope, d, a.Numerator, a.Denominator, a.Status, b.Numerator, b.Denominator, b.Status)
			}
		}
	}
	// After it, ab's figures are a's and b's as they were before it.
	ab := ds.History(scoped("ab", "ab"), days)
	for i, d := range days {
		want := chitieu.Counts{}
		if d >= merged {
			want.Numerator = before["a"][i].Numerator + before["b"][i].Numerator
			want.Denominator = before["a"][i].Denominator + before["b"][i].Denominator
		}
		if ab[i].Numerator != want.Numerator || ab[i].Denominator != want.Denominator {
			t.Fatalf("ab on %s: %d/%d, want %d/%d", d, ab[i].Numerator, ab[i].Denominator, want.Numerator, want.Denominator)
		}
	}
	// Hand-worked: on 2021-07-01 ab holds 1, 2, 3 and 4 (full-time since March): 3 of 4.
	if p := ds.Progress(scoped("ab", "ab"), merged); p.Numerator != 3 || p.Denominator != 4 {
		t.Errorf("ab on the merger: %d/%d, want 3/4", p.Numerator, p.Denominator)
	}
	sameDaily(t, ds, "a", "b", "p", "ab")
}

func TestTargetOfADissolvedUnitEndsAtTheDissolution(t *testing.T) {
	ds := small()
	merge(t, ds, mergeAB())
	target := scoped("a", "a") // 1 of 2 on its last day: missed
	for _, tc := range []struct {
		on     string
		status chitieu.Status
		num    int64
	}{
		{"2021-06-30", chitieu.Behind, 1},
		{"2021-07-01", chitieu.Missed, 0},
		{"2023-01-01", chitieu.Missed, 0},
	} {
		p := ds.Progress(target, day(tc.on))
		if p.Status != tc.status || p.Numerator != tc.num || p.EndedBy != chitieu.EndedByDissolution || p.EndsOn != day("2021-06-30") {
			t.Errorf("on %s: %s %d, ended by %s on %s; want %s %d, dissolution on 2021-06-30", tc.on, p.Status, p.Numerator, p.EndedBy, p.EndsOn, tc.status, tc.num)
		}
		if p.Status == chitieu.Missed && (p.DeadlineRatio == nil || *p.DeadlineRatio != 0.5) {
			t.Errorf("on %s: verdict ratio %v, want 0.5", tc.on, p.DeadlineRatio)
		}
	}
	if p := ds.Progress(scoped("p", "p"), day("2023-01-01")); p.EndedBy != chitieu.EndedByDeadline || p.EndsOn != day("2022-12-31") {
		t.Errorf("p: ended by %s on %s, want its deadline", p.EndedBy, p.EndsOn)
	}
}

func TestYouthAcrossAMergeCountsNobodyTwice(t *testing.T) {
	// p ─┬─ a ─┬─ a1   a reports for itself and its communes, which report too.
	//    │     └─ a2
	//    └─ b
	ds := chitieu.NewDataset()
	for _, u := range []chitieu.Unit{{Code: "p", Name: "P"}, {Code: "a", Name: "A", Parent: "p"}, {Code: "b", Name: "B", Parent: "p"},
		{Code: "a1", Name: "A1", Parent: "a"}, {Code: "a2", Name: "A2", Parent: "a"}} {
		ds.PutUnit(u)
	}
	for i, r := range []chitieu.YouthReport{
		{Unit: "a1", ReportedOn: day("2020-03-01"), YouthPopulation: 100, Gathered: 60},
		{Unit: "a2", ReportedOn: day("2020-03-01"), YouthPopulation: 50, Gathered: 20},
		{Unit: "a", ReportedOn: day("2020-04-01"), YouthPopulation: 160, Gathered: 90},
		{Unit: "b", ReportedOn: day("2020-03-01"), YouthPopulation: 200, Gathered: 100},
	} {
		r.ID = int64(i + 1)
		ds.PutYouthReport(r)
	}
	youth := func(scope string) *chitieu.Target {
		t := chitieu.NewTarget()
		t.Code, t.Name, t.Kind, t.ScopeUnit, t.Comparator = scope, scope, chitieu.TargetYouthGathering, scope, chitieu.Over
		t.Threshold, t.BaselineDate, t.Deadline = 0.6, day("2020-01-01"), day("2022-12-31")
		return &t
	}
	merge(t, ds, &chitieu.Reorganisation{EffectiveOn: day("2021-07-01"), Changes: []chitieu.OrgChange{
		{Op: chitieu.OpMerge, Units: []string{"a"}, Into: chitieu.OrgInto{Code: "b"}},
	}})
	for _, tc := range []struct {
		scope, on string
		num, den  int64
	}{
		{"p", "2021-06-30", 190, 360}, // a's own report (its communes inside it) + b
		{"p", "2021-07-01", 100, 200}, // b's own report stands for its subtree, now with a1 and a2
		{"b", "2021-07-01", 100, 200},
		{"a", "2021-07-01", 0, 0}, // a no longer exists
	} {
		p := ds.Progress(youth(tc.scope), day(tc.on))
		if p.Numerator != tc.num || p.Denominator != tc.den {
			t.Errorf("%s on %s: %d/%d, want %d/%d", tc.scope, tc.on, p.Numerator, p.Denominator, tc.num, tc.den)
		}
	}
	// b reports again after the merge: its new report counts, alone.
	ds.PutYouthReport(chitieu.YouthReport{ID: 9, Unit: "b", ReportedOn: day("2021-09-01"), YouthPopulation: 350, Gathered: 200})
	if p := ds.Progress(youth("p"), day("2021-09-01")); p.Numerator != 200 || p.Denominator != 350 {
		t.Errorf("p after b's new report: %d/%d, want 200/350", p.Numerator, p.Denominator)
	}
	// And with b's reports gone, p sums b's children of the day: a1 and a2, each once.
	ds.RemoveYouthReport(4)
	ds.RemoveYouthReport(9)
	for _, tc := range []struct {
		on       string
		num, den int64
	}{{"2021-06-30", 90, 160}, {"2021-07-01", 80, 150}} {
		p := ds.Progress(youth("p"), day(tc.on))
		if p.Numerator != tc.num || p.Denominator != tc.den {
			t.Errorf("p on %s without b's reports: %d/%d, want %d/%d", tc.on, p.Numerator, p.Denominator, tc.num, tc.den)
		}
		dl := ds.DailyCounts(youth("p"), day(tc.on), day(tc.on), false)
		if dl.Counts[0].Numerator != tc.num || dl.Counts[0].Denominator != tc.den {
			t.Errorf("p's daily on %s: %v", tc.on, dl.Counts[0])
		}
	}
}

func TestPlanReorganisationRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes []chitieu.OrgChange
		rule    chitieu.Rule
	}{
		{"unknown op", []chitieu.OrgChange{{Op: "explode"}}, chitieu.RuleReorgOp},
		{"cycle", []chitieu.OrgChange{{Op: chitieu.OpMove, Unit: chitieu.OrgUnitRef{Code: "p"}, Parent: "a"}}, chitieu.RuleUnitCycle},
		{"merge twice", []chitieu.OrgChange{{Op: chitieu.OpMerge, Units: []string{"a", "a"}, Into: chitieu.OrgInto{Code: "b"}}}, chitieu.RuleReorgUnitTwice},
		{"into a dissolved unit", []chitieu.OrgChange{
			{Op: chitieu.OpDissolve, Unit: chitieu.OrgUnitRef{Code: "b"}, To: "p"},
			{Op: chitieu.OpMerge, Units: []string{"a"}, Into: chitieu.OrgInto{Code: "b"}}}, chitieu.RuleUnitNotAliveOn},
		{"dissolve without heir", []chitieu.OrgChange{{Op: chitieu.OpDissolve, Unit: chitieu.OrgUnitRef{Code: "a"}}}, chitieu.RuleReorgNoHeir},
		{"unknown unit", []chitieu.OrgChange{{Op: chitieu.OpRename, Unit: chitieu.OrgUnitRef{Code: "zz"}, Name: "Z"}}, chitieu.RuleUnitNotFound},
		{"create twice", []chitieu.OrgChange{{Op: chitieu.OpCreate, Unit: unitRef("a", "A", "p")}}, chitieu.RuleUnitExists},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := small()
			units := map[string]*chitieu.Unit{}
			for _, u := range ds.Units() {
				units[u.Code] = u
			}
			_, err := chitieu.PlanReorganisation(context.Background(), &chitieu.Reorganisation{EffectiveOn: day("2021-07-01"), Changes: tc.changes}, units, ds)
			if e, ok := err.(*chitieu.Error); !ok || e.Rule != tc.rule {
				t.Fatalf("err %v, want rule %s", err, tc.rule)
			}
		})
	}
}
