package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/table"
)

// The selected target and units. The history, which only the service's remote read holds,
// is filtered by the units themselves: the subtrees are known only from the scraped series.
const (
	oneTarget    = `{target="$target"}`
	unitOfTarget = `{target="$target", unit=~"$unit"}`
)

// inSubtree keeps the series of the units in the subtrees of the selected units (each unit
// once), as the API and the pages count a unit: the unit filter means the subtree.
func inSubtree(expr string) string {
	return "(" + expr + `) and on (province, unit) chitieu_unit_ancestor{ancestor=~"$unit"}`
}

// staleReports selects the youth reports older than the age the rules allow (one series,
// although Thanos Query shows each province's copy of the setting with its province).
var staleReports = `(time() - max by (province, unit) (` + inSubtree("chitieu_youth_report_timestamp_seconds") + `)) / 86400` +
	` > on () group_left () max(chitieu:youth_report_max_age:days)`

// unitsUID is the uid of the per-unit view, which the overview's tables link to.
const unitsUID = "chitieu-don-vi"

func units() *dashboard.DashboardBuilder {
	return newDashboard(unitsUID, "Theo đơn vị",
		"Phần đóng góp của từng đơn vị vào mỗi chỉ tiêu, số liệu tập hợp thanh niên theo đơn vị và các đơn vị quá hạn báo cáo.",
		PlanFrom).
		WithVariable(labelVariable("target", "Chỉ tiêu", "chitieu_target_info", "target", false)).
		WithVariable(labelVariable("unit", "Đơn vị", "chitieu_unit_info", "unit", true)).
		WithRow(dashboard.NewRowBuilder("Đóng góp của các đơn vị cho chỉ tiêu $target")).
		WithPanel(panel(table.NewPanelBuilder(), "Đóng góp của từng đơn vị",
			"Với chỉ tiêu đã chọn, mỗi đơn vị: số đạt và tổng số của riêng đơn vị (cán bộ theo đơn vị công tác, thanh niên theo đơn vị có báo cáo được dùng), tỷ lệ của đơn vị, và phần đơn vị đóng góp vào tỷ lệ chung (cộng lại bằng tỷ lệ của chỉ tiêu).",
			unitRatio, 24, 9,
			tableQuery(withUnitName(inSubtree("target_unit:chitieu_unit_target_numerator:sum"+oneTarget))),
			tableQuery(withUnitName(inSubtree("target_unit:chitieu_unit_target_denominator:sum"+oneTarget))),
			tableQuery(withUnitName(inSubtree("target_unit:chitieu_unit_target_ratio:ratio"+oneTarget))),
			tableQuery(withUnitName(inSubtree("target_unit:chitieu_unit_target_contribution:ratio"+oneTarget)))).
			WithTransformation(merge).
			WithTransformation(organize([]string{"Time", "target"},
				[2]string{"name", "Đơn vị"},
				[2]string{"unit", "Mã đơn vị"},
				[2]string{"Value #A", "Đạt"},
				[2]string{"Value #B", "Tổng số"},
				[2]string{"Value #C", "Tỷ lệ của đơn vị"},
				[2]string{"Value #D", "Đóng góp vào tỷ lệ chung"})).
			OverrideByName("Đạt", []dashboard.DynamicConfigValue{property("unit", unitCount)}).
			OverrideByName("Tổng số", []dashboard.DynamicConfigValue{property("unit", unitCount)})).
		WithPanel(unitBars("Tỷ lệ đạt của từng đơn vị",
			"Tỷ lệ của chỉ tiêu đã chọn trong riêng từng đơn vị, xanh khi đạt ngưỡng của chỉ tiêu.",
			instantQuery(withUnitName(inSubtree("target_unit:chitieu_unit_target_ratio:ratio"+oneTarget)), "{{name}}"),
			instantQuery("target:chitieu_target_threshold_ratio:max"+oneTarget, thresholdLegend)).
			WithTransformation(reachedThreshold())).
		WithPanel(unitBars("Đóng góp vào tỷ lệ chung",
			"Phần mỗi đơn vị góp vào tỷ lệ của chỉ tiêu đã chọn: số đạt của đơn vị trên tổng số của cả chỉ tiêu.",
			instantQuery(withUnitName(inSubtree("target_unit:chitieu_unit_target_contribution:ratio"+oneTarget)), "{{name}}")).
			Thresholds(steps("blue"))).
		WithPanel(timeSeries("Tỷ lệ của từng đơn vị theo thời gian",
			"Tỷ lệ của chỉ tiêu đã chọn trong riêng từng đơn vị, từ ngày gốc của chỉ tiêu đến hôm nay, tính lại từ hồ sơ cho từng ngày; cùng tỷ lệ của cả chỉ tiêu và ngưỡng (nét đứt).",
			unitRatio, 24, 10,
			rangeQuery("chitieu_history_unit_target_ratio"+unitOfTarget, "{{unit}}"),
			rangeQuery("chitieu_history_target_ratio"+oneTarget, "Cả chỉ tiêu"),
			rangeQuery("chitieu_history_target_threshold_ratio"+oneTarget, thresholdLegend)).
			Min(0).Max(1).
			OverrideByName("Cả chỉ tiêu", thickLine("blue")).
			OverrideByName(thresholdLegend, dashedLine("red"))).
		WithRow(dashboard.NewRowBuilder("Tập hợp thanh niên")).
		WithPanel(unitBars("Tỷ lệ tập hợp thanh niên theo đơn vị",
			"Số thanh niên trong Đoàn hoặc Hội trên tổng số thanh niên, theo báo cáo gần nhất của từng đơn vị; xanh khi đạt ngưỡng của chỉ tiêu tập hợp thanh niên.",
			instantQuery(withUnitName(inSubtree("unit:chitieu_youth_gathered_per_population:ratio")), "{{name}}"),
			instantQuery(`max(target:chitieu_target_threshold_ratio:max and on (province, target) chitieu_target_info{kind="youth_gathering"})`, thresholdLegend)).
			WithTransformation(reachedThreshold())).
		WithPanel(panel(table.NewPanelBuilder(), "Số liệu tập hợp thanh niên",
			"Báo cáo gần nhất của từng đơn vị: số thanh niên, đoàn viên, hội viên, số thanh niên được tập hợp (mỗi người tính một lần) và ngày báo cáo.",
			unitCount, 12, 10,
			tableQuery(withUnitName("max by (province, unit) ("+inSubtree("chitieu_youth_population")+")")),
			tableQuery(withUnitName("max by (province, unit) ("+inSubtree("chitieu_youth_union_members")+")")),
			tableQuery(withUnitName("max by (province, unit) ("+inSubtree("chitieu_youth_association_members")+")")),
			tableQuery(withUnitName("max by (province, unit) ("+inSubtree("chitieu_youth_gathered")+")")),
			tableQuery(withUnitName("max by (province, unit) ("+inSubtree("chitieu_youth_report_timestamp_seconds")+") * 1000"))).
			WithTransformation(merge).
			WithTransformation(organize([]string{"Time"},
				[2]string{"name", "Đơn vị"},
				[2]string{"unit", "Mã đơn vị"},
				[2]string{"Value #A", "Thanh niên"},
				[2]string{"Value #B", "Đoàn viên"},
				[2]string{"Value #C", "Hội viên"},
				[2]string{"Value #D", "Được tập hợp"},
				[2]string{"Value #E", "Ngày báo cáo"})).
			OverrideByName("Ngày báo cáo", []dashboard.DynamicConfigValue{property("unit", unitDate)})).
		WithPanel(panel(table.NewPanelBuilder(), "Đơn vị quá hạn báo cáo",
			"Các đơn vị có báo cáo tập hợp thanh niên gần nhất cũ hơn số ngày cho phép (chitieu:youth_report_max_age:days trong luật của Prometheus, mặc định 100 ngày); trống là mọi đơn vị đều báo cáo đúng hạn.",
			unitDays, 24, 7,
			tableQuery(withUnitName(staleReports)),
			tableQuery(withUnitName("max by (province, unit) ("+inSubtree("chitieu_youth_report_timestamp_seconds")+") * 1000 and on (province, unit) ("+staleReports+")"))).
			WithTransformation(merge).
			WithTransformation(organize([]string{"Time"},
				[2]string{"name", "Đơn vị"},
				[2]string{"unit", "Mã đơn vị"},
				[2]string{"Value #A", "Số ngày từ báo cáo gần nhất"},
				[2]string{"Value #B", "Ngày báo cáo gần nhất"})).
			Decimals(0).
			OverrideByName("Ngày báo cáo gần nhất", []dashboard.DynamicConfigValue{property("unit", unitDate)}))
}

// unitBars shows one horizontal bar per unit.
func unitBars(title, description string, qs ...query) *bargauge.PanelBuilder {
	return barsPanel(title, description, unitRatio, 12, 10, qs...).
		Min(0).Max(1)
}
