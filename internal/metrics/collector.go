// Package metrics exports the service's figures to Prometheus: a Collector that reads the
// snapshot kept in memory at scrape time (as node_exporter's collectors do), and the HTTP
// request metrics. Constructors take the registerer; only main touches a global.
package metrics

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"chitieu/internal/chitieu"
)

// SnapshotSource gives the current figures.
type SnapshotSource interface {
	Snapshot() *chitieu.Snapshot
}

const namespace = "chitieu"

// Collector turns the snapshot into metrics at each scrape; it reads no table. Its series come
// from sections (series.go), which the exposition also encodes from directly.
type Collector struct {
	source   SnapshotSource
	loc      *time.Location
	opts     Options
	sections []*section

	targetInfo, threshold, tolerance, baselineRatio, baselineTime, deadlineTime *family
	numerator, denominator, ratio, expected, projected, status                  *family
	deadlineRatio                                                               *family
	unitNumerator, unitDenominator, unitInfo, unitAncestor                      *family
	provinceInfo                                                                *family
	cadres, cadresByPoliticalTheory, cadresByEducation, cadresByLevels          *family
	trainings                                                                   *family
	youthPopulation, youthUnion, youthAssociation, youthGathered, youthReportAt *family
	recruitedWithoutExam, seats, vacantSeats, vacantSince                       *family

	cadreSums cadreSums
	unitKeys  unitKeys
}

// Options choose the breakdowns beyond those the dashboards and rules read.
type Options struct {
	// CadreLevels adds chitieu_cadres_by_levels, the active cadres by unit × political level ×
	// education level × full-time: up to 60 series a unit (serve --metrics-cadre-levels).
	CadreLevels bool
	// Province is the instance's province, exported as chitieu_province_info when set; Prometheus puts
	// the same code on every series as the target label province (README, "The province label").
	Province Province
}

// Province says which provincial union an instance serves (serve --province, --province-name).
type Province struct {
	Code, Name string
}

// NewCollector returns a collector of the source's snapshots; loc turns days into instants.
func NewCollector(source SnapshotSource, loc *time.Location, opts Options) *Collector {
	c := &Collector{
		source: source,
		loc:    loc,
		opts:   opts,

		targetInfo:    newFamily("target_info", "A plan target (chỉ tiêu); always 1.", "target", "plan", "name", "kind", "comparator"),
		threshold:     newFamily("target_threshold_ratio", "The ratio the target must reach.", "target", "plan"),
		tolerance:     newFamily("target_tolerance_ratio", "How far below the expected ratio the target is at risk rather than behind.", "target", "plan"),
		baselineRatio: newFamily("target_baseline_ratio", "The target's ratio on its baseline date.", "target", "plan"),
		baselineTime:  newFamily("target_baseline_timestamp_seconds", "Start of the target's baseline day.", "target", "plan"),
		deadlineTime:  newFamily("target_deadline_timestamp_seconds", "End of the target's deadline day.", "target", "plan"),
		numerator:     newFamily("target_numerator", "Today's numerator of the target's ratio.", "target", "plan"),
		denominator:   newFamily("target_denominator", "Today's denominator of the target's ratio.", "target", "plan"),
		ratio:         newFamily("target_ratio", "Today's ratio; absent while the denominator is 0.", "target", "plan"),
		expected:      newFamily("target_expected_ratio", "The ratio the schedule expects today.", "target", "plan"),
		projected:     newFamily("target_projected_ratio", "The ratio the target is headed for at its deadline.", "target", "plan"),
		status:        newFamily("target_status", "1 for the target's current status, 0 for the others.", "target", "plan", "status"),
		deadlineRatio: newFamily("target_deadline_ratio", "The ratio on the target's deadline day, which decides its status from then on; absent before the deadline and while undefined.", "target", "plan"),

		unitNumerator:   newFamily("unit_target_numerator", "The part of the target's numerator that a unit contributes.", "target", "plan", "unit"),
		unitDenominator: newFamily("unit_target_denominator", "The part of the target's denominator that a unit contributes.", "target", "plan", "unit"),
		unitInfo:        newFamily("unit_info", "A unit (đơn vị); always 1.", "unit", "name", "parent"),
		unitAncestor:    newFamily("unit_ancestor", "1 for each ancestor of a unit, the unit itself included: joined on unit, it sums a unit's subtree.", "unit", "ancestor"),
		provinceInfo:    newFamily("province_info", "The province (tỉnh) this instance serves; always 1.", "province", "name"),

		cadres:                  newFamily("cadres", "Active cadres by unit and full-time.", "unit", "full_time"),
		cadresByPoliticalTheory: newFamily("cadres_by_political_theory", "Active cadres by unit and current political theory level (none for no level).", "unit", "level"),
		cadresByEducation:       newFamily("cadres_by_education", "Active cadres by unit and current education level (none for no level).", "unit", "level"),
		cadresByLevels:          newFamily("cadres_by_levels", "Active cadres by unit, current levels and full-time (serve --metrics-cadre-levels).", "unit", "political_theory", "education", "full_time"),
		trainings:               newFamily("trainings", "Training records by kind and status.", "kind", "status"),

		youthPopulation:  newFamily("youth_population", "Youth population in the unit's own latest report.", "unit"),
		youthUnion:       newFamily("youth_union_members", "Union members (đoàn viên) in the unit's own latest report.", "unit"),
		youthAssociation: newFamily("youth_association_members", "Association members (hội viên) in the unit's own latest report.", "unit"),
		youthGathered:    newFamily("youth_gathered", "Youth gathered into the Union or the Association in the unit's own latest report.", "unit"),
		youthReportAt:    newFamily("youth_report_timestamp_seconds", "Start of the day of the unit's own latest report.", "unit"),

		recruitedWithoutExam: newFamily("cadres_recruited_without_exam", "Active full-time cadres of the unit who joined on or after the recruitment rule's start date, were not recruited in an exempt way and have no passed exam.", "unit"),
		seats:                newFamily("leadership_seats", "Seats of a leadership title (chức danh lãnh đạo) of the unit today.", "unit", "title"),
		vacantSeats:          newFamily("leadership_vacant_seats", "Seats of the title not held today by an active cadre.", "unit", "title"),
		vacantSince:          newFamily("leadership_vacant_since_timestamp_seconds", "Start of the day the oldest current vacancy of the title began; absent while none is vacant.", "unit", "title"),
	}
	cadreFamilies := []*family{c.cadres, c.cadresByPoliticalTheory, c.cadresByEducation}
	if opts.CadreLevels {
		cadreFamilies = append(cadreFamilies, c.cadresByLevels)
	}
	c.sections = []*section{
		{families: []*family{c.targetInfo, c.threshold, c.tolerance, c.baselineRatio, c.baselineTime, c.deadlineTime,
			c.numerator, c.denominator, c.ratio, c.expected, c.projected, c.status, c.deadlineRatio},
			source: func(s *chitieu.Snapshot) any { return idOf(s.Targets) }, fill: c.fillTargets},
		{families: []*family{c.unitNumerator, c.unitDenominator},
			source: func(s *chitieu.Snapshot) any { return idOf(s.Targets) }, fill: c.fillUnitParts},
		{families: []*family{c.unitInfo, c.unitAncestor},
			source: func(s *chitieu.Snapshot) any { return idOf(s.Units) }, fill: c.fillUnits},
		{families: []*family{c.provinceInfo}, source: func(*chitieu.Snapshot) any { return nil }, fill: c.fillProvince},
		{families: cadreFamilies, source: func(s *chitieu.Snapshot) any { return idOf(s.CadresByUnit) }, fill: c.fillCadres},
		{families: []*family{c.trainings}, source: func(s *chitieu.Snapshot) any { return idOf(s.Trainings) }, fill: c.fillTrainings},
		{families: []*family{c.youthPopulation, c.youthUnion, c.youthAssociation, c.youthGathered, c.youthReportAt},
			source: func(s *chitieu.Snapshot) any { return idOf(s.YouthReports) }, fill: c.fillYouth},
		{families: []*family{c.recruitedWithoutExam},
			source: func(s *chitieu.Snapshot) any { return idOf(s.RecruitedWithoutExam) }, fill: c.fillRecruited},
		{families: []*family{c.seats, c.vacantSeats, c.vacantSince},
			source: func(s *chitieu.Snapshot) any { return idOf(s.Leadership) }, fill: c.fillLeadership},
	}
	return c
}

// Describe sends every descriptor.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) { describe(c.sections, ch) }

// Collect sends the figures of the current snapshot.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	collect(c.sections, c.source.Snapshot(), ch)
}

func (c *Collector) fillTargets(s *chitieu.Snapshot, out []*series) {
	for _, tf := range s.Targets {
		t, p := tf.Target, tf.Progress
		out[0].add(1, t.Code, t.Plan, t.Name, string(t.Kind), string(t.Comparator))
		out[1].add(t.Threshold, t.Code, t.Plan)
		out[2].add(t.Tolerance, t.Code, t.Plan)
		out[3].add(p.BaselineRatio, t.Code, t.Plan)
		out[4].add(float64(t.BaselineDate.Start(c.loc).Unix()), t.Code, t.Plan)
		out[5].add(float64(t.Deadline.End(c.loc).Unix()), t.Code, t.Plan)
		out[6].add(float64(p.Numerator), t.Code, t.Plan)
		out[7].add(float64(p.Denominator), t.Code, t.Plan)
		if p.Ratio != nil {
			out[8].add(*p.Ratio, t.Code, t.Plan)
		}
		out[9].add(p.ExpectedRatio, t.Code, t.Plan)
		if p.ProjectedRatio != nil {
			out[10].add(*p.ProjectedRatio, t.Code, t.Plan)
		}
		for _, st := range chitieu.Statuses {
			out[11].add(boolValue(st == p.Status), t.Code, t.Plan, string(st))
		}
		if p.DeadlineRatio != nil {
			out[12].add(*p.DeadlineRatio, t.Code, t.Plan)
		}
	}
}

// fillUnitParts sends each target's part of each unit, by plan, target and unit: the order of
// the exposition.
func (c *Collector) fillUnitParts(s *chitieu.Snapshot, out []*series) {
	targets := slices.Clone(s.Targets)
	slices.SortFunc(targets, func(a, b chitieu.TargetFigures) int {
		return cmp.Or(cmp.Compare(a.Target.Plan, b.Target.Plan), cmp.Compare(a.Target.Code, b.Target.Code))
	})
	c.unitKeys.Lock()
	defer c.unitKeys.Unlock()
	for _, tf := range targets {
		t, p := tf.Target, tf.Progress
		for _, unit := range c.unitKeys.of([2]string{t.Plan, t.Code}, p.ByUnit) {
			counts := p.ByUnit[unit]
			out[0].add(float64(counts.Numerator), t.Code, t.Plan, unit)
			out[1].add(float64(counts.Denominator), t.Code, t.Plan, unit)
		}
	}
}

// unitKeys keeps each target's units with a part, in order, while they stay the same (most
// writes change a unit's part, not which units have one), which saves sorting them again.
type unitKeys struct {
	sync.Mutex
	byTarget map[[2]string][]string // by plan and target
}

// of returns the units of parts in order.
func (uk *unitKeys) of(target [2]string, parts map[string]chitieu.Counts) []string {
	if uk.byTarget == nil {
		uk.byTarget = map[[2]string][]string{}
	}
	units := uk.byTarget[target]
	same := len(units) == len(parts)
	for i := 0; same && i < len(units); i++ {
		_, same = parts[units[i]]
	}
	if !same {
		units = slices.Sorted(maps.Keys(parts))
		uk.byTarget[target] = units
	}
	return units
}

func (c *Collector) fillUnits(s *chitieu.Snapshot, out []*series) {
	parents := make(map[string]string, len(s.Units))
	for _, u := range s.Units {
		out[0].add(1, u.Code, u.Name, u.Parent)
		parents[u.Code] = u.Parent
	}
	for _, u := range s.Units {
		// The store refuses cycles; the bound keeps a broken tree from looping.
		for a, n := u.Code, 0; a != "" && n <= len(parents); a, n = parents[a], n+1 {
			out[1].add(1, u.Code, a)
		}
	}
}

func (c *Collector) fillProvince(_ *chitieu.Snapshot, out []*series) {
	if c.opts.Province.Code != "" {
		out[0].add(1, c.opts.Province.Code, c.opts.Province.Name)
	}
}

// fillCadres sends each unit's cadres summed by the breakdowns the dashboards read, and the
// four-way counts themselves when asked. Each breakdown's series go out by label value, then unit
// (the order of the exposition). A unit's sums are kept while its counts are the same slice,
// which a snapshot shares with the one before unless a write changed them: a batch of writes sums
// its units' counts again, not every unit's.
func (c *Collector) fillCadres(s *chitieu.Snapshot, out []*series) {
	c.cadreSums.Lock()
	defer c.cadreSums.Unlock()
	sums := c.cadreSums.of(s.CadresByUnit)
	for b := range cadreBreakdowns {
		values := c.cadreSums.values[b]
		order := make([]int, len(values))
		for k := range order {
			order[k] = k
		}
		slices.SortFunc(order, func(x, y int) int { return cmp.Compare(values[x], values[y]) })
		for _, k := range order {
			for u, counts := range s.CadresByUnit {
				if unit := sums[u][b]; k < len(unit) && unit[k] >= 0 {
					out[b].add(float64(unit[k]), counts[0].Unit, values[k])
				}
			}
		}
	}
	if c.opts.CadreLevels {
		for _, cc := range s.Cadres {
			out[3].add(float64(cc.Count), cc.Unit, levelLabel(cc.PoliticalTheory), levelLabel(cc.Education), strconv.FormatBool(cc.FullTime))
		}
	}
}

// cadreBreakdowns give the label value of each breakdown of the cadres a count is summed in.
var cadreBreakdowns = [...]func(chitieu.CadreCount) string{
	func(cc chitieu.CadreCount) string { return strconv.FormatBool(cc.FullTime) },
	func(cc chitieu.CadreCount) string { return levelLabel(cc.PoliticalTheory) },
	func(cc chitieu.CadreCount) string { return levelLabel(cc.Education) },
}

// cadreSums keeps each unit's cadres summed by breakdown, with the counts they were summed from.
type cadreSums struct {
	sync.Mutex
	values [len(cadreBreakdowns)][]string // each breakdown's label values, as first seen
	units  map[string]unitCadreSums
	out    [][len(cadreBreakdowns)][]int // what of returned last, its array reused
}

type unitCadreSums struct {
	counts sliceID // the unit's counts the sums were made from
	// sums are by breakdown, then value (an index in cadreSums.values; -1 or past the end
	// where no count of the unit has the value).
	sums [len(cadreBreakdowns)][]int
}

// of returns the sums of each unit of byUnit, summing only the units whose counts changed.
func (cs *cadreSums) of(byUnit [][]chitieu.CadreCount) [][len(cadreBreakdowns)][]int {
	if cs.units == nil {
		cs.units = map[string]unitCadreSums{}
	}
	out := slices.Grow(cs.out[:0], len(byUnit))[:len(byUnit)]
	cs.out = out
	for u, counts := range byUnit {
		unit := counts[0].Unit
		kept, ok := cs.units[unit]
		if !ok || kept.counts != idOf(counts) {
			kept = unitCadreSums{counts: idOf(counts)}
			for _, cc := range counts {
				for b, label := range cadreBreakdowns {
					v := label(cc)
					k := slices.Index(cs.values[b], v)
					if k < 0 {
						k, cs.values[b] = len(cs.values[b]), append(cs.values[b], v)
					}
					for len(kept.sums[b]) <= k {
						kept.sums[b] = append(kept.sums[b], -1)
					}
					kept.sums[b][k] = max(kept.sums[b][k], 0) + cc.Count
				}
			}
			cs.units[unit] = kept
		}
		out[u] = kept.sums
	}
	if len(cs.units) > len(byUnit) { // units without active cadres now: their sums go
		for unit := range cs.units {
			if _, found := slices.BinarySearchFunc(byUnit, unit, func(counts []chitieu.CadreCount, unit string) int {
				return cmp.Compare(counts[0].Unit, unit)
			}); !found {
				delete(cs.units, unit)
			}
		}
	}
	return out
}

func (c *Collector) fillTrainings(s *chitieu.Snapshot, out []*series) {
	for _, tc := range s.Trainings {
		out[0].add(float64(tc.Count), string(tc.Kind), string(tc.Status))
	}
}

func (c *Collector) fillYouth(s *chitieu.Snapshot, out []*series) {
	for _, r := range s.YouthReports {
		out[0].add(float64(r.YouthPopulation), r.Unit)
		out[1].add(float64(r.UnionMembers), r.Unit)
		out[2].add(float64(r.AssociationMembers), r.Unit)
		out[3].add(float64(r.Gathered), r.Unit)
		out[4].add(float64(r.ReportedOn.Start(c.loc).Unix()), r.Unit)
	}
}

func (c *Collector) fillRecruited(s *chitieu.Snapshot, out []*series) {
	for _, u := range s.RecruitedWithoutExam {
		out[0].add(float64(u.Count), u.Unit)
	}
}

func (c *Collector) fillLeadership(s *chitieu.Snapshot, out []*series) {
	for _, f := range s.Leadership {
		out[0].add(float64(f.Seats), f.Unit, f.Title)
		out[1].add(float64(f.Vacant), f.Unit, f.Title)
		if !f.VacantSince.IsZero() {
			out[2].add(float64(f.VacantSince.Start(c.loc).Unix()), f.Unit, f.Title)
		}
	}
}

func levelLabel(l chitieu.Level) string {
	if l == chitieu.LevelNone {
		return "none"
	}
	return string(l)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
