package dashboards

import (
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// TestEveryTargetQueryIsFilteredByPlan: every dashboard has the plan variable, and every selector
// of a target series in its queries and variables (but the plan variable's own) matches it, while
// no other selector does (a unit or a cadre has no plan).
func TestEveryTargetQueryIsFilteredByPlan(t *testing.T) {
	files, err := Read(committed)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !slices.ContainsFunc(f.Dashboard.Templating.List, func(v dashboard.VariableModel) bool { return v.Name == "plan" }) {
			t.Errorf("%s: no plan variable", f.Name)
		}
	}
	filtered := 0
	for _, e := range expressions(t) {
		expr, err := parser.ParseExpr(e.expr)
		if err != nil {
			t.Fatalf("%s: %v", e.where, err)
		}
		own := strings.HasSuffix(e.where, ", variable plan")
		parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
			vs, ok := node.(*parser.VectorSelector)
			if !ok {
				return nil
			}
			has := slices.ContainsFunc(vs.LabelMatchers, func(m *labels.Matcher) bool {
				return m.Name == "plan" && m.Type == labels.MatchRegexp
			})
			switch want := targetSeries(vs.Name) && !own; {
			case want && !has:
				t.Errorf("%s: %s is not filtered by plan", e.where, vs)
			case !want && has:
				t.Errorf("%s: %s is filtered by plan", e.where, vs)
			case has:
				filtered++
			}
			return nil
		})
	}
	if filtered == 0 {
		t.Error("no query is filtered by plan")
	}
}
