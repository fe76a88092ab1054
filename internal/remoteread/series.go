package remoteread

import (
	"cmp"
	"math"
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/prometheus/prometheus/prompb"

	"chitieu/internal/chitieu"
)

// The history series' names.
const (
	TargetNumerator     = "chitieu_history_target_numerator"
	TargetDenominator   = "chitieu_history_target_denominator"
	TargetRatio         = "chitieu_history_target_ratio"
	TargetExpected      = "chitieu_history_target_expected_ratio"
	TargetThreshold     = "chitieu_history_target_threshold_ratio"
	TargetProjected     = "chitieu_history_target_projected_ratio"
	UnitTargetNumerator = "chitieu_history_unit_target_numerator"
	UnitTargetDenom     = "chitieu_history_unit_target_denominator"
	UnitTargetRatio     = "chitieu_history_unit_target_ratio"
)

var (
	targetNames = []string{TargetDenominator, TargetExpected, TargetNumerator, TargetProjected, TargetRatio, TargetThreshold}
	unitNames   = []string{UnitTargetDenom, UnitTargetNumerator, UnitTargetRatio}
)

const dayMs = 24 * 60 * 60 * 1000

// The span a read may cover: a query's times outside it are left out (no plan's records are
// that old or that far ahead), so that a query from the beginning of time costs nothing.
var (
	earliestMs = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	latestMs   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
)

// maxSteps bounds a query's steps: a century of hours.
const maxSteps = chitieu.MaxDailyDays * 24

// matcher is a compiled prompb.LabelMatcher.
type matcher struct {
	name string
	typ  prompb.LabelMatcher_Type
	val  string
	re   *regexp.Regexp
}

func (m matcher) matches(v string) bool {
	switch m.typ {
	case prompb.LabelMatcher_EQ:
		return v == m.val
	case prompb.LabelMatcher_NEQ:
		return v != m.val
	case prompb.LabelMatcher_RE:
		return m.re.MatchString(v)
	default:
		return !m.re.MatchString(v)
	}
}

// matchers are a query's matchers; a label a series lacks has the value "", as in PromQL.
type matchers []matcher

func compile(ms []*prompb.LabelMatcher) (matchers, error) {
	out := make(matchers, 0, len(ms))
	for _, m := range ms {
		c := matcher{name: m.Name, typ: m.Type, val: m.Value}
		switch m.Type {
		case prompb.LabelMatcher_EQ, prompb.LabelMatcher_NEQ:
		case prompb.LabelMatcher_RE, prompb.LabelMatcher_NRE:
			re, err := regexp.Compile("^(?:" + m.Value + ")$")
			if err != nil {
				return nil, refuse(http.StatusBadRequest, "matcher %s: %v", m.Name, err)
			}
			c.re = re
		default:
			return nil, refuse(http.StatusBadRequest, "matcher %s: unknown type %d", m.Name, m.Type)
		}
		out = append(out, c)
	}
	return out, nil
}

// withLabel checks the matchers on a label that every series has with the same value: it
// tells whether they accept value, and returns the other matchers.
func (ms matchers) withLabel(name, value string) (matchers, bool) {
	rest := make(matchers, 0, len(ms))
	for _, m := range ms {
		if m.name != name {
			rest = append(rest, m)
		} else if !m.matches(value) {
			return nil, false
		}
	}
	return rest, true
}

// match tells whether a series with these labels (name, target, plan, unit; plan and unit ""
// when it has none) is selected.
func (ms matchers) match(name, target, plan, unit string) bool {
	for _, m := range ms {
		v := ""
		switch m.name {
		case "__name__":
			v = name
		case "target":
			v = target
		case "plan":
			v = plan
		case "unit":
			v = unit
		}
		if !m.matches(v) {
			return false
		}
	}
	return true
}

// asksHistory tells whether a query's name matchers can select a history series.
func asksHistory(q *prompb.Query) bool {
	ms, err := compile(q.Matchers)
	if err != nil {
		return true // refused with its reason by newPlan
	}
	return slices.ContainsFunc(slices.Concat(targetNames, unitNames), func(name string) bool {
		return ms.matchNameAndTarget(name, "")
	})
}

// matchNameAndTarget tells whether the matchers on the name and the target select these; an
// empty target stands for any.
func (ms matchers) matchNameAndTarget(name, target string) bool {
	for _, m := range ms {
		if (m.name == "__name__" && !m.matches(name)) || (m.name == "target" && target != "" && !m.matches(target)) {
			return false
		}
	}
	return true
}

// series is one history series of a query and its value at each of the plan's times (NaN for
// none).
type series struct {
	name, target, plan, unit string
	values                   []float64
}

// plan is what one query asks: the series it selects and the times of their samples.
type plan struct {
	loc      *time.Location
	province string  // the label of every series, none when ""
	times    []int64 // ms, ascending
	series   []*series
	// work counts the days the computation covers, for each target and each unit of its unit
	// series: they take memory whatever the step.
	work int
}

// newPlan selects a query's series and places its sample times: every step of the hints
// counted back from the end (a range query evaluates at end, end − step, ...), one a day when
// there is no step; only the end for an instant query.
func newPlan(ds *chitieu.Dataset, q *prompb.Query, loc *time.Location, province string) (*plan, error) {
	ms, err := compile(q.Matchers)
	if err != nil {
		return nil, err
	}
	p := &plan{loc: loc, province: province}
	// Every series has the same province: the query either selects it or nothing.
	ms, ok := ms.withLabel("province", province)
	if !ok {
		return p, nil
	}
	start, end, step := q.StartTimestampMs, q.EndTimestampMs, int64(dayMs)
	if h := q.Hints; h != nil {
		if h.EndMs != 0 || h.StartMs != 0 {
			start, end = max(start, h.StartMs), min(end, h.EndMs)
		}
		if h.StepMs > 0 {
			step = h.StepMs
		}
	}
	// Kept from overflowing: a step over the whole span has one sample in it at most, and an
	// end past the span goes back to its last step within it.
	step = min(step, latestMs-earliestMs)
	if end = min(end, math.MaxInt64/2); end > latestMs {
		d := end - latestMs
		k := d / step
		if d%step != 0 {
			k++
		}
		end -= k * step
	}
	start = max(start, earliestMs)
	if end < start {
		return p, nil
	}
	if n := (end-start)/step + 1; n > maxSteps {
		return nil, refuse(http.StatusRequestEntityTooLarge, "the query asks %d steps, over the limit of %d: choose a longer step or a shorter span", n, maxSteps)
	}
	for t := end; t >= start; t -= step {
		p.times = append(p.times, t)
	}
	slices.Reverse(p.times)
	first, last := chitieu.DateOf(time.UnixMilli(start).In(loc)), chitieu.DateOf(time.UnixMilli(end).In(loc))
	for _, t := range ds.Targets() {
		before := len(p.series)
		for _, name := range targetNames {
			if ms.match(name, t.Code, t.Plan, "") {
				p.series = append(p.series, &series{name: name, target: t.Code, plan: t.Plan})
			}
		}
		unitsIn := map[string]bool{}
		var units []string // the scope's, once a unit series may match
		for _, name := range unitNames {
			if !ms.matchNameAndTarget(name, t.Code) {
				continue
			}
			if units == nil {
				units = ds.Subtree(t.ScopeUnit)
			}
			for _, unit := range units {
				if ms.match(name, t.Code, t.Plan, unit) {
					p.series = append(p.series, &series{name: name, target: t.Code, plan: t.Plan, unit: unit})
					unitsIn[unit] = true
				}
			}
		}
		if days := int(last-max(first, t.BaselineDate)) + 1; len(p.series) > before && days > 0 {
			p.work += days * (1 + len(unitsIn))
		}
	}
	slices.SortFunc(p.series, func(a, b *series) int {
		return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.target, b.target), cmp.Compare(a.unit, b.unit))
	})
	return p, nil
}

// job is one target's part of a read: its series and what their values come from, gathered
// under the records' lock (prepare) and computed after it (finish), so that a long read does
// not hold back the writes and the refreshes of the figures.
type job struct {
	t           chitieu.Target
	version     uint64
	days        []chitieu.Date
	first, last chitieu.Date
	group       []*series
	byUnit      bool
	daily       chitieu.Daily
	work        *chitieu.DailyWork // when the cache did not have the daily counts
	// baseline is the ratio at the baseline, for the expected series: given with the target,
	// else from baselineDaily, the counts of the baseline day (those of daily when it starts
	// then).
	baseline      float64
	baselineWork  *chitieu.DailyWork
	baselineDaily chitieu.Daily
	projected     []float64 // by day, when a projected series is asked
}

// prepare gathers what the plan's series are computed from, target by target, under the
// records' lock: the daily counts from the cache when it has them for this version of the
// records, else the records they are computed from.
func (p *plan) prepare(ds *chitieu.Dataset, version uint64, cache *dailyCache) []*job {
	if len(p.times) == 0 {
		return nil
	}
	days := make([]chitieu.Date, len(p.times))
	for i, t := range p.times {
		days[i] = chitieu.DateOf(time.UnixMilli(t).In(p.loc))
	}
	groups := map[string][]*series{}
	for _, s := range p.series {
		groups[s.target] = append(groups[s.target], s)
	}
	var jobs []*job
	for code, group := range groups {
		t := ds.Target(code)
		// From the baseline on.
		j := &job{t: *t, version: version, days: days, first: max(days[0], t.BaselineDate), last: days[len(days)-1], group: group,
			byUnit: slices.ContainsFunc(group, func(s *series) bool { return s.unit != "" })}
		if j.last < j.first {
			continue
		}
		if dl, ok := cache.get(version, code, j.byUnit, j.first, j.last); ok {
			j.daily = dl
		} else {
			j.work = ds.GatherDaily(t, j.first, j.last, j.byUnit)
		}
		if slices.ContainsFunc(group, func(s *series) bool { return s.name == TargetExpected }) {
			j.prepareBaseline(ds, cache)
		}
		if slices.ContainsFunc(group, func(s *series) bool { return s.name == TargetProjected }) {
			j.projected = projections(ds, version, cache, t, days, j.first)
		}
		jobs = append(jobs, j)
	}
	return jobs
}

// prepareBaseline gathers what the baseline ratio comes from (Dataset.BaselineRatio): the
// counts of the baseline day, like any day's, so that they too are kept and computed after the
// lock.
func (j *job) prepareBaseline(ds *chitieu.Dataset, cache *dailyCache) {
	b := j.t.BaselineDate
	switch {
	case j.t.BaselineRatio != nil:
		j.baseline = *j.t.BaselineRatio
	case j.first == b:
	default:
		var ok bool
		if j.baselineDaily, ok = cache.get(j.version, j.t.Code, false, b, b); !ok {
			j.baselineWork = ds.GatherDaily(&j.t, b, b, false)
		}
	}
}

// projections returns the projected ratio seen from each of days from first on, computed once
// for the targets whose projection does not follow the day (and kept with the daily counts),
// and once a day for the others.
func projections(ds *chitieu.Dataset, version uint64, cache *dailyCache, t *chitieu.Target, days []chitieu.Date, first chitieu.Date) []float64 {
	out := make([]float64, len(days))
	var last chitieu.Date
	v := math.NaN()
	for i, d := range days {
		if d < first {
			continue
		}
		if !t.ProjectionChanges() {
			d = 0
		}
		if i == 0 || days[i-1] < first || d != last {
			var kept, ok bool
			if d == 0 {
				v, kept = cache.projection(version, t.Code)
			}
			if !kept {
				if v, ok = ds.ProjectedRatio(t, d); !ok {
					v = math.NaN()
				}
				if d == 0 {
					cache.putProjection(version, t.Code, v)
				}
			}
			last = d
		}
		out[i] = v
	}
	return out
}

// finish computes the daily counts when the cache did not have them, keeps them there, and fills
// in the values of the job's series on each of its days (a series of no job has none).
func (j *job) finish(cache *dailyCache) {
	if j.work != nil {
		j.daily = j.work.Compute()
		cache.put(j.version, j.t.Code, j.byUnit, j.daily)
	}
	switch {
	case j.baselineWork != nil:
		j.baselineDaily = j.baselineWork.Compute()
		cache.put(j.version, j.t.Code, false, j.baselineDaily)
		j.baseline = ratioOrZero(j.baselineDaily.Counts[0])
	case j.baselineDaily.Counts != nil:
		j.baseline = ratioOrZero(j.baselineDaily.Counts[int(j.t.BaselineDate-j.baselineDaily.From)])
	case j.t.BaselineRatio == nil && j.first == j.t.BaselineDate:
		j.baseline = ratioOrZero(j.daily.Counts[int(j.first-j.daily.From)])
	}
	for _, s := range j.group {
		s.values = make([]float64, len(j.days))
		for i := range s.values {
			s.values[i] = math.NaN()
		}
		var ud *chitieu.UnitDaily
		if s.unit != "" {
			if ud = j.daily.ByUnit[s.unit]; ud == nil {
				continue
			}
		}
		for i, d := range j.days {
			if d < j.first {
				continue
			}
			k := int(d - j.daily.From)
			c := j.daily.Counts[k]
			if ud != nil {
				if !ud.In[k] {
					continue
				}
				c = ud.Counts[k]
			}
			var projected float64
			if j.projected != nil {
				projected = j.projected[i]
			}
			s.values[i] = value(s.name, &j.t, c, d, j.baseline, projected)
		}
	}
}

// ratioOrZero is the ratio of counts, 0 while undefined, as Dataset.BaselineRatio gives it.
func ratioOrZero(c chitieu.Counts) float64 {
	r, _ := c.Ratio()
	return r
}

// value is a series' value on day d from the day's counts; NaN for none.
func value(name string, t *chitieu.Target, c chitieu.Counts, d chitieu.Date, baseline, projected float64) float64 {
	switch name {
	case TargetNumerator, UnitTargetNumerator:
		return float64(c.Numerator)
	case TargetDenominator, UnitTargetDenom:
		return float64(c.Denominator)
	case TargetRatio, UnitTargetRatio:
		if r, ok := c.Ratio(); ok {
			return r
		}
		return math.NaN()
	case TargetExpected:
		return chitieu.ExpectedRatio(t, baseline, d)
	case TargetThreshold:
		return t.Threshold
	default: // TargetProjected
		return projected
	}
}
