// Package remoteread answers Prometheus's remote-read protocol with the targets' history
// computed from the records: Prometheus (remote_read with read_recent) then answers Grafana's
// range queries over any past span as if it had scraped since each baseline, and a late entry
// shows on the next query: what is kept between reads is kept for one version of the records.
//
// The series are chitieu_history_target_{numerator,denominator,ratio,expected_ratio,
// threshold_ratio,projected_ratio}{target} and chitieu_history_unit_target_{numerator,
// denominator,ratio}{target,unit}. A sample at time t holds the figures of t's civil day in the
// service's zone. Samples are placed at the query's own steps, counted back from its end (the
// ReadHints), so that a plain selector finds one at every step of a range query whatever the
// step: daily samples alone are out of Prometheus's 5-minute look-back at a 1-hour step.
package remoteread

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/golang/snappy"
	"github.com/prometheus/prometheus/prompb"

	"chitieu/internal/chitieu"
)

// Records gives the records the history is computed from.
type Records interface {
	// ReadRecords runs f on the records with every change committed so far, and their
	// version, which changes whenever they do; they may change once f returns.
	ReadRecords(f func(ds *chitieu.Dataset, version uint64))
	// Location is the service's time zone, whose civil days the figures are of.
	Location() *time.Location
}

// Default bounds of a read.
const (
	DefaultMaxSeries  = 20000
	DefaultMaxSamples = 3000000
	// maxRequestBytes bounds a request, compressed and not: a read request is a few matchers.
	maxRequestBytes = 1 << 20
	// concurrentReads bounds the reads computed at once; others wait their turn.
	concurrentReads = 2
)

// Handler serves POST requests of the remote-read protocol.
type Handler struct {
	records Records
	// MaxSeries and MaxSamples bound what one request may ask, over all its queries: over
	// them it is refused (413) before anything is computed.
	MaxSeries, MaxSamples int
	// Province, when set, is the label `province` of every series answered (the instance's
	// --province): Prometheus gives the scraped series the same label as a target label, and a
	// dashboard filtered by province must find the history too. A query whose matchers on
	// `province` refuse it selects nothing.
	Province string
	slots    chan struct{}
	cache    dailyCache
	// gathered, when set, is called between the gathering under the records' lock and the
	// computation after it (a test writes there).
	gathered func()
}

// NewHandler returns a handler over the records with the default bounds.
func NewHandler(records Records) *Handler {
	return &Handler{records: records, MaxSeries: DefaultMaxSeries, MaxSamples: DefaultMaxSamples, slots: make(chan struct{}, concurrentReads)}
}

// requestError is a request refused with an HTTP status and a sentence Prometheus shows.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

func refuse(status int, format string, args ...any) error {
	return &requestError{status: status, msg: fmt.Sprintf(format, args...)}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "remote read: use POST", http.StatusMethodNotAllowed)
		return
	}
	req, err := decodeRequest(r.Body)
	if err == nil {
		select {
		case h.slots <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		var body []byte
		body, err = h.answer(req)
		<-h.slots
		if err == nil {
			w.Header().Set("Content-Type", "application/x-protobuf")
			w.Header().Set("Content-Encoding", "snappy")
			_, _ = w.Write(snappy.Encode(nil, body))
			return
		}
	}
	status := http.StatusInternalServerError
	if re, ok := errors.AsType[*requestError](err); ok {
		status = re.status
	}
	http.Error(w, "remote read: "+err.Error(), status)
}

// decodeRequest reads a snappy-compressed ReadRequest.
func decodeRequest(body io.Reader) (*prompb.ReadRequest, error) {
	compressed, err := io.ReadAll(io.LimitReader(body, maxRequestBytes+1))
	if err != nil {
		return nil, refuse(http.StatusBadRequest, "reading the request: %v", err)
	}
	if len(compressed) > maxRequestBytes {
		return nil, refuse(http.StatusRequestEntityTooLarge, "the request is over %d bytes", maxRequestBytes)
	}
	if n, err := snappy.DecodedLen(compressed); err != nil {
		return nil, refuse(http.StatusBadRequest, "the request is not snappy-compressed: %v", err)
	} else if n > maxRequestBytes {
		return nil, refuse(http.StatusRequestEntityTooLarge, "the request is over %d bytes uncompressed", maxRequestBytes)
	}
	raw, err := snappy.Decode(nil, compressed)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, "the request is not snappy-compressed: %v", err)
	}
	var req prompb.ReadRequest
	if err := req.Unmarshal(raw); err != nil {
		return nil, refuse(http.StatusBadRequest, "the request is not a prometheus.ReadRequest: %v", err)
	}
	if types := req.AcceptedResponseTypes; len(types) > 0 && !containsSamples(types) {
		return nil, refuse(http.StatusBadRequest, "only the SAMPLES response type is served")
	}
	return &req, nil
}

func containsSamples(types []prompb.ReadRequest_ResponseType) bool {
	for _, t := range types {
		if t == prompb.ReadRequest_SAMPLES {
			return true
		}
	}
	return false
}

// answer gathers every query's series under one read of the records, computes them after it,
// then encodes them. A
// request for none of the history's names (Prometheus asks the remote for every selector, its
// rules' included) is answered without touching the records.
func (h *Handler) answer(req *prompb.ReadRequest) ([]byte, error) {
	plans := make([]*plan, len(req.Queries))
	if !slices.ContainsFunc(req.Queries, asksHistory) {
		for i := range plans {
			plans[i] = &plan{}
		}
		return encodeResponse(plans), nil
	}
	var err error
	series, samples, work := 0, 0, 0
	var jobs []*job
	h.records.ReadRecords(func(ds *chitieu.Dataset, version uint64) {
		for i, q := range req.Queries {
			if plans[i], err = newPlan(ds, q, h.records.Location(), h.Province); err != nil {
				return
			}
			series += len(plans[i].series)
			samples += len(plans[i].series) * len(plans[i].times)
			work += plans[i].work
		}
		switch {
		case series > h.MaxSeries:
			err = refuse(http.StatusRequestEntityTooLarge, "the request asks %d series, over the limit of %d: match fewer targets or units", series, h.MaxSeries)
		case samples > h.MaxSamples:
			err = refuse(http.StatusRequestEntityTooLarge, "the request asks up to %d samples, over the limit of %d: choose a longer step or a shorter span", samples, h.MaxSamples)
		case work > h.MaxSamples:
			err = refuse(http.StatusRequestEntityTooLarge, "the request covers %d days of targets and units, over the limit of %d: choose a shorter span or fewer units", work, h.MaxSamples)
		default:
			for _, p := range plans {
				jobs = append(jobs, p.prepare(ds, version, &h.cache)...)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if h.gathered != nil {
		h.gathered()
	}
	for _, j := range jobs {
		j.finish(&h.cache)
	}
	return encodeResponse(plans), nil
}
