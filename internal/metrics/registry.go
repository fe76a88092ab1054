package metrics

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	dto "github.com/prometheus/client_model/go"

	"chitieu/internal/chitieu"
)

// Build identifies the running binary.
type Build struct {
	Version  string
	Revision string
}

// Exporter is /metrics in two parts. The figures (the Collector, the unreadable rows) change
// only with the snapshot, so they are encoded once per snapshot, in each format asked for and
// gzipped, by block: only the blocks a new snapshot changed are encoded again (exposition.go,
// blocks.go). The other metrics (requests, Go, process, storage, backups, the refresh
// histogram, the build info) are in Live, gathered at each scrape and appended.
type Exporter struct {
	// Live is where the metrics that change between snapshots are registered. It refuses a
	// metric named like one of the figures, which would otherwise appear twice in a scrape.
	Live *prometheus.Registry

	source  SnapshotSource
	figures func(SnapshotSource) []prometheus.Collector
	refresh prometheus.Histogram

	mu     sync.Mutex // one encoding at a time
	blocks *blockCache
	cur    atomic.Pointer[exposition]
	wanted atomic.Uint32 // the formats asked for so far, by bit (1<<fmtText…), encoded by Prepare
}

// NewExporter returns the exporter of the source's figures, with the Go and process collectors
// and the refresh histogram in Live; loc turns days into instants.
func NewExporter(source SnapshotSource, loc *time.Location, build Build, opts Options) *Exporter {
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info",
		Help:        "The running binary; always 1.",
		ConstLabels: prometheus.Labels{"version": build.Version, "revision": build.Revision, "goversion": runtime.Version()},
	})
	info.Set(1)
	e := &Exporter{
		Live:   prometheus.NewRegistry(),
		source: source,
		figures: func(s SnapshotSource) []prometheus.Collector {
			return []prometheus.Collector{NewCollector(s, loc, opts), NewUnreadableCollector(s)}
		},
		refresh: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "figures_refresh_duration_seconds",
			Help:    "Time to recompute every figure from the records in memory after a change.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 4, 9),
		}),
	}
	collector, unreadable := NewCollector(source, loc, opts), NewUnreadableCollector(source)
	e.blocks = newBlockCache(append(slices.Clone(collector.sections), unreadable.sections...))
	e.wanted.Store(1 << fmtOpenMetrics)
	e.Live.MustRegister(
		describeOnly(e.figures(source)), info, e.refresh,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return e
}

// Refreshed observes how long a snapshot took to compute; it is the keeper's OnRefresh.
func (e *Exporter) Refreshed(d time.Duration) { e.refresh.Observe(d.Seconds()) }

// Gather gathers the figures of the current snapshot and the live metrics, as a registry of
// both would: the reference that the served bytes are held to.
func (e *Exporter) Gather() ([]*dto.MetricFamily, error) {
	return prometheus.Gatherers{e.figuresRegistry(e.source.Snapshot()), e.Live}.Gather()
}

// figuresRegistry returns a registry of the figures of snapshot s.
func (e *Exporter) figuresRegistry(s *chitieu.Snapshot) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(e.figures(fixed{s})...)
	return reg
}

// fixed is a source that always gives one snapshot, so that an encoding reads one snapshot
// throughout and is known to be of it.
type fixed struct{ s *chitieu.Snapshot }

func (f fixed) Snapshot() *chitieu.Snapshot { return f.s }

// describeOnly describes the figures to Live, so that Live refuses a metric of the same name,
// and collects nothing.
type describeOnly []prometheus.Collector

func (d describeOnly) Describe(ch chan<- *prometheus.Desc) {
	for _, c := range d {
		c.Describe(ch)
	}
}

func (describeOnly) Collect(chan<- prometheus.Metric) {}
