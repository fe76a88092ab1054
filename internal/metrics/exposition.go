package metrics

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"chitieu/internal/chitieu"
)

// formats are the formats /metrics speaks, in the order it prefers them when a client accepts
// several equally (Prometheus 3 asks for OpenMetrics first).
var formats = []expfmt.Format{expfmt.FmtOpenMetrics_1_0_0, expfmt.FmtOpenMetrics_0_0_1, expfmt.FmtProtoDelim, expfmt.FmtText}

// exposition is one snapshot's figures encoded in each format.
type exposition struct {
	snap                    *chitieu.Snapshot
	text, openMetrics, prot encoded
}

// encoded is the figures in one format: as they are, and as the start of a gzip member (its
// header and a deflate stream flushed to a byte boundary, without its final block), which a
// scrape continues with the live metrics and ends with the trailer.
type encoded struct {
	plain, gzipped []byte
	crc            uint32
}

// gzipHeader is a gzip member's header: deflate, no flags, no time, unknown OS (RFC 1952).
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

func (x *exposition) of(f expfmt.Format) *encoded {
	switch f.FormatType() {
	case expfmt.TypeOpenMetrics:
		return &x.openMetrics
	case expfmt.TypeProtoDelim:
		return &x.prot
	}
	return &x.text
}

// Prepare encodes the current snapshot unless it is encoded already; the keeper calls it after
// each new snapshot so that no scrape waits for the encoding.
func (e *Exporter) Prepare() error {
	_, err := e.current()
	return err
}

// current returns the encoding of the current snapshot, encoding it first when needed.
func (e *Exporter) current() (*exposition, error) {
	if x := e.cur.Load(); x != nil && x.snap == e.source.Snapshot() {
		return x, nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.source.Snapshot() // the newest, read under the lock, so no older one replaces it
	if x := e.cur.Load(); x != nil && x.snap == s {
		return x, nil
	}
	families, err := e.figuresRegistry(s).Gather()
	if err != nil {
		return nil, fmt.Errorf("gather the figures: %w", err)
	}
	x := &exposition{snap: s}
	for _, f := range []expfmt.Format{expfmt.FmtText, expfmt.FmtOpenMetrics_1_0_0, expfmt.FmtProtoDelim} {
		if err := x.of(f).encode(families, f); err != nil {
			return nil, err
		}
	}
	e.cur.Store(x)
	return x, nil
}

func (enc *encoded) encode(families []*dto.MetricFamily, f expfmt.Format) error {
	var plain bytes.Buffer
	// No Close: OpenMetrics's "# EOF" comes after the live metrics.
	if err := encodeFamilies(&plain, families, f); err != nil {
		return err
	}
	gz := bytes.NewBuffer(append([]byte(nil), gzipHeader...))
	w, _ := flate.NewWriter(gz, flate.DefaultCompression) // the level is valid
	w.Write(plain.Bytes())                                // a bytes.Buffer does not fail
	if err := w.Flush(); err != nil {
		return fmt.Errorf("compress the figures: %w", err)
	}
	enc.plain, enc.gzipped, enc.crc = plain.Bytes(), gz.Bytes(), crc32.ChecksumIEEE(plain.Bytes())
	return nil
}

func encodeFamilies(w io.Writer, families []*dto.MetricFamily, f expfmt.Format) error {
	enc := expfmt.NewEncoder(w, f)
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("encode %s as %s: %w", mf.GetName(), f, err)
		}
	}
	return nil
}

// ServeHTTP answers a scrape in the format the Accept header asks for, gzipped when
// Accept-Encoding allows: the figures' bytes of the current snapshot, then the live metrics
// encoded now.
func (e *Exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	format := expfmt.NegotiateAccept(r.Header, formats...)
	var tail bytes.Buffer
	x, err := e.current()
	if err == nil {
		var live []*dto.MetricFamily
		if live, err = e.Live.Gather(); err == nil {
			if format.FormatType() == expfmt.TypeOpenMetrics {
				live = uniqueInOpenMetrics(live)
			}
			err = encodeFamilies(&tail, live, format)
		}
	}
	if err != nil { // as promhttp's HTTPErrorOnError
		http.Error(w, "An error has occurred while serving metrics:\n\n"+err.Error(), http.StatusInternalServerError)
		return
	}
	if format.FormatType() == expfmt.TypeOpenMetrics {
		tail.WriteString("# EOF\n")
	}
	enc := x.of(format)
	h := w.Header()
	h.Set("Content-Type", string(format))
	h.Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Length", strconv.Itoa(len(enc.plain)+tail.Len()))
		w.Write(enc.plain)
		w.Write(tail.Bytes())
		return
	}
	// The live metrics go on the same deflate stream as independent blocks after the figures'
	// flush point; the trailer covers both parts.
	var end bytes.Buffer
	fw := liveWriters.Get().(*flate.Writer)
	fw.Reset(&end)
	fw.Write(tail.Bytes())
	fw.Close()
	liveWriters.Put(fw)
	end.Write(binary.LittleEndian.AppendUint32(nil, crc32.Update(enc.crc, crc32.IEEETable, tail.Bytes())))
	end.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(enc.plain)+tail.Len())))
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", strconv.Itoa(len(enc.gzipped)+end.Len()))
	w.Write(enc.gzipped)
	w.Write(end.Bytes())
}

// uniqueInOpenMetrics leaves out a family that OpenMetrics would name like a counter without
// its _total: the Go collector's gauge go_memstats_alloc_bytes (which go_memstats_heap_alloc_bytes
// repeats) beside its counter go_memstats_alloc_bytes_total. OpenMetrics wants each name once.
func uniqueInOpenMetrics(families []*dto.MetricFamily) []*dto.MetricFamily {
	counters := map[string]bool{}
	for _, mf := range families {
		if mf.GetType() == dto.MetricType_COUNTER {
			counters[strings.TrimSuffix(mf.GetName(), "_total")] = true
		}
	}
	out := families[:0]
	for _, mf := range families {
		if mf.GetType() == dto.MetricType_COUNTER || !counters[mf.GetName()] {
			out = append(out, mf)
		}
	}
	return out
}

// liveWriters are compressors of the live metrics, kept between scrapes: each holds a megabyte.
var liveWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed) // the level is valid
	return w
}}

// acceptsGzip tells whether an Accept-Encoding header takes gzip (not with q=0).
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q, found := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !found {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}
