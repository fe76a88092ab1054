package metrics_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"chitieu/internal/chitieu"
	"chitieu/internal/metrics"
)

type fixedSnapshot struct{ s *chitieu.Snapshot }

func (f fixedSnapshot) Snapshot() *chitieu.Snapshot { return f.s }

func date(s string) chitieu.Date {
	d, err := chitieu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestCollector(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "ban-a", Name: "Ban A", Parent: "tinh"})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "Nguyễn Văn An", Unit: "ban-a", FullTime: true, JoinedOn: date("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 2, FullName: "Trần Thị Bình", Unit: "tinh", FullTime: true, JoinedOn: date("2013-01-01")})
	ds.PutTraining(chitieu.Training{ID: 1, CadreID: 1, Kind: chitieu.PoliticalTheory, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: date("2014-01-01")})
	ds.PutTraining(chitieu.Training{ID: 2, CadreID: 2, Kind: chitieu.PoliticalTheory, Level: "trung_cap", Status: chitieu.InProgress, ExpectedOn: date("2016-01-01")})
	ds.PutYouthReport(chitieu.YouthReport{ID: 1, Unit: "ban-a", ReportedOn: date("2015-01-01"), YouthPopulation: 100, UnionMembers: 50, AssociationMembers: 30, Gathered: 70})
	target := chitieu.NewTarget()
	target.Code, target.Name, target.Kind, target.MinLevel, target.ScopeUnit = "llct", "Lý luận chính trị", chitieu.TargetPoliticalTheory, "trung_cap", "tinh"
	target.Threshold, target.BaselineDate, target.Deadline = 0.8, date("2013-01-01"), date("2015-12-31")
	target.Plan = "ke-hoach-2013" // the youth target is in no plan: its plan label is empty
	ds.PutTarget(target)
	youth := chitieu.NewTarget()
	youth.Code, youth.Name, youth.Kind, youth.ScopeUnit, youth.Comparator = "tap-hop", "Tập hợp thanh niên", chitieu.TargetYouthGathering, "tinh", chitieu.Over
	youth.Threshold, youth.BaselineDate, youth.Deadline = 0.65, date("2013-01-01"), date("2015-12-31")
	ds.PutTarget(youth)

	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	// On 2016-01-01 both deadlines have passed: one cadre in two qualifies (missed); 70 of 100
	// youth are gathered (achieved). The baseline day starts at 2012-12-31T17:00Z, the deadline
	// day ends at 2015-12-31T17:00Z.
	c := metrics.NewCollector(fixedSnapshot{ds.Snapshot(date("2016-01-01"))}, hcm, metrics.Options{})
	want := `
# HELP chitieu_target_ratio Today's ratio; absent while the denominator is 0.
# TYPE chitieu_target_ratio gauge
chitieu_target_ratio{plan="ke-hoach-2013",target="llct"} 0.5
chitieu_target_ratio{plan="",target="tap-hop"} 0.7
# HELP chitieu_target_status 1 for the target's current status, 0 for the others.
# TYPE chitieu_target_status gauge
chitieu_target_status{plan="ke-hoach-2013",status="achieved",target="llct"} 0
chitieu_target_status{plan="",status="achieved",target="tap-hop"} 1
chitieu_target_status{plan="ke-hoach-2013",status="at_risk",target="llct"} 0
chitieu_target_status{plan="",status="at_risk",target="tap-hop"} 0
chitieu_target_status{plan="ke-hoach-2013",status="behind",target="llct"} 0
chitieu_target_status{plan="",status="behind",target="tap-hop"} 0
chitieu_target_status{plan="ke-hoach-2013",status="missed",target="llct"} 1
chitieu_target_status{plan="",status="missed",target="tap-hop"} 0
chitieu_target_status{plan="ke-hoach-2013",status="not_started",target="llct"} 0
chitieu_target_status{plan="",status="not_started",target="tap-hop"} 0
chitieu_target_status{plan="ke-hoach-2013",status="on_track",target="llct"} 0
chitieu_target_status{plan="",status="on_track",target="tap-hop"} 0
# HELP chitieu_target_deadline_ratio The ratio on the target's deadline day, which decides its status from then on; absent before the deadline and while undefined.
# TYPE chitieu_target_deadline_ratio gauge
chitieu_target_deadline_ratio{plan="ke-hoach-2013",target="llct"} 0.5
chitieu_target_deadline_ratio{plan="",target="tap-hop"} 0.7
# HELP chitieu_target_baseline_timestamp_seconds Start of the target's baseline day.
# TYPE chitieu_target_baseline_timestamp_seconds gauge
chitieu_target_baseline_timestamp_seconds{plan="ke-hoach-2013",target="llct"} 1.3569732e+09
chitieu_target_baseline_timestamp_seconds{plan="",target="tap-hop"} 1.3569732e+09
# HELP chitieu_target_deadline_timestamp_seconds End of the target's deadline day.
# TYPE chitieu_target_deadline_timestamp_seconds gauge
chitieu_target_deadline_timestamp_seconds{plan="ke-hoach-2013",target="llct"} 1.4515812e+09
chitieu_target_deadline_timestamp_seconds{plan="",target="tap-hop"} 1.4515812e+09
# HELP chitieu_unit_target_numerator The part of the target's numerator that a unit contributes.
# TYPE chitieu_unit_target_numerator gauge
chitieu_unit_target_numerator{plan="ke-hoach-2013",target="llct",unit="ban-a"} 1
chitieu_unit_target_numerator{plan="ke-hoach-2013",target="llct",unit="tinh"} 0
chitieu_unit_target_numerator{plan="",target="tap-hop",unit="ban-a"} 70
# HELP chitieu_cadres Active cadres by unit and full-time.
# TYPE chitieu_cadres gauge
chitieu_cadres{full_time="true",unit="ban-a"} 1
chitieu_cadres{full_time="true",unit="tinh"} 1
# HELP chitieu_cadres_by_political_theory Active cadres by unit and current political theory level (none for no level).
# TYPE chitieu_cadres_by_political_theory gauge
chitieu_cadres_by_political_theory{level="trung_cap",unit="ban-a"} 1
chitieu_cadres_by_political_theory{level="none",unit="tinh"} 1
# HELP chitieu_cadres_by_education Active cadres by unit and current education level (none for no level).
# TYPE chitieu_cadres_by_education gauge
chitieu_cadres_by_education{level="none",unit="ban-a"} 1
chitieu_cadres_by_education{level="none",unit="tinh"} 1
# HELP chitieu_trainings Training records by kind and status.
# TYPE chitieu_trainings gauge
chitieu_trainings{kind="political_theory",status="completed"} 1
chitieu_trainings{kind="political_theory",status="in_progress"} 1
# HELP chitieu_youth_gathered Youth gathered into the Union or the Association in the unit's own latest report.
# TYPE chitieu_youth_gathered gauge
chitieu_youth_gathered{unit="ban-a"} 70
# HELP chitieu_unit_info A unit (đơn vị); always 1.
# TYPE chitieu_unit_info gauge
chitieu_unit_info{name="Ban A",parent="tinh",unit="ban-a"} 1
chitieu_unit_info{name="Tỉnh Đoàn",parent="",unit="tinh"} 1
`
	names := []string{"chitieu_target_ratio", "chitieu_target_status", "chitieu_target_deadline_ratio", "chitieu_target_baseline_timestamp_seconds",
		"chitieu_target_deadline_timestamp_seconds", "chitieu_unit_target_numerator", "chitieu_cadres",
		"chitieu_cadres_by_political_theory", "chitieu_cadres_by_education", "chitieu_cadres_by_levels", "chitieu_trainings", "chitieu_youth_gathered", "chitieu_unit_info"}
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}

	// The four-way breakdown only when asked.
	c = metrics.NewCollector(fixedSnapshot{ds.Snapshot(date("2016-01-01"))}, hcm, metrics.Options{CadreLevels: true})
	if err := testutil.CollectAndCompare(c, strings.NewReader(`
# HELP chitieu_cadres_by_levels Active cadres by unit, current levels and full-time (serve --metrics-cadre-levels).
# TYPE chitieu_cadres_by_levels gauge
chitieu_cadres_by_levels{education="none",full_time="true",political_theory="none",unit="tinh"} 1
chitieu_cadres_by_levels{education="none",full_time="true",political_theory="trung_cap",unit="ban-a"} 1
`), "chitieu_cadres_by_levels"); err != nil {
		t.Errorf("with CadreLevels: %v", err)
	}

	// Before the deadlines there is no verdict yet; before the baselines, no start.
	c = metrics.NewCollector(fixedSnapshot{ds.Snapshot(date("2015-12-30"))}, hcm, metrics.Options{})
	if n := testutil.CollectAndCount(c, "chitieu_target_deadline_ratio"); n != 0 {
		t.Errorf("%d deadline ratios the day before the deadline, want none", n)
	}
	c = metrics.NewCollector(fixedSnapshot{ds.Snapshot(date("2012-12-31"))}, hcm, metrics.Options{})
	if err := testutil.CollectAndCompare(c, strings.NewReader(`
# HELP chitieu_target_status 1 for the target's current status, 0 for the others.
# TYPE chitieu_target_status gauge
chitieu_target_status{plan="ke-hoach-2013",status="achieved",target="llct"} 0
chitieu_target_status{plan="",status="achieved",target="tap-hop"} 0
chitieu_target_status{plan="ke-hoach-2013",status="at_risk",target="llct"} 0
chitieu_target_status{plan="",status="at_risk",target="tap-hop"} 0
chitieu_target_status{plan="ke-hoach-2013",status="behind",target="llct"} 0
chitieu_target_status{plan="",status="behind",target="tap-hop"} 0
chitieu_target_status{plan="ke-hoach-2013",status="missed",target="llct"} 0
chitieu_target_status{plan="",status="missed",target="tap-hop"} 0
chitieu_target_status{plan="ke-hoach-2013",status="not_started",target="llct"} 1
chitieu_target_status{plan="",status="not_started",target="tap-hop"} 1
chitieu_target_status{plan="ke-hoach-2013",status="on_track",target="llct"} 0
chitieu_target_status{plan="",status="on_track",target="tap-hop"} 0
`), "chitieu_target_status"); err != nil {
		t.Errorf("the day before the baselines: %v", err)
	}

	// A target whose population is empty exports no ratio sample at all.
	empty := target
	empty.Code, empty.ScopeUnit = "trong", "ban-a"
	ds.RemoveCadre(1)
	ds.PutTarget(empty)
	c = metrics.NewCollector(fixedSnapshot{ds.Snapshot(date("2016-01-01"))}, hcm, metrics.Options{})
	// llct still has Trần Thị Bình (0 of 1); trong has nobody in ban-a now.
	if n := testutil.CollectAndCount(c, "chitieu_target_ratio"); n != 2 {
		t.Errorf("%d ratio samples, want 2 (llct and tap-hop; trong is undefined)", n)
	}
}

// TestCollectorProvinceAndAncestors: the province's info, and each unit's ancestors with itself,
// worked out by hand for a tree three deep.
func TestCollectorProvinceAndAncestors(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "co-quan", Name: "Cơ quan", Parent: "tinh"})
	ds.PutUnit(chitieu.Unit{Code: "van-phong", Name: "Văn phòng", Parent: "co-quan"})
	ds.PutUnit(chitieu.Unit{Code: "xa-a", Name: "Xã A", Parent: "tinh"})
	c := metrics.NewCollector(fixedSnapshot{ds.Snapshot(date("2016-01-01"))}, time.UTC,
		metrics.Options{Province: metrics.Province{Code: "kien-giang", Name: "Tỉnh Đoàn Kiên Giang"}})
	if err := testutil.CollectAndCompare(c, strings.NewReader(`
# HELP chitieu_province_info The province (tỉnh) this instance serves; always 1.
# TYPE chitieu_province_info gauge
chitieu_province_info{name="Tỉnh Đoàn Kiên Giang",province="kien-giang"} 1
# HELP chitieu_unit_ancestor 1 for each ancestor of a unit, the unit itself included: joined on unit, it sums a unit's subtree.
# TYPE chitieu_unit_ancestor gauge
chitieu_unit_ancestor{ancestor="tinh",unit="tinh"} 1
chitieu_unit_ancestor{ancestor="co-quan",unit="co-quan"} 1
chitieu_unit_ancestor{ancestor="tinh",unit="co-quan"} 1
chitieu_unit_ancestor{ancestor="van-phong",unit="van-phong"} 1
chitieu_unit_ancestor{ancestor="co-quan",unit="van-phong"} 1
chitieu_unit_ancestor{ancestor="tinh",unit="van-phong"} 1
chitieu_unit_ancestor{ancestor="xa-a",unit="xa-a"} 1
chitieu_unit_ancestor{ancestor="tinh",unit="xa-a"} 1
`), "chitieu_province_info", "chitieu_unit_ancestor"); err != nil {
		t.Error(err)
	}
}
