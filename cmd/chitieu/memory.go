package main

import (
	"flag"
	"fmt"
	"log/slog"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"time"
)

// memoryLimit is the soft limit of the Go heap. Without one the collector lets the heap grow to
// twice what is live before it runs, and resident memory follows: at 200,000 cadres and a
// million training records 341 MiB instead of 272 with the default limit.
type memoryLimit struct {
	mib    int64
	envErr error // CHITIEU_MEMORY_LIMIT_MIB not a number
}

// maxMemoryLimitMiB bounds the flag: 1 TiB, far above any province, and far from overflowing
// the limit in bytes.
const maxMemoryLimitMiB = 1 << 20

func (m *memoryLimit) register(fs *flag.FlagSet) {
	def, err := strconv.ParseInt(envOr("CHITIEU_MEMORY_LIMIT_MIB", "240"), 10, 64)
	if err != nil {
		m.envErr = fmt.Errorf("CHITIEU_MEMORY_LIMIT_MIB: %w", err)
	}
	fs.Int64Var(&m.mib, "memory-limit-mib", def, "soft limit of the Go heap in MiB (1 to 1048576), raised at start when the records need more; 0 for none (CHITIEU_MEMORY_LIMIT_MIB; GOMEMLIMIT, when set, wins)")
}

// validate refuses a limit outside its range, before anything is opened.
func (m *memoryLimit) validate() error {
	switch {
	case m.envErr != nil:
		return m.envErr
	case m.mib < 0 || m.mib > maxMemoryLimitMiB:
		return fmt.Errorf("--memory-limit-mib: must be 0 (none) or 1 to %d, not %d", maxMemoryLimitMiB, m.mib)
	}
	return nil
}

// apply sets the limit before the records are loaded, so that loading them stays under it too.
func (m *memoryLimit) apply() {
	if m.mib > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(m.mib << 20)
	}
}

// fit raises the limit once the records are loaded if they leave it less than an eighth free:
// the collector would otherwise run nearly without pause (up to half the CPU) in a province
// larger than the limit was chosen for.
func (m *memoryLimit) fit(log *slog.Logger) {
	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 || os.Getenv("GOMEMLIMIT") != "" { // none, or the operator's own
		return
	}
	start := time.Now()
	runtime.GC() // what is live now, and the load's garbage returned
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	live := int64(sample[0].Value.Uint64())
	if live > limit/8*7 {
		limit = live / 4 * 5
		debug.SetMemoryLimit(limit)
		log.Warn("the records need more memory than --memory-limit-mib gives: raised", "live_mib", live>>20, "limit_mib", limit>>20)
	}
	log.Info("memory", "live_mib", live>>20, "limit_mib", limit>>20, "collected_in", time.Since(start).Round(time.Millisecond))
}
