package metrics

import (
	"cmp"
	"slices"
	"unsafe"

	"github.com/prometheus/client_golang/prometheus"

	"chitieu/internal/chitieu"
)

// family is one metric family of the figures (all gauges).
type family struct {
	name, help string
	labels     []string // in the order the series give their values
	// byName are the labels' indexes in name order: the order of the label pairs in an
	// exposition, and the one a registry sorts the series by.
	byName []int
	desc   *prometheus.Desc
}

func newFamily(name, help string, labels ...string) *family {
	f := &family{name: prometheus.BuildFQName(namespace, "", name), help: help, labels: labels}
	f.desc = prometheus.NewDesc(f.name, help, labels, nil)
	for i := range labels {
		f.byName = append(f.byName, i)
	}
	slices.SortFunc(f.byName, func(a, b int) int { return cmp.Compare(labels[a], labels[b]) })
	return f
}

// series are a family's series: each its label values (len(family.labels) of them, one after
// the other in labels) and its value.
type series struct {
	f      *family
	labels []string
	values []float64
}

func (s *series) add(v float64, labels ...string) {
	s.labels = append(s.labels, labels...)
	s.values = append(s.values, v)
}

func (s *series) len() int { return len(s.values) }

// at returns the label values of series i.
func (s *series) at(i int) []string {
	k := len(s.f.labels)
	return s.labels[i*k : (i+1)*k]
}

// compare orders two series' label values as a registry does: by value, labels in name order.
func (f *family) compare(a, b []string) int {
	for _, i := range f.byName {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// sort puts the series in a registry's order; most come in it already.
func (s *series) sort() {
	n := s.len()
	sorted := true
	for i := 1; i < n && sorted; i++ {
		sorted = s.f.compare(s.at(i-1), s.at(i)) <= 0
	}
	if sorted {
		return
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return s.f.compare(s.at(a), s.at(b)) })
	out := series{f: s.f, labels: make([]string, 0, len(s.labels)), values: make([]float64, 0, n)}
	for _, i := range order {
		out.add(s.values[i], s.at(i)...)
	}
	*s = out
}

// section is the families made from one part of the snapshot.
type section struct {
	families []*family
	// source is the part of the snapshot the section reads, as a comparable value (the
	// addresses and lengths of its slices): a snapshot with the same source gives the same
	// series, since a snapshot is never modified.
	source func(*chitieu.Snapshot) any
	// fill adds the series of each family (out[i] for families[i]) in any order.
	fill func(s *chitieu.Snapshot, out []*series)
}

// seriesOf returns the section's series in s, each family's in a registry's order, made into
// the arrays of scratch when given (series of the section no longer read).
func (sec *section) seriesOf(s *chitieu.Snapshot, scratch []*series) []*series {
	out := make([]*series, len(sec.families))
	for i, f := range sec.families {
		out[i] = &series{f: f}
		if i < len(scratch) {
			out[i].labels, out[i].values = scratch[i].labels[:0], scratch[i].values[:0]
		}
	}
	sec.fill(s, out)
	for _, ser := range out {
		ser.sort()
	}
	return out
}

// sliceID identifies a slice by its array and length.
type sliceID struct {
	p unsafe.Pointer
	n int
}

func idOf[T any](s []T) sliceID { return sliceID{unsafe.Pointer(unsafe.SliceData(s)), len(s)} }

func describe(sections []*section, ch chan<- *prometheus.Desc) {
	for _, sec := range sections {
		for _, f := range sec.families {
			ch <- f.desc
		}
	}
}

// collect sends the sections' series in s as constant gauges.
func collect(sections []*section, s *chitieu.Snapshot, ch chan<- prometheus.Metric) {
	for _, sec := range sections {
		out := make([]*series, len(sec.families))
		for i, f := range sec.families {
			out[i] = &series{f: f}
		}
		sec.fill(s, out)
		for _, ser := range out {
			for i := range ser.len() {
				ch <- prometheus.MustNewConstMetric(ser.f.desc, prometheus.GaugeValue, ser.values[i], ser.at(i)...)
			}
		}
	}
}
