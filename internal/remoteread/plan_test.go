package remoteread_test

import (
	"net/http"
	"testing"
	"time"

	"chitieu/internal/remoteread"
)

// TestPlanLabel checks that the history series carry their target's plan as /metrics does — no
// plan label for a target outside any plan — and that a plan matcher selects a plan's targets.
func TestPlanLabel(t *testing.T) {
	ds := small()
	llct := *ds.Target("llct")
	llct.Plan = "ke-hoach-2013"
	ds.PutTarget(llct)
	h := remoteread.NewHandler(records{ds})
	end := "2015-12-31T00:00:00Z"

	code, resp, msg := read(t, h, rangeQuery(end, end, time.Hour, eq("__name__", remoteread.TargetRatio)))
	if code != http.StatusOK {
		t.Fatal(code, msg)
	}
	plans := map[string]string{}
	for _, ts := range resp.Results[0].Timeseries {
		l := labelsOf(ts)
		plan, ok := l["plan"]
		if ok && plan == "" {
			t.Errorf("%v: an empty plan label", l)
		}
		plans[l["target"]] = plan
	}
	if len(plans) != 2 || plans["llct"] != "ke-hoach-2013" || plans["tap-hop"] != "" {
		t.Errorf("plans of the series: %v", plans)
	}

	code, resp, msg = read(t, h, rangeQuery(end, end, time.Hour, eq("plan", "ke-hoach-2013")))
	if code != http.StatusOK {
		t.Fatal(code, msg)
	}
	for _, ts := range resp.Results[0].Timeseries {
		if l := labelsOf(ts); l["target"] != "llct" || l["plan"] != "ke-hoach-2013" {
			t.Errorf("plan matcher selected %v", l)
		}
	}
	if n := len(resp.Results[0].Timeseries); n == 0 {
		t.Error("the plan matcher selected nothing")
	}
}
