package deploy

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang/snappy"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/prompb"

	"chitieu/internal/dashboards"
	"chitieu/internal/demo"
	"chitieu/internal/testenv"
)

// BenchmarkNationalScale is issue 13's scale simulation: the series of 34 provinces at the
// large size (the database of scripts/bench-scale.sh: 2,000 units, 200,000 cadres) pushed into
// Thanos, the national engine. It scrapes the real binary on that database once, then sends
// its series under each province's label to Thanos Receive by remote write, in rounds 15 s
// apart as scrapes would come; Thanos Ruler evaluates the provinces' recording rules (which
// aggregate by province, so they hold over the global view) and the national rules over
// Thanos Query; then every query of the national dashboard and of the per-unit dashboard runs
// through Query with every province selected. It reports the ingestion rate, the slowest
// query, the rules' evaluation time and each Thanos process's peak memory.
//
//	bash scripts/bench-national.sh      # CHITIEU_NATIONAL_PROVINCES=34 by default
func BenchmarkNationalScale(b *testing.B) {
	provinces := 34
	if v := os.Getenv("CHITIEU_NATIONAL_PROVINCES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("CHITIEU_NATIONAL_PROVINCES=%q", v)
		}
		provinces = n
	}
	const rounds, every = 2, 15 * time.Second
	large := filepath.Join(os.Getenv("HOME"), ".cache", "chitieu-bench-scale", "chitieu-large.db")
	if v := os.Getenv("CHITIEU_BENCH_CACHE"); v != "" {
		large = filepath.Join(v, "chitieu-large.db")
	}
	if _, err := os.Stat(large); err != nil {
		b.Fatalf("the large database is built by scripts/bench-scale.sh (scripts/bench-national.sh runs it): %v", err)
	}
	thanosBin := thanos(b)
	dir := b.TempDir()
	db := filepath.Join(dir, "chitieu.db")
	copyFile(b, large, db)

	// Started here rather than by testenv.Start, which allows a minute: the large database
	// takes longer on a busy machine.
	addr := testenv.FreeAddr(b)
	srv := exec.Command(testenv.Binary(b), "serve", "--addr", addr, "--db", db, "--province", "mau", "--province-name", "Tỉnh mẫu")
	srv.Env = append(os.Environ(), "CHITIEU_ADMIN_PASSWORD="+testenv.AdminPassword)
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	waitFor(b, 10*time.Minute, "chitieu on the large database", func() error {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s", resp.Status)
		}
		return nil
	})
	families := scrapeOnce(b, "http://"+addr)
	_ = srv.Process.Kill() // its memory is not the engine's
	for b.Loop() {
		// Thanos: Receive for the pushed series, Query over it and the Ruler.
		receiveGRPC, receiveHTTP, remoteWrite := testenv.FreeAddr(b), testenv.FreeAddr(b), testenv.FreeAddr(b)
		receive := startServer(b, "http://"+receiveHTTP+"/-/ready", thanosBin, "receive",
			"--tsdb.path="+filepath.Join(dir, "receive"),
			"--grpc-address="+receiveGRPC, "--http-address="+receiveHTTP,
			"--remote-write.address="+remoteWrite,
			"--label=receive=\"bench\"", "--tsdb.retention=1d")
		queryHTTP, rulerGRPC := testenv.FreeAddr(b), testenv.FreeAddr(b)
		query := startServer(b, "http://"+queryHTTP+"/-/ready", thanosBin, "query",
			"--http-address="+queryHTTP, "--grpc-address="+testenv.FreeAddr(b),
			"--endpoint="+receiveGRPC, "--endpoint="+rulerGRPC, "--endpoint.info-timeout=2s")
		rulerHTTP := testenv.FreeAddr(b)
		ruler := startServer(b, "http://"+rulerHTTP+"/-/ready", thanosBin, "rule",
			"--data-dir="+filepath.Join(dir, "ruler"),
			"--rule-file="+repoFile(b, "deploy/prometheus/rules/chitieu.rules.yml"),
			"--rule-file="+repoFile(b, "deploy/national/rules/national.rules.yml"),
			"--query=http://"+queryHTTP, "--eval-interval=15s", "--label=ruler=\"national\"",
			"--http-address="+rulerHTTP, "--grpc-address="+rulerGRPC)

		// The rounds, the last at the present, so that the rules read them.
		start := time.Now()
		series, samples := 0, 0
		for r := range rounds {
			at := time.Now().Add(-time.Duration(rounds-1-r) * every).UnixMilli()
			// Two provinces at a time, as two Prometheus servers would send.
			var wg sync.WaitGroup
			counts := make([]int, provinces)
			for p := range provinces {
				ts := provinceSeries(families, fmt.Sprintf("tinh-%02d", p+1), at)
				counts[p] = len(ts)
				wg.Go(func() { pushSeries(b, "http://"+remoteWrite+"/api/v1/receive", ts) })
				if p%2 == 1 {
					wg.Wait()
				}
			}
			wg.Wait()
			if b.Failed() {
				b.FailNow()
			}
			for _, n := range counts {
				if r == 0 {
					series += n
				}
				samples += n
			}
		}
		ingest := time.Since(start)
		b.ReportMetric(float64(series), "series")
		b.ReportMetric(float64(samples)/ingest.Seconds(), "samples/s")

		prom := prometheusAPI("http://" + queryHTTP)
		waitFor(b, 30*time.Minute, "the national rules over every province", func() error {
			got, err := prom.query("national:chitieu_target_provinces:count")
			if err != nil {
				return err
			}
			if len(got) == 0 || got[0].Value != float64(provinces) {
				return fmt.Errorf("%v", got)
			}
			return nil
		})
		slowest, slowestExpr, queries, failed := dashboardTimings(b, prom)
		b.ReportMetric(slowest.Seconds(), "slowest-query-s")
		b.ReportMetric(ruleGroupsSeconds(b, "http://"+rulerHTTP+"/metrics"), "rules-eval-s")
		for name, cmd := range map[string]int{"receive": receive.Process.Pid, "query": query.Process.Pid, "ruler": ruler.Process.Pid} {
			b.ReportMetric(peakMiB(b, cmd), name+"-peak-MiB")
		}
		b.Logf("%d provinces, %d series each round, %d rounds in %v (%d requests of 5,000 series sent again); %d dashboard queries (%d failed), the slowest %v: %s",
			provinces, series, rounds, ingest.Round(time.Millisecond), retries.Load(), queries, failed, slowest.Round(time.Millisecond), slowestExpr)
	}
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// scrapeOnce reads /metrics of the instance at base in the text format.
func scrapeOnce(b *testing.B, base string) map[string]*dto.MetricFamily {
	b.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Accept", "text/plain; version=0.0.4")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bufio.NewReader(resp.Body))
	if err != nil {
		b.Fatal(err)
	}
	return families
}

// provinceSeries is one scrape of a province: every sample of families with the labels its
// Prometheus gives (job, instance, province), and up, at the time at.
func provinceSeries(families map[string]*dto.MetricFamily, province string, at int64) []prompb.TimeSeries {
	target := []prompb.Label{{Name: "instance", Value: "chitieu:8080"}, {Name: "job", Value: "chitieu"}, {Name: "province", Value: province}}
	out := []prompb.TimeSeries{{Labels: append([]prompb.Label{{Name: "__name__", Value: "up"}}, target...), Samples: []prompb.Sample{{Value: 1, Timestamp: at}}}}
	add := func(name string, m *dto.Metric, v float64, extra ...prompb.Label) {
		ls := []prompb.Label{{Name: "__name__", Value: name}}
		for _, l := range m.GetLabel() {
			// An empty label is no label to Prometheus, and Receive refuses it.
			if l.GetName() != "province" && l.GetValue() != "" {
				ls = append(ls, prompb.Label{Name: l.GetName(), Value: l.GetValue()})
			}
		}
		ls = append(append(ls, extra...), target...)
		sort.Slice(ls, func(i, j int) bool { return ls[i].Name < ls[j].Name })
		out = append(out, prompb.TimeSeries{Labels: ls, Samples: []prompb.Sample{{Value: v, Timestamp: at}}})
	}
	for name, f := range families {
		for _, m := range f.GetMetric() {
			switch f.GetType() {
			case dto.MetricType_GAUGE:
				add(name, m, m.GetGauge().GetValue())
			case dto.MetricType_COUNTER:
				add(name, m, m.GetCounter().GetValue())
			case dto.MetricType_UNTYPED:
				add(name, m, m.GetUntyped().GetValue())
			case dto.MetricType_HISTOGRAM:
				h := m.GetHistogram()
				for _, bk := range h.GetBucket() {
					add(name+"_bucket", m, float64(bk.GetCumulativeCount()), prompb.Label{Name: "le", Value: strconv.FormatFloat(bk.GetUpperBound(), 'g', -1, 64)})
				}
				add(name+"_sum", m, h.GetSampleSum())
				add(name+"_count", m, float64(h.GetSampleCount()))
			case dto.MetricType_SUMMARY:
				add(name+"_sum", m, m.GetSummary().GetSampleSum())
				add(name+"_count", m, float64(m.GetSummary().GetSampleCount()))
			}
		}
	}
	return out
}

// retries counts the remote-write requests sent again.
var retries atomic.Int64

// pushSeries sends series to a remote-write receiver in requests of 5,000; it reports a
// failure with Error, as it runs in its own goroutine.
func pushSeries(b *testing.B, url string, series []prompb.TimeSeries) {
	for len(series) > 0 {
		n := min(len(series), 5000)
		raw, err := (&prompb.WriteRequest{Timeseries: series[:n]}).Marshal()
		if err != nil {
			b.Error(err)
			return
		}
		series = series[n:]
		body := snappy.Encode(nil, raw)
		// A 5xx is sent again after a second, as Prometheus's remote write does.
		for attempt := 1; ; attempt++ {
			req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			req.Header.Set("Content-Encoding", "snappy")
			req.Header.Set("Content-Type", "application/x-protobuf")
			req.Header.Set("X-Prometheus-Remote-Write-Version", "0.1.0")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				break
			}
			if resp.StatusCode/100 != 5 || attempt == 10 {
				b.Errorf("remote write, attempt %d: %s: %s", attempt, resp.Status, answer)
				return
			}
			retries.Add(1)
			time.Sleep(time.Second)
		}
	}
}

// dashboardTimings runs every instant query of the national and per-unit dashboards with every
// province selected (the per-unit one on one target and every unit), and returns the slowest.
func dashboardTimings(b *testing.B, prom prometheusAPI) (slowest time.Duration, slowestExpr string, queries, failed int) {
	b.Helper()
	files, err := dashboards.Read(repoFile(b, "dashboards"))
	if err != nil {
		b.Fatal(err)
	}
	values := map[string]string{"province": ".*", "unit": ".*", "__rate_interval": "1m"}
	for _, f := range files {
		if f.Name != nationalDashboard && f.Name != "units.json" {
			continue
		}
		values["target"] = ".*"
		if f.Name == "units.json" {
			values["target"] = demo.PoliticalTheoryTarget
		}
		for _, p := range dashboards.Panels(f.Dashboard) {
			qs, err := dashboards.Queries(p)
			if err != nil {
				b.Fatal(err)
			}
			for _, q := range qs {
				expr := variableRef.ReplaceAllStringFunc(q.Expr, func(ref string) string {
					return values[variableRef.FindStringSubmatch(ref)[1]]
				})
				began := time.Now()
				_, err := prom.query(expr)
				took := time.Since(began)
				queries++
				if err != nil {
					failed++
					b.Logf("%s, %q: %v", f.Name, *p.Title, err)
				}
				if took > slowest {
					slowest, slowestExpr = took, f.Name+", "+*p.Title+": "+expr
				}
			}
		}
	}
	return slowest, slowestExpr, queries, failed
}

// ruleGroupsSeconds is the sum of the last evaluation times of the Ruler's groups.
func ruleGroupsSeconds(b *testing.B, url string) float64 {
	b.Helper()
	resp, err := http.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	total := 0.0
	for _, m := range families["prometheus_rule_group_last_duration_seconds"].GetMetric() {
		total += m.GetGauge().GetValue()
	}
	return total
}

// peakMiB is a process's peak resident memory (VmHWM), in MiB.
func peakMiB(b *testing.B, pid int) float64 {
	b.Helper()
	if runtime.GOOS != "linux" {
		b.Fatal("peak memory is read from /proc")
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	b.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}
