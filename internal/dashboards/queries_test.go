package dashboards

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"gopkg.in/yaml.v3"

	"chitieu/internal/chitieu"
	"chitieu/internal/metrics"
)

// expression is a PromQL expression of a committed dashboard, its variables replaced by values
// Grafana could give them.
type expression struct {
	where string // dashboard, panel and query, for messages
	expr  string
}

// expressions returns every query of every panel of the committed dashboards, and the
// selector of every query variable.
func expressions(t *testing.T) []expression {
	t.Helper()
	files, err := Read(committed)
	if err != nil {
		t.Fatal(err)
	}
	var out []expression
	for _, f := range files {
		for _, v := range f.Dashboard.Templating.List {
			if v.Type != "query" {
				continue
			}
			selector, _, ok := LabelValues(v)
			if !ok {
				t.Errorf("%s, variable %s: its query is not label_values(selector, label)", f.Name, v.Name)
				continue
			}
			out = append(out, expression{f.Name + ", variable " + v.Name, selector})
		}
		for _, p := range Panels(f.Dashboard) {
			queries, err := Queries(p)
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			for _, q := range queries {
				out = append(out, expression{f.Name + ", panel " + *p.Title + ", query " + *q.RefId, withValues(q.Expr)})
			}
		}
	}
	return out
}

// withValues replaces the variables: Grafana's intervals by a duration, the dashboards' own by
// the regular expression of All.
func withValues(expr string) string {
	return variableUse.ReplaceAllStringFunc(expr, func(ref string) string {
		if name := variableUse.FindStringSubmatch(ref)[1]; strings.HasPrefix(name, "__") {
			return "5m"
		}
		return ".*"
	})
}

// TestDashboardQueriesParse parses every query with Prometheus's own PromQL parser, so that a
// mistake shows here rather than as an empty panel.
func TestDashboardQueriesParse(t *testing.T) {
	for _, e := range expressions(t) {
		if _, err := parser.ParseExpr(e.expr); err != nil {
			t.Errorf("%s: %v\n%s", e.where, err, e.expr)
		}
	}
}

// TestDashboardMetricsExist checks that every metric a dashboard reads is one that a scrape of
// chitieu gives, that a recording rule of deploy/prometheus/rules defines, or that Prometheus
// makes itself; a renamed metric or rule would otherwise leave its panels empty.
func TestDashboardMetricsExist(t *testing.T) {
	known := scrapedMetrics(t)
	for _, name := range recordedMetrics(t) {
		known[name] = true
	}
	for _, name := range []string{"up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS"} {
		known[name] = true
	}
	// The history series, which the service answers through remote read, never in a scrape
	// (branch h-history; their names are the contract of issue 12).
	for _, name := range historySeries {
		known[name] = true
	}
	used := map[string]bool{}
	for _, e := range expressions(t) {
		expr, err := parser.ParseExpr(e.expr)
		if err != nil {
			continue // TestDashboardQueriesParse reports it
		}
		parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
			if vs, ok := node.(*parser.VectorSelector); ok {
				used[vs.Name] = true
				if !known[vs.Name] {
					t.Errorf("%s reads %q, which neither chitieu, the recording rules nor Prometheus make", e.where, vs.Name)
				}
			}
			return nil
		})
	}
	// The metrics of issue 7 are on a dashboard.
	for _, name := range []string{
		"chitieu_cadres_recruited_without_exam", "chitieu_leadership_seats", "chitieu_leadership_vacant_seats",
		"chitieu_leadership_vacant_since_timestamp_seconds", "chitieu:leadership_vacancy_max_age:days",
	} {
		if !used[name] {
			t.Errorf("no dashboard reads %s", name)
		}
	}
}

// historySeries are the series the service answers through Prometheus's remote read.
var historySeries = []string{
	"chitieu_history_target_numerator", "chitieu_history_target_denominator", "chitieu_history_target_ratio",
	"chitieu_history_target_expected_ratio", "chitieu_history_target_threshold_ratio",
	"chitieu_history_target_projected_ratio", "chitieu_history_unit_target_numerator",
	"chitieu_history_unit_target_denominator", "chitieu_history_unit_target_ratio",
}

// fullSnapshot has a figure of every kind, so that the collector sends every metric.
type fullSnapshot struct{}

func (fullSnapshot) Snapshot() *chitieu.Snapshot {
	ratio := 0.5
	return &chitieu.Snapshot{
		Targets: []chitieu.TargetFigures{{
			Target:   chitieu.Target{Code: "t", Kind: chitieu.TargetProfessionalTraining},
			Progress: chitieu.Progress{Ratio: &ratio, ProjectedRatio: &ratio, ByUnit: map[string]chitieu.Counts{"u": {}}},
		}},
		Units:        []chitieu.Unit{{Code: "u"}},
		CadresByUnit: [][]chitieu.CadreCount{{{Unit: "u"}}},
		Trainings:    []chitieu.TrainingCount{{Kind: chitieu.Professional, Status: chitieu.Completed}},
		YouthReports: []chitieu.YouthReport{{Unit: "u", ReportedOn: 1}},
		Commitments: chitieu.Commitments{
			RecruitedWithoutExam: []chitieu.UnitCount{{Unit: "u"}},
			Leadership:           []chitieu.SeatFigures{{Unit: "u", Title: "t", Vacant: 1, VacantSince: 1}},
		},
	}
}

type idleStorage struct{}

func (idleStorage) Writable() (bool, error)           { return true, nil }
func (idleStorage) CommitStats() (commits, txs int64) { return 0, 0 }

// scrapedMetrics returns the names of the series a scrape of chitieu's registry gives, as
// PromQL names them (a histogram's _bucket, _sum and _count), after one request.
func scrapedMetrics(t *testing.T) map[string]bool {
	t.Helper()
	exporter := metrics.NewExporter(fullSnapshot{}, time.UTC, metrics.Build{Version: "test", Revision: "test"}, metrics.Options{Province: metrics.Province{Code: "kien-giang", Name: "Tỉnh Đoàn Kiên Giang"}})
	exporter.Refreshed(time.Millisecond)
	reg := exporter.Live
	metrics.RegisterStorage(reg, idleStorage{})
	gin.SetMode(gin.TestMode)
	engine := gin.New()
	engine.Use(metrics.NewHTTP(reg).Middleware())
	engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	families, err := exporter.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range families {
		name := f.GetName()
		names[name] = true
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM:
			names[name+"_bucket"], names[name+"_sum"], names[name+"_count"] = true, true, true
		case dto.MetricType_SUMMARY:
			names[name+"_sum"], names[name+"_count"] = true, true
		}
	}
	if !names["chitieu_leadership_vacant_since_timestamp_seconds"] || !names["chitieu_http_requests_total"] {
		t.Fatalf("the scrape lacks metrics it should have: %v", slices.Sorted(maps.Keys(names)))
	}
	return names
}

// recordedMetrics returns the names the recording rules of deploy/prometheus/rules define.
func recordedMetrics(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "deploy", "prometheus", "rules", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no rules files (%v)", err)
	}
	// and those of Thanos Ruler, over every province (the national dashboard's).
	national, err := filepath.Glob(filepath.Join("..", "..", "deploy", "national", "rules", "*.yml"))
	if err != nil || len(national) == 0 {
		t.Fatalf("no national rules files (%v)", err)
	}
	files = append(files, national...)
	var names []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var rules struct {
			Groups []struct {
				Rules []struct {
					Record string `yaml:"record"`
				} `yaml:"rules"`
			} `yaml:"groups"`
		}
		if err := yaml.Unmarshal(b, &rules); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, g := range rules.Groups {
			for _, r := range g.Rules {
				if r.Record != "" {
					names = append(names, r.Record)
				}
			}
		}
	}
	return names
}

// TestEveryQueryIsFilteredByProvince: every dashboard has the province variable, and every
// selector of every query and variable, but the rules' settings (chitieu:…) and the national
// rules (national:…), matches it.
func TestEveryQueryIsFilteredByProvince(t *testing.T) {
	files, err := Read(committed)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !slices.ContainsFunc(f.Dashboard.Templating.List, func(v dashboard.VariableModel) bool { return v.Name == "province" }) {
			t.Errorf("%s: no province variable", f.Name)
		}
	}
	for _, e := range expressions(t) {
		if strings.HasSuffix(e.where, ", variable province") {
			continue
		}
		expr, err := parser.ParseExpr(e.expr)
		if err != nil {
			t.Fatalf("%s: %v", e.where, err)
		}
		parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
			vs, ok := node.(*parser.VectorSelector)
			if ok && !strings.HasPrefix(vs.Name, "chitieu:") && !strings.HasPrefix(vs.Name, "national:") && !slices.ContainsFunc(vs.LabelMatchers, func(m *labels.Matcher) bool {
				return m.Name == "province" && m.Type == labels.MatchRegexp
			}) {
				t.Errorf("%s: %s is not filtered by province", e.where, vs)
			}
			return nil
		})
	}
}
