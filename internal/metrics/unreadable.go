package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"chitieu/internal/chitieu"
)

// UnreadableCollector exports, from the snapshot, how many stored rows of each table were left
// out of the figures because they cannot be read back; `chitieu check` names them.
type UnreadableCollector struct {
	source   SnapshotSource
	sections []*section
}

// NewUnreadableCollector returns a collector of the source's unreadable rows.
func NewUnreadableCollector(source SnapshotSource) *UnreadableCollector {
	f := newFamily("records_unreadable",
		"Stored rows left out of the figures because a value cannot be read back (chitieu check lists them); 0 when none.", "table")
	return &UnreadableCollector{source: source, sections: []*section{{
		families: []*family{f},
		source:   func(s *chitieu.Snapshot) any { return idOf(s.Unreadable) },
		fill:     fillUnreadable,
	}}}
}

// Describe sends the descriptor.
func (c *UnreadableCollector) Describe(ch chan<- *prometheus.Desc) { describe(c.sections, ch) }

// Collect sends one count for each table, 0 included, so that an alert can watch it.
func (c *UnreadableCollector) Collect(ch chan<- prometheus.Metric) {
	collect(c.sections, c.source.Snapshot(), ch)
}

func fillUnreadable(s *chitieu.Snapshot, out []*series) {
	counts := map[string]int{}
	for _, row := range s.Unreadable {
		counts[row.Table]++
	}
	for _, table := range chitieu.RecordTables {
		out[0].add(float64(counts[table]), table)
	}
}
