package dashboards

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// committed is the folder Grafana provisions the dashboards from.
var committed = filepath.Join("..", "..", "dashboards")

func TestCommittedDashboardsAreGenerated(t *testing.T) {
	files, err := All()
	if err != nil {
		t.Fatal(err)
	}
	generated := map[string]bool{}
	for _, f := range files {
		generated[f.Name] = true
		want, err := f.JSON()
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(committed, f.Name))
		if err != nil {
			t.Errorf("%v: run go generate ./internal/dashboards", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("dashboards/%s is not what the generator builds: run go generate ./internal/dashboards", f.Name)
		}
	}
	names, err := filepath.Glob(filepath.Join(committed, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if !generated[filepath.Base(name)] {
			t.Errorf("dashboards/%s is not built by the generator: remove it or build it", filepath.Base(name))
		}
	}
}

var (
	// rangeSelector finds the range of every range vector, such as the [5m] of rate(x[5m]).
	rangeSelector = regexp.MustCompile(`\[([^\]]*)\]`)
	// variableUse finds $name and ${name}.
	variableUse = regexp.MustCompile(`\$\{?(\w+)\}?`)
)

// TestDashboardLint makes the checks of grafana/dashboard-linter (which cannot be installed
// here) on the committed dashboards, as Grafana reads them.
func TestDashboardLint(t *testing.T) {
	files, err := Read(committed)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no dashboards in dashboards/")
	}
	uids := map[string]string{}
	for _, f := range files {
		d := f.Dashboard
		t.Run(f.Name, func(t *testing.T) {
			if d.Uid == nil || *d.Uid == "" || d.Title == nil || *d.Title == "" {
				t.Fatal("a dashboard needs a uid and a title")
			}
			if other, ok := uids[*d.Uid]; ok {
				t.Errorf("uid %q is also that of %s", *d.Uid, other)
			}
			uids[*d.Uid] = f.Name
			variables := lintVariables(t, d)
			panels := Panels(d)
			if len(panels) == 0 {
				t.Fatal("no panels")
			}
			for _, p := range panels {
				lintPanel(t, p, variables)
			}
		})
	}
}

// lintVariables checks the template variables (template-datasource-rule: one datasource
// variable of type prometheus, which every query variable uses) and returns their names.
func lintVariables(t *testing.T, d dashboard.Dashboard) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	datasources := 0
	for _, v := range d.Templating.List {
		names[v.Name] = true
		switch v.Type {
		case "datasource":
			datasources++
			if v.Name != DatasourceVariable || v.Query == nil || v.Query.String == nil || *v.Query.String != "prometheus" {
				t.Errorf("datasource variable %q: want one named %q over Prometheus datasources", v.Name, DatasourceVariable)
			}
		case "query":
			if !usesDatasourceVariable(v.Datasource) {
				t.Errorf("variable %q does not use the datasource variable", v.Name)
			}
		}
	}
	if datasources != 1 {
		t.Errorf("%d datasource variables, want 1", datasources)
	}
	return names
}

// lintPanel checks a panel: title, description and unit (panel-title-description-rule,
// panel-units-rule), the datasource variable on the panel and each query (panel-datasource-rule),
// $__rate_interval in every range (target-rate-interval-rule), and only defined variables.
func lintPanel(t *testing.T, p dashboard.Panel, variables map[string]bool) {
	t.Helper()
	title := "a panel"
	if p.Title != nil && *p.Title != "" {
		title = "panel " + *p.Title
	} else {
		t.Errorf("a panel of type %s has no title", p.Type)
	}
	if p.Description == nil || strings.TrimSpace(*p.Description) == "" {
		t.Errorf("%s has no description", title)
	}
	if p.FieldConfig == nil || p.FieldConfig.Defaults.Unit == nil || *p.FieldConfig.Defaults.Unit == "" {
		t.Errorf("%s has no unit", title)
	}
	if !usesDatasourceVariable(p.Datasource) {
		t.Errorf("%s does not use the datasource variable", title)
	}
	queries, err := Queries(p)
	if err != nil {
		t.Errorf("%s: %v", title, err)
	}
	if len(p.Targets) == 0 {
		t.Errorf("%s has no query", title)
	}
	refs := map[string]bool{}
	for _, q := range queries {
		ref := ""
		if q.RefId != nil {
			ref = *q.RefId
		}
		if ref == "" || refs[ref] {
			t.Errorf("%s: query reference %q is empty or repeated", title, ref)
		}
		refs[ref] = true
		if !usesDatasourceVariable(q.Datasource) {
			t.Errorf("%s, query %s: does not use the datasource variable", title, ref)
		}
		if strings.TrimSpace(q.Expr) == "" {
			t.Errorf("%s, query %s: no expression", title, ref)
		}
		for _, m := range rangeSelector.FindAllStringSubmatch(q.Expr, -1) {
			if m[1] != "$__rate_interval" {
				t.Errorf("%s, query %s: range [%s], want [$__rate_interval]: %s", title, ref, m[1], q.Expr)
			}
		}
		for _, m := range variableUse.FindAllStringSubmatch(q.Expr, -1) {
			if !variables[m[1]] && !strings.HasPrefix(m[1], "__") {
				t.Errorf("%s, query %s: undefined variable $%s", title, ref, m[1])
			}
		}
	}
}

func usesDatasourceVariable(ref *common.DataSourceRef) bool {
	return ref != nil && ref.Uid != nil && *ref.Uid == "${"+DatasourceVariable+"}" &&
		ref.Type != nil && *ref.Type == "prometheus"
}

// rawPanels returns the panels of a committed dashboard as Grafana reads them, those inside
// rows included, as plain JSON values.
func rawPanels(t *testing.T, name string) (dashboard map[string]any, panels []map[string]any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(committed, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &dashboard); err != nil {
		t.Fatal(err)
	}
	var walk func(list any)
	walk = func(list any) {
		items, _ := list.([]any)
		for _, item := range items {
			p, _ := item.(map[string]any)
			if p["type"] == "row" {
				walk(p["panels"])
				continue
			}
			panels = append(panels, p)
		}
	}
	walk(dashboard["panels"])
	return dashboard, panels
}

// get follows a path of keys into a JSON value.
func get(v any, path ...string) any {
	for _, k := range path {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// TestDashboardsShowThePlan checks what a leader needs to read the plan: legends and tooltips on
// every time series and donut, a default time range of years on the plan's dashboards, the
// trajectory panels over the history series, the not_started status, and the links from a
// target's row of a table to the per-unit view, with variables that exist there.
func TestDashboardsShowThePlan(t *testing.T) {
	files, err := All()
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[string]map[string]bool{} // uid: variables
	for _, f := range files {
		vars := map[string]bool{}
		for _, v := range f.Dashboard.Templating.List {
			vars[v.Name] = true
		}
		byUID[*f.Dashboard.Uid] = vars
	}
	years := regexp.MustCompile(`^now-(\d+)y$`).FindStringSubmatch(PlanFrom)
	if years == nil || len(years[1]) < 2 {
		t.Fatalf("PlanFrom %q: want now-Ny with N of ten years or more (the demo plan starts in 2013)", PlanFrom)
	}
	links, notStarted := 0, false
	series := map[string]bool{}
	for _, f := range files {
		d, panels := rawPanels(t, f.Name)
		if from := get(d, "time", "from"); f.Name != "service.json" && from != PlanFrom {
			t.Errorf("%s: time from %v, want %s", f.Name, from, PlanFrom)
		}
		for _, p := range panels {
			title := f.Name + ", panel " + p["title"].(string)
			if p["type"] == "timeseries" || p["type"] == "piechart" {
				if get(p, "options", "legend", "showLegend") != true || get(p, "options", "legend", "displayMode") == "hidden" {
					t.Errorf("%s: legend hidden: %v", title, get(p, "options", "legend"))
				}
				if m := get(p, "options", "tooltip", "mode"); m != "multi" && m != "single" {
					t.Errorf("%s: tooltip mode %v, want multi or single", title, m)
				}
			}
			if p["type"] == "timeseries" {
				for _, q := range p["targets"].([]any) {
					if name, _, ok := strings.Cut(get(q, "expr").(string), "{"); ok && strings.HasPrefix(name, "chitieu_history_") {
						series[f.Name+" "+name] = true
					}
				}
			}
			b, _ := json.Marshal(get(p, "fieldConfig"))
			notStarted = notStarted || strings.Contains(string(b), `"not_started"`)
			for _, o := range get(p, "fieldConfig", "overrides").([]any) {
				for _, prop := range get(o, "properties").([]any) {
					if get(prop, "id") != "links" {
						continue
					}
					for _, l := range get(prop, "value").([]any) {
						links++
						checkLink(t, title, get(l, "url").(string), byUID)
					}
				}
			}
		}
	}
	for _, want := range []string{
		"overview.json chitieu_history_target_ratio", "overview.json chitieu_history_target_expected_ratio",
		"overview.json chitieu_history_target_threshold_ratio", "overview.json chitieu_history_target_projected_ratio",
		"units.json chitieu_history_unit_target_ratio",
	} {
		if !series[want] {
			t.Errorf("no trajectory panel: %s", want)
		}
	}
	if !notStarted {
		t.Error("no value mapping for the status not_started")
	}
	if links == 0 {
		t.Error("no table links a target's row to the per-unit view")
	}
}

// checkLink checks a data link to another dashboard: the dashboard exists, each var-NAME is one
// of its variables, and the target comes from the row's field target.
func checkLink(t *testing.T, where, link string, byUID map[string]map[string]bool) {
	t.Helper()
	path, query, _ := strings.Cut(link, "?")
	uid, ok := strings.CutPrefix(path, "/d/")
	vars, exists := byUID[uid]
	if !ok || !exists {
		t.Errorf("%s: link %q goes to no dashboard of dashboards/", where, link)
		return
	}
	if !strings.Contains(query, "var-target=${__data.fields.target}") {
		t.Errorf("%s: link %q does not set the row's target", where, link)
	}
	for _, part := range strings.Split(query, "&") {
		if name, _, ok := strings.Cut(strings.TrimPrefix(part, "var-"), "="); ok && strings.HasPrefix(part, "var-") && !vars[name] {
			t.Errorf("%s: link %q sets %s, which %s does not have", where, link, name, uid)
		}
		if m := regexp.MustCompile(`^\$\{(\w+):queryparam\}$`).FindStringSubmatch(part); m != nil && !vars[m[1]] {
			t.Errorf("%s: link %q passes %s, which %s does not have", where, link, m[1], uid)
		}
	}
}
