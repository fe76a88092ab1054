package chitieu

import (
	"cmp"
	"slices"
)

// Snapshot is every figure the metrics export, computed at once from the dataset for a day so
// that a scrape reads memory only.
type Snapshot struct {
	Day          Date
	Targets      []TargetFigures
	Units        []Unit
	Cadres       []CadreCount
	Trainings    []TrainingCount
	YouthReports []YouthReport // each unit's own latest report on Day
}

// TargetFigures is a target with its progress on the snapshot's day.
type TargetFigures struct {
	Target   Target
	Progress Progress
}

// CadreCount is how many active cadres of a unit hold a pair of current levels.
type CadreCount struct {
	Unit            string
	PoliticalTheory Level
	Education       Level
	FullTime        bool
	Count           int
}

// TrainingCount is how many training records have a kind and a status.
type TrainingCount struct {
	Kind   TrainingKind
	Status TrainingStatus
	Count  int
}

// Snapshot computes the figures for day d.
func (ds *Dataset) Snapshot(d Date) *Snapshot {
	s := &Snapshot{Day: d}
	for _, t := range ds.Targets() {
		s.Targets = append(s.Targets, TargetFigures{Target: *t, Progress: ds.Progress(t, d)})
	}
	for _, u := range ds.Units() {
		s.Units = append(s.Units, *u)
		if r := ds.latestReport(u.Code, d); r != nil {
			s.YouthReports = append(s.YouthReports, *r)
		}
	}
	s.Cadres = ds.cadresByLevel(d)
	s.Trainings = ds.trainingCounts()
	return s
}

// cadresByLevel groups the cadres active on d by unit, current levels and full-time.
func (ds *Dataset) cadresByLevel(d Date) []CadreCount {
	type key struct {
		unit     string
		pt, edu  Level
		fullTime bool
	}
	counts := map[key]int{}
	for _, c := range ds.cadres {
		if !c.ActiveOn(d) {
			continue
		}
		k := key{c.Unit, ds.levelOn(c.ID, PoliticalTheory, d), ds.levelOn(c.ID, Education, d), c.FullTime}
		counts[k]++
	}
	out := make([]CadreCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, CadreCount{Unit: k.unit, PoliticalTheory: k.pt, Education: k.edu, FullTime: k.fullTime, Count: n})
	}
	slices.SortFunc(out, func(a, b CadreCount) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.PoliticalTheory, b.PoliticalTheory),
			cmp.Compare(a.Education, b.Education), cmp.Compare(fmtBool(a.FullTime), fmtBool(b.FullTime)))
	})
	return out
}

// levelOn is the cadre's level of a kind on day d: that of its highest-ranked completed record
// completed by d (the earliest of equal rank, so that cu_nhan and cao_cap stay apart).
func (ds *Dataset) levelOn(cadreID int64, kind TrainingKind, d Date) Level {
	var best *Training
	for _, t := range ds.trainingsByCadre[cadreID] {
		if t.Kind != kind || t.Status != Completed || t.CompletedOn > d {
			continue
		}
		if best == nil || t.Rank() > best.Rank() || (t.Rank() == best.Rank() && t.CompletedOn < best.CompletedOn) {
			best = t
		}
	}
	if best == nil {
		return LevelNone
	}
	return best.Level
}

func (ds *Dataset) trainingCounts() []TrainingCount {
	type key struct {
		kind   TrainingKind
		status TrainingStatus
	}
	counts := map[key]int{}
	for _, t := range ds.trainings {
		counts[key{t.Kind, t.Status}]++
	}
	out := make([]TrainingCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, TrainingCount{Kind: k.kind, Status: k.status, Count: n})
	}
	slices.SortFunc(out, func(a, b TrainingCount) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Status, b.Status))
	})
	return out
}

func fmtBool(b bool) int {
	if b {
		return 1
	}
	return 0
}
