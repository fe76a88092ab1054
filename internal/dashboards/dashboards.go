// Package dashboards builds chitieu's Grafana dashboards as code, so that every panel gets its
// datasource, unit, description and thresholds the same way. `go generate ./internal/dashboards`
// writes them to dashboards/, where Grafana's file provisioning reads them; a test keeps the
// committed JSON equal to what this package builds.
//
// The dashboards use the classic dashboard JSON (package dashboard), which file provisioning
// and grafana/dashboard-linter read, not the v2 schema the SDK also offers.
package dashboards

//go:generate go run chitieu/cmd/chitieu-dashboards -out ../../dashboards

import (
	"encoding/json"
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/gauge"
	"github.com/grafana/grafana-foundation-sdk/go/piechart"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// DatasourceVariable is the name of the one datasource variable of every dashboard; every panel
// and query uses it.
const DatasourceVariable = "datasource"

// DatasourceUID is the uid of the Prometheus datasource that deploy/grafana provisions, which
// the datasource variable selects at first.
const DatasourceUID = "chitieu-prometheus"

// PlanFrom is the start of the default time range of the plan's dashboards: a plan runs for years
// (the demo's from 2013 to 2015) and is followed on to today, and the history series answer any
// day of it.
const PlanFrom = "now-15y"

// Units of the panels, as Grafana names them.
const (
	unitRatio   = "percentunit" // a ratio in [0,1] shown as 0–100 %
	unitCount   = "short"
	unitNone    = "none" // text: a status, a version, a label
	unitDays    = "d"
	unitDate    = "time:DD/MM/YYYY" // a Unix time in milliseconds, as a Vietnamese date
	unitSeconds = "s"
	unitBytes   = "bytes"
	unitReqPerS = "reqps"
)

var datasource = common.DataSourceRef{
	Type: cog.ToPtr("prometheus"),
	Uid:  cog.ToPtr("${" + DatasourceVariable + "}"),
}

// File is one dashboard and the name of its file in dashboards/.
type File struct {
	Name      string
	Dashboard dashboard.Dashboard
}

// JSON is the file's content, as committed.
func (f File) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(f.Dashboard, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return append(b, '\n'), nil
}

// All builds every dashboard.
func All() ([]File, error) {
	builders := []struct {
		name    string
		builder *dashboard.DashboardBuilder
	}{
		{"overview.json", overview()},
		{"units.json", units()},
		{"cadres.json", cadres()},
		{"commitments.json", staffing()},
		{"service.json", service()},
		{"national.json", national()},
	}
	files := make([]File, 0, len(builders))
	for _, b := range builders {
		d, err := b.builder.Build()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.name, err)
		}
		numberPanels(&d)
		files = append(files, File{Name: b.name, Dashboard: d})
	}
	return files, nil
}

// numberPanels gives the panels ids in order, so that links to a panel stay valid from one
// generation to the next.
func numberPanels(d *dashboard.Dashboard) {
	id := uint32(0)
	for _, p := range d.Panels {
		id++
		switch {
		case p.Panel != nil:
			p.Panel.Id = cog.ToPtr(id)
		case p.RowPanel != nil:
			p.RowPanel.Id = id
		}
	}
}

// newDashboard starts a dashboard with the settings they all share and the datasource variable.
func newDashboard(uid, title, description, from string) *dashboard.DashboardBuilder {
	return dashboard.NewDashboardBuilder(title).
		Uid(uid).
		Description(description).
		Tags([]string{"chitieu"}).
		Timezone("browser").
		Time(from, "now").
		Refresh("1m").
		// Edits belong in this package: Grafana's copy is replaced at each provisioning.
		Readonly().
		Link(dashboard.NewDashboardLinkBuilder("Bảng điều khiển chỉ tiêu").
			Type(dashboard.DashboardLinkTypeDashboards).
			Tags([]string{"chitieu"}).
			AsDropdown(true).
			IncludeVars(false).
			KeepTime(true)).
		WithVariable(dashboard.NewDatasourceVariableBuilder(DatasourceVariable).
			Label("Nguồn dữ liệu").
			Type("prometheus").
			Current(dashboard.VariableOption{
				Text:  dashboard.StringOrArrayOfString{String: cog.ToPtr("Prometheus")},
				Value: dashboard.StringOrArrayOfString{String: cog.ToPtr(DatasourceUID)},
			})).
		WithVariable(provinceVariable()).
		WithVariable(planVariable())
}

// labelVariable is a variable over the values of a label of a metric. With all, it can select
// every value at once, as the regular expression ".*" in the queries' =~ matchers.
func labelVariable(name, label, metric, labelName string, all bool) *dashboard.QueryVariableBuilder {
	if name != "province" {
		metric = filter(metric, name != "plan")
	}
	query := fmt.Sprintf("label_values(%s, %s)", metric, labelName)
	v := dashboard.NewQueryVariableBuilder(name).
		Label(label).
		Datasource(datasource).
		Query(dashboard.StringOrMap{String: cog.ToPtr(query)}).
		Definition(query).
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
		Sort(dashboard.VariableSortAlphabeticalAsc)
	if all {
		v = v.Multi(true).IncludeAll(true).AllValue(".*").Current(dashboard.VariableOption{
			Text:  dashboard.StringOrArrayOfString{String: cog.ToPtr("All")},
			Value: dashboard.StringOrArrayOfString{String: cog.ToPtr("$__all")},
		})
	}
	return v
}

// query is one PromQL query of a panel.
type query struct {
	expr   string
	legend string
	kind   queryKind
}

type queryKind int

const (
	overTime queryKind = iota // a range query, drawn over time
	current                   // an instant query: the value now
	rows                      // an instant query as a table, one row per series, labels as columns
)

func rangeQuery(expr, legend string) query   { return query{expr: expr, legend: legend, kind: overTime} }
func instantQuery(expr, legend string) query { return query{expr: expr, legend: legend, kind: current} }
func tableQuery(expr string) query           { return query{expr: expr, kind: rows} }

// targets builds a panel's queries, with reference ids A, B, C... in order.
func targets(qs []query) []cog.Builder[variants.Dataquery] {
	out := make([]cog.Builder[variants.Dataquery], len(qs))
	for i, q := range qs {
		b := prometheus.NewDataqueryBuilder().
			Datasource(datasource).
			RefId(string(rune('A' + i))).
			Expr(inProvince(q.expr))
		if q.legend != "" {
			b = b.LegendFormat(q.legend)
		}
		switch q.kind {
		case overTime:
			b = b.Range()
		case current:
			b = b.Instant()
		case rows:
			b = b.Instant().Format(prometheus.PromQueryFormatTable)
		}
		out[i] = b
	}
	return out
}

// panelBuilder is what every panel builder of the SDK has in common.
type panelBuilder[T any] interface {
	Title(string) T
	Description(string) T
	Datasource(common.DataSourceRef) T
	Unit(string) T
	Span(uint32) T
	Height(uint32) T
	Targets([]cog.Builder[variants.Dataquery]) T
}

// panel sets what every panel must have: a title, a description, a unit, the datasource
// variable, its size and its queries.
func panel[T panelBuilder[T]](b T, title, description, unit string, width, height uint32, qs ...query) T {
	return b.Title(title).
		Description(description).
		Datasource(datasource).
		Unit(unit).
		Span(width).
		Height(height).
		Targets(targets(qs))
}

// timeSeries draws lines over time, with a legend (the SDK's default hides it) and a tooltip
// that lists every series at the pointer.
func timeSeries(title, description, unit string, width, height uint32, qs ...query) *timeseries.PanelBuilder {
	return panel(timeseries.NewPanelBuilder(), title, description, unit, width, height, qs...).
		Legend(common.NewVizLegendOptionsBuilder().
			ShowLegend(true).
			DisplayMode(common.LegendDisplayModeList).
			Placement(common.LegendPlacementBottom)).
		Tooltip(tooltip())
}

// donut shows the last value of each series as a share of a ring, with a legend.
func donut(title, description, unit string, width, height uint32, qs ...query) *piechart.PanelBuilder {
	return panel(piechart.NewPanelBuilder(), title, description, unit, width, height, qs...).
		PieType(piechart.PieChartTypeDonut).
		Legend(piechart.NewPieChartLegendOptionsBuilder().
			ShowLegend(true).
			DisplayMode(common.LegendDisplayModeList).
			Placement(common.LegendPlacementBottom).
			Values([]piechart.PieChartLegendValues{piechart.PieChartLegendValuesValue})).
		Tooltip(tooltip())
}

func tooltip() *common.VizTooltipOptionsBuilder {
	return common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderNone)
}

// statPanel shows the last value of each series as a big number, without a graph.
func statPanel(title, description, unit string, width, height uint32, qs ...query) *stat.PanelBuilder {
	return panel(stat.NewPanelBuilder(), title, description, unit, width, height, qs...).
		ReduceOptions(lastValue()).
		Orientation(common.VizOrientationAuto).
		GraphMode(common.BigValueGraphModeNone)
}

// labelStat shows a label of the last series of expr as text: a status, a version.
func labelStat(title, description string, width, height uint32, expr, label string) *stat.PanelBuilder {
	return statPanel(title, description, unitNone, width, height, tableQuery(expr)).
		ReduceOptions(lastValue().Fields("/^" + label + "$/"))
}

// gaugePanel shows the last value of each series on a gauge.
func gaugePanel(title, description, unit string, width, height uint32, qs ...query) *gauge.PanelBuilder {
	return panel(gauge.NewPanelBuilder(), title, description, unit, width, height, qs...).
		ReduceOptions(lastValue()).
		Orientation(common.VizOrientationAuto)
}

// barsPanel shows the last value of each series as a horizontal bar.
func barsPanel(title, description, unit string, width, height uint32, qs ...query) *bargauge.PanelBuilder {
	return panel(bargauge.NewPanelBuilder(), title, description, unit, width, height, qs...).
		ReduceOptions(lastValue()).
		DisplayMode(common.BarGaugeDisplayModeBasic).
		Orientation(common.VizOrientationHorizontal)
}

func lastValue() *common.ReduceDataOptionsBuilder {
	return common.NewReduceDataOptionsBuilder().Values(false).Calcs([]string{"lastNotNull"})
}

// steps builds absolute thresholds: a base colour, then a colour from each value up.
func steps(base string, more ...threshold) *dashboard.ThresholdsConfigBuilder {
	s := []dashboard.Threshold{{Color: base}}
	for _, t := range more {
		s = append(s, dashboard.Threshold{Value: cog.ToPtr(t.value), Color: t.color})
	}
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(s)
}

type threshold struct {
	value float64
	color string
}

// textValue is a value shown as text in a colour.
type textValue struct {
	value, text, color string
}

// valueMappings shows values as texts in colours.
func valueMappings(values ...[]textValue) []dashboard.ValueMapping {
	options := map[string]dashboard.ValueMappingResult{}
	i := int32(0)
	for _, vs := range values {
		for _, v := range vs {
			options[v.value] = dashboard.ValueMappingResult{Text: cog.ToPtr(v.text), Color: cog.ToPtr(v.color), Index: cog.ToPtr(i)}
			i++
		}
	}
	return []dashboard.ValueMapping{{ValueMap: &dashboard.ValueMap{Type: dashboard.MappingTypeValueToText, Options: options}}}
}

// statuses are the target statuses of chitieu_target_status, in Vietnamese.
var statuses = []textValue{
	{"achieved", "Đã đạt", "green"},
	{"on_track", "Đúng lộ trình", "green"},
	{"at_risk", "Có nguy cơ chậm", "yellow"},
	{"behind", "Chậm tiến độ", "orange"},
	{"missed", "Không đạt", "red"},
	{"not_started", "Chưa bắt đầu", "blue"},
}

// targetKinds are the kinds of chitieu_target_info, in Vietnamese.
var targetKinds = []textValue{
	{"political_theory", "Lý luận chính trị", "text"},
	{"education", "Trình độ chuyên môn", "text"},
	{"youth_gathering", "Tập hợp thanh niên", "text"},
	{"professional_training", "Bồi dưỡng nghiệp vụ", "text"},
}

// thresholdFromQuery colours a panel's values against a threshold that is data, such as each
// target's own threshold: the configFromData transformation takes it from query B (legend
// "Ngưỡng") and adds a step of colour above there; values below it take colour below. Grafana
// turns the first step of a field's thresholds into the base whatever its value, so the time
// field of the same frame, mapped first, supplies the base.
func thresholdFromQuery(below, above string) dashboard.DataTransformerConfig {
	return dashboard.DataTransformerConfig{
		Id: "configFromData",
		Options: map[string]any{
			"configRefId": "B",
			"mappings": []map[string]any{
				{"fieldName": "Time", "handlerKey": "threshold1", "handlerArguments": map[string]any{"threshold": map[string]any{"color": below}}},
				{"fieldName": thresholdLegend, "handlerKey": "threshold1", "handlerArguments": map[string]any{"threshold": map[string]any{"color": above}}},
			},
		},
	}
}

// reachedThreshold colours a ratio red below the threshold of query B, green from it.
func reachedThreshold() dashboard.DataTransformerConfig { return thresholdFromQuery("red", "green") }

const thresholdLegend = "Ngưỡng"

// organize hides, renames and orders a table's columns; the order is that of names.
func organize(exclude []string, names ...[2]string) dashboard.DataTransformerConfig {
	excluded := map[string]bool{}
	for _, e := range exclude {
		excluded[e] = true
	}
	rename := map[string]string{}
	order := map[string]int{}
	for i, n := range names {
		rename[n[0]] = n[1]
		order[n[0]] = i
	}
	return dashboard.DataTransformerConfig{
		Id:      "organize",
		Options: map[string]any{"excludeByName": excluded, "renameByName": rename, "indexByName": order},
	}
}

// merge joins the rows of a table's queries on their common labels.
var merge = dashboard.DataTransformerConfig{Id: "merge", Options: map[string]any{}}

// property is a field setting of an override.
func property(id string, value any) dashboard.DynamicConfigValue {
	return dashboard.DynamicConfigValue{Id: id, Value: value}
}

// colouredCells colours a table column's cells by its value mappings or thresholds.
var colouredCells = property("custom.cellOptions", map[string]any{"type": "color-background"})
