package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/table"
)

// unitDayCount shows a number of days as such ("92 ngày"): Grafana's unit "d" would turn 92
// days into weeks, and the rule leadership knows is counted in days.
const unitDayCount = "suffix: ngày"

// The leadership figures of the selected units.
const (
	seatsOfUnits       = `chitieu_leadership_seats{unit=~"$unit"}`
	vacantSeatsOfUnits = `chitieu_leadership_vacant_seats{unit=~"$unit"}`
	// vacantSince is when each title's oldest open vacancy began.
	vacantSince = `min by (province, unit, title) (chitieu_leadership_vacant_since_timestamp_seconds{unit=~"$unit"})`
	// vacancyAge is the age in days of each title's oldest open vacancy, as the alert
	// ChitieuLeadershipSeatVacantTooLong computes it.
	vacancyAge = `(time() - ` + vacantSince + `) / 86400`
	// vacancyMaxAge is the age the rules allow (deploy/prometheus/rules/commitments.rules.yml);
	// one series, although Thanos Query shows each province's copy with its province.
	vacancyMaxAge = "max(chitieu:leadership_vacancy_max_age:days)"
)

const recruitedWithoutExam = `chitieu_cadres_recruited_without_exam{unit=~"$unit"}`

// staffing is the dashboard of recruitment and leadership positions (issue 7). They have a
// dashboard of their own rather than a place on the overview: the overview follows targets
// (its rows repeat by target), while these are read by unit and title, with a unit filter, by
// the organisation staff who fill the seats and check recruitments.
func staffing() *dashboard.DashboardBuilder {
	return newDashboard("chitieu-cam-ket", "Cam kết khác",
		"Các cam kết khác của kế hoạch: tuyển dụng cán bộ qua thi tuyển, chức danh lãnh đạo còn khuyết và bồi dưỡng nghiệp vụ cho cán bộ.",
		PlanFrom).
		WithVariable(labelVariable("unit", "Đơn vị", "chitieu_unit_info", "unit", true)).
		WithVariable(labelVariable("target", "Chỉ tiêu bồi dưỡng", `chitieu_target_info{kind="professional_training"}`, "target", true)).
		WithRow(dashboard.NewRowBuilder("Tuyển dụng qua thi tuyển")).
		WithPanel(statPanel("Cán bộ tuyển dụng không qua thi tuyển",
			"Số cán bộ chuyên trách đang công tác ở các đơn vị đã chọn, vào làm từ ngày áp dụng quy định thi tuyển, không có kết quả thi tuyển đạt và không thuộc diện được miễn (điều động, bầu cử). Quy định ở /api/v1/rules/recruitment; danh sách ở /api/v1/cadres?recruitment_check=failing.",
			unitCount, 6, 7,
			instantQuery("sum("+recruitedWithoutExam+")", "Số cán bộ")).
			ColorMode(common.BigValueColorModeBackground).
			Thresholds(steps("green", threshold{1, "red"}))).
		WithPanel(panel(table.NewPanelBuilder(), "Theo đơn vị",
			"Các đơn vị có cán bộ tuyển dụng không qua thi tuyển và số cán bộ đó; trống là không đơn vị nào.",
			unitCount, 18, 7,
			tableQuery(withUnitName("sum by (province, unit) ("+recruitedWithoutExam+") > 0"))).
			WithTransformation(organize([]string{"Time"},
				[2]string{"name", "Đơn vị"},
				[2]string{"unit", "Mã đơn vị"},
				[2]string{"Value", "Số cán bộ"}))).
		WithRow(dashboard.NewRowBuilder("Chức danh lãnh đạo")).
		WithPanel(statPanel("Chỗ khuyết / tổng số chỗ",
			"Số chỗ của các chức danh lãnh đạo ở các đơn vị đã chọn hôm nay không có cán bộ đang công tác giữ, và tổng số chỗ.",
			unitCount, 6, 8,
			instantQuery("sum("+vacantSeatsOfUnits+")", "Chỗ khuyết"),
			instantQuery("sum("+seatsOfUnits+")", "Tổng số chỗ")).
			TextMode(common.BigValueTextModeValueAndName).
			Thresholds(steps("text"))).
		WithPanel(statPanel("Chức danh khuyết quá hạn",
			"Số chức danh có chỗ khuyết lâu hơn số ngày cho phép (chitieu:leadership_vacancy_max_age:days trong luật của Prometheus, mặc định 90 ngày), như cảnh báo ChitieuLeadershipSeatVacantTooLong.",
			unitCount, 6, 8,
			instantQuery("count("+vacancyAge+" > on () group_left () "+vacancyMaxAge+") or vector(0)", "Chức danh")).
			ColorMode(common.BigValueColorModeBackground).
			Thresholds(steps("green", threshold{1, "red"}))).
		WithPanel(barsPanel("Số ngày khuyết của từng chức danh",
			"Mỗi chức danh đang có chỗ khuyết: số ngày từ khi chỗ khuyết lâu nhất bắt đầu; đỏ từ số ngày cho phép (chitieu:leadership_vacancy_max_age:days, mặc định 90).",
			unitDayCount, 12, 8,
			instantQuery(withUnitName(vacancyAge), "{{name}}: {{title}}"),
			instantQuery(vacancyMaxAge, thresholdLegend)).
			Min(0).
			Decimals(0).
			WithTransformation(thresholdFromQuery("green", "red"))).
		WithPanel(leadershipTable()).
		WithPanel(timeSeries("Chỗ khuyết theo thời gian",
			"Số chỗ khuyết và tổng số chỗ của các chức danh lãnh đạo ở các đơn vị đã chọn, theo thời gian.",
			unitCount, 24, 8,
			rangeQuery("sum("+vacantSeatsOfUnits+")", "Chỗ khuyết"),
			rangeQuery("sum("+seatsOfUnits+")", "Tổng số chỗ")).
			Min(0).
			OverrideByName("Tổng số chỗ", dashedLine("blue"))).
		WithRow(dashboard.NewRowBuilder("Bồi dưỡng nghiệp vụ")).
		WithPanel(targetsTable("Các chỉ tiêu bồi dưỡng nghiệp vụ",
			"Mỗi chỉ tiêu bồi dưỡng nghiệp vụ đã chọn: tỷ lệ cán bộ có khoá bồi dưỡng hoàn thành trong số ngày gần nhất của chỉ tiêu (và của cơ sở bồi dưỡng của chỉ tiêu, nếu có), tỷ lệ lộ trình đòi hỏi hôm nay, dự báo khi đến hạn, ngưỡng, hạn và trạng thái.",
			ofKind("professional_training"))).
		WithPanel(timeSeries("Bồi dưỡng nghiệp vụ theo thời gian",
			"Tỷ lệ hiện đạt của mỗi chỉ tiêu bồi dưỡng nghiệp vụ đã chọn theo thời gian, và ngưỡng của chỉ tiêu (nét đứt). Khoá bồi dưỡng cũ hơn số ngày của chỉ tiêu không còn được tính, nên tỷ lệ có thể giảm.",
			unitRatio, 24, 8,
			rangeQuery(ofKind("professional_training")(targetRatio), "{{target}}"),
			rangeQuery(ofKind("professional_training")(targetThreshold), thresholdLegend+" {{target}}")).
			Min(0).Max(1).
			OverrideByQuery("B", dashedLine("red")))
}

// leadershipTable lists every title of the selected units with its seats and vacancy; the age
// of a vacancy is coloured against the rules' allowed age (query B, taken out of the table by
// thresholdFromQuery before the merge).
func leadershipTable() *table.PanelBuilder {
	return panel(table.NewPanelBuilder(), "Chức danh lãnh đạo theo đơn vị",
		"Mỗi chức danh lãnh đạo của các đơn vị đã chọn: số chỗ, số chỗ khuyết hôm nay, ngày chỗ khuyết lâu nhất bắt đầu và số ngày đã khuyết (đỏ từ số ngày cho phép, mặc định 90).",
		unitCount, 24, 9,
		tableQuery(withUnitName("sum by (province, unit, title) ("+seatsOfUnits+")")),
		instantQuery(vacancyMaxAge, thresholdLegend),
		tableQuery(withUnitName("sum by (province, unit, title) ("+vacantSeatsOfUnits+")")),
		tableQuery(withUnitName(vacantSince+" * 1000")),
		tableQuery(withUnitName(vacancyAge))).
		WithTransformation(thresholdFromQuery("green", "red")).
		WithTransformation(merge).
		WithTransformation(organize([]string{"Time"},
			[2]string{"name", "Đơn vị"},
			[2]string{"unit", "Mã đơn vị"},
			[2]string{"title", "Chức danh"},
			[2]string{"Value #A", "Số chỗ"},
			[2]string{"Value #C", "Số chỗ khuyết"},
			[2]string{"Value #D", "Khuyết từ ngày"},
			[2]string{"Value #E", "Số ngày khuyết"})).
		OverrideByName("Khuyết từ ngày", []dashboard.DynamicConfigValue{property("unit", unitDate)}).
		OverrideByName("Số ngày khuyết", []dashboard.DynamicConfigValue{property("unit", unitDayCount), property("decimals", 0), colouredCells})
}
