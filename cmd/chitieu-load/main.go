// Command chitieu-load measures the service under a held load: it builds and starts the real
// binary on a loopback port, on a fresh demo database, and for a fixed time runs writers, readers
// and a /metrics scraper against it, each a closed loop (the next request when the last is
// answered). It reports throughput and p50/p99 latency per route, and how many writes each
// commit held. It runs the whole once for each --commit-delay: 0 is the disk as it is, 4ms stands
// for a slow disk's fsync (CHITIEU_TEST_COMMIT_DELAY, a pause before each commit).
//
//	go run ./cmd/chitieu-load                      # 60 s per run, 16 writers, 16 readers
//	go run ./cmd/chitieu-load -duration 10s -commit-delay 4ms
//
// It talks to 127.0.0.1 only, and stops by itself: after -duration, or -max-requests in all.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type config struct {
	bin         string
	duration    time.Duration
	writers     int
	writeRate   float64 // writes a second of all writers together; 0: each as fast as answered
	readRate    float64 // the same of reads
	readers     int
	scrapeEvery time.Duration
	delays      []time.Duration
	maxRequests int64
	cpuProfile  string
}

func main() {
	var cfg config
	var delays string
	flag.StringVar(&cfg.bin, "bin", "", "the chitieu binary (default: go build ./cmd/chitieu)")
	flag.DurationVar(&cfg.duration, "duration", 60*time.Second, "how long each run holds the load")
	flag.IntVar(&cfg.writers, "writers", 16, "concurrent writing clients")
	flag.Float64Var(&cfg.writeRate, "write-rate", 0, "writes a second of all the writers together, spread evenly (default: each writer as fast as it is answered)")
	flag.Float64Var(&cfg.readRate, "read-rate", 0, "reads a second of all the readers together, spread evenly (default: each reader as fast as it is answered)")
	flag.IntVar(&cfg.readers, "readers", 16, "concurrent reading clients")
	flag.DurationVar(&cfg.scrapeEvery, "scrape-every", time.Second, "time between two scrapes of /metrics")
	flag.StringVar(&delays, "commit-delay", "0,4ms", "comma-separated commit delays, one run each")
	flag.Int64Var(&cfg.maxRequests, "max-requests", 10_000_000, "stop a run after this many requests")
	flag.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write the server's CPU profile of each run to this file, suffixed with the commit delay (read it with go tool pprof)")
	flag.Parse()
	for _, s := range strings.Split(delays, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			fail(fmt.Errorf("-commit-delay: %w", err))
		}
		cfg.delays = append(cfg.delays, d)
	}
	if cfg.bin == "" {
		dir, err := os.MkdirTemp("", "chitieu-load-")
		if err != nil {
			fail(err)
		}
		defer os.RemoveAll(dir)
		cfg.bin = filepath.Join(dir, "chitieu")
		if out, err := exec.Command("go", "build", "-o", cfg.bin, "./cmd/chitieu").CombinedOutput(); err != nil {
			fail(fmt.Errorf("go build ./cmd/chitieu: %v\n%s", err, out))
		}
	}
	fmt.Printf("chitieu-load: %d writers (%s), %d readers (%s), a scrape every %s, %s per run; %d CPUs, %s\n\n",
		cfg.writers, paceOf(cfg.writeRate), cfg.readers, paceOf(cfg.readRate), cfg.scrapeEvery, cfg.duration, runtime.NumCPU(), runtime.Version())
	for _, d := range cfg.delays {
		if err := runOnce(cfg, d); err != nil {
			fail(err)
		}
	}
}

// paceOf says how a kind of client is paced.
func paceOf(rate float64) string {
	if rate > 0 {
		return fmt.Sprintf("%.0f a second in all", rate)
	}
	return "as fast as answered"
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "chitieu-load:", err)
	os.Exit(1)
}

// server is a running chitieu on a fresh demo database.
type server struct {
	url      string
	debugURL string // the profiler, when asked for
	token    string // the admin's
	bin, db  string
	cmd      *exec.Cmd
	dir      string
}

func start(bin string, delay time.Duration, profile bool) (*server, error) {
	dir, err := os.MkdirTemp("", "chitieu-load-db-")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	db := filepath.Join(dir, "chitieu.db")
	args := []string{"serve", "--demo", "--addr", addr, "--db", db}
	var debugURL string
	if profile {
		debugAddr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		args = append(args, "--debug-addr", debugAddr)
		debugURL = "http://" + debugAddr
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "CHITIEU_ADMIN_PASSWORD=mật khẩu đo tải chitieu", "CHITIEU_TEST_COMMIT_DELAY="+delay.String())
	logs, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{url: "http://" + addr, debugURL: debugURL, cmd: cmd, dir: dir}
	for deadline := time.Now().Add(2 * time.Minute); ; {
		if resp, err := http.Get(s.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("chitieu did not become ready; see %s", logs.Name())
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.bin, s.db = bin, db
	if s.token, err = s.createToken("admin"); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// createToken creates an API token of the user with the command line, as an operator would.
func (s *server) createToken(username string) (string, error) {
	out, err := exec.Command(s.bin, "token", "create", "--db", s.db, "--user", username).Output()
	if err != nil {
		return "", fmt.Errorf("token create --user %s: %w", username, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// createUsers creates n users of a role through the API, each with a token: each client of
// the load is a member of staff of its own, as in the province, where each reader sees the
// figures with their own writes and the others' within a refresh.
func (s *server) createUsers(c *client, role string, n int) ([]string, error) {
	tokens := make([]string, n)
	for i := range tokens {
		username := fmt.Sprintf("do-tai-%s-%02d", role, i+1)
		status, body := c.do("setup", "POST", "/api/v1/users", s.token, map[string]any{
			"username": username, "role": role, "password": "mật khẩu đo tải chitieu"})
		if status != http.StatusCreated {
			return nil, fmt.Errorf("POST /api/v1/users %s: %d %s", username, status, body)
		}
		var err error
		if tokens[i], err = s.createToken(username); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}

// freeAddr is a loopback address with a port free a moment ago.
// pacer keeps a client to its share of a rate of requests a second for all clients together,
// at even intervals: after a late answer it sends the requests it owes at once, so that the rate
// is held if the server can. With no rate, it never waits (a closed loop).
type pacer struct {
	interval time.Duration
	next     time.Time
}

func newPacer(rate float64, clients int) *pacer {
	p := &pacer{next: time.Now()}
	if rate > 0 {
		p.interval = time.Duration(float64(clients) / rate * float64(time.Second))
	}
	return p
}

// wait waits for the client's next turn, and tells whether ctx let it come.
func (p *pacer) wait(ctx context.Context) bool {
	if p.interval == 0 {
		return true
	}
	select {
	case <-ctx.Done():
		return false
	case <-time.After(time.Until(p.next)):
	}
	p.next = p.next.Add(p.interval)
	return true
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	s.cmd.Wait()
	os.RemoveAll(s.dir)
}

// recorder keeps every latency by route, and the answers that were not 2xx.
type recorder struct {
	mu      sync.Mutex
	lat     map[string][]time.Duration
	errs    map[string]int
	samples map[string]string
	total   atomic.Int64
}

func (r *recorder) add(route string, d time.Duration, status int, body []byte) {
	r.total.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat[route] = append(r.lat[route], d)
	if status < 200 || status > 299 {
		r.errs[route]++
		if _, ok := r.samples[route]; !ok {
			r.samples[route] = fmt.Sprintf("%d %.200s", status, body)
		}
	}
}

type client struct {
	s    *server
	http *http.Client
	rec  *recorder
}

func (c *client) do(route, method, path, token string, body any) (int, []byte) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.s.url+path, r)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.rec.add(route, time.Since(start), 0, []byte(err.Error()))
		return 0, nil
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	c.rec.add(route, time.Since(start), resp.StatusCode, raw)
	return resp.StatusCode, raw
}

func runOnce(cfg config, delay time.Duration) error {
	s, err := start(cfg.bin, delay, cfg.cpuProfile != "")
	if err != nil {
		return err
	}
	defer s.stop()
	rec := &recorder{lat: map[string][]time.Duration{}, errs: map[string]int{}, samples: map[string]string{}}
	c := &client{s: s, rec: rec, http: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}}

	// What the demo holds: its units and cadres, to read and write among.
	var units struct {
		Items []struct{ Code string } `json:"items"`
	}
	var cadres struct {
		Items []struct{ ID int64 } `json:"items"`
	}
	if err := getJSON(c, "/api/v1/units?limit=1000", &units); err != nil {
		return err
	}
	if err := getJSON(c, "/api/v1/cadres?limit=1000", &cadres); err != nil {
		return err
	}
	if len(units.Items) == 0 || len(cadres.Items) == 0 {
		return errors.New("the demo database has no units or cadres")
	}
	writerTokens, err := s.createUsers(c, "editor", cfg.writers)
	if err != nil {
		return err
	}
	readerTokens, err := s.createUsers(c, "viewer", cfg.readers)
	if err != nil {
		return err
	}
	before, cpuBefore := readServerStats(c), ownCPU()
	rec.lat, rec.errs, rec.samples = map[string][]time.Duration{}, map[string]int{}, map[string]string{}
	rec.total.Store(0)

	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration)
	defer cancel()
	running := func() bool { return ctx.Err() == nil && rec.total.Load() < cfg.maxRequests }
	var wg sync.WaitGroup
	for w := range cfg.writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			token := writerTokens[w]
			var mine []int64
			pace := newPacer(cfg.writeRate, cfg.writers)
			for i := 0; running(); i++ {
				if !pace.wait(ctx) {
					return
				}
				unit := units.Items[rng.IntN(len(units.Items))].Code
				switch {
				case i%4 == 0 || len(mine) == 0 || i%4 == 1:
					status, body := c.do("POST /api/v1/cadres", "POST", "/api/v1/cadres", token, map[string]any{
						"full_name": fmt.Sprintf("Cán bộ đo tải %d-%d", w, i), "unit": unit, "joined_on": "2014-03-01", "position": "Chuyên viên"})
					if status == http.StatusCreated {
						var cr struct{ ID int64 }
						json.Unmarshal(body, &cr)
						mine = append(mine, cr.ID)
					}
				case i%4 == 2:
					c.do("POST /api/v1/trainings", "POST", "/api/v1/trainings", token, map[string]any{
						"cadre_id": mine[rng.IntN(len(mine))], "kind": "political_theory", "level": "trung_cap",
						"status": "completed", "completed_on": "2015-06-30"})
				default:
					id := mine[rng.IntN(len(mine))]
					c.do("PATCH /api/v1/cadres/:id", "PATCH", "/api/v1/cadres/"+strconv.FormatInt(id, 10), token, map[string]any{"position": "Phó Trưởng ban"})
				}
			}
		}()
	}
	for r := range cfg.readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(r), 2))
			token := readerTokens[r]
			pace := newPacer(cfg.readRate, cfg.readers)
			for i := 0; running(); i++ {
				if !pace.wait(ctx) {
					return
				}
				switch i % 4 {
				case 0, 1:
					id := cadres.Items[rng.IntN(len(cadres.Items))].ID
					c.do("GET /api/v1/cadres/:id", "GET", "/api/v1/cadres/"+strconv.FormatInt(id, 10), token, nil)
				case 2:
					c.do("GET /api/v1/targets", "GET", "/api/v1/targets", token, nil)
				default:
					c.do("GET /api/v1/cadres?unit=", "GET", "/api/v1/cadres?limit=20&unit="+units.Items[rng.IntN(len(units.Items))].Code, token, nil)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(cfg.scrapeEvery)
		defer t.Stop()
		for running() {
			c.do("GET /metrics", "GET", "/metrics", s.token, nil)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
		}
	}()
	if cfg.cpuProfile != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.profile(cfg.duration, fmt.Sprintf("%s.%s", cfg.cpuProfile, delay)); err != nil {
				fmt.Fprintln(os.Stderr, "chitieu-load: cpu profile:", err)
			}
		}()
	}
	startTime := time.Now()
	wg.Wait()
	elapsed := time.Since(startTime)
	st, generatorCPU := readServerStats(c).sub(before), ownCPU()-cpuBefore
	report(rec, elapsed, delay, st.commits, st.txs)
	fmt.Printf("figures recomputed %.0f times, %.1f s in all\n", st.refreshes, st.refreshSeconds)
	fmt.Printf("CPU: the server %.1f s (%.0f %% of one core), this load generator %.1f s (%.0f %%), of %d cores\n\n",
		st.cpuSeconds, 100*st.cpuSeconds/elapsed.Seconds(), generatorCPU.Seconds(), 100*generatorCPU.Seconds()/elapsed.Seconds(), runtime.NumCPU())
	return nil
}

// profile saves the server's CPU profile over the next d (less a second, so that it ends
// within the run) to file.
func (s *server) profile(d time.Duration, file string) error {
	seconds := max(int(d.Seconds())-1, 1)
	resp, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.debugURL, seconds))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", resp.Request.URL, resp.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func getJSON(c *client, path string, v any) error {
	status, body := c.do("setup", "GET", path, c.s.token, nil)
	if status != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, status, body)
	}
	return json.Unmarshal(body, v)
}

// serverStats are the server's counters that the report uses, read from /metrics.
type serverStats struct {
	commits, txs              float64 // batches committed, write transactions they held
	refreshes, refreshSeconds float64 // figures recomputed, and the time it took
	cpuSeconds                float64 // the server process's CPU time
}

func (a serverStats) sub(b serverStats) serverStats {
	return serverStats{a.commits - b.commits, a.txs - b.txs, a.refreshes - b.refreshes,
		a.refreshSeconds - b.refreshSeconds, a.cpuSeconds - b.cpuSeconds}
}

func readServerStats(c *client) serverStats {
	_, body := c.do("setup", "GET", "/metrics", c.s.token, nil)
	var st serverStats
	fields := map[string]*float64{
		"chitieu_database_commits_total":                 &st.commits,
		"chitieu_database_write_transactions_total":      &st.txs,
		"chitieu_figures_refresh_duration_seconds_count": &st.refreshes,
		"chitieu_figures_refresh_duration_seconds_sum":   &st.refreshSeconds,
		"process_cpu_seconds_total":                      &st.cpuSeconds,
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if f := fields[name]; ok && f != nil {
			*f, _ = strconv.ParseFloat(value, 64)
		}
	}
	return st
}

// ownCPU is the CPU time this load generator has used: it shares the machine's cores with the
// server, and the report says how much of them it took.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func report(rec *recorder, elapsed, delay time.Duration, commits, txs float64) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	fmt.Printf("### commit delay %s, %.1f s\n\n", delay, elapsed.Seconds())
	fmt.Println("| route | requests | per second | p50 | p99 | not 2xx |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	routes := make([]string, 0, len(rec.lat))
	for r := range rec.lat {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	var writes, reads int
	for _, r := range routes {
		lat := rec.lat[r]
		slices.Sort(lat)
		fmt.Printf("| `%s` | %d | %.0f | %s | %s | %d |\n", r, len(lat), float64(len(lat))/elapsed.Seconds(),
			ms(lat[len(lat)/2]), ms(lat[min(len(lat)-1, len(lat)*99/100)]), rec.errs[r])
		ok := len(lat) - rec.errs[r]
		switch {
		case strings.HasPrefix(r, "POST") || strings.HasPrefix(r, "PATCH"):
			writes += ok
		case strings.HasPrefix(r, "GET /api"):
			reads += ok
		}
	}
	fmt.Printf("\nacknowledged writes: %.0f/s; reads: %.0f/s; writes per commit: %.1f (%0.f commits)\n",
		float64(writes)/elapsed.Seconds(), float64(reads)/elapsed.Seconds(), txs/max(commits, 1), commits)
	for r, s := range rec.samples {
		fmt.Printf("first failure of %s: %s\n", r, s)
	}
	fmt.Println()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
