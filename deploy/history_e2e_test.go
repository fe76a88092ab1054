package deploy

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"chitieu/internal/testenv"
)

// TestHistoryEndToEnd runs the binary on the demo and Prometheus with the repository's
// prometheus.yml, its addresses substituted only, and checks that the history reaches
// Prometheus's range queries through remote read: a value at every step from each target's
// baseline, at a day's and at an hour's step, equal to /targets/{code}/history; a late training
// record changes the past at the next query; a missed target stays missed when its ratio rises
// above its threshold after the deadline, with the deadline's figure in
// chitieu_target_deadline_ratio.
func TestHistoryEndToEnd(t *testing.T) {
	prometheusBin := testenv.Command(t, "prometheus", "prometheus")
	srv := testenv.Start(t, "", "--demo")
	h := historyEnv{&testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}}
	addr := testenv.FreeAddr(t)
	dir := t.TempDir()
	config := substituteAddresses(t, repoFile(t, "deploy/prometheus/prometheus.yml"), dir, map[string]string{
		"chitieu:8080":      strings.TrimPrefix(srv.URL, "http://"),
		"localhost:9090":    addr,
		"alertmanager:9093": testenv.FreeAddr(t), // nobody there: alerts are not this test's
		"rules/":            repoFile(t, "deploy/prometheus/rules") + "/",
	})
	startServer(t, "http://"+addr+"/-/ready", prometheusBin,
		"--config.file="+config,
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr)
	prom := prometheusAPI("http://" + addr)

	from, to := mustDay(t, "2013-01-01"), mustDay(t, "2016-06-30")
	var targets struct {
		Items []struct {
			Code         string  `json:"code"`
			Threshold    float64 `json:"threshold"`
			BaselineDate string  `json:"baseline_date"`
		} `json:"items"`
	}
	h.get("/targets", &targets)
	if len(targets.Items) < 3 {
		t.Fatalf("the demo has %d targets", len(targets.Items))
	}
	for _, target := range targets.Items {
		hist := h.history(target.Code, from, to)
		for _, step := range []time.Duration{24 * time.Hour, time.Hour} {
			for name, want := range map[string]func(figures) (float64, bool){
				"chitieu_history_target_ratio":          func(f figures) (float64, bool) { return deref(f.Ratio) },
				"chitieu_history_target_expected_ratio": func(f figures) (float64, bool) { return f.ExpectedRatio, true },
				"chitieu_history_target_threshold_ratio": func(figures) (float64, bool) {
					return target.Threshold, true
				},
			} {
				got := rangeValues(t, prom, fmt.Sprintf(`%s{target=%q}`, name, target.Code), from, to, step)
				checked := 0
				for at := from; !at.After(to); at = at.Add(step) {
					v, has := got[at.Unix()]
					f, known := hist[civilDay(at)]
					w, defined := want(f)
					before := civilDay(at) < target.BaselineDate
					switch {
					case before && has:
						t.Fatalf("%s at %s, before the baseline: %v", name, at, v)
					case before:
					case !known:
						t.Fatalf("the history has no %s", civilDay(at))
					case defined != has:
						t.Fatalf("%s{target=%q} at step %v, %s: value %v (%v), history %v (%v)", name, target.Code, step, at, v, has, w, defined)
					case has && math.Abs(v-w) > 1e-9:
						t.Fatalf("%s{target=%q} at step %v, %s: %v, history %v", name, target.Code, step, at, v, w)
					default:
						checked++
					}
				}
				if checked == 0 && target.BaselineDate <= civilDay(to) {
					t.Errorf("%s{target=%q} at step %v: nothing checked", name, target.Code, step)
				}
			}
		}
	}

	t.Run("each unit's part", func(t *testing.T) {
		// At a day's step, the units' parts add up to the target's counts at every step.
		for _, part := range []string{"numerator", "denominator"} {
			q := fmt.Sprintf(`sum by (province, plan, target) (chitieu_history_unit_target_%[1]s{target="ly-luan-chinh-tri"}) - chitieu_history_target_%[1]s{target="ly-luan-chinh-tri"}`, part)
			got := rangeValues(t, prom, q, from, to, 24*time.Hour)
			if len(got) != int(to.Sub(from).Hours()/24)+1 {
				t.Errorf("%s: %d steps answered, want every day from %s to %s", q, len(got), from, to)
			}
			for at, v := range got {
				if v != 0 {
					t.Errorf("%s at %s: %v", q, time.Unix(at, 0).UTC(), v)
				}
			}
		}
	})

	t.Run("a late entry", func(t *testing.T) {
		// A full-time cadre of the office who never reached trung cấp, in post through 2014,
		// completes it on 2014-06-01, entered today.
		at := mustDay(t, "2014-07-01")
		query := `chitieu_history_target_numerator{target="ly-luan-chinh-tri"}`
		before := instantValue(t, prom, query, at)
		id := h.cadre(func(c cadre) bool {
			return c.FullTime && (c.PoliticalTheoryLevel == "" || c.PoliticalTheoryLevel == "so_cap") &&
				c.JoinedOn < "2014-01-01" && (c.LeftOn == "" || c.LeftOn > "2015-01-01")
		})
		h.post("/trainings", map[string]any{"cadre_id": id, "kind": "political_theory", "level": "trung_cap",
			"status": "completed", "completed_on": "2014-06-01"})
		if after := instantValue(t, prom, query, at); after != before+1 {
			t.Errorf("%s on %s after the late record: %v, want %v", query, at, after, before+1)
		}
		hist := h.history("ly-luan-chinh-tri", at, at)[civilDay(at)]
		if ratio := instantValue(t, prom, `chitieu_history_target_ratio{target="ly-luan-chinh-tri"}`, at); hist.Ratio == nil || math.Abs(ratio-*hist.Ratio) > 1e-9 {
			t.Errorf("ratio on %s through Prometheus %v, history %v", at, ratio, hist.Ratio)
		}
	})

	t.Run("the verdict at the deadline", func(t *testing.T) {
		// dai-hoc was missed on 2015-12-31; every full-time cadre of the office without a
		// degree now completes one today: 100 % today, over the 95 %.
		deadline := mustDay(t, "2015-12-31")
		atDeadline := h.history("dai-hoc", deadline, deadline)[civilDay(deadline)]
		if atDeadline.Status != "missed" || atDeadline.Ratio == nil {
			t.Fatalf("dai-hoc on its deadline: %+v, want missed", atDeadline)
		}
		var cadres struct{ Items []cadre }
		h.get("/cadres?unit=co-quan-tinh-doan&active=true&limit=1000", &cadres)
		today := civilDay(time.Now())
		for _, c := range cadres.Items {
			if c.FullTime && c.EducationLevel != "dai_hoc" && c.EducationLevel != "thac_si" && c.EducationLevel != "tien_si" {
				h.post("/trainings", map[string]any{"cadre_id": c.ID, "kind": "education", "level": "dai_hoc",
					"status": "completed", "completed_on": today})
			}
		}
		var now struct {
			Ratio         *float64 `json:"ratio"`
			DeadlineRatio *float64 `json:"deadline_ratio"`
			Status        string   `json:"status"`
		}
		h.get("/targets/dai-hoc", &now)
		if now.Ratio == nil || *now.Ratio < 0.95 || now.Status != "missed" || now.DeadlineRatio == nil || *now.DeadlineRatio != *atDeadline.Ratio {
			t.Fatalf("dai-hoc today: ratio %v, status %s, deadline ratio %v; want over 0.95, missed, %v", now.Ratio, now.Status, now.DeadlineRatio, *atDeadline.Ratio)
		}
		// Once Prometheus has scraped the new figures (every 30 s as committed):
		waitFor(t, 90*time.Second, "a scrape with dai-hoc over 95 %", func() error {
			s, err := prom.query(`chitieu_target_ratio{target="dai-hoc"} >= 0.95`)
			if err == nil && len(s) != 1 {
				err = fmt.Errorf("not yet")
			}
			return err
		})
		for query, want := range map[string]float64{
			`chitieu_target_status{target="dai-hoc",status="missed"}`: 1,
			`chitieu_target_deadline_ratio{target="dai-hoc"}`:         *atDeadline.Ratio,
		} {
			s, err := prom.query(query)
			if err != nil || len(s) != 1 || math.Abs(s[0].Value-want) > 1e-12 {
				t.Errorf("%s: %+v %v, want %v", query, s, err, want)
			}
		}
	})
}

// figures are a day's figures in /targets/{code}/history.
type figures struct {
	AsOf          string   `json:"as_of"`
	Ratio         *float64 `json:"ratio"`
	ExpectedRatio float64  `json:"expected_ratio"`
	Status        string   `json:"status"`
}

type cadre struct {
	ID                   int64  `json:"id"`
	FullTime             bool   `json:"full_time"`
	JoinedOn             string `json:"joined_on"`
	LeftOn               string `json:"left_on"`
	PoliticalTheoryLevel string `json:"political_theory_level"`
	EducationLevel       string `json:"education_level"`
}

func deref(p *float64) (float64, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

// historyEnv calls the service's API as the admin.
type historyEnv struct{ *testenv.Client }

func (h historyEnv) get(path string, out any) {
	h.T.Helper()
	h.Do("GET", path, nil, http.StatusOK, out)
}
func (h historyEnv) post(path string, body any) {
	h.T.Helper()
	h.Do("POST", path, body, http.StatusCreated, nil)
}

// history returns a target's daily history from from to to, by day.
func (h historyEnv) history(code string, from, to time.Time) map[string]figures {
	h.T.Helper()
	var hist struct{ Items []figures }
	h.get(fmt.Sprintf("/targets/%s/history?from=%s&to=%s&step=day", code, civilDay(from), civilDay(to)), &hist)
	out := map[string]figures{}
	for _, f := range hist.Items {
		out[f.AsOf] = f
	}
	return out
}

// cadre returns the id of the first cadre of the office that suits.
func (h historyEnv) cadre(suits func(cadre) bool) int64 {
	h.T.Helper()
	var cadres struct{ Items []cadre }
	h.get("/cadres?unit=co-quan-tinh-doan&limit=1000", &cadres)
	for _, c := range cadres.Items {
		if suits(c) {
			return c.ID
		}
	}
	h.T.Fatalf("no cadre of the demo's office suits")
	return 0
}

// substituteAddresses copies a YAML file into dir with every scalar's occurrences of each old
// string replaced by the new one.
func substituteAddresses(t *testing.T, src, dir string, replace map[string]string) string {
	t.Helper()
	return editYAML(t, src, dir, func(doc *yaml.Node) {
		for old, repl := range replace {
			substituteScalars(doc, old, repl)
		}
	})
}

// substituteScalars replaces old by repl in every scalar under n.
func substituteScalars(n *yaml.Node, old, repl string) {
	if n.Kind == yaml.ScalarNode {
		n.Value = strings.ReplaceAll(n.Value, old, repl)
	}
	for _, c := range n.Content {
		substituteScalars(c, old, repl)
	}
}

// rangeValues runs query_range from start to end at step, in windows within Prometheus's
// 11,000 points, and returns the single series' values by Unix time.
func rangeValues(t *testing.T, prom prometheusAPI, query string, start, end time.Time, step time.Duration) map[int64]float64 {
	t.Helper()
	out := map[int64]float64{}
	window := 10000 * step
	for s := start; !s.After(end); s = s.Add(window) {
		e := s.Add(window - step)
		if e.After(end) {
			e = end
		}
		var data struct {
			Result []struct {
				Metric map[string]string `json:"metric"`
				Values [][2]any          `json:"values"`
			} `json:"result"`
		}
		err := prom.get("/api/v1/query_range", url.Values{"query": {query}, "start": {strconv.FormatInt(s.Unix(), 10)},
			"end": {strconv.FormatInt(e.Unix(), 10)}, "step": {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)}}, &data)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if len(data.Result) > 1 {
			t.Fatalf("%s: %d series, want one", query, len(data.Result))
		}
		for _, r := range data.Result {
			for _, p := range r.Values {
				ts, _ := p[0].(float64)
				v, err := strconv.ParseFloat(fmt.Sprint(p[1]), 64)
				if err != nil {
					t.Fatal(err)
				}
				out[int64(ts)] = v
			}
		}
	}
	return out
}

// instantValue runs an instant query at a time and returns its single value.
func instantValue(t *testing.T, prom prometheusAPI, query string, at time.Time) float64 {
	t.Helper()
	var data struct {
		Result []struct {
			Value [2]any `json:"value"`
		} `json:"result"`
	}
	if err := prom.get("/api/v1/query", url.Values{"query": {query}, "time": {strconv.FormatInt(at.Unix(), 10)}}, &data); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if len(data.Result) != 1 {
		t.Fatalf("%s at %s: %d series, want one", query, at, len(data.Result))
	}
	v, err := strconv.ParseFloat(fmt.Sprint(data.Result[0].Value[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// mustDay is a day's 00:00 UTC, 07:00 of the same civil day in Hồ Chí Minh City.
func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// serviceZone is the service's time zone (its --tz default).
var serviceZone, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

// civilDay is the service's civil day of an instant.
func civilDay(at time.Time) string { return at.In(serviceZone).Format(time.DateOnly) }
