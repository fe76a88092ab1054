package demo_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/demo"
	"chitieu/internal/i18n"
	"chitieu/internal/sqlite"
)

// today is the day the demo was made for: the example target is in progress then.
var today = chitieu.NewDate(2026, time.November, 27)

// open opens a database in a temporary directory with the clock on today, and its services.
func open(t *testing.T) (*sqlite.DB, demo.Services) {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "demo.db"))
	db.Now = func() time.Time { return today.Start(db.Location).Add(10 * time.Hour) }
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db, demo.Services{
		Units: sqlite.NewUnitService(db), Cadres: sqlite.NewCadreService(db), Trainings: sqlite.NewTrainingService(db),
		YouthReports: sqlite.NewYouthReportService(db), Targets: sqlite.NewTargetService(db), Plans: sqlite.NewPlanService(db),
		RecruitmentRule: sqlite.NewRecruitmentRuleService(db), Positions: sqlite.NewPositionService(db),
		Postings: sqlite.NewPostingService(db), Reorganisations: sqlite.NewReorganisationService(db),
	}
}

// seed seeds a new database and returns it with its records loaded.
func seed(t *testing.T) (*sqlite.DB, demo.Services, *chitieu.Dataset) {
	t.Helper()
	db, s := open(t)
	start := time.Now()
	if err := demo.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	t.Logf("Seed took %s", time.Since(start).Round(time.Millisecond))
	ds, err := db.LoadDataset(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return db, s, ds
}

func ratio(p chitieu.Progress) string {
	if p.Ratio == nil {
		return "undefined"
	}
	return fmt.Sprintf("%d/%d = %.1f %%", p.Numerator, p.Denominator, 100**p.Ratio)
}

func projected(p chitieu.Progress) string {
	if p.ProjectedRatio == nil {
		return "none"
	}
	return fmt.Sprintf("%.1f %%", 100**p.ProjectedRatio)
}

func TestSeed(t *testing.T) {
	ctx := context.Background()
	_, s, ds := seed(t)

	progress := func(code string, d chitieu.Date) chitieu.Progress {
		t.Helper()
		target := ds.Target(code)
		if target == nil {
			t.Fatalf("no target %s", code)
		}
		return ds.Progress(target, d)
	}

	// The figures, for the log and the report.
	end2015, after := chitieu.NewDate(2015, 12, 31), chitieu.NewDate(2016, 1, 1)
	for _, target := range ds.Targets() {
		t.Logf("%s: %s", target.Code, target.Name)
		days := []chitieu.Date{target.BaselineDate, target.BaselineDate.AddMonths(12), target.BaselineDate.AddMonths(18),
			target.BaselineDate.AddMonths(24), target.BaselineDate.AddMonths(30), target.Deadline, target.Deadline + 1, today}
		if target.Deadline > today {
			days = []chitieu.Date{target.BaselineDate, target.BaselineDate.AddMonths(12), today, today.AddMonths(6), today.AddMonths(12)}
		}
		for _, d := range days {
			p := progress(target.Code, d)
			t.Logf("  %s  ratio %-18s expected %5.1f %%  projected %-7s %s", d, ratio(p), 100*p.ExpectedRatio, projected(p), p.Status)
		}
	}

	t.Run("PlanTargets", func(t *testing.T) {
		for _, tc := range []struct {
			code       string
			atDeadline chitieu.Status // on the deadline
			after      chitieu.Status // the day after
			today      chitieu.Status
		}{
			{demo.PoliticalTheoryTarget, chitieu.Achieved, chitieu.Achieved, chitieu.Achieved},
			{demo.UniversityTarget, chitieu.Missed, chitieu.Missed, chitieu.Missed}, // 90.5 % on the deadline: the verdict from that day
			{demo.YouthTarget, chitieu.Achieved, chitieu.Achieved, chitieu.Achieved},
		} {
			base, end := progress(tc.code, chitieu.NewDate(2013, 1, 1)), progress(tc.code, end2015)
			if got := end.Status; got != tc.atDeadline {
				t.Errorf("%s on %s: status %s, want %s (ratio %s)", tc.code, end2015, got, tc.atDeadline, ratio(end))
			}
			if got := progress(tc.code, after).Status; got != tc.after {
				t.Errorf("%s on %s: status %s, want %s", tc.code, after, got, tc.after)
			}
			if got := progress(tc.code, today).Status; got != tc.today {
				t.Errorf("%s on %s: status %s, want %s", tc.code, today, got, tc.today)
			}
			if base.Ratio == nil || end.Ratio == nil || !(*base.Ratio+0.05 < *end.Ratio) {
				t.Errorf("%s: ratio %s on the baseline, %s at the end of 2015: want a clear climb", tc.code, ratio(base), ratio(end))
			}
			// The history climbs: each half-year is at least as high as the one before, give or
			// take a cadre leaving.
			prev := *base.Ratio
			for d := chitieu.NewDate(2013, 7, 1); d <= end2015; d = d.AddMonths(6) {
				if r := progress(tc.code, d).Ratio; r == nil || *r < prev-0.03 {
					t.Errorf("%s on %s: ratio %v after %.3f", tc.code, d, r, prev)
				} else {
					prev = *r
				}
			}
		}
		// The figures the story tells (PLAN.md: >= 80 %, >= 95 %, > 65 %).
		wantRatio(t, progress(demo.PoliticalTheoryTarget, end2015), 0.82, 0.86)
		wantRatio(t, progress(demo.UniversityTarget, end2015), 0.88, 0.93)
		wantRatio(t, progress(demo.YouthTarget, end2015), 0.66, 0.69)
		wantRatio(t, progress(demo.PoliticalTheoryTarget, chitieu.NewDate(2013, 1, 1)), 0.45, 0.60)
		wantRatio(t, progress(demo.UniversityTarget, chitieu.NewDate(2013, 1, 1)), 0.70, 0.80)
		wantRatio(t, progress(demo.YouthTarget, chitieu.NewDate(2013, 1, 1)), 0.53, 0.58)
	})

	t.Run("CurrentPlanInProgress", func(t *testing.T) {
		target := ds.Target(demo.AdvancedTarget)
		if target == nil || target.Deadline <= today || target.BaselineDate >= today {
			t.Fatalf("current plan's target %+v: want a span around %s", target, today)
		}
		// In progress today and for months either side of it.
		for _, d := range []chitieu.Date{today.AddMonths(-6), today, today.AddMonths(6)} {
			p := progress(demo.AdvancedTarget, d)
			if p.Status != chitieu.OnTrack && p.Status != chitieu.AtRisk {
				t.Errorf("%s on %s: status %s, want on_track or at_risk (ratio %s, expected %.3f)", demo.AdvancedTarget, d, p.Status, ratio(p), p.ExpectedRatio)
			}
			if p.ProjectedRatio == nil || p.Ratio == nil || *p.ProjectedRatio <= *p.Ratio {
				t.Errorf("%s on %s: projected %s, ratio %s: want a projection above the ratio", demo.AdvancedTarget, d, projected(p), ratio(p))
			}
		}
		if p := progress(demo.AdvancedTarget, today); p.Status != chitieu.OnTrack {
			t.Errorf("%s on %s: status %s, want on_track", demo.AdvancedTarget, today, p.Status)
		}
		if p := progress(demo.AdvancedTarget, chitieu.DateOf(time.Now())); p.Status != chitieu.OnTrack && p.Status != chitieu.AtRisk {
			t.Logf("note: %s is %s on the real today %s", demo.AdvancedTarget, p.Status, chitieu.DateOf(time.Now()))
		}
	})

	t.Run("Plans", func(t *testing.T) {
		// Every target in a plan, none an example: the 2013 plan's three, the term's two.
		want := map[string]string{demo.PoliticalTheoryTarget: demo.Plan2013, demo.UniversityTarget: demo.Plan2013,
			demo.YouthTarget: demo.Plan2013, demo.AdvancedTarget: demo.CurrentPlan, demo.ProfessionalTarget: demo.CurrentPlan}
		targets := ds.Targets()
		if len(targets) != len(want) {
			t.Errorf("%d targets, want %d", len(targets), len(want))
		}
		for _, tg := range targets {
			if tg.Plan != want[tg.Code] || strings.HasPrefix(tg.Name, "Ví dụ") {
				t.Errorf("target %s %q in plan %q, want %q and no example", tg.Code, tg.Name, tg.Plan, want[tg.Code])
			}
		}
		// The stored plan: the 2025 merger handed it on to the new province.
		if p, err := s.Plans.FindPlan(ctx, demo.CurrentPlan); err != nil || !p.InForce(today) || p.ScopeUnit != demo.CurrentScope() {
			t.Errorf("the current plan %+v (%v): want it in force on %s over %s", p, err, today, demo.CurrentScope())
		}
	})

	t.Run("Units", func(t *testing.T) {
		units := ds.Units()
		if len(units) != 30 {
			t.Errorf("%d units, want 30 (province, office, 7 departments, 15 districts; the new province and 5 communes)", len(units))
		}
		ascii := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
		for _, u := range units {
			if err := u.Validate(); err != nil || !ascii.MatchString(u.Code) {
				t.Errorf("unit %q: %v", u.Code, err)
			}
		}
		merger := demo.Merger().EffectiveOn
		if got := len(ds.SubtreeOn(demo.Province, merger-1)); got != 24 {
			t.Errorf("subtree of %s before the merger: %d units, want 24", demo.Province, got)
		}
		if got := len(ds.SubtreeOn(demo.Province, merger)); got != 0 {
			t.Errorf("subtree of %s from the merger: %d units, want none", demo.Province, got)
		}
		// The new province, its office with 7 departments, and 5 communes.
		if got := len(ds.SubtreeOn(demo.NewProvince, merger)); got != 14 {
			t.Errorf("subtree of %s from the merger: %d units, want 14", demo.NewProvince, got)
		}
		if got := len(ds.Subtree(demo.Office)); got != 8 {
			t.Errorf("subtree of %s: %d units, want 8", demo.Office, got)
		}
	})

	t.Run("Records", func(t *testing.T) {
		_, cadres, err := s.Cadres.FindCadres(ctx, chitieu.CadreFilter{})
		if err != nil {
			t.Fatal(err)
		}
		_, trainings, err := s.Trainings.FindTrainings(ctx, chitieu.TrainingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		_, reports, err := s.YouthReports.FindYouthReports(ctx, chitieu.YouthReportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		calls := len(ds.Units()) + len(ds.Targets()) + cadres + trainings + reports
		t.Logf("%d units, %d targets, %d cadres, %d training records, %d youth reports: %d writes",
			len(ds.Units()), len(ds.Targets()), cadres, trainings, reports, calls)
		if cadres < 150 || cadres > 250 || trainings < 450 || trainings > 750 || calls > 1200 {
			t.Errorf("want 150–250 cadres, about 600 training records and at most 1,200 writes")
		}
		for _, status := range chitieu.TrainingStatuses {
			for _, kind := range []chitieu.TrainingKind{chitieu.PoliticalTheory, chitieu.Education} {
				if _, n, err := s.Trainings.FindTrainings(ctx, chitieu.TrainingFilter{Kind: kind, Status: status}); err != nil {
					t.Fatal(err)
				} else if n == 0 {
					t.Errorf("no %s record is %s", kind, status)
				}
			}
		}
		if _, n, err := s.Trainings.FindTrainings(ctx, chitieu.TrainingFilter{Kind: chitieu.Professional}); err != nil || n == 0 {
			t.Errorf("%d professional courses (%v), want some", n, err)
		}
		active := true
		if _, n, err := s.Cadres.FindCadres(ctx, chitieu.CadreFilter{Unit: demo.Office, Active: &active}); err != nil || n < 25 {
			t.Errorf("%d cadres active in the office today (%v), want a full office", n, err)
		}
	})

	// After the 2025 merger the commune-level unions report their youth: Rạch Giá's two wards
	// hold its whole youth between them, a little more of it gathered than in its last report.
	t.Run("YouthAfterTheMerger", func(t *testing.T) {
		reports := func(unit string) []*chitieu.YouthReport {
			t.Helper()
			list, _, err := s.YouthReports.FindYouthReports(ctx, chitieu.YouthReportFilter{Unit: unit})
			if err != nil {
				t.Fatal(err)
			}
			return list
		}
		merger := chitieu.NewDate(2025, 7, 1)
		for _, unit := range []string{"phuong-rach-gia", "phuong-vinh-thong", "xa-an-bien", "xa-u-minh-thuong", "dac-khu-phu-quoc"} {
			list := reports(unit)
			if len(list) != 2 || list[0].ReportedOn < merger || list[1].ReportedOn < merger {
				t.Errorf("%s: %d reports, want 2 after the merger", unit, len(list))
			}
		}
		var last *chitieu.YouthReport
		for _, r := range reports("rach-gia") {
			if last == nil || r.ReportedOn > last.ReportedOn {
				last = r
			}
		}
		var pop, gathered int64
		for _, unit := range []string{"phuong-rach-gia", "phuong-vinh-thong"} {
			for _, r := range reports(unit) {
				if r.ReportedOn == chitieu.NewDate(2025, 12, 31) {
					pop += r.YouthPopulation
					gathered += r.Gathered
				}
			}
		}
		if pop < last.YouthPopulation-1 || pop > last.YouthPopulation+1 {
			t.Errorf("the wards hold %d youth, Rạch Giá last had %d", pop, last.YouthPopulation)
		}
		if float64(gathered)/float64(pop) <= float64(last.Gathered)/float64(last.YouthPopulation) {
			t.Errorf("the wards gathered %d of %d, no more than Rạch Giá's last %d of %d", gathered, pop, last.Gathered, last.YouthPopulation)
		}
	})

	t.Run("RefusesNonEmpty", func(t *testing.T) {
		err := demo.Seed(ctx, s)
		if chitieu.ErrorCode(err) != chitieu.ECONFLICT {
			t.Fatalf("Seed on a seeded database: %v, want a conflict", err)
		}
		t.Logf("second Seed: %s", i18n.Message(i18n.EN, err))
	})
}

func wantRatio(t *testing.T, p chitieu.Progress, lo, hi float64) {
	t.Helper()
	if p.Ratio == nil || *p.Ratio < lo || *p.Ratio > hi {
		t.Errorf("%s on %s: ratio %s, want %.0f–%.0f %%", p.Target, p.AsOf, ratio(p), 100*lo, 100*hi)
	}
}

// Seed gives the same records on every run.
func TestSeedDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds twice")
	}
	var runs [2][]string
	for i := range runs {
		_, s := open(t)
		if err := demo.Seed(context.Background(), s); err != nil {
			t.Fatal(err)
		}
		cadres, _, err := s.Cadres.FindCadres(context.Background(), chitieu.CadreFilter{Page: chitieu.Page{Limit: chitieu.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cadres {
			runs[i] = append(runs[i], fmt.Sprintf("%d %s %s %s %s %s", c.ID, c.FullName, c.Unit, c.JoinedOn, c.LeftOn, c.BirthDate))
		}
		trainings, _, err := s.Trainings.FindTrainings(context.Background(), chitieu.TrainingFilter{Page: chitieu.Page{Limit: chitieu.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range trainings {
			runs[i] = append(runs[i], fmt.Sprintf("%+v", *x))
		}
	}
	if !slices.Equal(runs[0], runs[1]) {
		t.Error("two runs of Seed gave different records")
	}
}
