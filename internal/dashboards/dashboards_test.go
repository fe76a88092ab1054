package dashboards

import (
	"bytes"
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
