package remoteread_test

import (
	"bytes"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang/snappy"
	"github.com/prometheus/prometheus/prompb"

	"chitieu/internal/chitieu"
	"chitieu/internal/remoteread"
)

var hcm, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

func day(s string) chitieu.Date {
	d, err := chitieu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// records is a dataset read directly. It cannot tell whether the dataset changed, so each read
// has a version of its own, and nothing computed is ever read again from the cache.
type records struct{ ds *chitieu.Dataset }

var reads atomic.Uint64

func (r records) ReadRecords(f func(*chitieu.Dataset, uint64)) { f(r.ds, reads.Add(1)) }
func (r records) Location() *time.Location                     { return hcm }

// small is a province of two units with three cadres and a youth report:
//
//	tinh (Bình, full-time from 2013-01-01, trung_cap completed 2014-03-01)
//	└─ ban-a (An, full-time from 2013-01-01, trung_cap 2013-06-01; Cường from 2014-01-01)
//
// with the political theory target llct (80 % by 2015-12-31 from 2013-01-01) and the youth
// target tap-hop (over 65 %, same dates).
func small() *chitieu.Dataset {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh"})
	ds.PutUnit(chitieu.Unit{Code: "ban-a", Name: "Ban A", Parent: "tinh"})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "An", Unit: "ban-a", FullTime: true, JoinedOn: day("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 2, FullName: "Bình", Unit: "tinh", FullTime: true, JoinedOn: day("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 3, FullName: "Cường", Unit: "ban-a", FullTime: true, JoinedOn: day("2014-01-01")})
	ds.PutTraining(chitieu.Training{ID: 1, CadreID: 1, Kind: chitieu.PoliticalTheory, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: day("2013-06-01")})
	ds.PutTraining(chitieu.Training{ID: 2, CadreID: 2, Kind: chitieu.PoliticalTheory, Level: "trung_cap", Status: chitieu.Completed, CompletedOn: day("2014-03-01")})
	ds.PutYouthReport(chitieu.YouthReport{ID: 1, Unit: "ban-a", ReportedOn: day("2014-01-01"), YouthPopulation: 100, Gathered: 70})
	llct := chitieu.NewTarget()
	llct.Code, llct.Name, llct.Kind, llct.MinLevel, llct.ScopeUnit = "llct", "LLCT", chitieu.TargetPoliticalTheory, "trung_cap", "tinh"
	llct.Threshold, llct.BaselineDate, llct.Deadline = 0.8, day("2013-01-01"), day("2015-12-31")
	ds.PutTarget(llct)
	youth := chitieu.NewTarget()
	youth.Code, youth.Name, youth.Kind, youth.ScopeUnit, youth.Comparator = "tap-hop", "Tập hợp", chitieu.TargetYouthGathering, "tinh", chitieu.Over
	youth.Threshold, youth.BaselineDate, youth.Deadline = 0.65, day("2013-01-01"), day("2015-12-31")
	ds.PutTarget(youth)
	return ds
}

func ms(s string) int64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

func eq(name, value string) *prompb.LabelMatcher {
	return &prompb.LabelMatcher{Type: prompb.LabelMatcher_EQ, Name: name, Value: value}
}

// rangeQuery is the query Prometheus sends for a plain selector in a range query from start to
// end at step: hints from start minus the 5-minute look-back.
func rangeQuery(start, end string, step time.Duration, matchers ...*prompb.LabelMatcher) *prompb.Query {
	from := ms(start) - 5*60*1000
	return &prompb.Query{StartTimestampMs: from, EndTimestampMs: ms(end), Matchers: matchers,
		Hints: &prompb.ReadHints{StartMs: from, EndMs: ms(end), StepMs: step.Milliseconds()}}
}

// read sends a request to the handler and returns the status, the decoded response and the
// text of an error.
func read(t *testing.T, h http.Handler, queries ...*prompb.Query) (int, *prompb.ReadResponse, string) {
	t.Helper()
	raw, err := (&prompb.ReadRequest{Queries: queries}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/v1/read", bytes.NewReader(snappy.Encode(nil, raw))))
	if w.Code != http.StatusOK {
		return w.Code, nil, w.Body.String()
	}
	if ce := w.Header().Get("Content-Encoding"); ce != "snappy" {
		t.Fatalf("Content-Encoding %q", ce)
	}
	body, err := snappy.Decode(nil, w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var resp prompb.ReadResponse
	if err := resp.Unmarshal(body); err != nil {
		t.Fatal(err)
	}
	return w.Code, &resp, ""
}

func labelsOf(ts *prompb.TimeSeries) map[string]string {
	out := map[string]string{}
	for _, l := range ts.Labels {
		out[l.Name] = l.Value
	}
	return out
}

func TestDailySamplesEqualProgress(t *testing.T) {
	ds := small()
	h := remoteread.NewHandler(records{ds})
	// 2012-12-30 to 2016-01-02 at 07:00 in Hồ Chí Minh City (00:00 UTC), one a day: the two
	// days before the baseline have no sample.
	code, resp, msg := read(t, h, rangeQuery("2012-12-30T00:00:00Z", "2016-01-02T00:00:00Z", 24*time.Hour, eq("target", "llct")))
	if code != http.StatusOK {
		t.Fatal(code, msg)
	}
	if len(resp.Results) != 1 {
		t.Fatalf("%d results", len(resp.Results))
	}
	names := map[string]bool{}
	for _, ts := range resp.Results[0].Timeseries {
		l := labelsOf(ts)
		names[l["__name__"]] = true
		if l["target"] != "llct" {
			t.Errorf("series %v of another target", l)
		}
		if l["unit"] != "" {
			// Bình's unit tinh and An's and Cường's ban-a: from 2013-01-01 each unit takes part.
			if len(ts.Samples) != 1097 {
				t.Errorf("%v: %d samples, want one a day from 2013-01-01 to 2016-01-02 (1097)", l, len(ts.Samples))
			}
			continue
		}
		if len(ts.Samples) != 1097 {
			t.Errorf("%v: %d samples, want 1097", l, len(ts.Samples))
		}
		for _, s := range ts.Samples {
			d := chitieu.DateOf(time.UnixMilli(s.Timestamp).In(hcm))
			if s.Timestamp%(24*3600*1000) != 0 {
				t.Fatalf("%v: a sample at %d, not at the query's steps", l, s.Timestamp)
			}
			p := ds.Progress(ds.Target("llct"), d)
			var w float64
			switch l["__name__"] {
			case remoteread.TargetNumerator:
				w = float64(p.Numerator)
			case remoteread.TargetDenominator:
				w = float64(p.Denominator)
			case remoteread.TargetRatio:
				w = *p.Ratio
			case remoteread.TargetExpected:
				w = p.ExpectedRatio
			case remoteread.TargetThreshold:
				w = 0.8
			case remoteread.TargetProjected:
				w = *p.ProjectedRatio
			}
			if math.Abs(s.Value-w) > 1e-12 {
				t.Fatalf("%v on %s: %v, Progress says %v", l, d, s.Value, w)
			}
		}
	}
	if len(names) != 9 {
		t.Errorf("series names %v, want the 9 history names", names)
	}
}

func TestStepsAndUnits(t *testing.T) {
	ds := small()
	h := remoteread.NewHandler(records{ds})
	// A 1-hour step over two days: a sample at each step (48 + 1), the value of the civil day
	// in Hồ Chí Minh City: An (ban-a) qualifies from 2013-06-01, so ban-a's ratio is 0 until
	// 2013-05-31T17:00Z and 1 from then.
	code, resp, msg := read(t, h, rangeQuery("2013-05-31T00:00:00Z", "2013-06-02T00:00:00Z", time.Hour,
		eq("__name__", remoteread.UnitTargetRatio), eq("target", "llct"), eq("unit", "ban-a")))
	if code != http.StatusOK {
		t.Fatal(code, msg)
	}
	if n := len(resp.Results[0].Timeseries); n != 1 {
		t.Fatalf("%d series, want ban-a's ratio only", n)
	}
	samples := resp.Results[0].Timeseries[0].Samples
	if len(samples) != 49 {
		t.Fatalf("%d samples, want 49", len(samples))
	}
	for _, s := range samples {
		want := 0.0
		if s.Timestamp >= ms("2013-05-31T17:00:00Z") {
			want = 1
		}
		if s.Value != want {
			t.Errorf("at %s: %v, want %v", time.UnixMilli(s.Timestamp).UTC(), s.Value, want)
		}
	}

	// Every matcher type; youth figures are by the unit whose report is used.
	for _, tc := range []struct {
		name     string
		matchers []*prompb.LabelMatcher
		want     []string // name/target/unit of each series, in order
	}{
		{"regex on names and !=", []*prompb.LabelMatcher{
			{Type: prompb.LabelMatcher_RE, Name: "__name__", Value: "chitieu_history_unit_target_(numerator|denominator)"},
			{Type: prompb.LabelMatcher_NEQ, Name: "target", Value: "llct"}},
			[]string{"chitieu_history_unit_target_denominator/tap-hop/ban-a", "chitieu_history_unit_target_numerator/tap-hop/ban-a"}},
		{"negative regex on units", []*prompb.LabelMatcher{
			eq("__name__", remoteread.UnitTargetNumerator), {Type: prompb.LabelMatcher_NRE, Name: "unit", Value: "ban-.*"}},
			[]string{"chitieu_history_unit_target_numerator/llct/tinh"}},
		{"unit= selects the target-level series", []*prompb.LabelMatcher{
			{Type: prompb.LabelMatcher_RE, Name: "__name__", Value: ".*_threshold_ratio"}, eq("unit", "")},
			[]string{"chitieu_history_target_threshold_ratio/llct/", "chitieu_history_target_threshold_ratio/tap-hop/"}},
		{"a label no series has matches nothing", []*prompb.LabelMatcher{eq("__name__", remoteread.TargetRatio), eq("monitor", "chitieu")}, nil},
		{"a scraped name matches nothing", []*prompb.LabelMatcher{eq("__name__", "chitieu_target_ratio")}, nil},
	} {
		q := rangeQuery("2015-01-01T00:00:00Z", "2015-01-02T00:00:00Z", 24*time.Hour, tc.matchers...)
		code, resp, msg := read(t, h, q)
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", tc.name, code, msg)
		}
		var got []string
		for _, ts := range resp.Results[0].Timeseries {
			l := labelsOf(ts)
			got = append(got, l["__name__"]+"/"+l["target"]+"/"+l["unit"])
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%s: series %v, want %v", tc.name, got, tc.want)
		}
	}

	// An instant query (no step) gets one sample, at its time.
	at := ms("2015-06-01T12:00:00Z")
	code, resp, _ = read(t, h, &prompb.Query{StartTimestampMs: at - 300000, EndTimestampMs: at, Matchers: []*prompb.LabelMatcher{eq("__name__", remoteread.TargetRatio), eq("target", "tap-hop")},
		Hints: &prompb.ReadHints{StartMs: at - 300000, EndMs: at}})
	if code != http.StatusOK || len(resp.Results[0].Timeseries) != 1 {
		t.Fatalf("instant: %d %+v", code, resp)
	}
	if s := resp.Results[0].Timeseries[0].Samples; len(s) != 1 || s[0].Timestamp != at || s[0].Value != 0.7 {
		t.Errorf("instant: %+v, want 0.7 at %d", s, at)
	}
}

func TestLateEntryShowsOnTheNextRead(t *testing.T) {
	k := keeper(t, small())
	h := remoteread.NewHandler(k)
	q := rangeQuery("2014-06-01T00:00:00Z", "2014-06-01T00:00:00Z", 24*time.Hour, eq("__name__", remoteread.TargetNumerator), eq("target", "llct"))
	_, resp, _ := read(t, h, q)
	if v := resp.Results[0].Timeseries[0].Samples[0].Value; v != 2 {
		t.Fatalf("numerator %v, want 2 (An and Bình)", v)
	}
	k.RecordsChanged(lateRecord)
	_, resp, _ = read(t, h, q)
	if v := resp.Results[0].Timeseries[0].Samples[0].Value; v != 3 {
		t.Errorf("after Cường's late record: numerator %v, want 3", v)
	}
}

func TestBounds(t *testing.T) {
	h := remoteread.NewHandler(records{small()})
	h.MaxSeries, h.MaxSamples = 4, 1000
	for _, tc := range []struct {
		name   string
		query  *prompb.Query
		status int
		says   string
	}{
		{"too many series", rangeQuery("2015-01-01T00:00:00Z", "2015-01-02T00:00:00Z", 24*time.Hour, eq("target", "llct")), 413, "series, over the limit of 4"},
		{"too many samples", rangeQuery("2013-01-01T00:00:00Z", "2016-01-01T00:00:00Z", 24*time.Hour, eq("__name__", remoteread.TargetRatio)), 413, "samples, over the limit of 1000"},
		// Few samples at a year's step, but each unit's figures on every day of three years.
		{"too many days", rangeQuery("2013-01-01T00:00:00Z", "2016-01-01T00:00:00Z", 365*24*time.Hour,
			eq("__name__", remoteread.UnitTargetNumerator), eq("target", "llct")), 413, "days of targets and units, over the limit of 1000"},
		{"too many steps", rangeQuery("1970-01-01T00:00:00Z", "2100-01-01T00:00:00Z", time.Second, eq("__name__", remoteread.TargetRatio)), 413, "steps, over the limit"},
		{"a bad regex", rangeQuery("2015-01-01T00:00:00Z", "2015-01-02T00:00:00Z", time.Hour, &prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: "target", Value: "("}), 400, "matcher target"},
	} {
		code, _, msg := read(t, h, tc.query)
		if code != tc.status || !strings.Contains(msg, tc.says) {
			t.Errorf("%s: %d %q, want %d saying %q", tc.name, code, msg, tc.status, tc.says)
		}
	}
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"not snappy", "hello", 400},
		{"not a ReadRequest", string(snappy.Encode(nil, []byte("\xff\xff\xff"))), 400},
		{"too large", string(snappy.Encode(nil, bytes.Repeat([]byte{0}, 2<<20))), 413},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/v1/read", strings.NewReader(tc.body)))
		if w.Code != tc.status {
			body, _ := io.ReadAll(w.Body)
			t.Errorf("%s: %d %s, want %d", tc.name, w.Code, body, tc.status)
		}
	}
}

// FuzzRemoteRead sends arbitrary bodies, raw and snappy-compressed, to the handler: each is
// answered 200, 400 or 413, never a panic or a 500, and a 200 is a ReadResponse.
func FuzzRemoteRead(f *testing.F) {
	valid, _ := (&prompb.ReadRequest{Queries: []*prompb.Query{rangeQuery("2015-01-01T00:00:00Z", "2015-02-01T00:00:00Z", time.Hour, eq("target", "llct"))}}).Marshal()
	f.Add(valid, true)
	f.Add([]byte("\x0a\x04\x08\x01\x10\x02"), true)
	f.Add([]byte("\x80\x80\x80\x80\x08\x00"), false)
	h := remoteread.NewHandler(records{small()})
	f.Fuzz(func(t *testing.T, body []byte, compress bool) {
		if compress {
			body = snappy.Encode(nil, body)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/v1/read", bytes.NewReader(body)))
		switch w.Code {
		case http.StatusOK:
			raw, err := snappy.Decode(nil, w.Body.Bytes())
			var resp prompb.ReadResponse
			if err == nil {
				err = resp.Unmarshal(raw)
			}
			if err != nil {
				t.Fatalf("a 200 that is not a ReadResponse: %v", err)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}

// TestExtremeTimes: a query from the beginning to the end of time (Prometheus's metadata
// queries) answers the samples of 1900 to 2200 (one a day without a step), without overflow.
func TestExtremeTimes(t *testing.T) {
	h := remoteread.NewHandler(records{small()})
	for _, q := range []*prompb.Query{
		{StartTimestampMs: math.MinInt64, EndTimestampMs: math.MaxInt64, Matchers: []*prompb.LabelMatcher{eq("target", "llct")}},
		{StartTimestampMs: math.MinInt64, EndTimestampMs: math.MaxInt64, Matchers: []*prompb.LabelMatcher{eq("target", "llct")},
			Hints: &prompb.ReadHints{StartMs: math.MinInt64, EndMs: math.MaxInt64, StepMs: math.MaxInt64}},
	} {
		code, resp, msg := read(t, h, q)
		if code != http.StatusOK {
			t.Fatalf("%+v: %d %s", q, code, msg)
		}
		for _, ts := range resp.Results[0].Timeseries {
			for i, s := range ts.Samples {
				if i > 0 && q.Hints == nil && s.Timestamp-ts.Samples[i-1].Timestamp != 24*3600*1000 {
					t.Fatalf("samples at %d and %d, not a day apart", ts.Samples[i-1].Timestamp, s.Timestamp)
				}
			}
		}
	}
}

// TestProvinceLabel: an instance that names its province puts it on every history series, as
// Prometheus puts it on the scraped ones, so that a dashboard filtered by province finds both;
// a query for another province selects nothing. small() has two targets.
func TestProvinceLabel(t *testing.T) {
	h := remoteread.NewHandler(records{small()})
	h.Province = "kien-giang"
	name := eq("__name__", remoteread.TargetRatio)
	for _, tc := range []struct {
		name     string
		matchers []*prompb.LabelMatcher
		series   int
	}{
		{"no province matcher", []*prompb.LabelMatcher{name}, 2},
		{"this province", []*prompb.LabelMatcher{name, eq("province", "kien-giang")}, 2},
		{"this province by regex", []*prompb.LabelMatcher{name, {Type: prompb.LabelMatcher_RE, Name: "province", Value: "an-giang|kien-giang"}}, 2},
		{"another province", []*prompb.LabelMatcher{name, eq("province", "an-giang")}, 0},
		{"no province", []*prompb.LabelMatcher{name, eq("province", "")}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, resp, msg := read(t, h, rangeQuery("2014-01-01T00:00:00Z", "2014-01-10T00:00:00Z", 24*time.Hour, tc.matchers...))
			if code != http.StatusOK {
				t.Fatal(code, msg)
			}
			got := resp.Results[0].Timeseries
			if len(got) != tc.series {
				t.Fatalf("%d series, want %d", len(got), tc.series)
			}
			for _, ts := range got {
				if p := labelsOf(ts)["province"]; p != "kien-giang" {
					t.Errorf("province label %q, want kien-giang", p)
				}
				for i := 1; i < len(ts.Labels); i++ {
					if ts.Labels[i-1].Name >= ts.Labels[i].Name {
						t.Errorf("labels not sorted: %v", ts.Labels)
					}
				}
			}
		})
	}
}
