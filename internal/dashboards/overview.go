package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
)

// The combined figures of the selected targets, from the recording rules.
const (
	selectedTargets = `{target=~"$target"}`
	targetRatio     = "target:chitieu_target_ratio:ratio" + selectedTargets
	targetExpected  = "target:chitieu_target_expected_ratio:weighted" + selectedTargets
	targetProjected = "target:chitieu_target_projected_ratio:weighted" + selectedTargets
	targetThreshold = "target:chitieu_target_threshold_ratio:max" + selectedTargets
	// The deadline is the end of its day; a millisecond before it is still that day, whether the
	// end is given as the day's last second or as the next day's first.
	targetDeadline = "target:chitieu_target_deadline_timestamp_seconds:max" + selectedTargets + " * 1000 - 1"
	targetStatus   = `max by (province, plan, target, status) (chitieu_target_status{target=~"$target"} == 1)`
)

// The history series: the service answers them through Prometheus's remote read, computed from
// the records for every day asked since the target's baseline (never scraped, so late records
// change the past), with a value at every step of a range query: queried plainly.
const (
	historyRatio     = "chitieu_history_target_ratio" + selectedTargets
	historyExpected  = "chitieu_history_target_expected_ratio" + selectedTargets
	historyThreshold = "chitieu_history_target_threshold_ratio" + selectedTargets
	historyProjected = "chitieu_history_target_projected_ratio" + selectedTargets
)

// unitsLink opens the per-unit view of the target of a table's row, with the same datasource
// and time range. Grafana 12's table (TableNG, the table of 12.2) takes a cell's links from its
// field's config "links", set here by an override on the column: checked in grafana/grafana's
// packages/grafana-ui/src/components/Table/TableNG/utils.ts (getCellLinks calls field.getLinks,
// which applyFieldOverrides builds from field.config.links) and the 12.x panel plugin's
// getDataLinks (reads field.config.links); ${__data.fields.target} is resolved by
// packages/grafana-data/src/field/getFieldDisplayValuesProxy.ts by the field's own name first,
// so the organize transformation's renaming of the column does not break it.
const unitsLink = "/d/" + unitsUID + "?var-target=${__data.fields.target}&${" + DatasourceVariable + ":queryparam}&${__url_time_range}"

// alertNames are the alerts of deploy/prometheus/rules, in Vietnamese.
var alertNames = []textValue{
	{"ChitieuTargetBehindSchedule", "Chậm so với lộ trình", "orange"},
	{"ChitieuTargetProjectedToMiss", "Dự báo không đạt", "yellow"},
	{"ChitieuTargetMissedDeadline", "Không đạt khi hết hạn", "red"},
	{"ChitieuYouthReportStale", "Quá hạn báo cáo thanh niên", "yellow"},
	{"ChitieuCadresRecruitedWithoutExam", "Tuyển dụng không qua thi tuyển", "orange"},
	{"ChitieuLeadershipSeatVacantTooLong", "Chức danh lãnh đạo khuyết quá lâu", "orange"},
	{"ChitieuDown", "Dịch vụ không hoạt động", "red"},
	{"ChitieuMetricsAbsent", "Không thu thập được số liệu", "red"},
	{"ChitieuBackupStale", "Bản sao lưu quá cũ", "red"},
	{"ChitieuDatabaseNotWritable", "Cơ sở dữ liệu không ghi được", "red"},
	{"AlertmanagerFailedToSendAlerts", "Alertmanager không gửi được thông báo", "red"},
	{"PrometheusNotConnectedToAlertmanagers", "Prometheus không kết nối Alertmanager", "red"},
	{"PrometheusErrorSendingAlertsToAnyAlertmanager", "Prometheus không gửi được cảnh báo", "red"},
}

var severities = []textValue{
	{"critical", "Nghiêm trọng", "red"},
	{"warning", "Cảnh báo", "orange"},
}

func overview() *dashboard.DashboardBuilder {
	return newDashboard("chitieu-tong-quan", "Tổng quan chỉ tiêu",
		"Tiến độ từng chỉ tiêu của kế hoạch so với lộ trình và ngưỡng, và các cảnh báo đang kích hoạt.",
		PlanFrom).
		WithVariable(labelVariable("target", "Chỉ tiêu", "chitieu_target_info", "target", true)).
		WithRow(dashboard.NewRowBuilder("Tất cả chỉ tiêu")).
		WithPanel(targetsTable("Tình hình các chỉ tiêu",
			"Mỗi chỉ tiêu: tỷ lệ hiện đạt, tỷ lệ lộ trình đòi hỏi hôm nay, dự báo khi đến hạn, ngưỡng, hạn và trạng thái.",
			everyKind)).
		WithPanel(timeSeries("Tỷ lệ các chỉ tiêu theo thời gian",
			"Tỷ lệ của mỗi chỉ tiêu đã chọn từ ngày gốc của nó đến hôm nay, tính lại từ hồ sơ cho từng ngày: hồ sơ nhập muộn cũng thay đổi những ngày đã qua.",
			unitRatio, 24, 9,
			rangeQuery(historyRatio, "{{target}}")).
			Min(0).Max(1)).
		WithPanel(activeAlerts()).
		// One row per target, each with that target's own threshold.
		WithRow(dashboard.NewRowBuilder("Chỉ tiêu $target").Repeat("target")).
		WithPanel(gaugePanel("Tỷ lệ hiện đạt",
			"Tỷ lệ của chỉ tiêu hôm nay (tổng số đạt trên tổng số của mọi đơn vị), xanh khi đạt ngưỡng của chỉ tiêu, đỏ khi chưa đạt; vạch trên cung là ngưỡng.",
			unitRatio, 5, 6,
			instantQuery(targetRatio, "Hiện đạt"),
			instantQuery(targetThreshold, thresholdLegend)).
			Min(0).Max(1).
			ShowThresholdMarkers(true).
			WithTransformation(reachedThreshold())).
		WithPanel(statusStat("Trạng thái",
			"Trạng thái dịch vụ tính cho chỉ tiêu: đã đạt, đúng lộ trình, có nguy cơ chậm (thấp hơn lộ trình trong mức dung sai), chậm tiến độ, hoặc không đạt khi đã hết hạn.")).
		WithPanel(statPanel("Theo lộ trình hôm nay",
			"Tỷ lệ lộ trình đòi hỏi hôm nay: tăng đều từ tỷ lệ ban đầu đến ngưỡng vào ngày hết hạn.",
			unitRatio, 4, 6,
			instantQuery(targetExpected, "Theo lộ trình")).
			Thresholds(steps("blue"))).
		WithPanel(statPanel("Dự báo khi đến hạn",
			"Tỷ lệ dự kiến vào ngày hết hạn: với cán bộ, nếu mọi khoá học đang học hoặc đã lên kế hoạch hoàn thành đúng hạn; với thanh niên, theo xu hướng các báo cáo trong 365 ngày qua. Xanh khi đạt ngưỡng.",
			unitRatio, 4, 6,
			instantQuery(targetProjected, "Dự báo"),
			instantQuery(targetThreshold, thresholdLegend)).
			ColorMode(common.BigValueColorModeBackground).
			WithTransformation(reachedThreshold())).
		WithPanel(statPanel("Số đạt / tổng số",
			"Số người (cán bộ hoặc thanh niên) đã đạt yêu cầu của chỉ tiêu và tổng số người trong phạm vi chỉ tiêu hôm nay.",
			unitCount, 3, 6,
			instantQuery("target:chitieu_target_numerator:sum"+selectedTargets, "Đạt"),
			instantQuery("target:chitieu_target_denominator:sum"+selectedTargets, "Tổng số")).
			TextMode(common.BigValueTextModeValueAndName).
			Thresholds(steps("text"))).
		WithPanel(statPanel("Hạn",
			"Ngày chỉ tiêu phải đạt ngưỡng.",
			unitDate, 3, 6,
			instantQuery(targetDeadline, "Hạn")).
			Thresholds(steps("text"))).
		WithPanel(timeSeries("Tiến độ so với lộ trình",
			"Đường đi của chỉ tiêu từ ngày gốc qua ngày hết hạn đến hôm nay: tỷ lệ đạt của từng ngày (tính lại từ hồ sơ, kể cả hồ sơ nhập muộn), tỷ lệ lộ trình đòi hỏi ngày đó, dự báo khi đến hạn tính ngày đó, và ngưỡng.",
			unitRatio, 24, 9,
			rangeQuery(historyRatio, "Hiện đạt"),
			rangeQuery(historyExpected, "Theo lộ trình"),
			rangeQuery(historyProjected, "Dự báo khi đến hạn"),
			rangeQuery(historyThreshold, thresholdLegend)).
			Min(0).Max(1).
			OverrideByName("Theo lộ trình", dashedLine("blue")).
			OverrideByName("Dự báo khi đến hạn", dashedLine("purple")).
			OverrideByName(thresholdLegend, dashedLine("red")))
}

// targetsTable lists the selected targets that only keeps, with their figures and status today.
func targetsTable(title, description string, only func(expr string) string) *table.PanelBuilder {
	return panel(table.NewPanelBuilder(), title, description,
		unitRatio, 24, 8,
		tableQuery(only("max by (province, plan, target, name, kind) (chitieu_target_info"+selectedTargets+")")),
		tableQuery(only(targetRatio)),
		tableQuery(only(targetExpected)),
		tableQuery(only(targetProjected)),
		tableQuery(only(targetThreshold)),
		tableQuery(only(targetDeadline)),
		tableQuery(only(targetStatus))).
		Mappings(valueMappings(statuses, targetKinds)).
		WithTransformation(merge).
		WithTransformation(organize([]string{"Time", "Value #A", "Value #G"},
			[2]string{"name", "Chỉ tiêu"},
			[2]string{"target", "Mã"},
			[2]string{"plan", "Kế hoạch"},
			[2]string{"kind", "Loại"},
			[2]string{"Value #B", "Hiện đạt"},
			[2]string{"Value #C", "Theo lộ trình"},
			[2]string{"Value #D", "Dự báo khi đến hạn"},
			[2]string{"Value #E", thresholdLegend},
			[2]string{"Value #F", "Hạn"},
			[2]string{"status", "Trạng thái"})).
		OverrideByName("Hạn", []dashboard.DynamicConfigValue{property("unit", unitDate)}).
		OverrideByName("Trạng thái", []dashboard.DynamicConfigValue{colouredCells}).
		OverrideByName("Chỉ tiêu", []dashboard.DynamicConfigValue{toUnits}).
		OverrideByName("Mã", []dashboard.DynamicConfigValue{toUnits})
}

// toUnits links a column's cells to the per-unit view of their row's target.
var toUnits = property("links", []map[string]any{{"title": "Theo đơn vị", "url": unitsLink}})

// everyKind keeps the figures of every target.
func everyKind(expr string) string { return expr }

// ofKind keeps the figures of the targets of a kind.
func ofKind(kind string) func(expr string) string {
	return func(expr string) string {
		return fmt.Sprintf(`(%s) and on (province, target) chitieu_target_info{kind=%q}`, expr, kind)
	}
}

// activeAlerts lists the alerts of the rules that fire now, but the Watchdog, which always does.
func activeAlerts() *table.PanelBuilder {
	return panel(table.NewPanelBuilder(), "Cảnh báo đang kích hoạt",
		"Các cảnh báo của chitieu và của việc gửi cảnh báo đang kích hoạt trong Prometheus (cũng được gửi qua Alertmanager, trừ khi chính việc gửi hỏng). Trống là không có gì cần xử lý.",
		unitNone, 24, 6,
		tableQuery(`ALERTS{alertstate="firing", alertname=~"Chitieu.+|Alertmanager.+|Prometheus.+"}`)).
		Mappings(valueMappings(alertNames, severities)).
		WithTransformation(organize([]string{"Time", "Value", "__name__", "alertstate", "job"},
			[2]string{"alertname", "Cảnh báo"},
			[2]string{"severity", "Mức độ"},
			[2]string{"target", "Chỉ tiêu"},
			[2]string{"unit", "Đơn vị"},
			[2]string{"name", "Tên"},
			[2]string{"title", "Chức danh"},
			[2]string{"integration", "Kênh gửi"},
			[2]string{"instance", "Máy chủ"})).
		OverrideByName("Cảnh báo", []dashboard.DynamicConfigValue{colouredCells}).
		OverrideByName("Mức độ", []dashboard.DynamicConfigValue{colouredCells})
}

// statusStat shows the status of the row's target as text on its colour.
func statusStat(title, description string) *stat.PanelBuilder {
	return labelStat(title, description, 5, 6, targetStatus, "status").
		Mappings(valueMappings(statuses)).
		ColorMode(common.BigValueColorModeBackground)
}

// dashedLine draws a reference series as a dashed line in a fixed colour.
func dashedLine(color string) []dashboard.DynamicConfigValue {
	return []dashboard.DynamicConfigValue{
		property("color", map[string]any{"mode": "fixed", "fixedColor": color}),
		property("custom.lineStyle", map[string]any{"fill": "dash", "dash": []int{10, 10}}),
	}
}

// thickLine draws the whole's series thicker than its parts', in a fixed colour.
func thickLine(color string) []dashboard.DynamicConfigValue {
	return []dashboard.DynamicConfigValue{
		property("color", map[string]any{"mode": "fixed", "fixedColor": color}),
		property("custom.lineWidth", 3),
	}
}

// withUnitName adds each unit's Vietnamese name (label name) to a query by unit.
func withUnitName(expr string) string {
	return fmt.Sprintf("(%s) * on (province, unit) group_left (name) max by (province, unit, name) (chitieu_unit_info)", expr)
}
