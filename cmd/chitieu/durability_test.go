package main_test

// Tests that do the harm for real, on the real binary over HTTP: SIGKILL under load, many
// writers at once, a backup taken while writes go on, and a full disk.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"chitieu/internal/sqlite"
	"chitieu/internal/testenv"
)

// loadClient sends requests as the admin, on kept-alive connections.
type loadClient struct {
	base string
	http *http.Client
}

func newLoadClient(srv *testenv.Server) *loadClient {
	return &loadClient{base: srv.URL, http: &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64},
	}}
}

// send returns the status and body, or an error when no answer came (the server is gone).
func (c *loadClient) send(method, path string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth("admin", testenv.AdminPassword)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

// acked are the writes that got a 2xx: cadre id -> full name.
type acked struct {
	mu  sync.Mutex
	ids map[int64]string
}

func (a *acked) add(id int64, name string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ids[id] = name
}

func (a *acked) copy() map[int64]string {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := make(map[int64]string, len(a.ids))
	for k, v := range a.ids {
		m[k] = v
	}
	return m
}

// createCadres has workers create cadres in unit until stop is closed or the server stops
// answering; it records each acknowledged one and returns the 5xx answers it saw.
func createCadres(c *loadClient, workers int, unit, tag string, got *acked, stop <-chan struct{}) []string {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []string
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("Cán bộ %s-%d-%d", tag, w, i)
				status, body, err := c.send("POST", "/api/v1/cadres", map[string]any{
					"full_name": name, "unit": unit, "joined_on": "2013-01-01", "position": "Chuyên viên"})
				if err != nil {
					return // killed
				}
				if status != http.StatusCreated {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%d %s", status, body))
					mu.Unlock()
					continue
				}
				var cr struct {
					ID int64 `json:"id"`
				}
				if err := json.Unmarshal(body, &cr); err != nil || cr.ID == 0 {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("201 without an id: %s", body))
					mu.Unlock()
					continue
				}
				got.add(cr.ID, name)
			}
		}()
	}
	wg.Wait()
	return failures
}

// openReadOnly opens a database file for the test's own checks.
func openReadOnly(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// cadresIn returns the cadres of a database file, and how many cadre creations its audit log
// holds.
func cadresIn(t *testing.T, path string) (map[int64]string, int) {
	t.Helper()
	db := openReadOnly(t, path)
	rows, err := db.Query(`SELECT id, full_name FROM cadres`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		m[id] = name
	}
	var audits int
	if err := db.QueryRow(`SELECT COUNT(*) FROM audit WHERE entity = 'cadre' AND action = 'create'
		AND CAST(key AS INTEGER) IN (SELECT id FROM cadres)`).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	return m, audits
}

// TestCrashUnderLoad kills the server with SIGKILL at a random moment while writers run,
// several times, and checks after each restart that every acknowledged write is there, that no
// write is there without its audit row, and that the file passes its integrity check.
func TestCrashUnderLoad(t *testing.T) {
	db := filepath.Join(t.TempDir(), "chitieu.db")
	got := &acked{ids: map[int64]string{}}
	rng := rand.New(rand.NewPCG(5, uint64(time.Now().UnixNano())))
	total := 0
	for round := range 4 {
		srv := testenv.Start(t, db)
		c := newLoadClient(srv)
		if round == 0 {
			if status, body, err := c.send("POST", "/api/v1/units", map[string]any{"code": "don-vi", "name": "Đơn vị thử"}); err != nil || status != http.StatusCreated {
				t.Fatalf("create unit: %d %s %v", status, body, err)
			}
		} else {
			checkAfterCrash(t, db, got, round)
		}
		before := len(got.copy())
		stop := make(chan struct{})
		done := make(chan []string, 1)
		go func() { done <- createCadres(c, 8, "don-vi", fmt.Sprint(round), got, stop) }()
		// The kill comes at a random moment once the writes flow: the first requests each check
		// the admin's password, which on a busy machine can take longer than the random pause.
		for deadline := time.Now().Add(30 * time.Second); len(got.copy()) == before; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("round %d: no write acknowledged in 30 s", round)
			}
		}
		time.Sleep(time.Duration(200+rng.IntN(800)) * time.Millisecond)
		if err := srv.Cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		srv.Cmd.Wait()
		close(stop)
		for _, f := range <-done {
			t.Errorf("round %d: %s", round, f)
		}
		n := len(got.copy()) - before
		total += n
		t.Logf("round %d: %d writes acknowledged before SIGKILL", round, n)
		if n == 0 {
			t.Fatalf("round %d: no write was acknowledged before the kill", round)
		}
	}
	testenv.Start(t, db) // recovers the last crash
	checkAfterCrash(t, db, got, 4)
	t.Logf("%d acknowledged writes in all, none lost", total)
}

func checkAfterCrash(t *testing.T, db string, got *acked, round int) {
	t.Helper()
	if err := sqlite.CheckIntegrity(context.Background(), db); err != nil {
		t.Fatalf("after crash %d: %v", round, err)
	}
	have, audits := cadresIn(t, db)
	for id, name := range got.copy() {
		if have[id] != name {
			t.Fatalf("after crash %d: acknowledged cadre %d %q is %q in the database", round, id, name, have[id])
		}
	}
	if audits != len(have) {
		t.Fatalf("after crash %d: %d cadres but %d audit rows of their creation: a write half made", round, len(have), audits)
	}
}

// TestConcurrentWritersNo5xx has many clients write and read at once: none sees a 5xx, and
// "database is locked" appears neither in an answer nor in the log.
func TestConcurrentWritersNo5xx(t *testing.T) {
	srv := testenv.Start(t, "")
	c := newLoadClient(srv)
	if status, body, _ := c.send("POST", "/api/v1/units", map[string]any{"code": "don-vi", "name": "Đơn vị thử"}); status != http.StatusCreated {
		t.Fatalf("create unit: %d %s", status, body)
	}
	const clients, writes = 32, 25
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		bad  []string
		oks  int
		note = func(method, path string, status int, body []byte, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err != nil || status >= 500 || bytes.Contains(body, []byte("locked")) {
				bad = append(bad, fmt.Sprintf("%s %s: %d %s %v", method, path, status, body, err))
			} else if status < 300 {
				oks++
			}
		}
	)
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range writes {
				status, body, err := c.send("POST", "/api/v1/cadres", map[string]any{
					"full_name": fmt.Sprintf("Người %d-%d", w, i), "unit": "don-vi", "joined_on": "2013-01-01"})
				note("POST", "/cadres", status, body, err)
				var cr struct {
					ID int64 `json:"id"`
				}
				json.Unmarshal(body, &cr)
				path := fmt.Sprintf("/api/v1/cadres/%d", cr.ID)
				switch i % 3 {
				case 0:
					status, body, err = c.send("PATCH", path, map[string]any{"position": "Phó Bí thư"})
					note("PATCH", path, status, body, err)
				case 1:
					status, body, err = c.send("POST", "/api/v1/trainings", map[string]any{"cadre_id": cr.ID,
						"kind": "education", "level": "dai_hoc", "status": "completed", "completed_on": "2012-06-30"})
					note("POST", "/trainings", status, body, err)
				case 2:
					// A duplicate youth report for the same day: all but one are 409, never 5xx.
					status, body, err = c.send("POST", "/api/v1/youth-reports", map[string]any{"unit": "don-vi",
						"reported_on": "2014-01-01", "youth_population": 100, "union_members": 20, "association_members": 30, "gathered": 40})
					if status != http.StatusConflict {
						note("POST", "/youth-reports", status, body, err)
					}
				}
				status, body, err = c.send("GET", path, nil)
				note("GET", path, status, body, err)
			}
		}()
	}
	wg.Wait()
	for _, b := range bad {
		t.Error(b)
	}
	if oks < clients*writes*2 {
		t.Errorf("only %d answers were 2xx", oks)
	}
	logs, _ := os.ReadFile(srv.Logs.Name())
	if bytes.Contains(logs, []byte("database is locked")) {
		t.Error("the log says: database is locked")
	}
	status, body, _ := c.send("GET", "/metrics", nil)
	if status != http.StatusOK || !bytes.Contains(body, []byte("chitieu_database_commits_total")) {
		t.Fatalf("metrics: %d", status)
	}
}

// TestBackupDuringWrites takes a backup with `chitieu backup` while writers run: it passes its
// integrity check and holds every write acknowledged before it began. `chitieu restore` refuses
// the database while the server has it open, then restores it once the server is stopped. The
// server's own scheduled backup runs at start and shows in /metrics.
func TestBackupDuringWrites(t *testing.T) {
	dir := t.TempDir()
	db, backups := filepath.Join(dir, "chitieu.db"), filepath.Join(dir, "backups")
	srv := testenv.Start(t, db, "--backup-dir", backups, "--backup-every", "1h", "--backup-keep", "3")
	c := newLoadClient(srv)
	if status, body, _ := c.send("POST", "/api/v1/units", map[string]any{"code": "don-vi", "name": "Đơn vị thử"}); status != http.StatusCreated {
		t.Fatalf("create unit: %d %s", status, body)
	}
	got := &acked{ids: map[int64]string{}}
	stop := make(chan struct{})
	done := make(chan []string, 1)
	go func() { done <- createCadres(c, 8, "don-vi", "b", got, stop) }()
	time.Sleep(500 * time.Millisecond)

	before := got.copy()
	out := filepath.Join(dir, "backup.db")
	cmdOut, err := exec.Command(testenv.Binary(t), "backup", "--db", db, "--out", out).CombinedOutput()
	time.Sleep(200 * time.Millisecond) // writes go on after the backup too
	close(stop)
	for _, f := range <-done {
		t.Error(f)
	}
	if err != nil {
		t.Fatalf("chitieu backup: %v: %s", err, cmdOut)
	}
	if !strings.Contains(string(cmdOut), "kiểm tra toàn vẹn: ok") {
		t.Errorf("chitieu backup said: %s", cmdOut)
	}
	if err := sqlite.CheckIntegrity(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	have, audits := cadresIn(t, out)
	for id, name := range before {
		if have[id] != name {
			t.Fatalf("cadre %d %q, acknowledged before the backup began, is %q in it", id, name, have[id])
		}
	}
	if audits != len(have) {
		t.Fatalf("the backup has %d cadres and %d audit rows of their creation", len(have), audits)
	}
	t.Logf("%d writes acknowledged before the backup, %d in it, %d in all", len(before), len(have), len(got.copy()))

	// The scheduled backup made at start.
	status, body, _ := c.send("GET", "/metrics", nil)
	if status != http.StatusOK || !bytes.Contains(body, []byte("chitieu_backup_interval_seconds 3600")) ||
		bytes.Contains(body, []byte("chitieu_backup_last_success_timestamp_seconds 0\n")) ||
		!bytes.Contains(body, []byte("chitieu_backup_failures_total 0")) {
		t.Errorf("backup metrics:\n%s", grepLines(body, "chitieu_backup_"))
	}
	if files, _ := filepath.Glob(filepath.Join(backups, "chitieu-*.db")); len(files) != 1 {
		t.Errorf("scheduled backups: %v, want one", files)
	}

	// Restore refuses the database the server has open.
	cmdOut, err = exec.Command(testenv.Binary(t), "restore", "--from", out, "--db", db).CombinedOutput()
	if err == nil || !strings.Contains(string(cmdOut), "is in use") {
		t.Fatalf("restore over a running server: %v: %s", err, cmdOut)
	}
	srv.Cmd.Process.Signal(syscall.SIGTERM)
	srv.Cmd.Wait()
	cmdOut, err = exec.Command(testenv.Binary(t), "restore", "--from", out, "--db", db).CombinedOutput()
	if err != nil || !strings.Contains(string(cmdOut), "Đã khôi phục") {
		t.Fatalf("restore: %v: %s", err, cmdOut)
	}
	restored, _ := cadresIn(t, db)
	if len(restored) != len(have) {
		t.Fatalf("restored database: %d cadres, the backup has %d", len(restored), len(have))
	}
	srv = testenv.Start(t, db)
	c = newLoadClient(srv)
	for id, name := range before {
		status, body, _ := c.send("GET", fmt.Sprintf("/api/v1/cadres/%d", id), nil)
		if status != http.StatusOK || !strings.Contains(string(body), name) {
			t.Fatalf("cadre %d after restore: %d %s", id, status, body)
		}
		break
	}
}

func grepLines(body []byte, prefix string) string {
	var out []string
	for _, l := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
