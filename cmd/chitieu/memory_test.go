package main_test

import (
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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

// TestMemoryLimitRefused: a limit outside its range, by flag or environment, stops the start
// with a message naming it, instead of running with none, before the database is made.
func TestMemoryLimitRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"--memory-limit-mib", "-1"}, "", "--memory-limit-mib: must be 0 (none) or 1 to 1048576, not -1"},
		{[]string{"--memory-limit-mib", "1048577"}, "", "not 1048577"},
		{nil, "240 MiB", "CHITIEU_MEMORY_LIMIT_MIB"},
	} {
		db := filepath.Join(t.TempDir(), "x.db")
		cmd := exec.Command(testenv.Binary(t), append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, tc.args...)...)
		cmd.Env = append(os.Environ(), "CHITIEU_ADMIN_PASSWORD="+testenv.AdminPassword)
		if tc.env != "" {
			cmd.Env = append(cmd.Env, "CHITIEU_MEMORY_LIMIT_MIB="+tc.env)
		}
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("%v %q: %v, want a refusal naming %q:\n%s", tc.args, tc.env, err, tc.want, out)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("%v %q: the database was made before the refusal (%v)", tc.args, tc.env, err)
		}
	}
}
