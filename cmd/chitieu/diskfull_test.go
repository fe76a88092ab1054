package main_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chitieu/internal/testenv"
)

// mountTmpfs mounts a tmpfs of the size in a new folder and unmounts it when the test ends. It
// needs root (CI runs as root); without it the test fails and says so.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount a %s tmpfs at %s to fill the disk: %v: %s (this test needs root, as CI has)", size, dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file until the file system is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill the disk: %v", err)
			}
			return
		}
	}
}

// TestDiskFull puts the database on a small file system and fills it: writes get a 503 that
// says the disk is full, /readyz fails, reads and /metrics go on (and say the database cannot be
// written), and once space is back the writes succeed again without a restart.
func TestDiskFull(t *testing.T) {
	dir := mountTmpfs(t, "16m")
	srv := testenv.Start(t, filepath.Join(dir, "chitieu.db"))
	c := newLoadClient(srv)
	if status, body, _ := c.send("POST", "/api/v1/units", map[string]any{"code": "don-vi", "name": "Đơn vị thử"}); status != http.StatusCreated {
		t.Fatalf("create unit: %d %s", status, body)
	}
	long := strings.Repeat("Chuyên viên Ban Tổ chức – Kiểm tra ", 50) // writes that make the WAL grow
	write := func(i int) (int, []byte) {
		status, body, err := c.send("POST", "/api/v1/cadres", map[string]any{
			"full_name": fmt.Sprintf("Cán bộ %d", i), "unit": "don-vi", "joined_on": "2013-01-01", "position": long})
		if err != nil {
			t.Fatal(err)
		}
		return status, body
	}
	if status, body := write(0); status != http.StatusCreated {
		t.Fatalf("first write: %d %s", status, body)
	}

	filler := filepath.Join(dir, "filler")
	fill(t, filler)
	var status int
	var body []byte
	for i := 1; i <= 2000 && status != http.StatusServiceUnavailable; i++ {
		status, body = write(i)
		if status != http.StatusCreated && status != http.StatusServiceUnavailable {
			t.Fatalf("write on a full disk: %d %s, want 201 or 503", status, body)
		}
	}
	if status != http.StatusServiceUnavailable || !bytes.Contains(body, []byte("the disk is full")) {
		t.Fatalf("write on a full disk: %d %s, want 503 saying the disk is full", status, body)
	}
	t.Logf("full disk: %s", body)
	// The next write is refused at once, without trying the disk.
	if status, body = write(9999); status != http.StatusServiceUnavailable || !bytes.Contains(body, []byte(`"rule":"writes_paused_until"`)) {
		t.Fatalf("write while backing off: %d %s", status, body)
	}

	status, body, _ = c.send("GET", "/readyz", nil)
	if status != http.StatusServiceUnavailable || !bytes.Contains(body, []byte("cannot be written")) {
		t.Errorf("/readyz on a full disk: %d %s", status, body)
	}
	if status, body, _ = c.send("GET", "/api/v1/cadres?unit=don-vi", nil); status != http.StatusOK {
		t.Errorf("read on a full disk: %d %s", status, body)
	}
	status, body, _ = c.send("GET", "/metrics", nil)
	if status != http.StatusOK || !bytes.Contains(body, []byte("chitieu_database_writable 0")) {
		t.Errorf("/metrics on a full disk: %d %s", status, grepLines(body, "chitieu_database"))
	}
	logs, _ := os.ReadFile(srv.Logs.Name())
	if !bytes.Contains(logs, []byte("database: writes fail")) {
		t.Errorf("the log does not say that writes fail:\n%s", logs)
	}

	// Space is back: a write succeeds within the back-off (at most 15 s).
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		status, body = write(10000)
		if status == http.StatusCreated {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("write after space came back: %d %s", status, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if status, body, _ = c.send("GET", "/readyz", nil); status != http.StatusOK {
		t.Errorf("/readyz after space came back: %d %s", status, body)
	}
	if _, body, _ = c.send("GET", "/metrics", nil); !bytes.Contains(body, []byte("chitieu_database_writable 1")) {
		t.Errorf("/metrics after space came back: %s", grepLines(body, "chitieu_database"))
	}
	if !bytes.Contains(mustRead(t, srv.Logs.Name()), []byte("database: writes work again")) {
		t.Error("the log does not say that writes work again")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
