package dashboards

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
)

// Read loads the dashboard files of dir (the JSON that Grafana provisions), in name order.
func Read(dir string) ([]File, error) {
	// Panels and queries unmarshal into their own types only once their plugins are known.
	plugins.RegisterDefaultPlugins()
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	files := make([]File, 0, len(names))
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var d dashboard.Dashboard
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, File{Name: filepath.Base(name), Dashboard: d})
	}
	return files, nil
}

// Panels returns the panels of d that show data: all but the rows, those inside collapsed rows
// included.
func Panels(d dashboard.Dashboard) []dashboard.Panel {
	var out []dashboard.Panel
	for _, p := range d.Panels {
		switch {
		case p.Panel != nil:
			out = append(out, *p.Panel)
		case p.RowPanel != nil:
			out = append(out, p.RowPanel.Panels...)
		}
	}
	return out
}

// Queries returns the Prometheus queries of a panel, or an error naming a query of another kind.
func Queries(p dashboard.Panel) ([]*prometheus.Dataquery, error) {
	out := make([]*prometheus.Dataquery, 0, len(p.Targets))
	for i, t := range p.Targets {
		q, ok := t.(*prometheus.Dataquery)
		if !ok {
			return nil, fmt.Errorf("query %d is a %T, not a Prometheus query", i, t)
		}
		out = append(out, q)
	}
	return out, nil
}

// labelValuesQuery is the query of a variable over the values of a label.
var labelValuesQuery = regexp.MustCompile(`^label_values\((.+),\s*(\w+)\)$`)

// LabelValues returns the selector and the label of a query variable whose query is
// label_values(selector, label), as the dashboards' variables are; false for any other.
func LabelValues(v dashboard.VariableModel) (selector, label string, ok bool) {
	if v.Type != "query" || v.Query == nil || v.Query.String == nil {
		return "", "", false
	}
	m := labelValuesQuery.FindStringSubmatch(*v.Query.String)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}
