package metrics_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"

	"chitieu/internal/chitieu"
	"chitieu/internal/metrics"
)

// swappable is a source whose snapshot a test replaces.
type swappable struct{ s *chitieu.Snapshot }

func (w *swappable) Snapshot() *chitieu.Snapshot { return w.s }

// smallPlan has units, cadres of every kind, a training, a youth report and a target.
func smallPlan() *chitieu.Dataset {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "ban-a", Name: "Ban A", Parent: "tinh"})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "Nguyễn Văn An", Unit: "ban-a", FullTime: true, JoinedOn: date("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 2, FullName: "Trần Thị Bình", Unit: "tinh", JoinedOn: date("2013-01-01")})
	ds.PutTraining(chitieu.Training{ID: 1, CadreID: 1, Kind: chitieu.PoliticalTheory, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: date("2014-01-01")})
	ds.PutYouthReport(chitieu.YouthReport{ID: 1, Unit: "ban-a", ReportedOn: date("2015-01-01"), YouthPopulation: 100, UnionMembers: 50, AssociationMembers: 30, Gathered: 70})
	target := chitieu.NewTarget()
	target.Code, target.Name, target.Kind, target.MinLevel, target.ScopeUnit = "llct", "Lý luận chính trị", chitieu.TargetPoliticalTheory, "trung_cap", "tinh"
	target.Threshold, target.BaselineDate, target.Deadline = 0.8, date("2013-01-01"), date("2030-12-31")
	ds.PutTarget(target)
	return ds
}

// figuresIn returns the figures of s as the Collector and the unreadable collector give them,
// encoded in format f: what a scrape must start with.
func figuresIn(t *testing.T, s *chitieu.Snapshot, f expfmt.Format) []byte {
	t.Helper()
	return figuresWith(t, s, f, metrics.Options{})
}

// figuresWith is figuresIn with the collector's options.
func figuresWith(t *testing.T, s *chitieu.Snapshot, f expfmt.Format, opts metrics.Options) []byte {
	t.Helper()
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	reg := prometheus.NewRegistry()
	reg.MustRegister(metrics.NewCollector(fixedSnapshot{s}, hcm, opts), metrics.NewUnreadableCollector(fixedSnapshot{s}))
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := expfmt.NewEncoder(&b, f)
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// scrape gets /metrics with the headers and returns the response and its body, unzipped when
// it came gzipped (checking that it is one whole gzip member).
func scrape(t *testing.T, h http.Handler, accept, encoding string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if encoding != "" {
		req.Header.Set("Accept-Encoding", encoding)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	res := w.Result()
	body := w.Body.Bytes()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if res.Header.Get("Content-Length") != "" && res.ContentLength != int64(len(body)) {
		t.Errorf("Content-Length %d, body %d bytes", res.ContentLength, len(body))
	}
	if res.Header.Get("Content-Encoding") != "gzip" {
		return res, body
	}
	r := bytes.NewReader(body)
	zr, err := gzip.NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	plain, err := io.ReadAll(zr) // checks the CRC and the length in the trailer
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	if r.Len() != 0 {
		t.Errorf("%d bytes after the gzip member", r.Len())
	}
	return res, plain
}

// Prometheus 3's Accept header, and a client asking for protobuf.
const (
	acceptPrometheus = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
	acceptProtobuf   = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3"
)

func TestExporterServesTheFiguresBytes(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	ds := smallPlan()
	src := &swappable{ds.Snapshot(date("2016-01-01"))}
	e := metrics.NewExporter(src, hcm, metrics.Build{Version: "test", Revision: "abc"}, metrics.Options{})
	live := prometheus.NewCounter(prometheus.CounterOpts{Name: "chitieu_test_requests_total", Help: "Live."})
	e.Live.MustRegister(live)

	for _, tc := range []struct {
		name, accept string
		format       expfmt.Format // of the body
		contentType  string
	}{
		{"no Accept", "", expfmt.FmtText, "text/plain; version=0.0.4; charset=utf-8"},
		{"Prometheus 3", acceptPrometheus, expfmt.FmtOpenMetrics_1_0_0, "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=allow-utf-8"},
		{"OpenMetrics 0.0.1", "application/openmetrics-text", expfmt.FmtOpenMetrics_0_0_1, "application/openmetrics-text; version=0.0.1; charset=utf-8"},
		{"protobuf", acceptProtobuf, expfmt.FmtProtoDelim, "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"},
	} {
		for _, encoding := range []string{"", "gzip", "gzip;q=0, identity", "deflate, gzip;q=0.5"} {
			t.Run(tc.name+"/"+encoding, func(t *testing.T) {
				live.Inc()
				res, body := scrape(t, e, tc.accept, encoding)
				if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, tc.contentType) {
					t.Errorf("Content-Type %q, want %q", got, tc.contentType)
				}
				wantGzip := strings.Contains(encoding, "gzip") && !strings.Contains(encoding, "q=0,")
				if got := res.Header.Get("Content-Encoding") == "gzip"; got != wantGzip {
					t.Errorf("gzipped: %v, want %v", got, wantGzip)
				}
				figures := figuresIn(t, src.s, tc.format)
				if !bytes.HasPrefix(body, figures) {
					t.Fatalf("the body does not start with the collector's figures:\n%.2000s", body)
				}
				families := decode(t, body, tc.format)
				for _, name := range []string{"chitieu_cadres", "chitieu_records_unreadable", "chitieu_build_info",
					"chitieu_figures_refresh_duration_seconds", "chitieu_test_requests", "go_goroutines"} {
					if families[name] == nil && families[name+"_total"] == nil {
						t.Errorf("no %s", name)
					}
				}
				if tc.format.FormatType() == expfmt.TypeOpenMetrics &&
					(!bytes.HasSuffix(body, []byte("\n# EOF\n")) || bytes.Count(body, []byte("# EOF")) != 1) {
					t.Errorf("not one # EOF at the end:\n%s", body[max(0, len(body)-200):])
				}
			})
		}
	}

	// A new snapshot gives new bytes, and the old ones are not served again.
	before := figuresIn(t, src.s, expfmt.FmtText)
	ds.PutCadre(chitieu.Cadre{ID: 3, FullName: "Lê Văn Cường", Unit: "ban-a", FullTime: true, JoinedOn: date("2014-01-01")})
	src.s = ds.Snapshot(date("2016-01-02"))
	after := figuresIn(t, src.s, expfmt.FmtText)
	if bytes.Equal(before, after) {
		t.Fatal("the test's change changes no figure")
	}
	if _, body := scrape(t, e, "", "gzip"); !bytes.HasPrefix(body, after) {
		t.Errorf("after a new snapshot, the body does not start with its figures:\n%.2000s", body)
	}
	if err := e.Prepare(src.s); err != nil {
		t.Fatal(err)
	}
}

// decode parses a whole body and returns its families by name, failing on a family twice.
func decode(t *testing.T, body []byte, f expfmt.Format) map[string]*dto.MetricFamily {
	t.Helper()
	families := map[string]*dto.MetricFamily{}
	switch f.FormatType() {
	case expfmt.TypeTextPlain:
		p := expfmt.NewTextParser(model.LegacyValidation)
		fs, err := p.TextToMetricFamilies(bytes.NewReader(body)) // refuses a second TYPE of a family
		if err != nil {
			t.Fatal(err)
		}
		return fs
	case expfmt.TypeOpenMetrics:
		// A family's TYPE line comes once, so each name once in them.
		for line := range strings.Lines(string(body)) {
			if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
				name, _, _ = strings.Cut(name, " ")
				if families[name] != nil {
					t.Errorf("%s twice", name)
				}
				families[name] = &dto.MetricFamily{}
			}
		}
		return families
	}
	dec := expfmt.NewDecoder(bytes.NewReader(body), f)
	for {
		var mf dto.MetricFamily
		if err := dec.Decode(&mf); err == io.EOF {
			return families
		} else if err != nil {
			t.Fatal(err)
		}
		if families[mf.GetName()] != nil {
			t.Errorf("%s twice", mf.GetName())
		}
		families[mf.GetName()] = &mf
	}
}

// promtool check metrics accepts the scrape in the text format; Prometheus's own OpenMetrics
// parser reads the OpenMetrics one to its end (promtool's linter reads the text format only, and
// takes OpenMetrics's counters, named without _total, for metrics without help).
func TestExporterPromtool(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	e := metrics.NewExporter(&swappable{smallPlan().Snapshot(date("2016-01-01"))}, hcm, metrics.Build{Version: "test"}, metrics.Options{CadreLevels: true})
	metrics.NewHTTP(e.Live)
	_, body := scrape(t, e, "", "gzip")
	cmd := exec.Command("promtool", "check", "metrics")
	cmd.Stdin = bytes.NewReader(body)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}

	_, body = scrape(t, e, acceptPrometheus, "gzip")
	p := textparse.NewOpenMetricsParser(body, labels.NewSymbolTable())
	samples := 0
	for {
		entry, err := p.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("OpenMetrics: %v", err)
		}
		if entry == textparse.EntrySeries {
			samples++
		}
	}
	if samples < 50 {
		t.Errorf("%d samples in OpenMetrics", samples)
	}
}

// Live refuses a metric of a figure's name, which would appear twice in a scrape.
func TestExporterLiveRefusesAFiguresName(t *testing.T) {
	e := metrics.NewExporter(&swappable{smallPlan().Snapshot(date("2016-01-01"))}, time.UTC, metrics.Build{}, metrics.Options{})
	if err := e.Live.Register(prometheus.NewGauge(prometheus.GaugeOpts{Name: "chitieu_cadres", Help: "Again."})); err == nil {
		t.Error("Live took a second chitieu_cadres")
	}
}
