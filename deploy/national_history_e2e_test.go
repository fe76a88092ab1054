package deploy

import (
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"chitieu/internal/dashboards"
	"chitieu/internal/demo"
	"chitieu/internal/testenv"
)

// startNationalHistory runs deploy/national/history-prometheus.yml on Debian's Prometheus with
// each province's chitieu and Prometheus as remote reads, added as the file says a new province
// is (`- <<: *chitieu` and `- <<: *prometheus` with their urls), and returns its API.
func startNationalHistory(t *testing.T, provinces []*nationalProvince) prometheusAPI {
	t.Helper()
	addr := testenv.FreeAddr(t)
	dir := t.TempDir()
	config := editYAML(t, repoFile(t, "deploy/national/history-prometheus.yml"), dir, func(doc *yaml.Node) {
		var remoteRead *yaml.Node
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			switch root.Content[i].Value {
			case "remote_read":
				remoteRead = root.Content[i+1]
			case "scrape_configs":
				substituteScalars(root.Content[i+1], "localhost:9090", addr)
			}
		}
		if remoteRead == nil || len(remoteRead.Content) != 2 ||
			remoteRead.Content[0].Anchor != "chitieu" || remoteRead.Content[1].Anchor != "prometheus" {
			t.Fatalf("history-prometheus.yml: want two remote_read entries, anchored &chitieu and &prometheus")
		}
		chitieu, prometheus := remoteRead.Content[0], remoteRead.Content[1]
		substituteScalars(chitieu, "http://chitieu:8080", provinces[0].srv.URL)
		substituteScalars(prometheus, "http://prometheus:9090", string(provinces[0].prom))
		entry := func(anchored *yaml.Node, url string) *yaml.Node {
			return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Tag: "!!merge", Value: "<<"}, {Kind: yaml.AliasNode, Alias: anchored, Value: anchored.Anchor},
				{Kind: yaml.ScalarNode, Value: "url"}, {Kind: yaml.ScalarNode, Value: url + "/api/v1/read"},
			}}
		}
		for _, p := range provinces[1:] {
			remoteRead.Content = append(remoteRead.Content, entry(chitieu, p.srv.URL), entry(prometheus, string(p.prom)))
		}
	})
	startServer(t, "http://"+addr+"/-/ready", testenv.Command(t, "prometheus", "prometheus"),
		"--config.file="+config,
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr)
	return prometheusAPI("http://" + addr)
}

// checkNationalHistorySource: the national history source answers what Thanos Query cannot,
// every day of 2014 of every province, the same values as the province's own Prometheus; the
// national ratio of sums of a past day is the sum of the three APIs' numerators of that day over
// the sum of their denominators; and a query without a province matcher reaches every province
// exactly once; and the national dashboard's history panel, on this data source, finds its
// variables' values and draws 2014.
func checkNationalHistorySource(t *testing.T, provinces []*nationalProvince) {
	national := startNationalHistory(t, provinces)
	checkNationalHistoryPanel(t, national)
	target := demo.PoliticalTheoryTarget
	from, to := mustDay(t, "2014-01-01"), mustDay(t, "2014-12-31")
	for _, p := range provinces {
		expr := fmt.Sprintf(`chitieu_history_target_ratio{province=%q,target=%q}`, p.code, target)
		got, direct := rangeValues(t, national, expr, from, to, 24*time.Hour), rangeValues(t, p.prom, expr, from, to, 24*time.Hour)
		if len(got) != 365 {
			t.Errorf("%s: the national history source answers %d days of 2014, want 365", p.code, len(got))
		}
		for at, v := range direct {
			if got[at] != v {
				t.Errorf("%s at %s: %v through the national history source, %v through its Prometheus", p.code, time.Unix(at, 0).UTC(), got[at], v)
				break
			}
		}
	}

	day := mustDay(t, "2014-06-30")
	var num, den float64
	for _, p := range provinces {
		var hist struct {
			Items []struct {
				AsOf        string  `json:"as_of"`
				Numerator   float64 `json:"numerator"`
				Denominator float64 `json:"denominator"`
			} `json:"items"`
		}
		p.api.Do(http.MethodGet, fmt.Sprintf("/targets/%s/history?from=%s&to=%s&step=day", target, civilDay(day), civilDay(day)),
			nil, http.StatusOK, &hist)
		if len(hist.Items) != 1 || hist.Items[0].AsOf != civilDay(day) {
			t.Fatalf("%s: history of %s: %+v", p.code, civilDay(day), hist.Items)
		}
		num += hist.Items[0].Numerator
		den += hist.Items[0].Denominator
	}
	if den == 0 {
		t.Fatalf("no cadre in scope of %s on %s in any province", target, civilDay(day))
	}
	got := instantValue(t, national, fmt.Sprintf(
		`sum(chitieu_history_target_numerator{target=%q}) / sum(chitieu_history_target_denominator{target=%q})`, target, target), day)
	if want := num / den; math.Abs(got-want) > 1e-9 {
		t.Errorf("national ratio of %s on %s: %v, want %v/%v = %v", target, civilDay(day), got, num, den, want)
	}

	// Three series over three provinces: each province's once, though no matcher names one.
	series := fmt.Sprintf(`chitieu_history_target_ratio{target=%q}`, target)
	if n := instantValue(t, national, "count("+series+")", day); n != float64(len(provinces)) {
		t.Errorf("without a province matcher: %v series, want %d", n, len(provinces))
	}
	if n := instantValue(t, national, "count(count by (province) ("+series+"))", day); n != float64(len(provinces)) {
		t.Errorf("without a province matcher: %v provinces, want %d", n, len(provinces))
	}
}

// checkNationalHistoryPanel runs the national dashboard's history panel as Grafana does with
// "Lịch sử toàn quốc" as its data source: every variable has values there (the scraped series,
// through each province's Prometheus), and with all provinces and the cadre target the panel
// draws every day of 2014.
func checkNationalHistoryPanel(t *testing.T, national prometheusAPI) {
	files, err := dashboards.Read(repoFile(t, "dashboards"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name != nationalDashboard {
			continue
		}
		values := map[string]string{"target": demo.PoliticalTheoryTarget}
		fill := func(expr string) string {
			return variableRef.ReplaceAllStringFunc(expr, func(ref string) string {
				if v, ok := values[variableRef.FindStringSubmatch(ref)[1]]; ok {
					return v
				}
				return ".*"
			})
		}
		for _, v := range f.Dashboard.Templating.List {
			selector, label, ok := dashboards.LabelValues(v)
			if !ok {
				continue
			}
			if got := mustQuery(t, national, fmt.Sprintf("group by (%s) (%s)", label, fill(selector))); len(got) == 0 {
				t.Errorf("variable %s: no values through the national history source", v.Name)
			}
		}
		drawn := 0
		for _, panel := range dashboards.Panels(f.Dashboard) {
			queries, err := dashboards.Queries(panel)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range queries {
				if !strings.Contains(q.Expr, "chitieu_history_target_") {
					continue
				}
				days := rangeValues(t, national, fill(q.Expr), mustDay(t, "2014-01-01"), mustDay(t, "2014-12-31"), 24*time.Hour)
				if len(days) != 365 {
					t.Errorf("panel %q: %d days of 2014 through the national history source, want 365", *panel.Title, len(days))
				}
				drawn++
			}
		}
		if drawn == 0 {
			t.Errorf("%s has no panel of the history", f.Name)
		}
	}
}
