package chitieu

import (
	"context"
	"math"
	"slices"
)

// Status is where a target stands on a day.
type Status string

// Statuses, exactly one of which holds for a target on a day.
const (
	Achieved Status = "achieved"
	Missed   Status = "missed"
	OnTrack  Status = "on_track"
	AtRisk   Status = "at_risk"
	Behind   Status = "behind"
	// NotStarted is a target looked at before its baseline date.
	NotStarted Status = "not_started"
)

// Statuses lists every status.
var Statuses = []Status{Achieved, Missed, OnTrack, AtRisk, Behind, NotStarted}

// Counts is a numerator over a denominator.
type Counts struct {
	Numerator   int64
	Denominator int64
}

// Ratio returns the counts' ratio and whether it is defined (the denominator is not 0).
func (c Counts) Ratio() (float64, bool) {
	if c.Denominator == 0 {
		return 0, false
	}
	return float64(c.Numerator) / float64(c.Denominator), true
}

// Progress is a target's figures on a day.
type Progress struct {
	Target         string   `json:"target"`
	AsOf           Date     `json:"as_of"`
	Numerator      int64    `json:"numerator"`
	Denominator    int64    `json:"denominator"`
	Ratio          *float64 `json:"ratio"` // nil while the denominator is 0
	BaselineRatio  float64  `json:"baseline_ratio"`
	ExpectedRatio  float64  `json:"expected_ratio"`
	ProjectedRatio *float64 `json:"projected_ratio"` // nil when it cannot be projected
	DeadlineRatio  *float64 `json:"deadline_ratio"`  // the verdict's: nil before the deadline and while undefined on it
	Status         Status   `json:"status"`
	// EndsOn is the day whose figures are the verdict, and EndedBy what sets it: the deadline
	// ("deadline"), or the dissolution of the scope unit when that comes first ("dissolution":
	// the unit's last day; the verdict holds from the dissolution).
	EndsOn  Date   `json:"ends_on"`
	EndedBy string `json:"ended_by"`

	// ByUnit is the part of the counts each unit contributes: cadre kinds by the cadre's own
	// unit, youth gathering by the unit whose report was used.
	ByUnit map[string]Counts `json:"-"`
}

// epsilon absorbs the rounding of the interpolated expected ratio, so that a ratio equal to it
// on paper is not found a hair below.
const epsilon = 1e-9

// ExpectedRatio is the ratio the schedule asks for on day d: linear in time from the baseline
// ratio on the baseline date to the threshold on the deadline, flat outside that span.
func ExpectedRatio(t *Target, baseline float64, d Date) float64 {
	switch {
	case d <= t.BaselineDate:
		return baseline
	case d >= t.Deadline:
		return t.Threshold
	}
	f := float64(d-t.BaselineDate) / float64(t.Deadline-t.BaselineDate)
	return baseline + (t.Threshold-baseline)*f
}

// StatusOf decides a target's status on day d from its ratio (defined or not) and the expected
// ratio. From the deadline day on, ratio and defined must be those of the deadline day: a plan's
// verdict is fixed at its deadline, whatever the ratio does later. Before the baseline date the
// target has not started.
func StatusOf(t *Target, ratio float64, defined bool, expected float64, d Date) Status {
	switch {
	case d < t.BaselineDate:
		return NotStarted
	case d >= t.Deadline && defined && t.Meets(ratio):
		return Achieved
	case d >= t.Deadline:
		return Missed
	case !defined:
		return Behind
	case t.Meets(ratio):
		return Achieved
	case ratio >= expected-epsilon:
		return OnTrack
	case ratio >= expected-t.Tolerance-epsilon:
		return AtRisk
	}
	return Behind
}

// Progress computes the target's figures on day d from the dataset.
func (ds *Dataset) Progress(t *Target, d Date) Progress {
	return ds.progress(t, d, &known{})
}

// known is what a history has computed already for each of its points.
type known struct {
	atDeadline *Counts       // the counts of the verdict's day
	fixed      *fixedFigures // nil: computed at each point
	daily      *Daily        // every day's counts over the history's span, when computed
	today      *dayCounts    // one day's counts with each unit's part, when known
}

// dayCounts are a target's counts on a day with each unit's part.
type dayCounts struct {
	day    Date
	counts Counts
	byUnit map[string]Counts
}

// counts returns the target's counts on day d: from the daily counts when it has them (without
// each unit's part), or else computed.
func (k *known) counts(ds *Dataset, t *Target, d Date) (Counts, map[string]Counts) {
	if at := k.today; at != nil && at.day == d {
		return at.counts, at.byUnit
	}
	if dl := k.daily; dl != nil && d >= dl.From && int(d-dl.From) < len(dl.Counts) {
		return dl.Counts[d-dl.From], nil
	}
	return ds.counts(t, d)
}

// fixedFigures are the figures of a target that do not depend on the day looked at: its
// baseline ratio, and for the cadre kinds its projection (ProjectionChanges).
type fixedFigures struct {
	baseline           float64
	projected          float64
	projectedAvailable bool
}

func (ds *Dataset) fixedFigures(t *Target) *fixedFigures {
	if t.ProjectionChanges() {
		return nil
	}
	f := &fixedFigures{baseline: ds.baselineRatio(t)}
	f.projected, f.projectedAvailable = ds.projectedRatio(t, t.BaselineDate)
	return f
}

// progress is Progress with what the caller knows already (a history needs the counts of the
// verdict's day at every point past it).
func (ds *Dataset) progress(t *Target, d Date, k *known) Progress {
	counts, byUnit := k.counts(ds, t, d)
	p := Progress{Target: t.Code, AsOf: d, Numerator: counts.Numerator, Denominator: counts.Denominator, ByUnit: byUnit}
	ratio, defined := counts.Ratio()
	if defined {
		p.Ratio = &ratio
	}
	if fixed := k.fixed; fixed != nil {
		p.BaselineRatio = fixed.baseline
		if fixed.projectedAvailable {
			projected := fixed.projected
			p.ProjectedRatio = &projected
		}
	} else {
		p.BaselineRatio = ds.baselineRatio(t)
		if projected, ok := ds.projectedRatio(t, d); ok {
			p.ProjectedRatio = &projected
		}
	}
	p.ExpectedRatio = ExpectedRatio(t, p.BaselineRatio, d)
	end := ds.targetEnd(t)
	p.EndsOn, p.EndedBy = end.judgedOn, end.by
	judged, judgedDefined := ratio, defined
	if d >= end.from {
		atDeadline := k.atDeadline
		if d == end.judgedOn {
			atDeadline = &counts
		} else if atDeadline == nil {
			c, _ := k.counts(ds, t, end.judgedOn)
			atDeadline = &c
			k.atDeadline = atDeadline
		}
		if judged, judgedDefined = atDeadline.Ratio(); judgedDefined {
			p.DeadlineRatio = &judged
		}
	}
	// The verdict is taken on the day the target ends; the schedule keeps its deadline.
	ended := *t
	ended.Deadline = end.from
	p.Status = StatusOf(&ended, judged, judgedDefined, p.ExpectedRatio, d)
	return p
}

// baselineRatio is the given baseline ratio, or the one computed on the baseline date; an
// undefined one counts as 0.
func (ds *Dataset) baselineRatio(t *Target) float64 {
	if t.BaselineRatio != nil {
		return *t.BaselineRatio
	}
	c, _ := ds.counts(t, t.BaselineDate)
	r, _ := c.Ratio()
	return r
}

// counts returns the target's numerator and denominator on day d, and each unit's part.
func (ds *Dataset) counts(t *Target, d Date) (Counts, map[string]Counts) {
	byUnit := map[string]Counts{}
	var total Counts
	if t.Kind == TargetYouthGathering {
		total = ds.youthValue(t.ScopeUnit, d, byUnit, map[string]bool{})
	} else {
		total = ds.cadreCounts(t, d, ds.qualifier(t, d, false), byUnit)
	}
	return total, byUnit
}

// qualifier returns the test of a cadre for a target counted over cadres on day d; projected,
// as if every planned or in-progress record completed when expected.
func (ds *Dataset) qualifier(t *Target, d Date, projected bool) func(*cadreRow) bool {
	if t.Kind == TargetProfessionalTraining {
		return ds.trainedWithin(t, d, projected)
	}
	kind := TrainingKind(t.Kind)
	minRank, _ := Rank(kind, t.MinLevel)
	k := kindIndex(kind)
	return func(row *cadreRow) bool { return row.holds(k, minRank, d, projected) }
}

// cadreCounts counts the cadres in the target's population on day d, and those of them that
// qualify; byUnit, when not nil, receives each unit's part.
func (ds *Dataset) cadreCounts(t *Target, d Date, qualifies func(*cadreRow) bool, byUnit map[string]Counts) Counts {
	var total Counts
	for _, unit := range ds.SubtreeOn(t.ScopeUnit, d) {
		var part Counts
		ur := ds.rows[unit]
		if ur == nil {
			continue
		}
		for i := range ur.rows {
			row := &ur.rows[i]
			if (t.FullTimeOnly && !row.fullTime) || d < row.active.from || d >= row.active.to {
				continue
			}
			part.Denominator++
			if qualifies(row) {
				part.Numerator++
			}
		}
		if part.Denominator > 0 && byUnit != nil {
			byUnit[unit] = part
		}
		total.Numerator += part.Numerator
		total.Denominator += part.Denominator
	}
	return total
}

// youthValue returns a unit's youth figures on day d (gathered over population): its own latest
// report if it has one, otherwise the sum of its children's values, so that nobody is counted
// twice when a unit and its children both report.
func (ds *Dataset) youthValue(unit string, d Date, byUnit map[string]Counts, seen map[string]bool) Counts {
	return ds.youthValueIn(ds.trees().on(d), unit, d, byUnit, seen)
}

// youthValueIn is youthValue in the tree of day d: a unit not alive that day counts for nothing,
// so that the units merged into another are not summed beside it.
func (ds *Dataset) youthValueIn(tree *orgTree, unit string, d Date, byUnit map[string]Counts, seen map[string]bool) Counts {
	if seen[unit] || !tree.alive[unit] {
		return Counts{}
	}
	seen[unit] = true
	if r := ds.latestReport(unit, d); r != nil {
		var c Counts // a report out of its bounds counts for nothing: the sums cannot overflow
		if r.countsInRange() {
			c = Counts{Numerator: r.Gathered, Denominator: r.YouthPopulation}
		}
		if byUnit != nil {
			byUnit[unit] = c
		}
		return c
	}
	var sum Counts
	for _, child := range tree.children[unit] {
		c := ds.youthValueIn(tree, child, d, byUnit, seen)
		sum.Numerator += c.Numerator
		sum.Denominator += c.Denominator
	}
	return sum
}

// trendWindow is how far back the youth trend looks.
const trendWindow = 365

// projectedRatio is the ratio the target is headed for at its deadline, seen from day d.
// Cadre kinds: the ratio on the deadline if every planned or in-progress record expected by then
// completes when expected, with the cadres as recorded. Youth gathering: the least-squares line
// through the scope's ratio on each report day of the last 365 days, at the deadline, within
// [0,1]; with fewer than two such days, the current ratio.
func (ds *Dataset) projectedRatio(t *Target, d Date) (float64, bool) {
	if t.Kind != TargetYouthGathering {
		return ds.cadreCounts(t, t.Deadline, ds.qualifier(t, t.Deadline, true), nil).Ratio()
	}
	var xs, ys []float64
	for _, day := range ds.reportDays(t.ScopeUnit, d-trendWindow, d) {
		if r, ok := ds.youthValue(t.ScopeUnit, day, nil, map[string]bool{}).Ratio(); ok {
			xs = append(xs, float64(day))
			ys = append(ys, r)
		}
	}
	if len(xs) < 2 {
		return ds.youthValue(t.ScopeUnit, d, nil, map[string]bool{}).Ratio()
	}
	slope, intercept := leastSquares(xs, ys)
	return math.Min(1, math.Max(0, intercept+slope*float64(t.Deadline))), true
}

// reportDays returns the distinct days after from and up to to on which a unit of the subtree
// reported, in order.
func (ds *Dataset) reportDays(scope string, from, to Date) []Date {
	days := map[Date]bool{}
	for _, unit := range ds.SubtreeEver(scope) {
		for _, r := range ds.reportsByUnit[unit] {
			if r.ReportedOn > from && r.ReportedOn <= to {
				days[r.ReportedOn] = true
			}
		}
	}
	out := make([]Date, 0, len(days))
	for day := range days {
		out = append(out, day)
	}
	slices.Sort(out)
	return out
}

// leastSquares fits y = intercept + slope·x; xs must hold two distinct values or more.
func leastSquares(xs, ys []float64) (slope, intercept float64) {
	n := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	slope = sxy / sxx
	return slope, my - slope*mx
}

// Step is the spacing of a target's history.
type Step string

// History steps.
const (
	StepDay   Step = "day"
	StepWeek  Step = "week"
	StepMonth Step = "month"
)

// MaxHistoryPoints bounds a history request.
const MaxHistoryPoints = 5000

// HistoryDays returns the days of a history from from to to: every step from from, and to itself.
func HistoryDays(from, to Date, step Step) ([]Date, error) {
	if step != StepDay && step != StepWeek && step != StepMonth {
		return nil, Invalid("step", RuleHistoryStep)
	}
	if to < from {
		return nil, Invalid("to", RuleNotBefore, Term("from"))
	}
	var days []Date
	for i, d := 0, from; d <= to; i++ {
		if len(days) == MaxHistoryPoints {
			return nil, Invalid("step", RuleTooManyPoints, MaxHistoryPoints)
		}
		days = append(days, d)
		switch step {
		case StepDay:
			d = from.AddDays(i + 1)
		case StepWeek:
			d = from.AddDays(7 * (i + 1))
		case StepMonth:
			d = from.AddMonths(i + 1)
		}
	}
	if days[len(days)-1] != to {
		days = append(days, to)
	}
	return days, nil
}

// History computes the target's figures on each of days.
// Its points have no ByUnit: their counts come from one pass over the records for the whole span
// (DailyCounts) when it is at most MaxDailyDays long.
func (ds *Dataset) History(t *Target, days []Date) []Progress {
	out := make([]Progress, len(days))
	if len(days) == 0 {
		return out
	}
	k := &known{fixed: ds.fixedFigures(t)}
	end := ds.targetEnd(t)
	lo, hi := min(slices.Min(days), end.judgedOn), max(slices.Max(days), end.judgedOn)
	if len(days) > 1 && int(hi-lo) < MaxDailyDays {
		dl := ds.DailyCounts(t, lo, hi, false)
		k.daily = &dl
	}
	for i, d := range days {
		out[i] = ds.progress(t, d, k)
	}
	return out
}

// FigureService answers with figures computed from the records kept in memory.
type FigureService interface {
	// Today is the current civil day in the service's time zone.
	Today() Date
	// TargetProgress is a target's figures on day d. They hold every change made by the
	// context's actor, and others' writes of records (Figures.Apply); others' changes that need
	// a full recompute may show a moment later (it runs at most every so often under a stream
	// of them).
	TargetProgress(ctx context.Context, code string, d Date) (Progress, error)
	TargetHistory(ctx context.Context, code string, days []Date) ([]Progress, error)
	// Commitments computes the figures of the plan's other commitments on day d.
	Commitments(ctx context.Context, d Date) (Commitments, error)
}
