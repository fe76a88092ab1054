// Package metrics exports the service's figures to Prometheus: a Collector that reads the
// snapshot kept in memory at scrape time (as node_exporter's collectors do), and the HTTP
// request metrics. Constructors take the registerer; only main touches a global.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"chitieu/internal/chitieu"
)

// SnapshotSource gives the current figures.
type SnapshotSource interface {
	Snapshot() *chitieu.Snapshot
}

const namespace = "chitieu"

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(namespace, "", name), help, labels, nil)
}

// Collector turns the snapshot into metrics at each scrape; it reads no table.
type Collector struct {
	source SnapshotSource
	loc    *time.Location
	opts   Options

	targetInfo, threshold, tolerance, baselineRatio, baselineTime, deadlineTime *prometheus.Desc
	numerator, denominator, ratio, expected, projected, status                  *prometheus.Desc
	deadlineRatio                                                               *prometheus.Desc
	unitNumerator, unitDenominator, unitInfo, unitAncestor                      *prometheus.Desc
	provinceInfo                                                                *prometheus.Desc
	cadres, cadresByPoliticalTheory, cadresByEducation, cadresByLevels          *prometheus.Desc
	trainings                                                                   *prometheus.Desc
	youthPopulation, youthUnion, youthAssociation, youthGathered, youthReportAt *prometheus.Desc
	recruitedWithoutExam, seats, vacantSeats, vacantSince                       *prometheus.Desc
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
	return &Collector{
		source: source,
		loc:    loc,
		opts:   opts,

		targetInfo:    desc("target_info", "A plan target (chỉ tiêu); always 1.", "target", "plan", "name", "kind", "comparator"),
		threshold:     desc("target_threshold_ratio", "The ratio the target must reach.", "target", "plan"),
		tolerance:     desc("target_tolerance_ratio", "How far below the expected ratio the target is at risk rather than behind.", "target", "plan"),
		baselineRatio: desc("target_baseline_ratio", "The target's ratio on its baseline date.", "target", "plan"),
		baselineTime:  desc("target_baseline_timestamp_seconds", "Start of the target's baseline day.", "target", "plan"),
		deadlineTime:  desc("target_deadline_timestamp_seconds", "End of the target's deadline day.", "target", "plan"),
		numerator:     desc("target_numerator", "Today's numerator of the target's ratio.", "target", "plan"),
		denominator:   desc("target_denominator", "Today's denominator of the target's ratio.", "target", "plan"),
		ratio:         desc("target_ratio", "Today's ratio; absent while the denominator is 0.", "target", "plan"),
		expected:      desc("target_expected_ratio", "The ratio the schedule expects today.", "target", "plan"),
		projected:     desc("target_projected_ratio", "The ratio the target is headed for at its deadline.", "target", "plan"),
		status:        desc("target_status", "1 for the target's current status, 0 for the others.", "target", "plan", "status"),
		deadlineRatio: desc("target_deadline_ratio", "The ratio on the target's deadline day, which decides its status from then on; absent before the deadline and while undefined.", "target", "plan"),

		unitNumerator:   desc("unit_target_numerator", "The part of the target's numerator that a unit contributes.", "target", "plan", "unit"),
		unitDenominator: desc("unit_target_denominator", "The part of the target's denominator that a unit contributes.", "target", "plan", "unit"),
		unitInfo:        desc("unit_info", "A unit (đơn vị); always 1.", "unit", "name", "parent"),
		unitAncestor:    desc("unit_ancestor", "1 for each ancestor of a unit, the unit itself included: joined on unit, it sums a unit's subtree.", "unit", "ancestor"),
		provinceInfo:    desc("province_info", "The province (tỉnh) this instance serves; always 1.", "province", "name"),

		cadres:                  desc("cadres", "Active cadres by unit and full-time.", "unit", "full_time"),
		cadresByPoliticalTheory: desc("cadres_by_political_theory", "Active cadres by unit and current political theory level (none for no level).", "unit", "level"),
		cadresByEducation:       desc("cadres_by_education", "Active cadres by unit and current education level (none for no level).", "unit", "level"),
		cadresByLevels:          desc("cadres_by_levels", "Active cadres by unit, current levels and full-time (serve --metrics-cadre-levels).", "unit", "political_theory", "education", "full_time"),
		trainings:               desc("trainings", "Training records by kind and status.", "kind", "status"),

		youthPopulation:  desc("youth_population", "Youth population in the unit's own latest report.", "unit"),
		youthUnion:       desc("youth_union_members", "Union members (đoàn viên) in the unit's own latest report.", "unit"),
		youthAssociation: desc("youth_association_members", "Association members (hội viên) in the unit's own latest report.", "unit"),
		youthGathered:    desc("youth_gathered", "Youth gathered into the Union or the Association in the unit's own latest report.", "unit"),
		youthReportAt:    desc("youth_report_timestamp_seconds", "Start of the day of the unit's own latest report.", "unit"),

		recruitedWithoutExam: desc("cadres_recruited_without_exam", "Active full-time cadres of the unit who joined on or after the recruitment rule's start date, were not recruited in an exempt way and have no passed exam.", "unit"),
		seats:                desc("leadership_seats", "Seats of a leadership title (chức danh lãnh đạo) of the unit today.", "unit", "title"),
		vacantSeats:          desc("leadership_vacant_seats", "Seats of the title not held today by an active cadre.", "unit", "title"),
		vacantSince:          desc("leadership_vacant_since_timestamp_seconds", "Start of the day the oldest current vacancy of the title began; absent while none is vacant.", "unit", "title"),
	}
}

// Describe sends every descriptor.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{
		c.targetInfo, c.threshold, c.tolerance, c.baselineRatio, c.baselineTime, c.deadlineTime,
		c.numerator, c.denominator, c.ratio, c.expected, c.projected, c.status, c.deadlineRatio,
		c.unitNumerator, c.unitDenominator, c.unitInfo, c.unitAncestor, c.provinceInfo,
		c.cadres, c.cadresByPoliticalTheory, c.cadresByEducation, c.trainings,
		c.youthPopulation, c.youthUnion, c.youthAssociation, c.youthGathered, c.youthReportAt,
		c.recruitedWithoutExam, c.seats, c.vacantSeats, c.vacantSince,
	} {
		ch <- d
	}
	if c.opts.CadreLevels {
		ch <- c.cadresByLevels
	}
}

// Collect sends the figures of the current snapshot.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	s := c.source.Snapshot()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, tf := range s.Targets {
		t, p := tf.Target, tf.Progress
		gauge(c.targetInfo, 1, t.Code, t.Plan, t.Name, string(t.Kind), string(t.Comparator))
		gauge(c.threshold, t.Threshold, t.Code, t.Plan)
		gauge(c.tolerance, t.Tolerance, t.Code, t.Plan)
		gauge(c.baselineRatio, p.BaselineRatio, t.Code, t.Plan)
		gauge(c.baselineTime, float64(t.BaselineDate.Start(c.loc).Unix()), t.Code, t.Plan)
		gauge(c.deadlineTime, float64(t.Deadline.End(c.loc).Unix()), t.Code, t.Plan)
		gauge(c.numerator, float64(p.Numerator), t.Code, t.Plan)
		gauge(c.denominator, float64(p.Denominator), t.Code, t.Plan)
		if p.Ratio != nil {
			gauge(c.ratio, *p.Ratio, t.Code, t.Plan)
		}
		gauge(c.expected, p.ExpectedRatio, t.Code, t.Plan)
		if p.ProjectedRatio != nil {
			gauge(c.projected, *p.ProjectedRatio, t.Code, t.Plan)
		}
		if p.DeadlineRatio != nil {
			gauge(c.deadlineRatio, *p.DeadlineRatio, t.Code, t.Plan)
		}
		for _, st := range chitieu.Statuses {
			gauge(c.status, boolValue(st == p.Status), t.Code, t.Plan, string(st))
		}
		for unit, counts := range p.ByUnit {
			gauge(c.unitNumerator, float64(counts.Numerator), t.Code, t.Plan, unit)
			gauge(c.unitDenominator, float64(counts.Denominator), t.Code, t.Plan, unit)
		}
	}
	if c.opts.Province.Code != "" {
		gauge(c.provinceInfo, 1, c.opts.Province.Code, c.opts.Province.Name)
	}
	parents := make(map[string]string, len(s.Units))
	for _, u := range s.Units {
		gauge(c.unitInfo, 1, u.Code, u.Name, u.Parent)
		parents[u.Code] = u.Parent
	}
	for _, u := range s.Units {
		// The store refuses cycles; the bound keeps a broken tree from looping.
		for a, n := u.Code, 0; a != "" && n <= len(parents); a, n = parents[a], n+1 {
			gauge(c.unitAncestor, 1, u.Code, a)
		}
	}
	c.collectCadres(s.Cadres, gauge)
	for _, tc := range s.Trainings {
		gauge(c.trainings, float64(tc.Count), string(tc.Kind), string(tc.Status))
	}
	for _, r := range s.YouthReports {
		gauge(c.youthPopulation, float64(r.YouthPopulation), r.Unit)
		gauge(c.youthUnion, float64(r.UnionMembers), r.Unit)
		gauge(c.youthAssociation, float64(r.AssociationMembers), r.Unit)
		gauge(c.youthGathered, float64(r.Gathered), r.Unit)
		gauge(c.youthReportAt, float64(r.ReportedOn.Start(c.loc).Unix()), r.Unit)
	}
	for _, u := range s.RecruitedWithoutExam {
		gauge(c.recruitedWithoutExam, float64(u.Count), u.Unit)
	}
	for _, f := range s.Leadership {
		gauge(c.seats, float64(f.Seats), f.Unit, f.Title)
		gauge(c.vacantSeats, float64(f.Vacant), f.Unit, f.Title)
		if !f.VacantSince.IsZero() {
			gauge(c.vacantSince, float64(f.VacantSince.Start(c.loc).Unix()), f.Unit, f.Title)
		}
	}
}

// collectCadres sends the cadres summed over the snapshot's four-way counts into the breakdowns
// the dashboards read, and the four-way counts themselves when asked.
func (c *Collector) collectCadres(counts []chitieu.CadreCount, gauge func(*prometheus.Desc, float64, ...string)) {
	type key struct{ unit, value string }
	fullTime, political, education := map[key]int{}, map[key]int{}, map[key]int{}
	for _, cc := range counts {
		fullTime[key{cc.Unit, strconv.FormatBool(cc.FullTime)}] += cc.Count
		political[key{cc.Unit, levelLabel(cc.PoliticalTheory)}] += cc.Count
		education[key{cc.Unit, levelLabel(cc.Education)}] += cc.Count
		if c.opts.CadreLevels {
			gauge(c.cadresByLevels, float64(cc.Count), cc.Unit, levelLabel(cc.PoliticalTheory), levelLabel(cc.Education), strconv.FormatBool(cc.FullTime))
		}
	}
	for d, m := range map[*prometheus.Desc]map[key]int{c.cadres: fullTime, c.cadresByPoliticalTheory: political, c.cadresByEducation: education} {
		for k, n := range m {
			gauge(d, float64(n), k.unit, k.value)
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
