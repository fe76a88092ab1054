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
	"sync/atomic"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"chitieu/internal/chitieu"
)

// formats are the formats /metrics speaks, in the order it prefers them when a client accepts
// several equally (Prometheus 3 asks for OpenMetrics first).
var formats = []expfmt.Format{expfmt.FmtOpenMetrics_1_0_0, expfmt.FmtOpenMetrics_0_0_1, expfmt.FmtProtoDelim, expfmt.FmtText}

// exposition is one snapshot's figures by block, and encoded in each format asked for.
type exposition struct {
	snap     *chitieu.Snapshot
	families []familyBlocks
	enc      [numFormats]atomic.Pointer[encoded]
}

// encoded is the figures in one format: as they are (in pieces, their CRC-32 and size), and as
// the start of a gzip member (its header and a deflate stream flushed to a byte boundary,
// without its final block, in pieces of gzSize bytes in all), which a scrape continues with the
// live metrics and ends with the trailer.
type encoded struct {
	pieces  [][]byte
	size    int
	crc     uint32
	gzipped [][]byte
	gzSize  int
}

// gzipHeader is a gzip member's header: deflate, no flags, no time, unknown OS (RFC 1952).
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// Prepare encodes snapshot s in the formats scrapes have asked for (OpenMetrics, which
// Prometheus asks for, from the start), so that no scrape waits for the encoding; the keeper
// calls it after each new snapshot, with it. Only the blocks of series that changed since the
// last snapshot are encoded again.
func (e *Exporter) Prepare(s *chitieu.Snapshot) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	x := e.cur.Load()
	if x == nil || x.snap != s {
		x = &exposition{snap: s, families: e.blocks.blocksOf(s)}
		e.cur.Store(x)
	}
	for fi := range numFormats {
		if e.wanted.Load()&(1<<fi) != 0 {
			if _, err := e.encodeLocked(x, fi); err != nil {
				return err
			}
		}
	}
	return nil
}

// current returns the figures of the current snapshot in format fi, encoding them first when
// needed.
func (e *Exporter) current(fi int) (*encoded, error) {
	e.wanted.Or(1 << fi)
	old := e.cur.Load()
	s := e.source.Snapshot() // not under e.mu: the keeper may wait for Prepare to publish it
	if old != nil && old.snap == s {
		if enc := old.enc[fi].Load(); enc != nil {
			return enc, nil
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	x := e.cur.Load()
	if x == nil || x.snap != s {
		x = &exposition{snap: s, families: e.blocks.blocksOf(s)}
		e.cur.CompareAndSwap(old, x) // unless Prepare stored a newer one meanwhile
	}
	return e.encodeLocked(x, fi)
}

// encodeLocked encodes x in format fi unless it is already; the caller holds e.mu.
func (e *Exporter) encodeLocked(x *exposition, fi int) (*encoded, error) {
	if enc := x.enc[fi].Load(); enc != nil {
		return enc, nil
	}
	enc, err := e.blocks.encode(x.families, fi)
	if err != nil {
		return nil, err
	}
	x.enc[fi].Store(enc)
	return enc, nil
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
	enc, err := e.current(formatIndex(format))
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
	h := w.Header()
	h.Set("Content-Type", string(format))
	h.Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Length", strconv.Itoa(enc.size+tail.Len()))
		writePieces(w, enc.pieces, tail.Bytes())
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
	end.Write(binary.LittleEndian.AppendUint32(nil, uint32(enc.size+tail.Len())))
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", strconv.Itoa(enc.gzSize+end.Len()))
	writePieces(w, enc.gzipped, end.Bytes())
}

// writePieces writes the pieces and then last, stopping at the first error (the client gone).
func writePieces(w io.Writer, pieces [][]byte, last []byte) {
	for _, p := range pieces {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
	w.Write(last)
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
