package testenv

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// AdminPassword is the password of the admin user that Start creates on an empty database.
const AdminPassword = "mật khẩu quản trị thử nghiệm"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// Binary builds cmd/chitieu once per test process and returns its path.
func Binary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		dir, err := os.MkdirTemp("", "chitieu-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "chitieu")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/chitieu")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/chitieu: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

// FreeAddr returns a loopback address with a port that was free a moment ago.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Server is a running chitieu binary.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	DB   string // the database file
	Cmd  *exec.Cmd
	Logs *os.File // its standard output and error
}

// Start runs `chitieu serve` on a loopback port with the database file db (a new file in a
// temporary folder when empty) and waits until /readyz answers 200. Extra arguments follow
// `serve`. The admin user's password is AdminPassword. The process is killed when the test ends.
func Start(tb testing.TB, db string, args ...string) *Server {
	tb.Helper()
	if db == "" {
		db = filepath.Join(tb.TempDir(), "chitieu.db")
	}
	addr := FreeAddr(tb)
	logs, err := os.CreateTemp(tb.TempDir(), "chitieu-*.log")
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(Binary(tb), append([]string{"serve", "--addr", addr, "--db", db}, args...)...)
	cmd.Env = append(os.Environ(), "CHITIEU_ADMIN_PASSWORD="+AdminPassword)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	s := &Server{URL: "http://" + addr, DB: db, Cmd: cmd, Logs: logs}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
		if tb.Failed() {
			out, _ := os.ReadFile(logs.Name())
			tb.Logf("chitieu log:\n%s", out)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(s.URL + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if cmd.ProcessState != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	out, _ := os.ReadFile(logs.Name())
	tb.Fatalf("chitieu did not become ready at %s:\n%s", s.URL, out)
	return nil
}
