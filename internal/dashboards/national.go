package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/table"
)

// The national figures: the rules of deploy/national/rules, which Thanos Ruler evaluates over
// every province. They carry no province label, so the province variable does not filter them
// (inProvince): a province chosen is read against the whole country.
const (
	nationalRatio    = "national:chitieu_target_ratio:ratio" + selectedTargets
	nationalExpected = "national:chitieu_target_expected_ratio:weighted" + selectedTargets
)

// The figures of the selected provinces, summed at query time: the ratio of their sums, never
// an average of their ratios, whichever provinces are chosen.
const (
	selectedProvincesRatio = "sum by (target) (target:chitieu_target_numerator:sum" + selectedTargets + ")" +
		" / (sum by (target) (target:chitieu_target_denominator:sum" + selectedTargets + ") > 0)"
	// The history of the selected provinces, from each province's records (remote read through
	// each province's Prometheus and its sidecar, or every year through the national history
	// source, deploy/national/history-prometheus.yml).
	selectedProvincesHistory = "sum by (target) (chitieu_history_target_numerator" + selectedTargets + ")" +
		" / (sum by (target) (chitieu_history_target_denominator" + selectedTargets + ") > 0)"
	// Each province's name, as its instance says it (chitieu serve --province-name).
	provinceNames = "max by (province, name) (chitieu_province_info)"
)

// provinceLink opens the overview of the province (and target) of a table's row: the drill-down
// from the nation to a province, and from there to its units.
const provinceLink = "/d/" + overviewUID + "?var-province=${__data.fields.province}&var-target=${__data.fields.target}&${" + DatasourceVariable + ":queryparam}&${__url_time_range}"

const nationalUID = "chitieu-toan-quoc"

// overviewUID is the uid of the overview (overview.go), which a province's row opens.
const overviewUID = "chitieu-tong-quan"

// national is the Central Union's view of every province's instance (issue 13): the provinces
// side by side per target, the national ratio, and a link down to each province's overview.
func national() *dashboard.DashboardBuilder {
	return newDashboard(nationalUID, "Toàn quốc",
		"Các tỉnh, thành đoàn cạnh nhau theo từng chỉ tiêu và tỷ lệ chung của cả nước (tổng số đạt trên tổng số của mọi tỉnh); bấm vào một tỉnh để xem tổng quan của tỉnh đó.",
		PlanFrom).
		WithVariable(labelVariable("target", "Chỉ tiêu", "chitieu_target_info", "target", true)).
		WithRow(dashboard.NewRowBuilder("Cả nước")).
		WithPanel(statPanel("Tỉnh đang gửi số liệu",
			"Số tỉnh mà Prometheus của tỉnh đang đọc được số liệu của chitieu, trên số tỉnh đã tham gia. Tỉnh không gửi được thì số liệu cả nước thiếu tỉnh đó; cảnh báo ChitieuDown của tỉnh đó cho biết.",
			unitCount, 6, 6,
			instantQuery("national:chitieu_provinces_up:count", "Đang gửi"),
			instantQuery("national:chitieu_provinces:count", "Đã tham gia")).
			TextMode(common.BigValueTextModeValueAndName).
			Thresholds(steps("text"))).
		WithPanel(panel(table.NewPanelBuilder(), "Các chỉ tiêu trên cả nước",
			"Mỗi chỉ tiêu: tỷ lệ cả nước (tổng số đạt trên tổng số của mọi tỉnh, không phải trung bình tỷ lệ các tỉnh), tỷ lệ lộ trình đòi hỏi hôm nay, số đạt, tổng số, số tỉnh có chỉ tiêu và số tỉnh đã đạt ngưỡng của mình; và tỷ lệ chung của các tỉnh đã chọn.",
			unitRatio, 18, 6,
			tableQuery(nationalRatio),
			tableQuery(nationalExpected),
			tableQuery("national:chitieu_target_numerator:sum"+selectedTargets),
			tableQuery("national:chitieu_target_denominator:sum"+selectedTargets),
			tableQuery("national:chitieu_target_provinces:count"+selectedTargets),
			tableQuery("national:chitieu_target_provinces_reached:count"+selectedTargets),
			tableQuery(selectedProvincesRatio)).
			WithTransformation(merge).
			WithTransformation(organize([]string{"Time"},
				[2]string{"target", "Chỉ tiêu"},
				[2]string{"Value #A", "Cả nước"},
				[2]string{"Value #B", "Theo lộ trình"},
				[2]string{"Value #C", "Đạt"},
				[2]string{"Value #D", "Tổng số"},
				[2]string{"Value #E", "Số tỉnh"},
				[2]string{"Value #F", "Số tỉnh đạt ngưỡng"},
				[2]string{"Value #G", "Các tỉnh đã chọn"})).
			OverrideByName("Đạt", []dashboard.DynamicConfigValue{property("unit", unitCount)}).
			OverrideByName("Tổng số", []dashboard.DynamicConfigValue{property("unit", unitCount)}).
			OverrideByName("Số tỉnh", []dashboard.DynamicConfigValue{property("unit", unitCount)}).
			OverrideByName("Số tỉnh đạt ngưỡng", []dashboard.DynamicConfigValue{property("unit", unitCount)})).
		WithPanel(timeSeries("Tỷ lệ chung của các tỉnh đã chọn theo thời gian",
			"Tỷ lệ của mỗi chỉ tiêu trên các tỉnh đã chọn (tổng số đạt trên tổng số), tính lại từ hồ sơ của từng tỉnh cho từng ngày. Qua Thanos Query, lịch sử chỉ chắc chắn có từ ngày Prometheus của tỉnh bắt đầu chạy; chọn nguồn dữ liệu «Lịch sử toàn quốc» để xem mọi năm từ mốc của từng tỉnh (các bảng khác của trang này thì cần Thanos Query).",
			unitRatio, 24, 9,
			rangeQuery(selectedProvincesHistory, "{{target}}")).
			Min(0).Max(1)).
		// One row per target: its provinces side by side.
		WithRow(dashboard.NewRowBuilder("Các tỉnh — chỉ tiêu $target").Repeat("target")).
		WithPanel(barsPanel("Tỷ lệ của từng tỉnh",
			"Tỷ lệ của chỉ tiêu trong từng tỉnh đã chọn, và của cả nước.",
			unitRatio, 10, 10,
			instantQuery("target:chitieu_target_ratio:ratio"+selectedTargets, "{{province}}"),
			instantQuery(nationalRatio, "Cả nước")).
			Min(0).Max(1).
			Thresholds(steps("blue"))).
		WithPanel(panel(table.NewPanelBuilder(), "Các tỉnh",
			"Mỗi tỉnh: tỷ lệ, số đạt, tổng số, ngưỡng của tỉnh, trạng thái và phần tỉnh góp vào tỷ lệ cả nước (cộng lại bằng tỷ lệ cả nước). Bấm vào tỉnh để xem tổng quan của tỉnh.",
			unitRatio, 14, 10,
			tableQuery("target:chitieu_target_ratio:ratio"+selectedTargets+" * on (province) group_left (name) "+provinceNames),
			tableQuery("target:chitieu_target_numerator:sum"+selectedTargets),
			tableQuery("target:chitieu_target_denominator:sum"+selectedTargets),
			tableQuery("target:chitieu_target_threshold_ratio:max"+selectedTargets),
			tableQuery(targetStatus),
			tableQuery("province:chitieu_target_national_contribution:ratio"+selectedTargets)).
			Mappings(valueMappings(statuses)).
			WithTransformation(merge).
			WithTransformation(organize([]string{"Time", "Value #E"},
				[2]string{"name", "Tỉnh"},
				[2]string{"province", "Mã tỉnh"},
				[2]string{"target", "Chỉ tiêu"},
				[2]string{"Value #A", "Tỷ lệ"},
				[2]string{"Value #B", "Đạt"},
				[2]string{"Value #C", "Tổng số"},
				[2]string{"Value #D", thresholdLegend},
				[2]string{"status", "Trạng thái"},
				[2]string{"Value #F", "Góp vào cả nước"})).
			OverrideByName("Đạt", []dashboard.DynamicConfigValue{property("unit", unitCount)}).
			OverrideByName("Tổng số", []dashboard.DynamicConfigValue{property("unit", unitCount)}).
			OverrideByName("Trạng thái", []dashboard.DynamicConfigValue{colouredCells}).
			OverrideByName("Tỉnh", []dashboard.DynamicConfigValue{toProvince}).
			OverrideByName("Mã tỉnh", []dashboard.DynamicConfigValue{toProvince}))
}

// toProvince links a column's cells to the overview of their row's province.
var toProvince = property("links", []map[string]any{{"title": "Tổng quan của tỉnh", "url": provinceLink}})
