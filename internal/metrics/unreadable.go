package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"chitieu/internal/chitieu"
)

// UnreadableCollector exports, from the snapshot, how many stored rows of each table were left
// out of the figures because they cannot be read back; `chitieu check` names them.
type UnreadableCollector struct {
	source SnapshotSource
	desc   *prometheus.Desc
}

// NewUnreadableCollector returns a collector of the source's unreadable rows.
func NewUnreadableCollector(source SnapshotSource) *UnreadableCollector {
	return &UnreadableCollector{source: source, desc: desc("records_unreadable",
		"Stored rows left out of the figures because a value cannot be read back (chitieu check lists them); 0 when none.", "table")}
}

// Describe sends the descriptor.
func (c *UnreadableCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect sends one count for each table, 0 included, so that an alert can watch it.
func (c *UnreadableCollector) Collect(ch chan<- prometheus.Metric) {
	counts := map[string]int{}
	for _, row := range c.source.Snapshot().Unreadable {
		counts[row.Table]++
	}
	for _, table := range chitieu.RecordTables {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[table]), table)
	}
}
