package chitieu

import (
	"cmp"
	"maps"
	"slices"
	"sort"
)

// Figures is a snapshot with the counts it was made from, so that a write of one cadre, training
// record or youth report updates it by what that record touches (Apply) instead of recomputing
// every target from every record (Dataset.Figures, the reference).
type Figures struct {
	snap    *Snapshot
	targets []targetCounts // beside snap.Targets; zero for youth gathering
}

// targetCounts are the counts a target counted over cadres takes its progress from: on the
// snapshot's day with each unit's part, on its baseline date (when not given), at its deadline
// as projected, and on its verdict's day (once the snapshot's day is past its end).
type targetCounts struct {
	now                         dayCounts
	baseline, projected, judged Counts
	hasBaseline, hasJudged      bool
	baselineOn, judgedOn        Date
}

// Snapshot returns the figures' snapshot; it must not be modified.
func (f *Figures) Snapshot() *Snapshot { return f.snap }

// Day is the day of the figures.
func (f *Figures) Day() Date { return f.snap.Day }

// Figures computes every figure of day d from every record.
func (ds *Dataset) Figures(d Date) *Figures {
	s := &Snapshot{Day: d}
	f := &Figures{snap: s}
	for _, t := range ds.Targets() {
		tf := TargetFigures{Target: *t}
		var tc targetCounts
		if t.Kind == TargetYouthGathering {
			tf.Progress = ds.Progress(t, d)
		} else {
			tc = ds.targetCounts(t, d)
			tf.Progress = ds.progressOf(t, d, &tc)
		}
		s.Targets = append(s.Targets, tf)
		f.targets = append(f.targets, tc)
	}
	for _, u := range ds.Units() {
		if !u.AliveOn(d) { // a unit ended by a reorganisation keeps its history, not its series
			continue
		}
		s.Units = append(s.Units, *u)
		if r := ds.latestReport(u.Code, d); r != nil {
			s.YouthReports = append(s.YouthReports, *r)
		}
	}
	s.CadresByUnit = ds.cadresByLevel(d)
	s.Trainings = ds.countTrainings()
	s.Commitments = ds.Commitments(d)
	s.Unreadable = ds.unreadable
	return f
}

// targetCounts counts a target counted over cadres from every record.
func (ds *Dataset) targetCounts(t *Target, d Date) targetCounts {
	var tc targetCounts
	tc.now.day = d
	tc.now.counts, tc.now.byUnit = ds.counts(t, d)
	if t.BaselineRatio == nil {
		tc.hasBaseline, tc.baselineOn = true, t.BaselineDate
		tc.baseline, _ = ds.counts(t, t.BaselineDate)
	}
	tc.projected = ds.cadreCounts(t, t.Deadline, ds.qualifier(t, t.Deadline, true), nil)
	if end := ds.targetEnd(t); d >= end.from && d != end.judgedOn {
		tc.hasJudged, tc.judgedOn = true, end.judgedOn
		tc.judged, _ = ds.counts(t, end.judgedOn)
	}
	return tc
}

// progressOf is the target's progress on d from its counts.
func (ds *Dataset) progressOf(t *Target, d Date, tc *targetCounts) Progress {
	fixed := &fixedFigures{}
	if t.BaselineRatio != nil {
		fixed.baseline = *t.BaselineRatio
	} else {
		fixed.baseline, _ = tc.baseline.Ratio() // an undefined one counts as 0
	}
	fixed.projected, fixed.projectedAvailable = tc.projected.Ratio()
	k := &known{fixed: fixed, today: &tc.now}
	if tc.hasJudged {
		k.atDeadline = &tc.judged
	}
	return ds.progress(t, d, k)
}

// Apply writes the changes into the dataset and returns the figures with them. A change of a
// cadre (its postings included), a training record or a youth report is applied by its parts:
// the counts of the units the record is counted in and their ancestors on the figures' day, and
// the targets that read them. The parts of the figures that the changes touch are copied once
// for all of them: f is shared with readers and never written. Any other change (units and
// reorganisations, targets, the plan's other commitments) returns nil, with every change
// written into the dataset: the caller recomputes the figures from every record.
func (f *Figures) Apply(ds *Dataset, changes ...Change) *Figures {
	s := *f.snap
	b := &batch{f: &Figures{snap: &s, targets: f.targets}}
	trainings := false
	for i, c := range changes {
		switch {
		case c.Cadre != nil:
			b.applyCadres(ds, c, []int64{c.Cadre.ID})
		case c.Training != nil:
			trainings = true
			ids := []int64{c.Training.CadreID}
			if old, ok := ds.trainings.get(c.Training.ID); ok && old.cadreID != c.Training.CadreID {
				ids = append(ids, old.cadreID)
			}
			b.applyCadres(ds, c, ids)
		case c.YouthReport != nil:
			b.applyYouthReport(ds, c)
		default:
			for _, c := range changes[i:] {
				ds.Apply(c)
			}
			return nil
		}
	}
	// Only a training record changes the counts of records; the same counts keep the slice,
	// so that the metrics reuse their series.
	if trainings {
		if counts := ds.countTrainings(); !slices.Equal(counts, s.Trainings) {
			s.Trainings = counts
		}
	}
	return b.f
}

// batch is figures being made by changes, not yet shared: the parts it owns (copied from the
// figures it was made from) it writes in place, the others it copies first.
type batch struct {
	f                                             *Figures
	ownTargets, ownLevels, ownRecruited, ownSeats bool
	ownYouth                                      bool
	ownByUnit                                     []bool          // each target's map of unit parts
	ownUnitCadres                                 map[string]bool // units whose cadre counts the batch made
}

// targets makes the targets' figures and counts the batch's own.
func (b *batch) targets() {
	if !b.ownTargets {
		b.f.targets, b.f.snap.Targets = slices.Clone(b.f.targets), slices.Clone(b.f.snap.Targets)
		b.ownTargets, b.ownByUnit = true, make([]bool, len(b.f.targets))
	}
}

// cadreParts is what some cadres contribute to the figures.
type cadreParts struct {
	targets []targetCounts // beside Figures.targets; now.byUnit holds the units counted in
	levels  map[CadreCount]int
	recruit map[string]int // cadres failing the recruitment rule, by unit
}

// applyCadres applies a change of the cadres' records: their parts before it are taken off the
// figures, their parts after it added.
func (b *batch) applyCadres(ds *Dataset, c Change, ids []int64) {
	f, s := b.f, b.f.snap
	before := f.partsOf(ds, ids)
	ds.Apply(c)
	after := f.partsOf(ds, ids)
	for i := range f.targets {
		if f.targets[i].now.byUnit == nil { // youth gathering
			continue
		}
		if !targetCountsChange(&before.targets[i], &after.targets[i]) {
			continue
		}
		b.targets()
		f.targets[i].plus(&before.targets[i], &after.targets[i], &b.ownByUnit[i])
		s.Targets[i].Progress = ds.progressOf(&s.Targets[i].Target, s.Day, &f.targets[i])
	}
	b.updateLevels(before.levels, after.levels)
	s.Commitments = Commitments{
		RecruitedWithoutExam: updateRecruited(s.RecruitedWithoutExam, &b.ownRecruited, before.recruit, after.recruit),
		Leadership:           ds.updateLeadership(s.Leadership, &b.ownSeats, ids, s.Day),
	}
}

// partsOf returns what the cadres contribute to the figures, from the records as they are.
func (f *Figures) partsOf(ds *Dataset, ids []int64) cadreParts {
	d := f.snap.Day
	p := cadreParts{targets: make([]targetCounts, len(f.targets)), levels: map[CadreCount]int{}, recruit: map[string]int{}}
	trees := ds.trees()
	for _, id := range ids {
		c := ds.cadres[id]
		if c == nil {
			continue
		}
		segs, q := c.segments(), ds.qualificationsOf(id)
		held := rowOf(c, 0, segment{}, &q) // what the targets read of any of the cadre's rows
		for i := range f.targets {
			have := &f.targets[i]
			if have.now.byUnit == nil {
				continue
			}
			t := &f.snap.Targets[i].Target
			part := &p.targets[i]
			if part.now.byUnit == nil {
				part.now.byUnit = map[string]Counts{}
			}
			part.now.counts = addCounts(part.now.counts, ds.cadrePart(trees, t, &held, segs, d, ds.qualifier(t, d, false), part.now.byUnit), 1)
			if have.hasBaseline {
				part.baseline = addCounts(part.baseline, ds.cadrePart(trees, t, &held, segs, have.baselineOn, ds.qualifier(t, have.baselineOn, false), nil), 1)
			}
			part.projected = addCounts(part.projected, ds.cadrePart(trees, t, &held, segs, t.Deadline, ds.qualifier(t, t.Deadline, true), nil), 1)
			if have.hasJudged {
				part.judged = addCounts(part.judged, ds.cadrePart(trees, t, &held, segs, have.judgedOn, ds.qualifier(t, have.judgedOn, false), nil), 1)
			}
		}
		if c.ActiveOn(d) {
			post := c.PostingOn(d)
			p.levels[CadreCount{Unit: post.Unit, PoliticalTheory: q.levelOn(PoliticalTheory, d), Education: q.levelOn(Education, d), FullTime: post.FullTime}]++
		}
		if ds.recruitmentRule.Fails(c, d) {
			p.recruit[c.Unit]++
		}
	}
	return p
}

// cadrePart is what one cadre contributes to a target's counts on day d, as cadreCounts counts
// it: each of its postings active on d, in a unit of the target's scope on d, that the target
// counts. byUnit, when not nil, receives the part of each unit.
func (ds *Dataset) cadrePart(trees orgTrees, t *Target, held *cadreRow, segs []segment, d Date, qualifies func(*cadreRow) bool, byUnit map[string]Counts) Counts {
	var total Counts
	tree := trees.on(d)
	for _, s := range segs {
		if (t.FullTimeOnly && !s.fullTime) || d < s.active.from || d >= s.active.to || !ds.within(tree, s.unit, t.ScopeUnit) {
			continue
		}
		part := Counts{Denominator: 1}
		if qualifies(held) {
			part.Numerator = 1
		}
		total = addCounts(total, part, 1)
		if byUnit != nil {
			byUnit[s.unit] = addCounts(byUnit[s.unit], part, 1)
		}
	}
	return total
}

// within tells whether the unit is the scope or below it in the tree: a walk up its ancestors,
// as long as the tree is deep.
func (ds *Dataset) within(tree *orgTree, unit, scope string) bool {
	for range len(ds.units) + 1 { // the store refuses cycles; this only bounds the walk
		if !tree.alive[unit] {
			return false
		}
		if unit == scope {
			return true
		}
		unit = ds.units[unit].VersionOn(tree.from).Parent
	}
	return false
}

func addCounts(a, b Counts, sign int64) Counts {
	return Counts{Numerator: a.Numerator + sign*b.Numerator, Denominator: a.Denominator + sign*b.Denominator}
}

// targetCountsChange tells whether a cadre's parts before and after a change differ.
func targetCountsChange(before, after *targetCounts) bool {
	return before.now.counts != after.now.counts || before.baseline != after.baseline ||
		before.projected != after.projected || before.judged != after.judged ||
		!maps.Equal(before.now.byUnit, after.now.byUnit)
}

// plus takes before off the counts and adds after. The map of units is copied first unless own
// says it is the batch's already: the snapshot that holds it is shared with readers.
func (tc *targetCounts) plus(before, after *targetCounts, own *bool) {
	move := func(c *Counts, b, a Counts) { *c = addCounts(addCounts(*c, b, -1), a, 1) }
	move(&tc.now.counts, before.now.counts, after.now.counts)
	move(&tc.baseline, before.baseline, after.baseline)
	move(&tc.projected, before.projected, after.projected)
	move(&tc.judged, before.judged, after.judged)
	if maps.Equal(before.now.byUnit, after.now.byUnit) {
		return
	}
	if !*own {
		tc.now.byUnit, *own = maps.Clone(tc.now.byUnit), true
	}
	byUnit := tc.now.byUnit
	for unit, c := range before.now.byUnit {
		byUnit[unit] = addCounts(byUnit[unit], c, -1)
	}
	for unit, c := range after.now.byUnit {
		byUnit[unit] = addCounts(byUnit[unit], c, 1)
	}
	for _, parts := range []map[string]Counts{before.now.byUnit, after.now.byUnit} {
		for unit := range parts {
			if byUnit[unit].Denominator == 0 { // cadreCounts keeps only the units with cadres counted
				delete(byUnit, unit)
			}
		}
	}
}

// updateLevels takes before off the counts by unit and levels and adds after. The list of units
// is copied first unless the batch owns it, and a unit's counts unless the batch made them.
func (b *batch) updateLevels(before, after map[CadreCount]int) {
	if maps.Equal(before, after) {
		return
	}
	s := b.f.snap
	if !b.ownLevels {
		s.CadresByUnit, b.ownLevels, b.ownUnitCadres = slices.Clone(s.CadresByUnit), true, map[string]bool{}
	}
	change := func(k CadreCount, n int) {
		u, found := slices.BinarySearchFunc(s.CadresByUnit, k.Unit, func(counts []CadreCount, unit string) int {
			return cmp.Compare(counts[0].Unit, unit)
		})
		if !found {
			k.Count = n
			s.CadresByUnit, b.ownUnitCadres[k.Unit] = slices.Insert(s.CadresByUnit, u, []CadreCount{k}), true
			return
		}
		counts := s.CadresByUnit[u]
		if !b.ownUnitCadres[k.Unit] {
			counts, b.ownUnitCadres[k.Unit] = slices.Clone(counts), true
		}
		i, found := slices.BinarySearchFunc(counts, k, compareCadreCounts)
		switch {
		case found && counts[i].Count+n == 0:
			counts = slices.Delete(counts, i, i+1)
		case found:
			counts[i].Count += n
		default:
			k.Count = n
			counts = slices.Insert(counts, i, k)
		}
		if len(counts) == 0 {
			s.CadresByUnit = slices.Delete(s.CadresByUnit, u, u+1)
		} else {
			s.CadresByUnit[u] = counts
		}
	}
	for k, n := range before {
		change(k, -n)
	}
	for k, n := range after {
		change(k, n)
	}
}

// updateRecruited returns the counts of cadres failing the recruitment rule with before taken
// off and after added, copied first unless own; a unit out of the rule's scope has no count.
func updateRecruited(counts []UnitCount, own *bool, before, after map[string]int) []UnitCount {
	if maps.Equal(before, after) {
		return counts
	}
	out := counts
	if !*own {
		out, *own = slices.Clone(counts), true
	}
	change := func(unit string, n int) {
		i := sort.Search(len(out), func(i int) bool { return out[i].Unit >= unit })
		if i < len(out) && out[i].Unit == unit {
			out[i].Count += n
		}
	}
	for unit, n := range before {
		change(unit, -n)
	}
	for unit, n := range after {
		change(unit, n)
	}
	return out
}

// applyYouthReport applies a change of a youth report: the youth gathering targets are
// recomputed (from the reports, over the units of their scope: the size of the tree, not of the
// records), and the latest report of the units it was and is of.
func (b *batch) applyYouthReport(ds *Dataset, c Change) {
	units := []string{c.YouthReport.Unit}
	if old := ds.reports[c.YouthReport.ID]; old != nil && old.Unit != c.YouthReport.Unit {
		units = append(units, old.Unit)
	}
	ds.Apply(c)
	s := b.f.snap
	for i := range s.Targets {
		if t := &s.Targets[i].Target; t.Kind == TargetYouthGathering {
			b.targets()
			s.Targets[i].Progress = ds.Progress(t, s.Day)
		}
	}
	if !b.ownYouth {
		s.YouthReports, b.ownYouth = slices.Clone(s.YouthReports), true
	}
	for _, unit := range units {
		i := sort.Search(len(s.YouthReports), func(i int) bool { return s.YouthReports[i].Unit >= unit })
		if i < len(s.YouthReports) && s.YouthReports[i].Unit == unit {
			s.YouthReports = slices.Delete(s.YouthReports, i, i+1)
		}
		if u := ds.units[unit]; u != nil && u.AliveOn(s.Day) {
			if r := ds.latestReport(unit, s.Day); r != nil {
				s.YouthReports = slices.Insert(s.YouthReports, i, *r)
			}
		}
	}
	if len(s.YouthReports) == 0 {
		s.YouthReports = nil // as Figures leaves it
	}
}

// updateLeadership returns the seats with those of the positions the cadres are assigned to
// computed again (an assignment's holding reads its cadre), copied first unless own.
func (ds *Dataset) updateLeadership(seats []SeatFigures, own *bool, ids []int64, d Date) []SeatFigures {
	out := seats
	for _, a := range ds.assignments {
		p := ds.positions[a.PositionID]
		if p == nil || !slices.Contains(ids, a.CadreID) {
			continue
		}
		f := ds.seatFigures(p, d)
		if i, found := slices.BinarySearchFunc(out, f, compareSeats); found && out[i] != f {
			if !*own {
				out, *own = slices.Clone(seats), true
			}
			out[i] = f
		}
	}
	return out
}
