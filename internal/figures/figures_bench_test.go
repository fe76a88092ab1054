package figures_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golang/snappy"
	"github.com/prometheus/prometheus/prompb"

	"chitieu/internal/chitieu"
	"chitieu/internal/figures"
	"chitieu/internal/metrics"
	"chitieu/internal/remoteread"
)

var hcm, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

// province makes a dataset of units (a province, its office and districts, communes below),
// cadres spread over them and training records spread over the cadres, with the plan's three
// targets, a youth report per unit and deterministic content.
func province(units, cadres, trainings int) *chitieu.Dataset {
	rng := rand.New(rand.NewPCG(1, 2))
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "co-quan", Name: "Cơ quan Tỉnh Đoàn", Parent: "tinh"})
	codes := []string{"co-quan"}
	for i := len(codes); i < units; i++ {
		parent := "tinh"
		if i > 20 {
			parent = codes[1+rng.IntN(19)] // communes under the first districts
		}
		code := fmt.Sprintf("don-vi-%d", i)
		ds.PutUnit(chitieu.Unit{Code: code, Name: fmt.Sprintf("Đơn vị %d", i), Parent: parent})
		codes = append(codes, code)
		ds.PutYouthReport(chitieu.YouthReport{ID: int64(i), Unit: code, ReportedOn: chitieu.NewDate(2015, time.Month(1+rng.IntN(12)), 1),
			YouthPopulation: 1000, UnionMembers: 400, AssociationMembers: 300, Gathered: 600})
	}
	for id := 1; id <= cadres; id++ {
		ds.PutCadre(chitieu.Cadre{ID: int64(id), FullName: "Cán bộ", Unit: codes[rng.IntN(len(codes))], FullTime: rng.IntN(10) > 0,
			JoinedOn: chitieu.NewDate(2005+rng.IntN(15), 1, 1)})
	}
	// Each cadre's highest levels follow the shares seen in provincial reports (most hold
	// trung_cap political theory and a university degree); the other records are earlier
	// qualifications and professional courses.
	pt := weighted(rng, map[chitieu.Level]int{"": 10, "so_cap": 15, "trung_cap": 55, "cao_cap": 20})
	edu := weighted(rng, map[chitieu.Level]int{"trung_cap": 10, "cao_dang": 10, "dai_hoc": 70, "thac_si": 10})
	for id := 1; id <= trainings; id++ {
		cadre := int64(1 + (id-1)%cadres)
		t := chitieu.Training{ID: int64(id), CadreID: cadre, Status: chitieu.Completed, CompletedOn: chitieu.NewDate(2000+rng.IntN(25), 6, 30)}
		switch level, round := pt(), (id-1)/cadres; {
		case round == 0 && level != "":
			t.Kind, t.Level = chitieu.PoliticalTheory, level
		case round == 1:
			t.Kind, t.Level = chitieu.Education, edu()
		default:
			t.Kind, t.Provider = chitieu.Professional, "Trung ương Đoàn"
		}
		ds.PutTraining(t)
	}
	for _, t := range []chitieu.Target{
		{Code: "ly-luan-chinh-tri", Name: "LLCT", Kind: chitieu.TargetPoliticalTheory, MinLevel: "trung_cap", ScopeUnit: "tinh", FullTimeOnly: true, Comparator: chitieu.AtLeast, Threshold: 0.8},
		{Code: "dai-hoc", Name: "Đại học", Kind: chitieu.TargetEducation, MinLevel: "dai_hoc", ScopeUnit: "tinh", FullTimeOnly: true, Comparator: chitieu.AtLeast, Threshold: 0.95},
		{Code: "tap-hop-thanh-nien", Name: "Tập hợp", Kind: chitieu.TargetYouthGathering, ScopeUnit: "tinh", Comparator: chitieu.Over, Threshold: 0.65},
		{Code: "boi-duong", Name: "Bồi dưỡng", Kind: chitieu.TargetProfessionalTraining, ScopeUnit: "tinh", FullTimeOnly: true, Comparator: chitieu.AtLeast, Threshold: 0.6,
			WindowDays: 730, Provider: "trung uong doan"},
	} {
		t.BaselineDate, t.Deadline, t.Tolerance = chitieu.NewDate(2013, 1, 1), chitieu.NewDate(2030, 12, 31), 0.05
		ds.PutTarget(t)
	}
	// Two leadership titles a unit, 1 and 2 seats, each with a holder (the recruitment rule is
	// the default one: every unit).
	for i, code := range codes {
		for j, title := range []string{"Bí thư", "Phó Bí thư"} {
			id := int64(2*i + j + 1)
			ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: id, Unit: code, Title: title, Seats: 1 + j, CreatedOn: chitieu.NewDate(2013, 1, 1)}})
			ds.Apply(chitieu.Change{Assignment: &chitieu.Assignment{ID: id, PositionID: id, CadreID: 1 + id%int64(cadres), StartedOn: chitieu.NewDate(2020, 1, 1)}})
		}
	}
	return ds
}

// weighted returns a function drawing a level with the given weights.
func weighted(rng *rand.Rand, weights map[chitieu.Level]int) func() chitieu.Level {
	var levels []chitieu.Level
	for l, w := range weights {
		for range w {
			levels = append(levels, l)
		}
	}
	slices.Sort(levels)
	return func() chitieu.Level { return levels[rng.IntN(len(levels))] }
}

var sizes = []struct {
	name                     string
	units, cadres, trainings int
}{
	{"units=2000/cadres=20000/trainings=100000", 2000, 20000, 100000},
	{"units=2000/cadres=200000/trainings=1000000", 2000, 200000, 1000000},
}

func newKeeper(b *testing.B, ds *chitieu.Dataset) (*figures.Keeper, context.CancelFunc) {
	k := figures.New(ds, time.Now, hcm, nil)
	k.BatchInterval = 50 * time.Millisecond // as serve sets it
	ctx, cancel := context.WithCancel(context.Background())
	go k.Run(ctx)
	return k, cancel
}

// BenchmarkScrape measures a whole scrape of /metrics through the HTTP handler, as a client
// without headers asks (the text format) and as Prometheus 3 asks (OpenMetrics, gzip): its cost
// follows the bytes sent, not the records, so the two sizes should be close. The response goes
// to a sink, as to a socket; "bytes" is what is sent.
func BenchmarkScrape(b *testing.B) {
	for _, size := range sizes {
		k, cancel := newKeeper(b, province(size.units, size.cadres, size.trainings))
		handler := metrics.NewExporter(k, hcm, metrics.Build{Version: "bench"}, metrics.Options{})
		first := httptest.NewRecorder()
		handler.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		series := countSeries(first.Body.Bytes()) // the cost goes with the series, not the records
		for _, client := range []struct{ name, accept, encoding string }{
			{"text", "", ""},
			{"openmetrics-gzip", "application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3", "gzip"},
		} {
			b.Run(size.name+"/"+client.name, func(b *testing.B) {
				req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
				req.Header.Set("Accept", client.accept)
				req.Header.Set("Accept-Encoding", client.encoding)
				var w sink
				for b.Loop() {
					w = sink{header: http.Header{}}
					handler.ServeHTTP(&w, req)
					if w.code != http.StatusOK {
						b.Fatal(w.code)
					}
				}
				b.ReportMetric(float64(w.bytes), "bytes")
				b.ReportMetric(float64(series), "series")
			})
		}
		cancel()
	}
}

// sink is a ResponseWriter that counts the bytes written and keeps nothing.
type sink struct {
	header      http.Header
	code, bytes int
}

func (s *sink) Header() http.Header { return s.header }
func (s *sink) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
}

func (s *sink) Write(p []byte) (int, error) {
	s.WriteHeader(http.StatusOK)
	s.bytes += len(p)
	return len(p), nil
}

// BenchmarkScrapeEncode measures the encoding of a snapshot's figures for /metrics in the
// format Prometheus asks for (OpenMetrics) and gzipped, the work done once per snapshot by the
// keeper: a whole snapshot (a new exporter, as at start or after a full refresh), and a snapshot
// after one write (a training record completed, then planned again, changing the cadre's
// level), whose unchanged blocks are reused. The write's own update of the figures is not timed.
func BenchmarkScrapeEncode(b *testing.B) {
	for _, size := range sizes {
		ds := province(size.units, size.cadres, size.trainings)
		f := ds.Figures(chitieu.DateOf(time.Now().In(hcm)))
		b.Run(size.name+"/whole", func(b *testing.B) {
			runtime.GC() // the set-up's garbage collected before the loop, not during it
			cpu := cpuTime()
			defer func() { reportCPU(b, cpu) }()
			for b.Loop() {
				e := metrics.NewExporter(nil, hcm, metrics.Build{Version: "bench"}, metrics.Options{})
				if err := e.Prepare(f.Snapshot()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(size.name+"/after one write", func(b *testing.B) {
			e := metrics.NewExporter(nil, hcm, metrics.Build{Version: "bench"}, metrics.Options{})
			if err := e.Prepare(f.Snapshot()); err != nil {
				b.Fatal(err)
			}
			i := 0
			var apply time.Duration // CPU time of the writes, not timed
			runtime.GC()            // the set-up's garbage collected before the loop, not during it
			cpu := cpuTime()
			defer func() { reportCPU(b, cpu+apply) }()
			for b.Loop() {
				b.StopTimer()
				before := cpuTime()
				f = f.Apply(ds, trainingWrite(size.trainings, i))
				apply += cpuTime() - before
				i++
				b.StartTimer()
				if err := e.Prepare(f.Snapshot()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// trainingWrite is the i-th of writes that complete a training record of cadre 7 and plan it
// again, changing the cadre's political level.
func trainingWrite(trainings, i int) chitieu.Change {
	status := []chitieu.TrainingStatus{chitieu.Completed, chitieu.Planned}[i%2]
	return chitieu.Change{Training: &chitieu.Training{ID: int64(trainings + 1), CadreID: 7, Kind: chitieu.PoliticalTheory,
		Level: "cao_cap", Status: status, CompletedOn: chitieu.NewDate(2024, 1, 1), ExpectedOn: chitieu.NewDate(2027, 1, 1)}}
}

// exportingKeeper runs a keeper of a province of the size with an exporter that encodes each of
// its snapshots, as serve sets them up.
func exportingKeeper(b *testing.B, units, cadres, trainings int) (*figures.Keeper, *metrics.Exporter, context.CancelFunc) {
	k, cancel := newKeeper(b, province(units, cadres, trainings))
	e := metrics.NewExporter(k, hcm, metrics.Build{Version: "bench"}, metrics.Options{})
	k.OnSnapshot = func(s *chitieu.Snapshot) {
		if err := e.Prepare(s); err != nil {
			b.Error(err)
		}
	}
	return k, e, cancel
}

// BenchmarkFreshAfterWrite measures how long a write takes to show on /metrics: from the
// store's notification of a training record (trainingWrite) to the answer of a scrape as
// Prometheus asks (OpenMetrics, gzip) with it, the keeper updating the figures by the change
// and encoding the blocks that changed, the scrape waiting for it. The writes come one at a time,
// a batch interval apart.
func BenchmarkFreshAfterWrite(b *testing.B) {
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			k, e, cancel := exportingKeeper(b, size.units, size.cadres, size.trainings)
			defer cancel()
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3")
			req.Header.Set("Accept-Encoding", "gzip")
			i := 0
			runtime.GC() // the set-up's garbage collected before the loop, not during it
			cpu := cpuTime()
			defer func() { reportCPU(b, cpu) }()
			for b.Loop() {
				b.StopTimer()
				time.Sleep(k.BatchInterval) // one write at a time, as they come apart
				b.StartTimer()
				k.RecordsChanged(trainingWrite(size.trainings, i))
				i++
				w := sink{header: http.Header{}}
				e.ServeHTTP(&w, req)
				if w.code != http.StatusOK {
					b.Fatal(w.code)
				}
			}
		})
	}
}

// BenchmarkFreshUnderStream sends writes at 100 a second, each followed by a scrape as
// Prometheus asks, and reports the median and the 99th percentile of the time from a write's
// notification to the scrape's answer with it: training records (trainingWrite) or new cadres
// (cadreWrite). Run it with -benchtime 500x or more (one iteration a write, 10 ms apart).
func BenchmarkFreshUnderStream(b *testing.B) {
	for _, size := range sizes {
		writes := []struct {
			name  string
			write func(i int) chitieu.Change
		}{
			{"training record", func(i int) chitieu.Change { return trainingWrite(size.trainings, i) }},
			{"new cadre", func(i int) chitieu.Change { return cadreWrite(size.cadres, i) }},
		}
		for _, write := range writes {
			b.Run(size.name+"/"+write.name, func(b *testing.B) {
				k, e, cancel := exportingKeeper(b, size.units, size.cadres, size.trainings)
				defer cancel()
				var (
					mu    sync.Mutex
					waits []time.Duration
					wg    sync.WaitGroup
				)
				next, i := time.Now(), 0
				runtime.GC() // the set-up's garbage collected before the loop, not during it
				cpu := cpuTime()
				defer func() { reportCPU(b, cpu) }()
				for b.Loop() {
					time.Sleep(time.Until(next))
					next = next.Add(10 * time.Millisecond)
					start, change := time.Now(), write.write(i)
					i++
					wg.Go(func() {
						k.RecordsChanged(change)
						w := sink{header: http.Header{}}
						req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
						req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3")
						req.Header.Set("Accept-Encoding", "gzip")
						e.ServeHTTP(&w, req)
						mu.Lock()
						waits = append(waits, time.Since(start))
						mu.Unlock()
					})
				}
				wg.Wait()
				slices.Sort(waits)
				b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(waits[len(waits)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}

// cadreWrite is the i-th of writes that add a full-time cadre to the provincial office, as
// scripts/bench-scale.sh's stream does: each changes the office's cadre counts and its part of
// the targets over full-time cadres.
func cadreWrite(cadres, i int) chitieu.Change {
	return chitieu.Change{Cadre: &chitieu.Cadre{ID: int64(cadres + 1 + i), FullName: "Cán bộ đo", Unit: "co-quan", FullTime: true,
		JoinedOn: chitieu.NewDate(2020, 1, 1)}}
}

// cpuTime is the CPU time the process has used (user and system, the garbage collector's
// included): on the shared machine, the work a benchmark did apart from its wait for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru) // cannot fail for RUSAGE_SELF
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time a loop took since start, per iteration.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// countSeries counts the samples of an exposition in the text format: its lines that are not
// comments.
func countSeries(body []byte) int {
	n := 0
	for line := range bytes.Lines(body) {
		if len(line) > 1 && line[0] != '#' {
			n++
		}
	}
	return n
}

// BenchmarkRemoteRead measures Prometheus's remote read of the history through the keeper, from
// the request to the compressed answer: one target's daily ratio over three years (aim: 20 ms),
// a trajectory panel's four lines over three years, and every unit's part of one target
// (numerator, denominator, ratio) over a year (aim: 1 s).
// Cold is the first read after a change to the records (a training record written again before
// each read, and the figures refreshed, out of the time measured), which computes the counts;
// warm is the same read again, as every Grafana refresh makes, whose counts are kept.
func BenchmarkRemoteRead(b *testing.B) {
	day := func(s string) int64 {
		t, _ := time.Parse(time.DateOnly, s)
		return t.UnixMilli()
	}
	query := func(from, to string, matchers ...*prompb.LabelMatcher) *prompb.Query {
		start := day(from) - 5*60*1000
		return &prompb.Query{StartTimestampMs: start, EndTimestampMs: day(to), Matchers: matchers,
			Hints: &prompb.ReadHints{StartMs: start, EndMs: day(to), StepMs: 24 * 3600 * 1000}}
	}
	target := &prompb.LabelMatcher{Type: prompb.LabelMatcher_EQ, Name: "target", Value: "dai-hoc"}
	reads := []struct {
		name  string
		query *prompb.Query
	}{
		{"target-ratio/3-years/daily", query("2013-01-01", "2015-12-31", target,
			&prompb.LabelMatcher{Type: prompb.LabelMatcher_EQ, Name: "__name__", Value: "chitieu_history_target_ratio"})},
		// A trajectory panel: the ratio, expected, threshold and projected lines, from after the
		// baseline (its ratio then is computed apart).
		{"trajectory/3-years/daily", query("2014-01-01", "2016-12-31", target,
			&prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: "__name__", Value: "chitieu_history_target_(ratio|expected_ratio|threshold_ratio|projected_ratio)"})},
		{"every-unit/1-year/daily", query("2015-01-01", "2015-12-31", target,
			&prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: "__name__", Value: "chitieu_history_unit_target_.*"})},
	}
	for _, size := range sizes {
		k, cancel := newKeeper(b, province(size.units, size.cadres, size.trainings))
		h := remoteread.NewHandler(k)
		change := chitieu.Change{Training: &chitieu.Training{ID: int64(size.trainings + 1), CadreID: 1, Kind: chitieu.Education,
			Level: "dai_hoc", Status: chitieu.Completed, CompletedOn: chitieu.NewDate(2014, 1, 1)}}
		for _, read := range reads {
			for _, cold := range []bool{true, false} {
				name := size.name + "/" + read.name + "/warm"
				if cold {
					name = size.name + "/" + read.name + "/cold"
				}
				b.Run(name, func(b *testing.B) {
					raw, err := (&prompb.ReadRequest{Queries: []*prompb.Query{read.query}}).Marshal()
					if err != nil {
						b.Fatal(err)
					}
					body := snappy.Encode(nil, raw)
					var answer []byte
					for b.Loop() {
						if cold {
							b.StopTimer()
							k.RecordsChanged(change)
							if err := k.WaitCurrent(context.Background()); err != nil {
								b.Fatal(err)
							}
							b.StartTimer()
						}
						w := httptest.NewRecorder()
						h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/v1/read", strings.NewReader(string(body))))
						if w.Code != http.StatusOK {
							b.Fatal(w.Code, w.Body.String())
						}
						answer = w.Body.Bytes()
					}
					b.ReportMetric(float64(countSamples(b, answer)), "samples")
					b.ReportMetric(float64(len(answer)), "bytes")
				})
			}
		}
		cancel()
	}
}

// countSamples decodes a remote-read answer and counts its samples.
func countSamples(b *testing.B, body []byte) int {
	raw, err := snappy.Decode(nil, body)
	if err != nil {
		b.Fatal(err)
	}
	var resp prompb.ReadResponse
	if err := resp.Unmarshal(raw); err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, r := range resp.Results {
		for _, ts := range r.Timeseries {
			n += len(ts.Samples)
		}
	}
	return n
}

// BenchmarkFiguresUpdate measures one write applied to the figures by its parts (a cadre moved
// between two units, a training record completed and undone, a youth report entered), beside
// the full recompute of every figure that any other change still takes.
func BenchmarkFiguresUpdate(b *testing.B) {
	for _, size := range sizes {
		ds := province(size.units, size.cadres, size.trainings)
		day := chitieu.NewDate(2026, 12, 5)
		b.Run(size.name+"/full", func(b *testing.B) {
			for b.Loop() {
				ds.Figures(day)
			}
		})
		f := ds.Figures(day)
		writes := map[string]func(i int) chitieu.Change{
			"cadre moved": func(i int) chitieu.Change {
				c := *ds.Cadre(7)
				c.Unit = []string{"don-vi-30", "don-vi-1500"}[i%2]
				return chitieu.Change{Cadre: &c}
			},
			"training record": func(i int) chitieu.Change { return trainingWrite(size.trainings, i) },
			"youth report": func(i int) chitieu.Change {
				return chitieu.Change{YouthReport: &chitieu.YouthReport{ID: int64(size.units + 1), Unit: "don-vi-40", ReportedOn: chitieu.NewDate(2026, 6, 1),
					YouthPopulation: 1000, Gathered: int64(500 + i%2)}}
			},
		}
		for _, name := range []string{"cadre moved", "training record", "youth report"} {
			b.Run(size.name+"/by the change/"+name, func(b *testing.B) {
				i := 0
				for b.Loop() {
					if f = f.Apply(ds, writes[name](i)); f == nil {
						b.Fatal("fell back to the full recompute")
					}
					i++
				}
			})
		}
	}
}
