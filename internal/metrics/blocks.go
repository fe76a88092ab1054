package metrics

import (
	"bytes"
	"cmp"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"slices"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/proto"

	"chitieu/internal/chitieu"
)

// The formats the figures are encoded in: OpenMetrics serves both its versions.
const (
	fmtText = iota
	fmtOpenMetrics
	fmtProto
	numFormats
)

var encodings = [numFormats]expfmt.Format{expfmt.FmtText, expfmt.FmtOpenMetrics_1_0_0, expfmt.FmtProtoDelim}

func formatIndex(f expfmt.Format) int {
	switch f.FormatType() {
	case expfmt.TypeOpenMetrics:
		return fmtOpenMetrics
	case expfmt.TypeProtoDelim:
		return fmtProto
	}
	return fmtText
}

// blockSeries is how many series a block holds on average. A block ends after a series whose
// labels' hash says so, so that a series added or taken away changes one block, not every one
// after it; maxBlockSeries bounds a block all the same. Smaller blocks re-encode less after a
// write; larger ones compress better, each being compressed on its own.
const (
	blockSeries    = 128
	maxBlockSeries = 4 * blockSeries
)

// block is a run of a family's series in an exposition's order, encoded in a format when first
// needed and reused by the next snapshots as long as its series and values stay the same.
type block struct {
	ser      *series
	from, to int
	// plain is the block's lines (text, OpenMetrics) or its metrics as fields of the family's
	// message (protobuf); deflated is plain compressed on its own and flushed to a byte
	// boundary, so that blocks concatenate into one deflate stream.
	plain, deflated [numFormats][]byte
}

func (b *block) first() []string { return b.ser.at(b.from) }

// sameAs tells whether o has the same series with the same values.
func (b *block) sameAs(o *block) bool {
	if b.to-b.from != o.to-o.from {
		return false
	}
	for i := range b.to - b.from {
		if b.ser.values[b.from+i] != o.ser.values[o.from+i] || !slices.Equal(b.ser.at(b.from+i), o.ser.at(o.from+i)) {
			return false
		}
	}
	return true
}

// familyBlocks is a family's series in a snapshot, by block.
type familyBlocks struct {
	f      *family
	blocks []*block
}

// blockCache keeps the blocks of the last snapshot whose series were made (under Exporter.mu).
type blockCache struct {
	sections []*section
	byName   []familyRef // every family, in name order: the order of an exposition
	last     []sectionBlocks
	headers  map[*family]*[numFormats][]byte // each family's HELP and TYPE, or its message's fields before the metrics
	seed     maphash.Seed
	zw       *flate.Writer
	// buf and zbuf are a block's encoding and its compression before they are copied out, kept
	// from block to block so that they grow once.
	buf, zbuf bytes.Buffer
}

type familyRef struct{ section, family int }

// sectionBlocks is a section's blocks in the last snapshot, and the source they were made from.
type sectionBlocks struct {
	made     bool
	source   any
	families [][]*block
	// scratch are the series the section was last made into, which no block holds: the next
	// snapshot's are made into the same arrays.
	scratch []*series
}

func newBlockCache(sections []*section) *blockCache {
	c := &blockCache{sections: sections, last: make([]sectionBlocks, len(sections)),
		headers: map[*family]*[numFormats][]byte{}, seed: maphash.MakeSeed()}
	for i, sec := range sections {
		for j := range sec.families {
			c.byName = append(c.byName, familyRef{i, j})
		}
	}
	slices.SortFunc(c.byName, func(a, b familyRef) int {
		return cmp.Compare(sections[a.section].families[a.family].name, sections[b.section].families[b.family].name)
	})
	c.zw, _ = flate.NewWriter(nil, flate.DefaultCompression) // the level is valid
	return c
}

// blocksOf returns the families of s by block, in an exposition's order, leaving out those
// without series as a registry does. Only the sections whose source changed are made again, and
// of them only the blocks whose series changed are new.
func (c *blockCache) blocksOf(s *chitieu.Snapshot) []familyBlocks {
	for i, sec := range c.sections {
		last := &c.last[i]
		source := sec.source(s)
		if last.made && last.source == source {
			continue
		}
		made := sectionBlocks{made: true, source: source, families: make([][]*block, len(sec.families))}
		made.scratch = sec.seriesOf(s, last.scratch)
		for j, ser := range made.scratch {
			var old []*block
			if last.made {
				old = last.families[j]
			}
			made.families[j] = reuse(ser.f, c.split(ser), old)
		}
		*last = made
	}
	out := make([]familyBlocks, 0, len(c.byName))
	for _, ref := range c.byName {
		if blocks := c.last[ref.section].families[ref.family]; len(blocks) > 0 {
			out = append(out, familyBlocks{c.sections[ref.section].families[ref.family], blocks})
		}
	}
	return out
}

// split cuts a family's series into blocks.
func (c *blockCache) split(ser *series) []*block {
	var blocks []*block
	from := 0
	for i := range ser.len() {
		var h maphash.Hash
		h.SetSeed(c.seed)
		for _, l := range ser.at(i) {
			h.WriteString(l)
			h.WriteByte(0)
		}
		if h.Sum64()%blockSeries == 0 || i+1-from == maxBlockSeries || i+1 == ser.len() {
			blocks = append(blocks, &block{ser: ser, from: from, to: i + 1})
			from = i + 1
		}
	}
	return blocks
}

// reuse replaces each new block by the old one with the same series and values, which keeps
// its encodings, and gives the others a copy of their series, so that the series they were cut
// from can be made again. Both are in the family's order, so one pass over each does.
func reuse(f *family, blocks, old []*block) []*block {
	j := 0
	for i, b := range blocks {
		for j < len(old) && f.compare(old[j].first(), b.first()) < 0 {
			j++
		}
		if j < len(old) && b.sameAs(old[j]) {
			blocks[i] = old[j]
			j++
			continue
		}
		k := len(f.labels)
		b.ser = &series{f: f, labels: slices.Clone(b.ser.labels[b.from*k : b.to*k]), values: slices.Clone(b.ser.values[b.from:b.to])}
		b.from, b.to = 0, b.to-b.from
	}
	return blocks
}

// encode encodes the families in format fi: each block not yet encoded in it, then the whole,
// gzipped, each as pieces that a scrape writes one after the other.
func (c *blockCache) encode(families []familyBlocks, fi int) (*encoded, error) {
	enc := &encoded{}
	size := 0
	for _, fb := range families {
		var body int
		for _, b := range fb.blocks {
			if b.plain[fi] == nil {
				if err := c.encodeBlock(fb.f, b, fi); err != nil {
					return nil, err
				}
			}
			body += len(b.plain[fi])
		}
		head := c.headers[fb.f][fi]
		if fi == fmtProto { // a message: its length first
			head = append(binary.AppendUvarint(nil, uint64(len(head)+body)), head...)
		}
		enc.pieces = append(enc.pieces, head)
		for _, b := range fb.blocks {
			enc.pieces = append(enc.pieces, b.plain[fi])
		}
		size += len(head) + body
	}
	enc.size = size
	// The gzipped figures are pieces too, most of them the blocks' own: only the headers are
	// framed again, so that a snapshot costs no copy of the whole.
	enc.gzipped = append(make([][]byte, 0, len(enc.pieces)+1), gzipHeader)
	i := 0
	for _, fb := range families {
		head := enc.pieces[i]
		enc.gzipped = append(enc.gzipped, stored(nil, head))
		enc.crc = crc32.Update(enc.crc, crc32.IEEETable, head)
		i++
		for _, b := range fb.blocks {
			enc.gzipped = append(enc.gzipped, b.deflated[fi])
			enc.crc = crc32.Update(enc.crc, crc32.IEEETable, b.plain[fi])
			i++
		}
	}
	for _, p := range enc.gzipped {
		enc.gzSize += len(p)
	}
	return enc, nil
}

// encodeBlock encodes a block with the library's encoder, as a family of its series alone, and
// keeps what follows the family's header, and the header.
func (c *blockCache) encodeBlock(f *family, b *block, fi int) error {
	mf := &dto.MetricFamily{Name: &f.name, Help: &f.help, Type: dto.MetricType_GAUGE.Enum()}
	for i := b.from; i < b.to; i++ {
		values := b.ser.at(i)
		m := &dto.Metric{Gauge: &dto.Gauge{Value: &b.ser.values[i]}}
		for _, l := range f.byName {
			m.Label = append(m.Label, &dto.LabelPair{Name: &f.labels[l], Value: &values[l]})
		}
		mf.Metric = append(mf.Metric, m)
	}
	c.buf.Reset()
	if err := expfmt.NewEncoder(&c.buf, encodings[fi]).Encode(mf); err != nil {
		return fmt.Errorf("encode %s as %s: %w", f.name, encodings[fi], err)
	}
	head, body, err := splitHeader(f, c.buf.Bytes(), fi)
	if err != nil {
		return err
	}
	h := c.headers[f]
	if h == nil {
		h = &[numFormats][]byte{}
		c.headers[f] = h
	}
	h[fi] = bytes.Clone(head)
	c.zbuf.Reset()
	c.zw.Reset(&c.zbuf)
	c.zw.Write(body) // a bytes.Buffer does not fail
	if err := c.zw.Flush(); err != nil {
		return fmt.Errorf("compress %s: %w", f.name, err)
	}
	b.plain[fi], b.deflated[fi] = bytes.Clone(body), bytes.Clone(c.zbuf.Bytes())
	return nil
}

// splitHeader cuts an encoded family into its header and its metrics: the comment lines
// before the first sample, or the message's fields before the first metric.
func splitHeader(f *family, encoded []byte, fi int) (head, body []byte, err error) {
	if fi != fmtProto {
		n := 0
		for line := range bytes.Lines(encoded) {
			if line[0] != '#' {
				break
			}
			n += len(line)
		}
		return encoded[:n], encoded[n:], nil
	}
	size, n := binary.Uvarint(encoded)
	msg := encoded[n:]
	head, err = proto.Marshal(&dto.MetricFamily{Name: &f.name, Help: &f.help, Type: dto.MetricType_GAUGE.Enum()})
	if err != nil || n <= 0 || size != uint64(len(msg)) || !bytes.HasPrefix(msg, head) {
		return nil, nil, fmt.Errorf("encode %s as protobuf: its metrics do not follow its header (%v)", f.name, err)
	}
	return head, msg[len(head):], nil
}

// stored appends p to a deflate stream at a byte boundary as stored blocks (RFC 1951, 3.2.4),
// which leave it at a byte boundary.
func stored(dst, p []byte) []byte {
	for len(p) > 0 {
		n := min(len(p), 0xffff)
		dst = append(dst, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		dst = append(dst, p[:n]...)
		p = p[n:]
	}
	return dst
}
