package deploy

import (
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/internal/demo"
	"chitieu/internal/testenv"
)

// nationalDashboard is the dashboard that reads the national rules, which only Thanos Ruler
// evaluates: checked against the national stack, not against one province's Prometheus.
const nationalDashboard = "national.json"

// thanos returns the Thanos binary that scripts/thanos.sh builds once into the cache (some
// minutes the first time, nothing after).
func thanos(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("bash", repoFile(t, "scripts/thanos.sh")).Output()
	if err != nil {
		t.Fatalf("scripts/thanos.sh: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// nationalProvince is one province of the national stack.
type nationalProvince struct {
	code, name string
	srv        *testenv.Server
	api        *testenv.Client
	prom       prometheusAPI
}

// TestNationalViewEndToEnd runs the national stack of docs/monitoring.md as real processes on
// loopback: three chitieu instances as three provinces (the demo, and two provinces that reuse
// its unit and target codes with cadres of their own), each with its Prometheus (the
// repository's rules, its province as target and external label) and a Thanos sidecar; Thanos
// Query over the sidecars and Thanos Ruler, which evaluates deploy/national/rules over Query;
// and the national Alertmanager of deploy/national. It checks that the national ratio of every
// target is the ratio of the sums of the three instances' API figures, that every dashboard
// query answers through Query with all provinces and with one, that a unit's subtree is summed
// within its province, that the history from the records reaches Query, and that stopping one
// instance raises ChitieuDown with its province, routed to that province's receiver, while the
// other provinces' figures stay as they were.
func TestNationalViewEndToEnd(t *testing.T) {
	thanosBin := thanos(t)
	prometheusBin := testenv.Command(t, "prometheus", "prometheus")
	hook := newWebhook(t)
	am := startAlertmanagerOf(t, "deploy/national/alertmanager.yml", hook.URL, newSMTPSink(t).Addr)

	dir := t.TempDir()
	var rules []string
	for _, file := range globRepo(t, "deploy/prometheus/rules/*.rules.yml") {
		rules = append(rules, rewriteYAML(t, file, dir, map[string]string{"for": "1s"}))
	}
	queryHTTP, queryGRPC, rulerGRPC := testenv.FreeAddr(t), testenv.FreeAddr(t), testenv.FreeAddr(t)
	endpoints := []string{"--endpoint=" + rulerGRPC}

	provinces := []*nationalProvince{
		{code: "an-giang", name: "Tỉnh Đoàn An Giang"},
		{code: "can-tho", name: "Thành Đoàn Cần Thơ"},
		{code: "ca-mau", name: "Tỉnh Đoàn Cà Mau"},
	}
	for i, p := range provinces {
		p.srv = testenv.Start(t, "", "--demo", "--province", p.code, "--province-name", p.name)
		p.api = &testenv.Client{T: t, Base: p.srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: p.code}
		generateCadres(p.api, i)

		pdir := filepath.Join(dir, p.code)
		if err := os.Mkdir(pdir, 0o755); err != nil {
			t.Fatal(err)
		}
		addr := testenv.FreeAddr(t)
		job := func(name, target string) map[string]any {
			return map[string]any{"job_name": name, "honor_labels": name == "chitieu", "static_configs": []any{
				map[string]any{"targets": []string{target}, "labels": map[string]string{"province": p.code}},
			}}
		}
		config := writeYAML(t, pdir, "prometheus.yml", map[string]any{
			// The sidecar requires external labels: the province, the same as the target label.
			"global": map[string]any{"scrape_interval": "1s", "evaluation_interval": "1s",
				"external_labels": map[string]string{"province": p.code}},
			"remote_read": remoteRead(t, p.srv.URL),
			"rule_files":  rules,
			"alerting": map[string]any{"alertmanagers": []any{
				map[string]any{"static_configs": []any{map[string]any{"targets": []string{am}}}},
			}},
			"scrape_configs": []any{
				job("chitieu", strings.TrimPrefix(p.srv.URL, "http://")),
				job("prometheus", addr),
				job("alertmanager", am),
			},
		})
		startServer(t, "http://"+addr+"/-/ready", prometheusBin,
			"--config.file="+config,
			"--storage.tsdb.path="+filepath.Join(pdir, "data"),
			"--web.listen-address="+addr)
		p.prom = prometheusAPI("http://" + addr)

		sidecarHTTP, sidecarGRPC := testenv.FreeAddr(t), testenv.FreeAddr(t)
		startServer(t, "http://"+sidecarHTTP+"/-/ready", thanosBin, "sidecar",
			"--prometheus.url=http://"+addr,
			"--tsdb.path="+filepath.Join(pdir, "data"),
			"--http-address="+sidecarHTTP,
			"--grpc-address="+sidecarGRPC)
		endpoints = append(endpoints, "--endpoint="+sidecarGRPC)
	}

	startServer(t, "http://"+queryHTTP+"/-/ready", thanosBin, append([]string{"query",
		"--http-address=" + queryHTTP,
		"--grpc-address=" + queryGRPC,
		"--endpoint.info-timeout=2s",
	}, endpoints...)...)
	rulerHTTP := testenv.FreeAddr(t)
	startServer(t, "http://"+rulerHTTP+"/-/ready", thanosBin, "rule",
		"--data-dir="+filepath.Join(dir, "ruler"),
		"--rule-file="+repoFile(t, "deploy/national/rules/national.rules.yml"),
		"--query=http://"+queryHTTP,
		"--eval-interval=1s",
		"--label=ruler=\"national\"",
		"--http-address="+rulerHTTP,
		"--grpc-address="+rulerGRPC)
	query := prometheusAPI("http://" + queryHTTP)

	waitFor(t, 90*time.Second, "the three provinces in the national rules", func() error {
		got, err := query.query("national:chitieu_provinces_up:count")
		if err != nil {
			return err
		}
		if len(got) != 1 || got[0].Value != 3 {
			return fmt.Errorf("%v", got)
		}
		if got, err := query.query("national:chitieu_target_provinces:count == 3"); err != nil || len(got) == 0 {
			return fmt.Errorf("targets in every province: %v %v", got, err)
		}
		return nil
	})

	t.Run("national ratio of sums", func(t *testing.T) { checkNationalRatios(t, query, provinces) })
	t.Run("dashboards, all provinces", func(t *testing.T) {
		checkDashboardQueries(t, query, true, map[string]string{})
	})
	t.Run("dashboards, one province", func(t *testing.T) {
		checkDashboardQueries(t, query, true, map[string]string{"province": provinces[1].code})
	})
	t.Run("unit subtrees", func(t *testing.T) { checkSubtrees(t, query, provinces) })
	t.Run("history", func(t *testing.T) { checkNationalHistory(t, query, provinces) })
	t.Run("national history source", func(t *testing.T) { checkNationalHistorySource(t, provinces) })
	t.Run("a province down", func(t *testing.T) { checkProvinceDown(t, query, hook, provinces) })
}

// generateCadres gives the i-th province cadres of its own beside the demo's, in the demo's
// units, so that the provinces' figures differ while their codes are the same: 3i full-time
// cadres of the office with trung cấp political theory and a university degree, and 2i with
// neither.
func generateCadres(api *testenv.Client, i int) {
	for n := range 5 * i {
		var created struct {
			ID int64 `json:"id"`
		}
		api.Do(http.MethodPost, "/cadres", map[string]any{
			"full_name": fmt.Sprintf("Cán bộ sinh thêm %d", n+1), "unit": demo.Office, "position": "Chuyên viên",
			"full_time": true, "joined_on": "2012-06-01",
		}, http.StatusCreated, &created)
		if n >= 3*i {
			continue
		}
		for _, kind := range [][2]string{{"political_theory", "trung_cap"}, {"education", "dai_hoc"}} {
			api.Do(http.MethodPost, "/trainings", map[string]any{
				"cadre_id": created.ID, "kind": kind[0], "level": kind[1], "status": "completed",
				"started_on": "2012-09-01", "completed_on": "2013-06-30",
			}, http.StatusCreated, nil)
		}
	}
}

// apiTargets returns a province's targets as its API computes them today.
func apiTargets(p *nationalProvince) map[string][2]float64 {
	var list struct {
		Items []struct {
			Code        string  `json:"code"`
			Numerator   float64 `json:"numerator"`
			Denominator float64 `json:"denominator"`
		} `json:"items"`
	}
	p.api.Do(http.MethodGet, "/targets", nil, http.StatusOK, &list)
	out := map[string][2]float64{}
	for _, it := range list.Items {
		out[it.Code] = [2]float64{it.Numerator, it.Denominator}
	}
	return out
}

// checkNationalRatios: for every target, the national ratio Thanos Ruler records equals the
// sum of the three APIs' numerators over the sum of their denominators, and differs from the
// average of the provinces' ratios where those differ.
func checkNationalRatios(t *testing.T, query prometheusAPI, provinces []*nationalProvince) {
	num, den, ratios := map[string]float64{}, map[string]float64{}, map[string][]float64{}
	for _, p := range provinces {
		for code, f := range apiTargets(p) {
			num[code] += f[0]
			den[code] += f[1]
			if f[1] > 0 {
				ratios[code] = append(ratios[code], f[0]/f[1])
			}
		}
	}
	differs := 0
	for code := range num {
		if den[code] == 0 {
			continue
		}
		want := num[code] / den[code]
		got := queryOne(t, query, fmt.Sprintf(`national:chitieu_target_ratio:ratio{target=%q}`, code))
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: national ratio %v, want %v/%v = %v", code, got, num[code], den[code], want)
		}
		if n := queryOne(t, query, fmt.Sprintf(`national:chitieu_target_denominator:sum{target=%q}`, code)); n != den[code] {
			t.Errorf("%s: national denominator %v, want %v", code, n, den[code])
		}
		mean := 0.0
		for _, r := range ratios[code] {
			mean += r / float64(len(ratios[code]))
		}
		if math.Abs(mean-want) > 1e-6 {
			differs++
		}
	}
	if len(num) == 0 || differs == 0 {
		t.Errorf("no target tells a ratio of sums from an average of ratios (%d targets)", len(num))
	}
}

// queryOne runs a query that must answer one series, and returns its value.
func queryOne(t *testing.T, prom prometheusAPI, expr string) float64 {
	t.Helper()
	got, err := prom.query(expr)
	if err != nil || len(got) != 1 {
		t.Fatalf("%s: %v %v", expr, got, err)
	}
	return got[0].Value
}

// checkSubtrees: the dashboards' unit filter (chitieu_unit_ancestor) sums a unit's subtree
// within its own province, although every province has units of the same codes: the office's
// subtree is the cadre target's whole denominator of that province's API, more than the
// office's own cadres; today's root unit's subtree holds every unit.
func checkSubtrees(t *testing.T, query prometheusAPI, provinces []*nationalProvince) {
	subtree := func(province, target, ancestor string) float64 {
		return queryOne(t, query, fmt.Sprintf(
			`sum(target_unit:chitieu_unit_target_denominator:sum{province=%q,target=%q} and on (province, unit) chitieu_unit_ancestor{ancestor=%q})`,
			province, target, ancestor))
	}
	for _, p := range provinces {
		api := apiTargets(p)
		office := subtree(p.code, demo.PoliticalTheoryTarget, demo.Office)
		if want := api[demo.PoliticalTheoryTarget][1]; office != want {
			t.Errorf("%s: the office's subtree has %v cadres in scope, the API %v", p.code, office, want)
		}
		own, err := query.query(fmt.Sprintf(`target_unit:chitieu_unit_target_denominator:sum{province=%q,target=%q,unit=%q}`,
			p.code, demo.PoliticalTheoryTarget, demo.Office))
		if err != nil {
			t.Fatal(err)
		}
		if len(own) == 1 && own[0].Value >= office {
			t.Errorf("%s: the office alone has %v cadres, its subtree %v: the subtree is not summed", p.code, own[0].Value, office)
		}
		// The current plan's target, over today's root (the new province since the 2025 merger).
		if whole := subtree(p.code, demo.AdvancedTarget, demo.CurrentScope()); whole != api[demo.AdvancedTarget][1] {
			t.Errorf("%s: the province unit's subtree has %v cadres in scope, the API %v", p.code, whole, api[demo.AdvancedTarget][1])
		}
	}
}

// checkNationalHistory: the history that each instance computes from its records reaches the
// national view through its Prometheus's remote read and its sidecar, with its province, at
// the days the API gives. Older days through Query depend on whether the sidecar has read its
// Prometheus's oldest sample yet (docs/monitoring.md); the national history source answers them
// (checkNationalHistorySource).
func checkNationalHistory(t *testing.T, query prometheusAPI, provinces []*nationalProvince) {
	for _, p := range provinces {
		var today struct {
			Ratio *float64 `json:"ratio"`
		}
		p.api.Do(http.MethodGet, "/targets/"+demo.PoliticalTheoryTarget, nil, http.StatusOK, &today)
		got := queryOne(t, query, fmt.Sprintf(`chitieu_history_target_ratio{province=%q,target=%q}`, p.code, demo.PoliticalTheoryTarget))
		if today.Ratio == nil || math.Abs(got-*today.Ratio) > 1e-9 {
			t.Errorf("%s: history today %v through Query, the API %v", p.code, got, today.Ratio)
		}
		// 2014, long before these Prometheus servers started: the province's answers every
		// day from the records.
		from, to := mustDay(t, "2014-01-01"), mustDay(t, "2014-12-31")
		expr := fmt.Sprintf(`chitieu_history_target_ratio{province=%q,target=%q}`, p.code, demo.PoliticalTheoryTarget)
		if direct := rangeValues(t, p.prom, expr, from, to, 24*time.Hour); len(direct) != 365 {
			t.Errorf("%s: the province's Prometheus answers %d days of 2014, want 365", p.code, len(direct))
		}
	}
	n, err := query.seriesOverRange(`chitieu_history_target_ratio{target="`+demo.PoliticalTheoryTarget+`"}`, time.Minute, time.Second)
	if err != nil || n != len(provinces) {
		t.Errorf("the last minute's history through Query: %d series, want %d (%v)", n, len(provinces), err)
	}
}

// checkProvinceDown stops the last province's instance: its Prometheus raises ChitieuDown with
// its province, which the national Alertmanager routes to that province's receiver and, being
// critical, to the Central Union's; the national rules count one province fewer up; the other
// provinces' figures are what they were.
func checkProvinceDown(t *testing.T, query prometheusAPI, hook *webhook, provinces []*nationalProvince) {
	down, others := provinces[len(provinces)-1], provinces[:len(provinces)-1]
	before := map[string]float64{}
	for _, p := range others {
		for _, s := range mustQuery(t, query, fmt.Sprintf(`target:chitieu_target_ratio:ratio{province=%q}`, p.code)) {
			before[p.code+" "+s.Metric["target"]] = s.Value
		}
	}
	if err := down.srv.Cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "ChitieuDown of "+down.code+" at its receiver", func() error {
		var receivers []string
		for _, a := range hook.firing() {
			if a.Labels["alertname"] == "ChitieuDown" {
				if a.Labels["province"] != down.code {
					t.Fatalf("ChitieuDown of province %q, want %q: %v", a.Labels["province"], down.code, a.Labels)
				}
				receivers = append(receivers, a.Receiver)
			}
		}
		for _, want := range []string{"tinh-" + down.code, "trung-uong"} {
			if !strings.Contains(strings.Join(receivers, " "), want) {
				return fmt.Errorf("not at %s yet (at %v)", want, receivers)
			}
		}
		return nil
	})
	waitFor(t, 30*time.Second, "two provinces up", func() error {
		if v := queryOne(t, query, "national:chitieu_provinces_up:count"); v != 2 {
			return fmt.Errorf("%v up", v)
		}
		return nil
	})
	for _, p := range others {
		got := mustQuery(t, query, fmt.Sprintf(`target:chitieu_target_ratio:ratio{province=%q}`, p.code))
		if len(got) == 0 {
			t.Errorf("%s: no figures while %s is down", p.code, down.code)
		}
		for _, s := range got {
			if want := before[p.code+" "+s.Metric["target"]]; s.Value != want {
				t.Errorf("%s %s: %v while %s is down, %v before", p.code, s.Metric["target"], s.Value, down.code, want)
			}
		}
	}
}

func mustQuery(t *testing.T, prom prometheusAPI, expr string) []sample {
	t.Helper()
	got, err := prom.query(expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return got
}
