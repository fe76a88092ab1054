package chitieu

import (
	"math"
	"slices"
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
	return ds.GatherDaily(t, from, to, byUnit).Compute()
}

// DailyWork is what DailyCounts reads of the records, gathered under their keeper's lock by
// GatherDaily so that the long part, Compute, runs after it: for the leveled kinds, the scope's
// cadre rows (which the next write to their unit copies rather than changes); the other kinds
// read more of the records, and are computed at once.
type DailyWork struct {
	t        Target
	from, to Date
	byUnit   bool
	units    []string
	rows     [][]cadreRow // rows[i] are units[i]'s
	within   [][]span     // within[i] are the runs of days units[i] is in the scope's subtree
	done     *Daily
}

// scopeUnits returns each unit that is in the target's scope on some day from from to to, with
// the runs of days it is (the unit tree changes with reorganisations).
func (ds *Dataset) scopeUnits(scope string, from, to Date) ([]string, [][]span) {
	var units []string
	var within [][]span
	at := map[string]int{}
	for _, tree := range ds.trees().during(from, to) {
		for _, unit := range tree.subtree(scope) {
			i, ok := at[unit]
			if !ok {
				i = len(units)
				at[unit] = i
				units = append(units, unit)
				within = append(within, nil)
			}
			if n := len(within[i]); n > 0 && within[i][n-1].to == tree.from {
				within[i][n-1].to = tree.to
			} else {
				within[i] = append(within[i], span{tree.from, tree.to})
			}
		}
	}
	return units, within
}

// clip returns the part of sp within in.
func clip(sp, in span) span { return span{max(sp.from, in.from), min(sp.to, in.to)} }

// GatherDaily gathers what DailyCounts reads; the dataset may change once it returns.
func (ds *Dataset) GatherDaily(t *Target, from, to Date, byUnit bool) *DailyWork {
	w := &DailyWork{t: *t, from: from, to: to, byUnit: byUnit}
	switch t.Kind {
	case TargetYouthGathering:
		dl := w.newDaily()
		ds.youthDaily(t, &dl, to)
		w.done = &dl
	case TargetProfessionalTraining:
		dl := w.newDaily()
		ds.professionalDaily(t, &dl, to)
		w.done = &dl
	default:
		w.units, w.within = ds.scopeUnits(t.ScopeUnit, from, to)
		w.rows = make([][]cadreRow, len(w.units))
		for i, unit := range w.units {
			w.rows[i] = ds.sharedRows(unit)
		}
	}
	return w
}

func (w *DailyWork) newDaily() Daily {
	dl := Daily{From: w.from, Counts: make([]Counts, int(w.to-w.from)+1)}
	if w.byUnit {
		dl.ByUnit = map[string]*UnitDaily{}
	}
	return dl
}

// Compute computes the counts gathered, without the records.
func (w *DailyWork) Compute() Daily {
	if w.done != nil {
		return *w.done
	}
	dl := w.newDaily()
	// holds: from the earliest completion of a rank at least the target's, for good.
	kind := TrainingKind(w.t.Kind)
	minRank, _ := Rank(kind, w.t.MinLevel)
	k, r := kindIndex(kind), max(minRank, 1)
	sums := newDailySums(&dl, w.to)
	for i, unit := range w.units {
		sums.startUnit()
		for j := range w.rows[i] {
			row := &w.rows[i][j]
			if w.t.FullTimeOnly && !row.fullTime {
				continue
			}
			for _, in := range w.within[i] {
				active := clip(row.active, in)
				if active.from >= active.to {
					continue
				}
				sums.addActive(active)
				if first := row.first[k][r]; !first.IsZero() {
					sums.addQualified(span{max(first, active.from), active.to})
				}
			}
		}
		sums.endUnit(unit)
	}
	sums.end()
	return dl
}

// span is a half-open run of days [from, to); to is math.MaxInt32 for "still".
type span struct{ from, to Date }

const forever = Date(math.MaxInt32)

// dailySums adds up, with difference arrays, the spans over which each cadre of the population
// counts in the denominator (active) and in the numerator (active and qualified), unit by unit.
type dailySums struct {
	dl    *Daily
	to    Date
	total []Counts
	part  []Counts // the current unit's, when each unit's part is asked
	some  bool     // the current unit has an active cadre
}

func newDailySums(dl *Daily, to Date) *dailySums {
	return &dailySums{dl: dl, to: to, total: make([]Counts, len(dl.Counts)+1)}
}

func (s *dailySums) startUnit() {
	s.some = false
	if s.dl.ByUnit != nil {
		s.part = make([]Counts, len(s.dl.Counts)+1)
	}
}

func (s *dailySums) add(diff []Counts, sp span, num bool) {
	lo, hi := max(sp.from, s.dl.From), min(sp.to, s.to+1)
	if lo >= hi {
		return
	}
	if num {
		diff[lo-s.dl.From].Numerator++
		diff[hi-s.dl.From].Numerator--
	} else {
		diff[lo-s.dl.From].Denominator++
		diff[hi-s.dl.From].Denominator--
	}
}

// addActive counts a cadre active over sp in the denominator.
func (s *dailySums) addActive(sp span) {
	s.some = true
	s.add(s.total, sp, false)
	if s.part != nil {
		s.add(s.part, sp, false)
	}
}

// addQualified counts a cadre in the numerator over sp, within its active span.
func (s *dailySums) addQualified(sp span) {
	s.add(s.total, sp, true)
	if s.part != nil {
		s.add(s.part, sp, true)
	}
}

// endUnit keeps the unit's part when it takes part on some day.
func (s *dailySums) endUnit(unit string) {
	if s.part == nil || !s.some {
		return
	}
	n := len(s.dl.Counts)
	ud := &UnitDaily{Counts: s.part[:n], In: make([]bool, n)}
	prefix(ud.Counts)
	in := false
	for i, c := range ud.Counts {
		ud.In[i] = c.Denominator > 0
		in = in || ud.In[i]
	}
	if in {
		s.dl.ByUnit[unit] = ud
	}
}

func (s *dailySums) end() {
	copy(s.dl.Counts, s.total)
	prefix(s.dl.Counts)
}

// professionalDaily computes the professional kind's counts: a course counts on the
// WindowDays days from its completion (CoversTraining).
func (ds *Dataset) professionalDaily(t *Target, dl *Daily, to Date) {
	match := ds.trainings.matching(SearchKey(t.Provider))
	sums := newDailySums(dl, to)
	var spans []span
	units, within := ds.scopeUnits(t.ScopeUnit, dl.From, to)
	for i, unit := range units {
		sums.startUnit()
		var rows []cadreRow
		if ur := ds.rows[unit]; ur != nil {
			rows = ur.rows
		}
		for j := range rows {
			row := &rows[j]
			if t.FullTimeOnly && !row.fullTime {
				continue
			}
			spans = spans[:0]
			for _, i := range ds.trainings.byCadre[row.id] {
				rec := &ds.trainings.recs[i]
				if on := rec.coveredOn(false); !on.IsZero() && match[rec.provider] {
					spans = append(spans, span{on, on + Date(t.WindowDays)})
				}
			}
			spans = mergeSpans(spans)
			for _, in := range within[i] {
				active := clip(row.active, in)
				if active.from >= active.to {
					continue
				}
				sums.addActive(active)
				for _, s := range spans {
					sums.addQualified(clip(s, active))
				}
			}
		}
		sums.endUnit(unit)
	}
	sums.end()
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
	for _, tree := range ds.trees().during(dl.From, to) { // and where the tree changes
		if tree.from > dl.From {
			changes = append(changes, tree.from)
		}
	}
	slices.Sort(changes)
	changes = slices.Compact(changes)
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
// Progress gives it; for the leveled kinds, from the cadre rows.
func (ds *Dataset) ProjectedRatio(t *Target, d Date) (float64, bool) {
	if t.Kind != TargetPoliticalTheory && t.Kind != TargetEducation {
		return ds.projectedRatio(t, d)
	}
	kind := TrainingKind(t.Kind)
	minRank, _ := Rank(kind, t.MinLevel)
	k, r := kindIndex(kind), max(minRank, 1)
	var c Counts
	for _, unit := range ds.SubtreeOn(t.ScopeUnit, t.Deadline) {
		ur := ds.rows[unit]
		if ur == nil {
			continue
		}
		for i := range ur.rows {
			row := &ur.rows[i]
			if (t.FullTimeOnly && !row.fullTime) || t.Deadline < row.active.from || t.Deadline >= row.active.to {
				continue
			}
			c.Denominator++
			if on := row.projected[k][r]; !on.IsZero() && on <= t.Deadline {
				c.Numerator++
			}
		}
	}
	return c.Ratio()
}

// ProjectionChanges tells whether the projection seen from a day can differ from one day to
// another: only the youth trend does; the cadre kinds project to the records as they are.
func (t *Target) ProjectionChanges() bool { return t.Kind == TargetYouthGathering }
