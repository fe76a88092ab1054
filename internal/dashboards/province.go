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

// rateIntervalStandIn stands for Grafana's $__rate_interval, which is no PromQL, while parsing:
// a duration no dashboard uses, printed back as it is written.
const rateIntervalStandIn = "7w"

// inProvince adds the province variable's matcher to every selector of expr, so that no query of
// any dashboard escapes the province filter; but not to the rules' settings (chitieu:…), which
// are the same for every province (a province label only through Thanos's sidecars, from the
// external label), nor to the national rules (national:…), which sum every province. It panics on an expression that does not parse:
// the dashboards are built from constants, and their tests parse every query.
func inProvince(expr string) string {
	e, err := parser.ParseExpr(strings.ReplaceAll(expr, "$__rate_interval", rateIntervalStandIn))
	if err != nil {
		panic("dashboards: " + err.Error() + ": " + expr)
	}
	parser.Inspect(e, func(node parser.Node, _ []parser.Node) error {
		if vs, ok := node.(*parser.VectorSelector); ok && !strings.HasPrefix(vs.Name, "chitieu:") && !strings.HasPrefix(vs.Name, "national:") {
			vs.LabelMatchers = append(vs.LabelMatchers, provinceMatcher)
		}
		return nil
	})
	return strings.ReplaceAll(e.String(), "["+rateIntervalStandIn+"]", "[$__rate_interval]")
}
