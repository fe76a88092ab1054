package chitieu

import (
	"math"
	"slices"
	"strings"
)

// Daily is a target's counts on every day from From on, as Progress computes them day by day
// (History), but in one pass over the records: a history of years at a fine step (Prometheus's
// remote read) would otherwise walk every cadre once a day.
type Daily struct {
	From   Date
	Counts []Counts // Counts[i] is of day From+i

	// ByUnit, when asked for, is each unit's part on each day; a unit takes part on a day
	// when it is in Progress's ByUnit then.
	ByUnit map[string]*UnitDaily
}

// UnitDaily is a unit's part of a target's counts on each day of a Daily.
type UnitDaily struct {
	Counts []Counts
	In     []bool
}

// MaxDailyDays bounds the span of a Daily: a century of days.
const MaxDailyDays = 36600

// DailyCounts computes the target's counts, and each unit's part when byUnit is true, on every
// day from from to to (to not before from, at most MaxDailyDays days).
func (ds *Dataset) DailyCounts(t *Target, from, to Date, byUnit bool) Daily {
	n := int(to-from) + 1
	dl := Daily{From: from, Counts: make([]Counts, n)}
	if byUnit {
		dl.ByUnit = map[string]*UnitDaily{}
	}
	if t.Kind == TargetYouthGathering {
		ds.youthDaily(t, &dl, to)
	} else {
		ds.cadreDaily(t, &dl, to)
	}
	return dl
}

// span is a half-open run of days [from, to); to is math.MaxInt32 for "still".
type span struct{ from, to Date }

const forever = Date(math.MaxInt32)

// cadreDaily adds up, with difference arrays, the spans over which each cadre of the
// population counts in the denominator (active) and in the numerator (active and qualified).
func (ds *Dataset) cadreDaily(t *Target, dl *Daily, to Date) {
	n := len(dl.Counts)
	total := make([]Counts, n+1)
	var qualified func(c *Cadre, spans []span) []span
	if t.Kind == TargetProfessionalTraining {
		targetKey := SearchKey(t.Provider)
		qualified = func(c *Cadre, spans []span) []span {
			// A course counts on the WindowDays days from its completion (CoversTraining).
			for _, co := range ds.courses[c.ID] {
				if co.status == Completed && !co.completedOn.IsZero() && strings.Contains(co.providerKey, targetKey) {
					spans = append(spans, span{co.completedOn, co.completedOn + Date(t.WindowDays)})
				}
			}
			return mergeSpans(spans)
		}
	} else {
		kind := TrainingKind(t.Kind)
		minRank, _ := Rank(kind, t.MinLevel)
		qualified = func(c *Cadre, spans []span) []span {
			// holds: from the earliest completion of a rank at least minRank, for good.
			on := &ds.qualificationsOf(c.ID).completedOn[kindIndex(kind)]
			var first Date
			for r := max(minRank, 1); r <= maxRank; r++ {
				if earlier(on[r], first) {
					first = on[r]
				}
			}
			if first.IsZero() {
				return spans
			}
			return append(spans, span{first, forever})
		}
	}
	add := func(diff []Counts, s span, num bool) {
		lo, hi := max(s.from, dl.From), min(s.to, to+1)
		if lo >= hi {
			return
		}
		if num {
			diff[lo-dl.From].Numerator++
			diff[hi-dl.From].Numerator--
		} else {
			diff[lo-dl.From].Denominator++
			diff[hi-dl.From].Denominator--
		}
	}
	var spans []span
	for _, unit := range ds.Subtree(t.ScopeUnit) {
		var part []Counts
		if dl.ByUnit != nil {
			part = make([]Counts, n+1)
		}
		some := false
		for _, c := range ds.cadresByUnit[unit] {
			if t.FullTimeOnly && !c.FullTime {
				continue
			}
			active := span{c.JoinedOn, forever}
			if !c.LeftOn.IsZero() {
				active.to = c.LeftOn
			}
			if active.from >= active.to {
				continue
			}
			some = true
			add(total, active, false)
			if part != nil {
				add(part, active, false)
			}
			spans = qualified(c, spans[:0])
			for _, s := range spans {
				s = span{max(s.from, active.from), min(s.to, active.to)}
				add(total, s, true)
				if part != nil {
					add(part, s, true)
				}
			}
		}
		if part != nil && some {
			ud := &UnitDaily{Counts: part[:n], In: make([]bool, n)}
			prefix(ud.Counts)
			in := false
			for i, c := range ud.Counts {
				ud.In[i] = c.Denominator > 0
				in = in || ud.In[i]
			}
			if in {
				dl.ByUnit[unit] = ud
			}
		}
	}
	copy(dl.Counts, total)
	prefix(dl.Counts)
}

// prefix turns a difference array into the values it describes.
func prefix(c []Counts) {
	for i := 1; i < len(c); i++ {
		c[i].Numerator += c[i-1].Numerator
		c[i].Denominator += c[i-1].Denominator
	}
}

// mergeSpans sorts spans and joins those that overlap or touch.
func mergeSpans(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(a, b span) int { return int(a.from) - int(b.from) })
	out := spans[:1]
	for _, s := range spans[1:] {
		if last := &out[len(out)-1]; s.from <= last.to {
			last.to = max(last.to, s.to)
		} else {
			out = append(out, s)
		}
	}
	return out
}

// youthDaily computes the youth figures where they can change, on the first day and on each
// day a unit of the scope reported, and carries them to the days in between.
func (ds *Dataset) youthDaily(t *Target, dl *Daily, to Date) {
	n := len(dl.Counts)
	changes := append([]Date{dl.From}, ds.reportDays(t.ScopeUnit, dl.From, to)...)
	for j, day := range changes {
		end := n
		if j+1 < len(changes) {
			end = int(changes[j+1] - dl.From)
		}
		var byUnit map[string]Counts
		if dl.ByUnit != nil {
			byUnit = map[string]Counts{}
		}
		c := ds.youthValue(t.ScopeUnit, day, byUnit, map[string]bool{})
		for i := int(day - dl.From); i < end; i++ {
			dl.Counts[i] = c
		}
		for unit, uc := range byUnit {
			ud := dl.ByUnit[unit]
			if ud == nil {
				ud = &UnitDaily{Counts: make([]Counts, n), In: make([]bool, n)}
				dl.ByUnit[unit] = ud
			}
			for i := int(day - dl.From); i < end; i++ {
				ud.Counts[i], ud.In[i] = uc, true
			}
		}
	}
}

// BaselineRatio is the target's ratio at its baseline: the given one, or the one computed on
// the baseline date (0 while undefined).
func (ds *Dataset) BaselineRatio(t *Target) float64 { return ds.baselineRatio(t) }

// ProjectedRatio is the ratio the target is headed for at its deadline, seen from day d, as
// Progress gives it.
func (ds *Dataset) ProjectedRatio(t *Target, d Date) (float64, bool) { return ds.projectedRatio(t, d) }

// ProjectionChanges tells whether the projection seen from a day can differ from one day to
// another: only the youth trend does; the cadre kinds project to the records as they are.
func (t *Target) ProjectionChanges() bool { return t.Kind == TargetYouthGathering }
