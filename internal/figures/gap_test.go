package figures

import (
	"testing"
	"time"
)

// TestRefreshGap: the wait after a refresh, worked out by hand: the interval from the start of
// one refresh to the next is the larger of MinInterval and took/MaxShare, less the refresh itself.
func TestRefreshGap(t *testing.T) {
	ms := time.Millisecond
	for _, tt := range []struct {
		min   time.Duration
		share float64
		took  time.Duration
		want  time.Duration
	}{
		{0, 0, 50 * ms, -50 * ms},            // no spacing: the next refresh may start at once
		{100 * ms, 0, 20 * ms, 80 * ms},      // 100 ms from start to start
		{100 * ms, 0.1, 5 * ms, 95 * ms},     // 5 ms / 0.1 = 50 ms < 100 ms
		{100 * ms, 0.1, 50 * ms, 450 * ms},   // 50 ms / 0.1 = 500 ms
		{100 * ms, 0.1, 600 * ms, 5400 * ms}, // 200,000 cadres: every 6 s at most
		{0, 0.25, 40 * ms, 120 * ms},         // a quarter of a core: 160 ms from start to start
	} {
		k := &Keeper{MinInterval: tt.min, MaxShare: tt.share}
		if got := k.refreshGap(tt.took); got != tt.want {
			t.Errorf("MinInterval %s, MaxShare %g, took %s: gap %s, want %s", tt.min, tt.share, tt.took, got, tt.want)
		}
	}
}
