package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Storage is what the storage metrics read from the database.
type Storage interface {
	// Writable tells whether the last write reached the disk.
	Writable() (bool, error)
	// CommitStats returns the batches committed and the write transactions they held.
	CommitStats() (commits, txs int64)
}

// RegisterStorage registers, with reg, whether the database takes writes and how writes are
// grouped into commits; they are read from db at scrape time.
func RegisterStorage(reg prometheus.Registerer, db Storage) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: namespace, Name: "database_writable",
			Help: "1 while the database takes writes; 0 after a write the disk refused (full, read-only, I/O error), until one succeeds again.",
		}, func() float64 {
			if ok, _ := db.Writable(); ok {
				return 1
			}
			return 0
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: namespace, Name: "database_commits_total",
			Help: "SQLite transactions committed by the writer; each holds one or more write requests (group commit).",
		}, func() float64 { c, _ := db.CommitStats(); return float64(c) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: namespace, Name: "database_write_transactions_total",
			Help: "Write transactions committed, all commits together.",
		}, func() float64 { _, n := db.CommitStats(); return float64(n) }),
	)
}

// Backups counts the scheduled backups.
type Backups struct {
	last     prometheus.Gauge
	failures prometheus.Counter
}

// NewBackups registers the backup metrics with reg: the interval, and the time of the last
// backup, taken from last (the newest backup on disk, or zero when there is none).
func NewBackups(reg prometheus.Registerer, every time.Duration, last time.Time) *Backups {
	b := &Backups{
		last: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "backup_last_success_timestamp_seconds",
			Help: "When the newest backup that was written and passed its integrity check was started; 0 when there is none.",
		}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "backup_failures_total",
			Help: "Scheduled backups that failed.",
		}),
	}
	interval := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "backup_interval_seconds",
		Help: "How often a backup is scheduled (serve --backup-every).",
	})
	interval.Set(every.Seconds())
	if !last.IsZero() {
		b.Succeeded(last)
	}
	reg.MustRegister(b.last, b.failures, interval)
	return b
}

// Succeeded records a backup started at t.
func (b *Backups) Succeeded(t time.Time) { b.last.Set(float64(t.UnixNano()) / 1e9) }

// Failed counts a failed backup.
func (b *Backups) Failed(error) { b.failures.Inc() }
