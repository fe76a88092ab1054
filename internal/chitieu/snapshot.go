package chitieu

import (
	"cmp"
	"slices"
)

// Snapshot is every figure the metrics export, computed at once from the dataset for a day so
// that a scrape reads memory only.
type Snapshot struct {
	Day     Date
	Targets []TargetFigures
	Units   []Unit
	// CadresByUnit are the counts of active cadres by unit, current levels and full-time: each
	// unit's counts in one slice (ordered by levels and full-time), the units in order. A write
	// copies the slices of its units only and shares the others with the snapshot before.
	CadresByUnit [][]CadreCount
	Trainings    []TrainingCount
	YouthReports []YouthReport // each unit's own latest report on Day
	Commitments
	Unreadable []UnreadableRow // stored rows left out of the figures
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
func (ds *Dataset) Snapshot(d Date) *Snapshot { return ds.Figures(d).snap }

// Cadres yields every count of CadresByUnit, in their order.
func (s *Snapshot) Cadres(yield func(int, CadreCount) bool) {
	i := 0
	for _, counts := range s.CadresByUnit {
		for _, c := range counts {
			if !yield(i, c) {
				return
			}
			i++
		}
	}
}

// cadresByLevel groups the cadres active on d by unit, current levels and full-time, each unit's
// counts in a slice of their own.
func (ds *Dataset) cadresByLevel(d Date) [][]CadreCount {
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
		q := ds.qualificationsOf(c.ID)
		p := c.PostingOn(d)
		k := key{p.Unit, q.levelOn(PoliticalTheory, d), q.levelOn(Education, d), p.FullTime}
		counts[k]++
	}
	out := make([]CadreCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, CadreCount{Unit: k.unit, PoliticalTheory: k.pt, Education: k.edu, FullTime: k.fullTime, Count: n})
	}
	slices.SortFunc(out, compareCadreCounts)
	var byUnit [][]CadreCount
	for from := 0; from < len(out); {
		to := from + 1
		for to < len(out) && out[to].Unit == out[from].Unit {
			to++
		}
		byUnit = append(byUnit, out[from:to:to]) // capped: growing one never writes the next
		from = to
	}
	return byUnit
}

// compareCadreCounts orders counts by unit, levels and full-time.
func compareCadreCounts(a, b CadreCount) int {
	return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.PoliticalTheory, b.PoliticalTheory),
		cmp.Compare(a.Education, b.Education), cmp.Compare(fmtBool(a.FullTime), fmtBool(b.FullTime)))
}

func (ds *Dataset) countTrainings() []TrainingCount {
	out := make([]TrainingCount, 0, len(ds.trainingCounts))
	for k, n := range ds.trainingCounts {
		if n > 0 {
			out = append(out, TrainingCount{Kind: k.Kind, Status: k.Status, Count: n})
		}
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
