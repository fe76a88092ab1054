package chitieu

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// AnnualReport is the annual review (sơ kết) on a day: every target on that day and on its
// baseline, with each unit's part, the training carried out from the start of the year to that
// day, the cadres who break the recruitment rule on that day, and the leadership positions with
// their vacancies in the year.
type AnnualReport struct {
	Day         Date
	From        Date // 1 January of Day's year
	Targets     []TargetReport
	Training    []TrainingSummary
	Recruitment RecruitmentReport
	Leadership  []PositionReport // the positions that exist on Day, by unit and title
	// Plans groups Targets by plan once WithPlans has been given the plans; nil before.
	Plans []PlanReport
}

// PlanReport is a plan in the review with its targets; Plan is nil for the targets outside
// every plan given. A plan not in force on the review's day shows its targets' verdicts.
type PlanReport struct {
	Plan    *Plan
	InForce bool
	Targets []TargetReport
}

// TargetReport is one target in the report.
type TargetReport struct {
	Target    Target
	ScopeName string   // the name of the target's scope unit, "" for the province
	Progress  Progress // on the report's day
	Baseline  Progress // on the target's baseline date
	// Verdict is the target's figures on the day its verdict is taken (Progress.EndsOn), when the
	// report's day is after it: what a finished plan is archived with. Nil before.
	Verdict *Progress
	Units   []UnitCounts
}

// UnitCounts is a unit's part of a target's counts.
type UnitCounts struct {
	Unit string
	Name string
	Counts
}

// TrainingSummary is the records of one course in the report's span: how many cadres it had
// and how many of them completed it in the span.
type TrainingSummary struct {
	Kind      TrainingKind
	Level     Level
	Course    string
	Provider  string
	Cadres    int
	Completed int
}

// AnnualReport computes the annual review on day d.
func (ds *Dataset) AnnualReport(d Date) *AnnualReport {
	r := &AnnualReport{Day: d, From: NewDate(d.Year(), time.January, 1)}
	for _, t := range ds.Targets() {
		tr := TargetReport{Target: *t, Progress: ds.Progress(t, d), Baseline: ds.Progress(t, t.BaselineDate)}
		if t.ScopeUnit != "" {
			tr.ScopeName = ds.unitName(t.ScopeUnit, d)
		}
		if e := tr.Progress.EndsOn; !e.IsZero() && e < d {
			v := ds.Progress(t, e)
			tr.Verdict = &v
		}
		// ByUnit holds the units of d's tree, named as they were on d.
		for code, c := range tr.Progress.ByUnit {
			tr.Units = append(tr.Units, UnitCounts{Unit: code, Name: ds.unitName(code, d), Counts: c})
		}
		slices.SortFunc(tr.Units, func(a, b UnitCounts) int { return cmp.Compare(a.Unit, b.Unit) })
		r.Targets = append(r.Targets, tr)
	}
	r.Training = ds.trainingIn(r.From, d)
	r.Recruitment = ds.recruitmentReport(d)
	r.Leadership = ds.leadershipReport(r.From, d)
	return r
}

// Within returns the review as a reader limited to some units sees it: the same figures, but by
// name only the cadres breaking the recruitment rule whose unit readable admits. r may be shared
// (the keeper's), so it is copied, not changed.
func (r *AnnualReport) Within(readable func(unit string) (bool, error)) (*AnnualReport, error) {
	out := *r
	out.Recruitment.Failing = nil
	for _, f := range r.Recruitment.Failing {
		in, err := readable(f.Cadre.Unit)
		if err != nil {
			return nil, err
		} else if in {
			out.Recruitment.Failing = append(out.Recruitment.Failing, f)
		}
	}
	return &out, nil
}

// WithPlans returns the review with its targets grouped by plan: the plans in force on the
// review's day first, then the others, each in the order given (FindPlans: the latest start
// first), then the targets outside them. r may be shared (the keeper's), so it is copied.
func (r *AnnualReport) WithPlans(plans []*Plan) *AnnualReport {
	out := *r
	out.Plans = nil
	group := map[string]int{}
	for _, inForce := range []bool{true, false} {
		for _, p := range plans {
			if p.InForce(r.Day) == inForce {
				group[p.Code] = len(out.Plans)
				out.Plans = append(out.Plans, PlanReport{Plan: p, InForce: inForce})
			}
		}
	}
	var outside []TargetReport
	for _, t := range r.Targets {
		if i, ok := group[t.Target.Plan]; ok {
			out.Plans[i].Targets = append(out.Plans[i].Targets, t)
		} else {
			outside = append(outside, t)
		}
	}
	if len(outside) > 0 {
		out.Plans = append(out.Plans, PlanReport{Targets: outside})
	}
	return &out
}

// PlansOf lists every plan ps keeps, none when no plans are kept (ps nil): what WithPlans takes.
func PlansOf(ctx context.Context, ps PlanService) ([]*Plan, error) {
	if ps == nil {
		return nil, nil
	}
	return ps.FindPlans(ctx)
}

// unitName is the unit's name on day d, or its code when the unit is not known.
func (ds *Dataset) unitName(code string, d Date) string {
	if u := ds.units[code]; u != nil {
		return u.VersionOn(d).Name
	}
	return code
}

// trainingIn sums up the records started, completed or due between from and to, by course.
func (ds *Dataset) trainingIn(from, to Date) []TrainingSummary {
	in := func(d Date) bool { return !d.IsZero() && d >= from && d <= to }
	type key struct {
		kind             TrainingKind
		level            Level
		course, provider string
	}
	cadres := map[key]map[int64]bool{}
	completed := map[key]int{}
	for i := range ds.trainings.recs {
		rec := &ds.trainings.recs[i]
		if rec.kind == wordFree || !in(rec.startedOn) && !in(rec.completedOn) && !in(rec.expectedOn) {
			continue
		}
		t := ds.trainings.training(rec)
		k := key{t.Kind, t.Level, t.Course, t.Provider}
		if cadres[k] == nil {
			cadres[k] = map[int64]bool{}
		}
		cadres[k][t.CadreID] = true
		if t.Status == Completed && in(t.CompletedOn) {
			completed[k]++
		}
	}
	out := make([]TrainingSummary, 0, len(cadres))
	for k, set := range cadres {
		out = append(out, TrainingSummary{Kind: k.kind, Level: k.level, Course: k.course, Provider: k.provider,
			Cadres: len(set), Completed: completed[k]})
	}
	slices.SortFunc(out, func(a, b TrainingSummary) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Level, b.Level), cmp.Compare(a.Course, b.Course), cmp.Compare(a.Provider, b.Provider))
	})
	return out
}

// RecruitmentReport is the recruitment rule and the cadres who break it on the report's day.
type RecruitmentReport struct {
	Rule      RecruitmentRule
	ScopeName string         // the name of the rule's scope unit; empty when it is every unit
	Failing   []FailingCadre // by unit, then name
	ByUnit    []UnitTally    // the units with at least one of them, by code
}

// FailingCadre is a cadre who breaks the recruitment rule, with the name of their unit.
type FailingCadre struct {
	Cadre    Cadre
	UnitName string
}

// UnitTally is a count of a unit, with the unit's name.
type UnitTally struct {
	Unit  string
	Name  string
	Count int
}

func (ds *Dataset) recruitmentReport(d Date) RecruitmentReport {
	r := RecruitmentReport{Rule: ds.recruitmentRule}
	r.Rule.Exempt = slices.Clone(r.Rule.Exempt)
	if r.Rule.ScopeUnit != "" {
		r.ScopeName = ds.unitName(r.Rule.ScopeUnit, d)
	}
	for _, id := range ds.FailingRecruitment(d) {
		c := ds.cadres[id]
		r.Failing = append(r.Failing, FailingCadre{Cadre: *c, UnitName: ds.unitName(c.Unit, d)})
	}
	// Names in the order of their letters without diacritics, so that Đặng comes among the Ds.
	slices.SortFunc(r.Failing, func(a, b FailingCadre) int {
		return cmp.Or(cmp.Compare(a.Cadre.Unit, b.Cadre.Unit), cmp.Compare(SearchKey(a.Cadre.FullName), SearchKey(b.Cadre.FullName)), cmp.Compare(a.Cadre.ID, b.Cadre.ID))
	})
	for _, f := range r.Failing {
		if n := len(r.ByUnit); n > 0 && r.ByUnit[n-1].Unit == f.Cadre.Unit {
			r.ByUnit[n-1].Count++
		} else {
			r.ByUnit = append(r.ByUnit, UnitTally{Unit: f.Cadre.Unit, Name: f.UnitName, Count: 1})
		}
	}
	return r
}

// PositionReport is a leadership position in the report: its seats and vacancy on the report's
// day, and how long it stood vacant in the year up to that day.
type PositionReport struct {
	Unit        string
	UnitName    string
	Title       string
	CreatedOn   Date
	Seats       int
	Vacant      int
	VacantSince Date // when the vacancy open on the report's day began; zero when none is
	// DaysVacant counts the days from 1 January (or the position's creation) to the report's day
	// on which at least one seat was vacant.
	DaysVacant int
	// The longest run of vacancy with days in the year, counted whole from its first day (which
	// may be in an earlier year) to its last; LongestTo is zero while it goes on on the report's
	// day, and all three are zero when the position had no vacancy in the year.
	LongestFrom, LongestTo Date
	LongestDays            int
}

// leadershipReport reports the positions that exist on day to, with their vacancies from `from`.
func (ds *Dataset) leadershipReport(from, to Date) []PositionReport {
	var out []PositionReport
	for _, p := range ds.positions {
		if p.CreatedOn > to {
			continue
		}
		hs := ds.holdings(p.ID)
		pr := PositionReport{Unit: p.Unit, UnitName: ds.unitName(p.Unit, to), Title: p.Title, CreatedOn: p.CreatedOn,
			Seats: p.SeatsOn(to), Vacant: VacantSeats(p, hs, to)}
		pr.VacantSince, _ = VacantSince(p, hs, to)
		for _, v := range Vacancies(p, hs, from, to) {
			pr.DaysVacant += Vacancy{From: max(v.From, from), Until: v.Until}.DaysThrough(to)
			if days := v.DaysThrough(to); days > pr.LongestDays {
				pr.LongestFrom, pr.LongestDays = v.From, days
				pr.LongestTo = 0
				if !v.Until.IsZero() {
					pr.LongestTo = v.Until - 1
				}
			}
		}
		out = append(out, pr)
	}
	slices.SortFunc(out, func(a, b PositionReport) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Title, b.Title))
	})
	return out
}
