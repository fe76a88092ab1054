package remoteread

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// encodeResponse writes a prometheus.ReadResponse of the plans' series, SAMPLES type, by hand:
// a read of millions of samples would take several times the memory as prompb structs. A series
// without samples is left out.
//
//	ReadResponse { repeated QueryResult results = 1; }
//	QueryResult  { repeated TimeSeries timeseries = 1; }
//	TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
//	Label        { string name = 1; string value = 2; }
//	Sample       { double value = 1; int64 timestamp = 2; }
func encodeResponse(plans []*plan) []byte {
	sizes := make([][]int, len(plans))
	resultSizes := make([]int, len(plans))
	total := 0
	for i, p := range plans {
		sizes[i] = make([]int, len(p.series))
		for j, s := range p.series {
			sizes[i][j] = seriesSize(p, s)
			if sizes[i][j] > 0 {
				resultSizes[i] += message(sizes[i][j])
			}
		}
		total += message(resultSizes[i])
	}
	b := make([]byte, 0, total)
	for i, p := range plans {
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(resultSizes[i]))
		for j, s := range p.series {
			if sizes[i][j] == 0 {
				continue
			}
			b = protowire.AppendTag(b, 1, protowire.BytesType)
			b = protowire.AppendVarint(b, uint64(sizes[i][j]))
			for _, l := range p.labels(s) {
				b = protowire.AppendTag(b, 1, protowire.BytesType)
				b = protowire.AppendVarint(b, uint64(labelSize(l)))
				b = protowire.AppendTag(b, 1, protowire.BytesType)
				b = protowire.AppendString(b, l[0])
				b = protowire.AppendTag(b, 2, protowire.BytesType)
				b = protowire.AppendString(b, l[1])
			}
			for k, v := range s.values {
				if math.IsNaN(v) {
					continue
				}
				b = protowire.AppendTag(b, 2, protowire.BytesType)
				b = protowire.AppendVarint(b, uint64(sampleSize(p.times[k])))
				b = protowire.AppendTag(b, 1, protowire.Fixed64Type)
				b = protowire.AppendFixed64(b, math.Float64bits(v))
				b = protowire.AppendTag(b, 2, protowire.VarintType)
				b = protowire.AppendVarint(b, uint64(p.times[k]))
			}
		}
	}
	return b
}

// labels are the series' labels in Prometheus's order (by name).
// labels are a series' labels, sorted by name as Prometheus keeps them.
func (p *plan) labels(s *series) [][2]string {
	ls := [][2]string{{"__name__", s.name}}
	if s.plan != "" { // a target outside any plan has no plan label, as on /metrics
		ls = append(ls, [2]string{"plan", s.plan})
	}
	if p.province != "" {
		ls = append(ls, [2]string{"province", p.province})
	}
	ls = append(ls, [2]string{"target", s.target})
	if s.unit != "" {
		ls = append(ls, [2]string{"unit", s.unit})
	}
	return ls
}

// message is the size of a length-delimited field of n bytes, with its tag.
func message(n int) int { return 1 + protowire.SizeVarint(uint64(n)) + n }

func labelSize(l [2]string) int { return message(len(l[0])) + message(len(l[1])) }

func sampleSize(t int64) int { return 1 + 8 + 1 + protowire.SizeVarint(uint64(t)) }

// seriesSize is the encoded size of a series' TimeSeries, 0 when it has no sample.
func seriesSize(p *plan, s *series) int {
	n := 0
	for k, v := range s.values {
		if !math.IsNaN(v) {
			n += message(sampleSize(p.times[k]))
		}
	}
	if n == 0 {
		return 0
	}
	for _, l := range p.labels(s) {
		n += message(labelSize(l))
	}
	return n
}
