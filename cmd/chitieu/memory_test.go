package main_test

import (
	"io"
	"math"
	"net/http"
	"os"
	"strings"
	"testing"

	"chitieu/internal/testenv"
)

// TestMemoryLimit starts the binary with the heap's soft limit by default, off, and below what
// the records need, and reads the limit in effect from /metrics.
func TestMemoryLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set: it wins over --memory-limit-mib")
	}
	for _, tc := range []struct {
		name     string
		args     []string
		memLimit string // GOMEMLIMIT of the server's process
		want     func(limit float64) bool
		raised   bool
	}{
		{"default", nil, "", func(l float64) bool { return l == 240<<20 }, false},
		{"none", []string{"--memory-limit-mib", "0"}, "", func(l float64) bool { return l == math.MaxInt64 }, false},
		{"too low", []string{"--memory-limit-mib", "1"}, "", func(l float64) bool { return l > 1<<20 && l < math.MaxInt64 }, true},
		// The operator's own limit is kept as it is, even one the records need more than.
		{"GOMEMLIMIT wins", []string{"--memory-limit-mib", "1"}, "2MiB", func(l float64) bool { return l == 2<<20 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.memLimit != "" {
				t.Setenv("GOMEMLIMIT", tc.memLimit) // the server's process inherits it
			}
			srv := testenv.Start(t, "", tc.args...)
			resp, err := http.Get(srv.URL + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			limit, ok := parseSeries(string(body))["go_gc_gomemlimit_bytes"]
			if !ok || !tc.want(limit) {
				t.Errorf("go_gc_gomemlimit_bytes = %v (found %v)", limit, ok)
			}
			logs, _ := os.ReadFile(srv.Logs.Name())
			if raised := strings.Contains(string(logs), "raised"); raised != tc.raised {
				t.Errorf("limit raised: %v, want %v:\n%s", raised, tc.raised, logs)
			}
		})
	}
}
