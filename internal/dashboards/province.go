package dashboards

import (
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// provinceVariable selects provinces by the label every target carries (prometheus.yml): all of
// them by default. up has it even while an instance is down.
func provinceVariable() *dashboard.QueryVariableBuilder {
	return labelVariable("province", "Tỉnh", `up{job="chitieu"}`, "province", true)
}

// provinceMatcher is the province variable's matcher; ".*" (All) also matches series without
// the label, as where Prometheus gives none.
var provinceMatcher = labels.MustNewMatcher(labels.MatchRegexp, "province", "$province")

// planVariable selects plans (kế hoạch) by the plan label of the target series: all of them by
// default, which also keeps the targets outside any plan, whose series have no plan label.
func planVariable() *dashboard.QueryVariableBuilder {
	return labelVariable("plan", "Kế hoạch", "chitieu_target_info", "plan", true)
}

// planMatcher is the plan variable's matcher, added to the selectors of target series only: a
// series without a target has no plan.
var planMatcher = labels.MustNewMatcher(labels.MatchRegexp, "plan", "$plan")

// targetSeries tells whether a metric, exported or recorded, is a series of a target: those carry
// the plan label.
func targetSeries(name string) bool {
	for _, prefix := range []string{"chitieu_target_", "chitieu_unit_target_", "chitieu_history_target_", "chitieu_history_unit_target_", "target:", "target_unit:"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// rateIntervalStandIn stands for Grafana's $__rate_interval, which is no PromQL, while parsing:
// a duration no dashboard uses, printed back as it is written.
const rateIntervalStandIn = "7w"

// inProvince adds the province variable's matcher to every selector of expr, so that no query of
// any dashboard escapes the province filter; but not to the rules' settings (chitieu:…), which
// are the same for every province (a province label only through Thanos's sidecars, from the
// external label), nor to the national rules (national:…), which sum every province. It adds the
// plan variable's matcher to the selectors of target series likewise. It panics on an expression that does not parse:
// the dashboards are built from constants, and their tests parse every query.
func inProvince(expr string) string { return filter(expr, true) }

// filter adds the province matcher to the selectors of expr, and the plan matcher to those of
// target series when plan is set (not in the plan variable's own query).
func filter(expr string, plan bool) string {
	e, err := parser.ParseExpr(strings.ReplaceAll(expr, "$__rate_interval", rateIntervalStandIn))
	if err != nil {
		panic("dashboards: " + err.Error() + ": " + expr)
	}
	parser.Inspect(e, func(node parser.Node, _ []parser.Node) error {
		if vs, ok := node.(*parser.VectorSelector); ok && !strings.HasPrefix(vs.Name, "chitieu:") && !strings.HasPrefix(vs.Name, "national:") {
			vs.LabelMatchers = append(vs.LabelMatchers, provinceMatcher)
			if plan && targetSeries(vs.Name) {
				vs.LabelMatchers = append(vs.LabelMatchers, planMatcher)
			}
		}
		return nil
	})
	return strings.ReplaceAll(e.String(), "["+rateIntervalStandIn+"]", "[$__rate_interval]")
}
