package chitieu

import (
	"cmp"
	"slices"
	"time"
)

// AnnualReport is the annual review (sơ kết) on a day: every target on that day and on its
// baseline, with each unit's part, and the training carried out from the start of the year to
// that day.
type AnnualReport struct {
	Day      Date
	From     Date // 1 January of Day's year
	Targets  []TargetReport
	Training []TrainingSummary
}

// TargetReport is one target in the report.
type TargetReport struct {
	Target   Target
	Progress Progress // on the report's day
	Baseline Progress // on the target's baseline date
	Units    []UnitCounts
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
		for code, c := range tr.Progress.ByUnit {
			name := code
			if u := ds.units[code]; u != nil {
				name = u.Name
			}
			tr.Units = append(tr.Units, UnitCounts{Unit: code, Name: name, Counts: c})
		}
		slices.SortFunc(tr.Units, func(a, b UnitCounts) int { return cmp.Compare(a.Unit, b.Unit) })
		r.Targets = append(r.Targets, tr)
	}
	r.Training = ds.trainingIn(r.From, d)
	return r
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
	for _, t := range ds.trainings {
		if !in(t.StartedOn) && !in(t.CompletedOn) && !in(t.ExpectedOn) {
			continue
		}
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
