package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chitieu/internal/spreadsheet/spreadsheettest"
	"chitieu/internal/testenv"
)

// BenchmarkGuard_WriteDuringHostileDryRun measures, through the binary on the demo, the wait of
// a single write (PATCH of a cadre) alone, and while a spreadsheet whose shared strings inflate
// to 50 MiB is dry-run over and over:
//
//	go test -run XXX -bench Guard_WriteDuring -benchtime 1x ./cmd/chitieu
func BenchmarkGuard_WriteDuringHostileDryRun(b *testing.B) {
	srv := testenv.Start(b, "", "--demo")
	_, raw := guardCall(b, "GET", srv.URL+"/api/v1/cadres?limit=1", "admin", testenv.AdminPassword, "", nil)
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(raw), &list); err != nil || len(list.Items) == 0 {
		b.Fatalf("a cadre to patch: %v %.200s", err, raw)
	}
	path := fmt.Sprintf("%s/api/v1/cadres/%d", srv.URL, list.Items[0].ID)
	n := 0
	writes := func(count int) []time.Duration {
		var waits []time.Duration
		for range count {
			n++
			start := time.Now()
			resp, raw := guardCall(b, "PATCH", path, "admin", testenv.AdminPassword, "application/json", strings.NewReader(fmt.Sprintf(`{"position": "Phó Bí thư %d"}`, n)))
			waits = append(waits, time.Since(start))
			if resp.StatusCode != 200 {
				b.Fatalf("PATCH: %d %s", resp.StatusCode, raw)
			}
			time.Sleep(20 * time.Millisecond)
		}
		return waits
	}
	body, contentType := multipartFile("bom.xlsx", spreadsheettest.Workbook(youthHeader, spreadsheettest.SharedStringsBomb(50<<20)))
	for range b.N {
		alone := writes(30)
		logged := logSize(b, srv)
		var stop atomic.Bool
		var dryRuns atomic.Int64
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				resp, raw := guardCall(b, "POST", srv.URL+"/api/v1/import/youth-reports?dry_run=true", "admin", testenv.AdminPassword, contentType, strings.NewReader(body))
				if resp.StatusCode != 200 {
					b.Errorf("dry run: %d %.200s", resp.StatusCode, raw)
					return
				}
				dryRuns.Add(1)
			}
		}()
		time.Sleep(200 * time.Millisecond) // the first dry run is reading the file
		var during []time.Duration
		for dryRuns.Load() < 2 || len(during) < 30 { // writes all along two whole dry runs
			during = append(during, writes(1)...)
		}
		stop.Store(true)
		wg.Wait()
		b.ReportMetric(ms(median(alone)), "ms-median-alone")
		b.ReportMetric(ms(slices.Max(alone)), "ms-max-alone")
		b.ReportMetric(ms(median(during)), "ms-median-during")
		b.ReportMetric(ms(slices.Max(during)), "ms-max-during")
		b.ReportMetric(ms(percentile(alone, 90)), "ms-p90-alone")
		b.ReportMetric(ms(percentile(during, 90)), "ms-p90-during")
		b.ReportMetric(float64(len(during)), "writes-during")
		// The wait inside the server, from its request log: the rest of the client's wait is
		// the machine's scheduling of two busy processes.
		b.ReportMetric(ms(slices.Max(patchDurations(b, srv, logged))), "ms-max-server-during")
		b.ReportMetric(float64(dryRuns.Load()), "dry-runs")
	}
}

// BenchmarkGuard_HostileUploadMemory measures the server's peak resident memory (VmHWM) above
// idle while three hostile uploads are sent at once: files of a few hundred KiB with an extra
// part of 250 MiB, then with shared strings of 50 MiB.
//
//	go test -run XXX -bench Guard_HostileUploadMemory -benchtime 1x ./cmd/chitieu
func BenchmarkGuard_HostileUploadMemory(b *testing.B) {
	srv := testenv.Start(b, "", "--demo")
	pid := srv.Cmd.Process.Pid
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"extra-part-250MiB", spreadsheettest.Workbook(youthHeader, "", spreadsheettest.Part{Name: "xl/media/image1.bin", Size: 250 << 20})},
		{"shared-strings-50MiB", spreadsheettest.Workbook(youthHeader, spreadsheettest.SharedStringsBomb(50<<20))},
	} {
		body, contentType := multipartFile("bom.xlsx", tt.data)
		for range b.N {
			time.Sleep(500 * time.Millisecond)
			// The peak so far is forgotten (Linux: 5 in clear_refs resets VmHWM to VmRSS).
			if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
				b.Fatal(err)
			}
			idle := procStatus(b, pid, "VmRSS")
			var wg sync.WaitGroup
			var refused atomic.Int64
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp, raw := guardCall(b, "POST", srv.URL+"/api/v1/import/youth-reports?dry_run=true", "admin", testenv.AdminPassword, contentType, strings.NewReader(body))
					switch resp.StatusCode {
					case 200:
					case 503: // the gate: two at a time
						refused.Add(1)
					default:
						b.Errorf("upload: %d %.200s", resp.StatusCode, raw)
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(procStatus(b, pid, "VmHWM")-idle, "MiB-peak-above-idle-"+tt.name)
			b.ReportMetric(idle, "MiB-idle-"+tt.name)
			b.ReportMetric(float64(refused.Load()), "refused-"+tt.name)
		}
	}
}

// procStatus is a field of /proc/PID/status, in MiB.
func procStatus(tb testing.TB, pid int, field string) float64 {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kib, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kib / 1024
		}
	}
	tb.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

func median(d []time.Duration) time.Duration { return percentile(d, 50) }

func percentile(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)*p/100, len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func logSize(tb testing.TB, srv *testenv.Server) int64 {
	st, err := os.Stat(srv.Logs.Name())
	if err != nil {
		tb.Fatal(err)
	}
	return st.Size()
}

// patchDurations are the durations of the PATCH requests the server logged after offset.
func patchDurations(tb testing.TB, srv *testenv.Server, offset int64) []time.Duration {
	raw, err := os.ReadFile(srv.Logs.Name())
	if err != nil {
		tb.Fatal(err)
	}
	var ds []time.Duration
	for _, line := range strings.Split(string(raw[offset:]), "\n") {
		if !strings.Contains(line, "method=PATCH") {
			continue
		}
		for _, f := range strings.Fields(line) {
			if v, ok := strings.CutPrefix(f, "duration="); ok {
				if d, err := time.ParseDuration(v); err == nil {
					ds = append(ds, d)
				}
			}
		}
	}
	if len(ds) == 0 {
		tb.Fatal("no PATCH in the server's log")
	}
	return ds
}
