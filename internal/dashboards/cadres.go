package dashboards

import (
	"regexp"

	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/piechart"
	"github.com/grafana/grafana-foundation-sdk/go/table"
)

// The levels of chitieu_cadres_by_political_theory and _by_education ("none" for no level), in
// Vietnamese.
var (
	politicalTheoryLevels = []textValue{
		{"none", "Chưa có", "red"},
		{"so_cap", "Sơ cấp", "orange"},
		{"trung_cap", "Trung cấp", "green"},
		{"cao_cap", "Cao cấp", "blue"},
		{"cu_nhan", "Cử nhân chính trị", "purple"},
	}
	educationLevels = []textValue{
		{"none", "Chưa có", "red"},
		{"trung_cap", "Trung cấp", "orange"},
		{"cao_dang", "Cao đẳng", "yellow"},
		{"dai_hoc", "Đại học", "green"},
		{"thac_si", "Thạc sĩ", "blue"},
		{"tien_si", "Tiến sĩ", "purple"},
	}
	trainingKinds = []textValue{
		{"political_theory", "Lý luận chính trị", "text"},
		{"education", "Chuyên môn", "text"},
		{"professional", "Nghiệp vụ", "text"},
	}
	trainingStatuses = []textValue{
		{"planned", "Dự kiến", "blue"},
		{"in_progress", "Đang học", "yellow"},
		{"completed", "Đã hoàn thành", "green"},
		{"dropped", "Bỏ dở", "red"},
	}
	fullTime = []textValue{
		{"true", "Chuyên trách", "green"},
		{"false", "Không chuyên trách", "blue"},
	}
)

const cadresOfUnits = `chitieu_cadres{unit=~"$unit"}`

// cadresByLevel is the query of the selected units' cadres by their level of a kind.
func cadresByLevel(kind string) string {
	return `sum by (level) (chitieu_cadres_by_` + kind + `{unit=~"$unit"})`
}

func cadres() *dashboard.DashboardBuilder {
	return newDashboard("chitieu-can-bo", "Cán bộ và đào tạo",
		"Cán bộ đang công tác theo trình độ lý luận chính trị và chuyên môn, hồ sơ đào tạo theo loại và trạng thái, và các khoá học đang học hoặc dự kiến.",
		PlanFrom).
		WithVariable(labelVariable("unit", "Đơn vị", "chitieu_unit_info", "unit", true)).
		WithRow(dashboard.NewRowBuilder("Cán bộ đang công tác")).
		WithPanel(donut("Cán bộ chuyên trách và không chuyên trách",
			"Số cán bộ đang công tác của các đơn vị đã chọn, chuyên trách và không chuyên trách.",
			unitCount, 6, 8,
			instantQuery("sum by (full_time) ("+cadresOfUnits+")", "{{full_time}}")).
			DisplayLabels([]piechart.PieChartLabels{piechart.PieChartLabelsValue}).
			Transformations(renameSeries(fullTime))).
		WithPanel(levelBars("Theo trình độ lý luận chính trị",
			"Số cán bộ đang công tác theo trình độ lý luận chính trị cao nhất đã hoàn thành.",
			"political_theory", politicalTheoryLevels)).
		WithPanel(levelBars("Theo trình độ chuyên môn",
			"Số cán bộ đang công tác theo trình độ chuyên môn cao nhất đã hoàn thành.",
			"education", educationLevels)).
		WithPanel(timeSeries("Cán bộ theo trình độ lý luận chính trị theo thời gian",
			"Số cán bộ đang công tác theo trình độ lý luận chính trị, theo thời gian.",
			unitCount, 12, 8,
			rangeQuery(cadresByLevel("political_theory"), "{{level}}")).
			Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal)).
			FillOpacity(40).
			Transformations(renameSeries(politicalTheoryLevels))).
		WithPanel(timeSeries("Cán bộ theo trình độ chuyên môn theo thời gian",
			"Số cán bộ đang công tác theo trình độ chuyên môn, theo thời gian.",
			unitCount, 12, 8,
			rangeQuery(cadresByLevel("education"), "{{level}}")).
			Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal)).
			FillOpacity(40).
			Transformations(renameSeries(educationLevels))).
		WithPanel(panel(table.NewPanelBuilder(), "Cán bộ theo đơn vị",
			"Số cán bộ đang công tác của từng đơn vị (theo đơn vị công tác của cán bộ), tổng và chuyên trách.",
			unitCount, 24, 8,
			tableQuery(withUnitName("sum by (province, unit) ("+cadresOfUnits+")")),
			tableQuery(withUnitName(`sum by (province, unit) (chitieu_cadres{unit=~"$unit", full_time="true"})`))).
			WithTransformation(merge).
			WithTransformation(organize([]string{"Time"},
				[2]string{"name", "Đơn vị"},
				[2]string{"unit", "Mã đơn vị"},
				[2]string{"Value #A", "Cán bộ"},
				[2]string{"Value #B", "Chuyên trách"}))).
		WithRow(dashboard.NewRowBuilder("Đào tạo")).
		WithPanel(panel(table.NewPanelBuilder(), "Hồ sơ đào tạo theo loại và trạng thái",
			"Số hồ sơ đào tạo (lý luận chính trị, chuyên môn, nghiệp vụ) theo trạng thái.",
			unitCount, 12, 8,
			tableQuery("sum by (kind, status) (chitieu_trainings)")).
			Mappings(valueMappings(trainingKinds, trainingStatuses)).
			WithTransformation(organize([]string{"Time"},
				[2]string{"kind", "Loại"},
				[2]string{"status", "Trạng thái"},
				[2]string{"Value", "Số hồ sơ"})).
			OverrideByName("Trạng thái", []dashboard.DynamicConfigValue{colouredCells})).
		WithPanel(barsPanel("Đang học và dự kiến",
			"Các khoá học đang học hoặc đã lên kế hoạch, theo loại: những hồ sơ sẽ nâng tỷ lệ của chỉ tiêu khi hoàn thành.",
			unitCount, 12, 8,
			instantQuery(`sum by (kind, status) (chitieu_trainings{status=~"planned|in_progress"})`, "{{kind}}: {{status}}")).
			Thresholds(steps("blue")).
			Transformations(renameSeries(trainingKinds, trainingStatuses))).
		WithPanel(timeSeries("Hồ sơ đào tạo theo thời gian",
			"Số hồ sơ đào tạo đang học và dự kiến theo thời gian, theo loại.",
			unitCount, 24, 8,
			rangeQuery(`sum by (kind, status) (chitieu_trainings{status=~"planned|in_progress"})`, "{{kind}}: {{status}}")).
			Transformations(renameSeries(trainingKinds, trainingStatuses)))
}

// levelBars shows the cadres of the selected units by their level of a kind.
func levelBars(title, description, kind string, levels []textValue) *bargauge.PanelBuilder {
	return barsPanel(title, description, unitCount, 9, 8,
		instantQuery(cadresByLevel(kind), "{{level}}")).
		Transformations(renameSeries(levels))
}

// renameSeries puts the Vietnamese text in place of each code in the series names, which come
// from label values through the legends.
func renameSeries(values ...[]textValue) []dashboard.DataTransformerConfig {
	var out []dashboard.DataTransformerConfig
	for _, vs := range values {
		for _, v := range vs {
			out = append(out, dashboard.DataTransformerConfig{
				Id: "renameByRegex",
				Options: map[string]any{
					"regex":         `\b` + regexp.QuoteMeta(v.value) + `\b`,
					"renamePattern": v.text,
				},
			})
		}
	}
	return out
}
