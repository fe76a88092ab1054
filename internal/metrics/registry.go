package metrics

import (
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Build identifies the running binary.
type Build struct {
	Version  string
	Revision string
}

// NewRegistry returns a registry with the figures collector, the build info, a histogram of how
// long the figures take to recompute, and the Go and process collectors. The returned function
// is the keeper's OnRefresh.
func NewRegistry(source SnapshotSource, loc *time.Location, build Build) (*prometheus.Registry, func(time.Duration)) {
	reg := prometheus.NewRegistry()
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info",
		Help:        "The running binary; always 1.",
		ConstLabels: prometheus.Labels{"version": build.Version, "revision": build.Revision, "goversion": runtime.Version()},
	})
	info.Set(1)
	refresh := prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: namespace, Name: "figures_refresh_duration_seconds",
		Help:    "Time to recompute every figure from the records in memory after a change.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 4, 9),
	})
	reg.MustRegister(
		NewCollector(source, loc), NewUnreadableCollector(source), info, refresh,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return reg, func(d time.Duration) { refresh.Observe(d.Seconds()) }
}
