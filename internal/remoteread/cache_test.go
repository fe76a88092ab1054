package remoteread_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/golang/snappy"
	"github.com/prometheus/prometheus/prompb"

	"chitieu/internal/chitieu"
	"chitieu/internal/figures"
	"chitieu/internal/remoteread"
)

// keeper returns a running keeper of ds, as the binary has.
func keeper(t *testing.T, ds *chitieu.Dataset) *figures.Keeper {
	k := figures.New(ds, time.Now, hcm, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go k.Run(ctx)
	return k
}

// lateRecord is Cường's cao_cap, completed in 2014 and entered late.
var lateRecord = chitieu.Change{Training: &chitieu.Training{ID: 9, CadreID: 3, Kind: chitieu.PoliticalTheory, Level: "cao_cap",
	Status: chitieu.Completed, CompletedOn: day("2014-02-01")}}

// TestCacheNeverAnswersAnOldVersion reads through the keeper the same target's and unit's
// numerators twice (the second from the cache), then a narrower span, with a late entry in
// between: the read after the write shows it, wherever it lies in the cached span.
func TestCacheNeverAnswersAnOldVersion(t *testing.T) {
	k := keeper(t, small())
	h := remoteread.NewHandler(k)
	wide := rangeQuery("2014-01-01T00:00:00Z", "2014-12-31T00:00:00Z", 24*time.Hour, eq("target", "llct"),
		&prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: "__name__", Value: ".*_numerator"}, &prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: "unit", Value: "|ban-a"})
	narrow := rangeQuery("2014-06-01T00:00:00Z", "2014-06-01T00:00:00Z", 24*time.Hour, eq("__name__", remoteread.TargetNumerator), eq("target", "llct"))
	// on2014June1 is each series' value on 2014-06-01, by its unit ("" for the target's).
	on2014June1 := func(q *prompb.Query) map[string]float64 {
		t.Helper()
		_, resp, msg := read(t, h, q)
		if resp == nil {
			t.Fatal(msg)
		}
		out := map[string]float64{}
		for _, ts := range resp.Results[0].Timeseries {
			for _, s := range ts.Samples {
				if s.Timestamp == ms("2014-06-01T00:00:00Z") {
					out[labelsOf(ts)["unit"]] = s.Value
				}
			}
		}
		return out
	}
	before := map[string]float64{"": 2, "ban-a": 1} // An and Bình; An
	for i := range 2 {
		if got := on2014June1(wide); !reflect.DeepEqual(got, before) {
			t.Fatalf("read %d: %v, want %v", i+1, got, before)
		}
	}
	k.RecordsChanged(lateRecord)
	if got, want := on2014June1(wide), map[string]float64{"": 3, "ban-a": 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("after Cường's late record: %v, want %v", got, want)
	}
	k.RecordsChanged(chitieu.Change{Training: lateRecord.Training, Deleted: true})
	if got, want := on2014June1(narrow), map[string]float64{"": 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the late record was deleted: %v, want %v", got, want)
	}
}

// TestCachedAnswersAreComputedAnswers sends reads of different spans, steps and series through
// the keeper, each twice, and compares every answer with the one computed afresh.
func TestCachedAnswersAreComputedAnswers(t *testing.T) {
	ds := small()
	cachedH, freshH := remoteread.NewHandler(keeper(t, ds)), remoteread.NewHandler(records{ds})
	all := &prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: "__name__", Value: "chitieu_history_.*"}
	queries := []*prompb.Query{
		rangeQuery("2013-01-01T00:00:00Z", "2015-12-31T00:00:00Z", 24*time.Hour, all),
		rangeQuery("2014-03-01T00:00:00Z", "2014-03-05T00:00:00Z", time.Hour, all),
		rangeQuery("2012-06-01T00:00:00Z", "2016-06-30T00:00:00Z", 7*24*time.Hour, eq("__name__", remoteread.TargetRatio)),
		rangeQuery("2014-01-01T00:00:00Z", "2014-12-31T00:00:00Z", 24*time.Hour, all, eq("unit", "ban-a")),
	}
	for round := range 2 {
		for i, q := range queries {
			if cached, fresh := answer(t, cachedH, q), answer(t, freshH, q); !bytes.Equal(cached, fresh) {
				t.Errorf("round %d, query %d: the keeper's answer differs from the one computed afresh", round+1, i+1)
			}
		}
	}
}

func answer(t *testing.T, h http.Handler, q *prompb.Query) []byte {
	raw, err := (&prompb.ReadRequest{Queries: []*prompb.Query{q}}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/v1/read", bytes.NewReader(snappy.Encode(nil, raw))))
	if w.Code != http.StatusOK {
		t.Fatal(w.Code, w.Body.String())
	}
	return w.Body.Bytes()
}

// TestWriteAppliedDuringARead holds a read between its gathering and its computation, and
// checks that a write is applied and the figures refreshed meanwhile: the computation does not
// hold the records' lock. The held read answers the records it gathered; the next, the write.
func TestWriteAppliedDuringARead(t *testing.T) {
	k := keeper(t, small())
	h := remoteread.NewHandler(k)
	inside, release := make(chan struct{}), make(chan struct{})
	remoteread.SetGathered(h, func() {
		close(inside)
		<-release
	})
	q := rangeQuery("2014-06-01T00:00:00Z", "2014-06-01T00:00:00Z", 24*time.Hour, eq("__name__", remoteread.TargetNumerator), eq("target", "llct"))
	held := make(chan []byte)
	go func() {
		raw, _ := (&prompb.ReadRequest{Queries: []*prompb.Query{q}}).Marshal()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/v1/read", bytes.NewReader(snappy.Encode(nil, raw))))
		held <- w.Body.Bytes()
	}()
	<-inside
	k.RecordsChanged(lateRecord)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := k.WaitCurrent(ctx)
	close(release)
	if err != nil {
		t.Fatalf("the write was not applied while a read was computed: %v", err)
	}
	if got := numerator(t, <-held); got != 2 {
		t.Errorf("the held read: numerator %v, want 2 (the records it gathered)", got)
	}
	remoteread.SetGathered(h, nil)
	if got := numerator(t, answer(t, h, q)); got != 3 {
		t.Errorf("the next read: numerator %v, want 3 (with Cường's late record)", got)
	}
}

// numerator is the first sample of a one-series answer.
func numerator(t *testing.T, body []byte) float64 {
	raw, err := snappy.Decode(nil, body)
	var resp prompb.ReadResponse
	if err == nil {
		err = resp.Unmarshal(raw)
	}
	if err != nil || len(resp.Results) != 1 || len(resp.Results[0].Timeseries) != 1 {
		t.Fatalf("answer %s: %v", fmt.Sprint(resp.Results), err)
	}
	return resp.Results[0].Timeseries[0].Samples[0].Value
}
