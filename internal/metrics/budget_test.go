package metrics_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"chitieu/internal/chitieu"
	"chitieu/internal/metrics"
)

// seriesBudget is the most series a unit may have of each metric with a unit label, with T
// targets, L leadership titles and units D levels deep (the root is 1 deep): the series budget per
// unit in docs/monitoring.md.
func seriesBudget(targets, titles, depth int, opts metrics.Options) map[string]int {
	b := map[string]int{
		"chitieu_unit_info":                                 1,
		"chitieu_unit_ancestor":                             depth, // the unit and each unit above it
		"chitieu_unit_target_numerator":                     targets,
		"chitieu_unit_target_denominator":                   targets,
		"chitieu_cadres":                                    2, // full-time or not
		"chitieu_cadres_by_political_theory":                5, // none and 4 levels
		"chitieu_cadres_by_education":                       6, // none and 5 levels
		"chitieu_youth_population":                          1,
		"chitieu_youth_union_members":                       1,
		"chitieu_youth_association_members":                 1,
		"chitieu_youth_gathered":                            1,
		"chitieu_youth_report_timestamp_seconds":            1,
		"chitieu_cadres_recruited_without_exam":             1,
		"chitieu_leadership_seats":                          titles,
		"chitieu_leadership_vacant_seats":                   titles,
		"chitieu_leadership_vacant_since_timestamp_seconds": titles,
	}
	if opts.CadreLevels {
		b["chitieu_cadres_by_levels"] = 2 * 5 * 6
	}
	return b
}

// worstPlan has units under a province, each with a cadre of every pair of levels, full-time
// and not (the most cadre series a unit can have), a youth report, and titles of which one is
// vacant; and four targets over the province in two plans (targetPlans): a target belongs to one
// plan, so the plan label adds no series.
func worstPlan(units int) *chitieu.Dataset {
	ds := chitieu.NewDataset()
	political := []chitieu.Level{"", "so_cap", "trung_cap", "cao_cap", "cu_nhan"}
	education := []chitieu.Level{"", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"}
	var cadre, training, position int64
	for i := range units {
		code, parent := fmt.Sprintf("don-vi-%d", i), fmt.Sprintf("don-vi-%d", i/10)
		if i == 0 {
			parent = ""
		}
		ds.PutUnit(chitieu.Unit{Code: code, Name: "Đơn vị " + code, Parent: parent})
		ds.PutYouthReport(chitieu.YouthReport{ID: int64(i + 1), Unit: code, ReportedOn: date("2015-01-01"),
			YouthPopulation: 100, UnionMembers: 50, AssociationMembers: 30, Gathered: 70})
		for _, pt := range political {
			for _, edu := range education {
				for _, fullTime := range []bool{true, false} {
					cadre++
					ds.PutCadre(chitieu.Cadre{ID: cadre, FullName: "Cán bộ", Unit: code, FullTime: fullTime, JoinedOn: date("2014-01-01")})
					for kind, level := range map[chitieu.TrainingKind]chitieu.Level{chitieu.PoliticalTheory: pt, chitieu.Education: edu} {
						if level != "" {
							training++
							ds.PutTraining(chitieu.Training{ID: training, CadreID: cadre, Kind: kind, Level: level,
								Status: chitieu.Completed, CompletedOn: date("2014-06-30")})
						}
					}
				}
			}
		}
		for j, title := range []string{"Bí thư", "Phó Bí thư"} {
			position++
			ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: position, Unit: code, Title: title, Seats: 1 + j, CreatedOn: date("2013-01-01")}})
			if j == 0 {
				ds.Apply(chitieu.Change{Assignment: &chitieu.Assignment{ID: position, PositionID: position, CadreID: cadre, StartedOn: date("2014-01-01")}})
			}
		}
	}
	for _, t := range []chitieu.Target{
		{Code: "ly-luan-chinh-tri", Kind: chitieu.TargetPoliticalTheory, MinLevel: "trung_cap", FullTimeOnly: true, Comparator: chitieu.AtLeast, Threshold: 0.8},
		{Code: "dai-hoc", Kind: chitieu.TargetEducation, MinLevel: "dai_hoc", FullTimeOnly: true, Comparator: chitieu.AtLeast, Threshold: 0.95},
		{Code: "tap-hop-thanh-nien", Kind: chitieu.TargetYouthGathering, Comparator: chitieu.Over, Threshold: 0.65},
		{Code: "boi-duong", Kind: chitieu.TargetProfessionalTraining, FullTimeOnly: true, Comparator: chitieu.AtLeast, Threshold: 0.6, WindowDays: 730},
	} {
		t.Name, t.ScopeUnit, t.Plan = t.Code, "don-vi-0", targetPlans[t.Code]
		t.BaselineDate, t.Deadline, t.Tolerance = date("2013-01-01"), date("2030-12-31"), 0.05
		ds.PutTarget(t)
	}
	return ds
}

// targetPlans are the plans of worstPlan's targets.
var targetPlans = map[string]string{"ly-luan-chinh-tri": "ke-hoach-2013", "dai-hoc": "ke-hoach-2013",
	"tap-hop-thanh-nien": "nhiem-ky-2022-2027", "boi-duong": "nhiem-ky-2022-2027"}

// TestSeriesBudget counts the series of each unit, in a plan that gives a unit every series it
// can have, against the budget: each metric with a unit label has a budget, and no unit goes over.
func TestSeriesBudget(t *testing.T) {
	const units, targets, titles, depth = 300, 4, 2, 4 // don-vi-299 ← 29 ← 2 ← 0
	snap := worstPlan(units).Snapshot(date("2016-01-01"))
	for _, opts := range []metrics.Options{{}, {CadreLevels: true}} {
		t.Run(fmt.Sprintf("%+v", opts), func(t *testing.T) {
			budget := seriesBudget(targets, titles, depth, opts)
			total := 0
			for _, n := range budget {
				total += n
			}
			reg := prometheus.NewRegistry()
			reg.MustRegister(metrics.NewCollector(fixedSnapshot{snap}, time.UTC, opts))
			families, err := reg.Gather()
			if err != nil {
				t.Fatal(err)
			}
			perUnit := map[string]map[string]int{} // unit → metric → series
			for _, mf := range families {
				for _, m := range mf.GetMetric() {
					labels := map[string]string{}
					for _, l := range m.GetLabel() {
						labels[l.GetName()] = l.GetValue()
					}
					if target, ok := labels["target"]; ok && labels["plan"] != targetPlans[target] {
						t.Fatalf("%s %v: want the plan label %q", mf.GetName(), labels, targetPlans[target])
					}
					for _, l := range m.GetLabel() {
						if l.GetName() == "unit" {
							if perUnit[l.GetValue()] == nil {
								perUnit[l.GetValue()] = map[string]int{}
							}
							perUnit[l.GetValue()][mf.GetName()]++
						}
					}
				}
			}
			if len(perUnit) != units {
				t.Fatalf("series of %d units, want %d", len(perUnit), units)
			}
			most := 0
			for unit, counts := range perUnit {
				sum := 0
				for name, n := range counts {
					b, ok := budget[name]
					if !ok {
						t.Fatalf("%s has a unit label and no budget", name)
					}
					if n > b {
						t.Errorf("%s: %d series of %s, budget %d", unit, n, name, b)
					}
					sum += n
				}
				most = max(most, sum)
				// Every unit has every cadre series it can have: the plan reaches the budget.
				for _, name := range []string{"chitieu_cadres", "chitieu_cadres_by_political_theory", "chitieu_cadres_by_education", "chitieu_cadres_by_levels"} {
					if counts[name] != budget[name] {
						t.Errorf("%s: %d series of %s, want the budget's %d", unit, counts[name], name, budget[name])
					}
				}
			}
			if n := perUnit["don-vi-299"]["chitieu_unit_ancestor"]; n != depth {
				t.Errorf("don-vi-299 has %d ancestor series, want the budget's %d", n, depth)
			}
			if most > total {
				t.Errorf("a unit has %d series, budget %d", most, total)
			}
			t.Logf("%d units, at most %d series a unit (budget %d with %d targets, %d titles)", units, most, total, targets, titles)
		})
	}
}
