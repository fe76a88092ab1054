// Command chitieu-bench measures chitieu at the national size of issue 17 (2,000 units, 200,000
// cadres, 1,000,000 training records, 50,000 youth reports) beside the SQL way a user would pick
// instead (sql_exporter running five aggregates per unit at every scrape). It builds the database
// once, through the binary's own import, and keeps it in -cache; later runs start from that copy.
//
//	go run ./cmd/chitieu-bench -cache ~/.cache/chitieu-bench-scale
//
// Loopback only; every loop is bounded by a count and a time.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"database/sql"
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
	"syscall"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/sync/errgroup"
)

const (
	nUnits, nCadres, nTrainings, nReports = 2000, 200_000, 1_000_000, 50_000
	password                              = "mật khẩu đo quy mô chitieu"
)

// rowsPerFile is the size of the CSV files the import is fed (-rows-per-file): a province's
// export of a kind is one file, up to the import's limit of 200,000 rows. Files of 50,000 keep
// each import well under the store's 30 s bound on an import's transaction on a busy machine
// (at a load average of 14 on the two cores, a file of 50,000 new cadres took 9.3 s).
var rowsPerFile = 50_000

type config struct {
	bin, cache        string
	scrapes           int
	importFiles       int
	streamFor         time.Duration
	streamRate        float64
	freshnessDeadline time.Duration
	singleWrites      int
	settle            time.Duration
}

func main() {
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "", "the chitieu binary (default: go build ./cmd/chitieu)")
	flag.StringVar(&cfg.cache, "cache", filepath.Join(os.TempDir(), "chitieu-bench-scale"), "folder that keeps the built database between runs")
	flag.IntVar(&cfg.scrapes, "scrapes", 20, "scrapes of each way, alternated")
	flag.DurationVar(&cfg.streamFor, "stream-for", 20*time.Second, "how long the stream of writes lasts")
	flag.Float64Var(&cfg.streamRate, "stream-rate", 100, "writes a second in the stream")
	flag.DurationVar(&cfg.freshnessDeadline, "fresh-timeout", 60*time.Second, "how long to wait for one write to show")
	flag.IntVar(&cfg.singleWrites, "single-writes", 10, "single writes whose freshness is measured, each alone")
	flag.DurationVar(&cfg.settle, "settle", 30*time.Second, "how long after the stream its writes may take to show")
	flag.IntVar(&rowsPerFile, "rows-per-file", rowsPerFile, "rows in each CSV file imported")
	flag.IntVar(&cfg.importFiles, "import-files", 0, "only measure the import: this many files of new training records and one of new cadres into a copy of the cached database")
	flag.Parse()
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "chitieu-bench:", err)
		os.Exit(1)
	}
}

type row struct{ figure, value, aim string }

func run(cfg config) error {
	if err := os.MkdirAll(cfg.cache, 0o755); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "chitieu-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if cfg.bin == "" {
		cfg.bin = filepath.Join(work, "chitieu")
		if out, err := exec.Command("go", "build", "-o", cfg.bin, "./cmd/chitieu").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/chitieu: %v\n%s", err, out)
		}
	}
	cached := filepath.Join(cfg.cache, "chitieu-large.db")
	importLine := filepath.Join(cfg.cache, "import.txt")
	if _, err := os.Stat(cached); errors.Is(err, os.ErrNotExist) {
		fmt.Println("building the large database once (it is kept in", cached+")")
		line, err := build(cfg.bin, work, cached)
		if err != nil {
			return fmt.Errorf("build: %w", err)
		}
		if err := os.WriteFile(importLine, []byte(line), 0o644); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if cfg.importFiles > 0 {
		return measureImport(cfg.bin, work, cached, cfg.importFiles)
	}
	var rows []row
	imp, err := os.ReadFile(importLine)
	if err != nil {
		return fmt.Errorf("the import's figure, written when the cache was built: %w", err)
	}
	rows = append(rows, row{"import, rows/s (measured when the cache was built)", strings.TrimSpace(string(imp)), "≥ 20,000"})

	full, bare, err := sizes(cached, work)
	if err != nil {
		return err
	}
	rows = append(rows, row{"database file / same records without audit", fmt.Sprintf("%s / %s (%.1f×)", mib(full), mib(bare), float64(full)/float64(bare)), "< 3×"})

	db := filepath.Join(work, "run.db")
	if err := copyFile(cached, db); err != nil {
		return err
	}
	admin, err := cli(cfg.bin, db, nil, "token", "create", "--user", "admin")
	if err != nil {
		return err
	}
	if _, err := cli(cfg.bin, db, []string{"CHITIEU_PASSWORD=" + password}, "user", "create", "--username", "xem-bench", "--role", "viewer"); err != nil {
		return err
	}
	viewer, err := cli(cfg.bin, db, nil, "token", "create", "--user", "xem-bench")
	if err != nil {
		return err
	}
	s, startTook, err := start(cfg.bin, db, work)
	if err != nil {
		return err
	}
	defer s.stop()
	rows = append(rows, row{"start, until /readyz answers", dur(startTook), "< 5 s"})
	idleRSS, _ := procStatus(s.cmd.Process.Pid, "VmRSS")

	// The scrape and the SQL way, alternated, on the same file.
	peer, err := sql.Open("sqlite3", "file:"+db+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer peer.Close()
	// ours is chitieu's answer, arrived whole; unzipped adds the client's gunzip of it, which
	// the SQL way, run in this process without an exposition, has no counterpart of.
	var ours, unzipped, theirs []time.Duration
	var samples, bytesSent, bodySize, values int
	fmt.Printf("start %s; %d scrapes of each way\n", dur(startTook), cfg.scrapes)
	for i := 0; i < cfg.scrapes; i++ {
		t0 := time.Now()
		body, sent, took, err := s.fetchMetrics()
		if err != nil {
			return err
		}
		ours, unzipped = append(ours, took), append(unzipped, time.Since(t0))
		samples, bytesSent, bodySize = countSamples(body), sent, len(body)
		t0 = time.Now()
		theirValues, err := sqlWay(peer)
		if err != nil {
			return fmt.Errorf("the SQL way: %w", err)
		}
		theirs = append(theirs, time.Since(t0))
		// Both ways must give the same figures, or the comparison of their speed means nothing.
		if err := compare(body, theirValues); err != nil {
			return fmt.Errorf("scrape %d: chitieu's figures and the SQL way's differ: %w", i+1, err)
		}
		values = len(theirValues)
	}
	mo, uo, to := pct(ours, 50), pct(unzipped, 50), pct(theirs, 50)
	rows = append(rows,
		row{fmt.Sprintf("/metrics median / p90 / p99 (%d scrapes, OpenMetrics gzipped), the answer arrived whole", cfg.scrapes), dur(mo) + " / " + dur(pct(ours, 90)) + " / " + dur(pct(ours, 99)), "p99 within 2× of the median"},
		row{"the same with the client's gunzip", dur(uo) + " / " + dur(pct(unzipped, 90)) + " / " + dur(pct(unzipped, 99)), ""},
		row{"/metrics series (samples) / response, sent gzipped and unzipped", fmt.Sprintf("%d / %s and %s", samples, kib(bytesSent), kib(bodySize)), ""},
		row{fmt.Sprintf("SQL way median / p90 / p99 (five aggregates per unit: %d values, every one equal to chitieu's at every scrape)", values), dur(to) + " / " + dur(pct(theirs, 90)) + " / " + dur(pct(theirs, 99)), ""},
		row{"SQL way ÷ chitieu, medians (with the gunzip)", fmt.Sprintf("%.2f× (%.2f×)", float64(to)/float64(mo), float64(to)/float64(uo)), "≥ 50×"})

	fmt.Println("scrapes done; freshness")
	// Single writes a quarter of a second apart, each alone.
	var oneM, oneA []lag
	for range cfg.singleWrites {
		m, a, err := s.freshOne(admin, viewer, cfg.freshnessDeadline)
		if err != nil {
			return err
		}
		oneM, oneA = append(oneM, m), append(oneA, a)
		time.Sleep(250 * time.Millisecond)
	}
	// Each figure is when the first request that shows the write was sent, then answered.
	lagText := func(ls []lag, a, b int) string {
		x, y := lags(ls, a), lags(ls, b)
		return fmt.Sprintf("%s / %s (answered %s / %s)", dur(x.sent), dur(y.sent), dur(x.answered), dur(y.answered))
	}
	rows = append(rows, row{fmt.Sprintf("one write visible on /metrics, median / slowest of %d, sent after the acknowledgment", cfg.singleWrites), lagText(oneM, 50, 100), "≤ 50 ms"},
		row{"the same, in the API's figures", lagText(oneA, 50, 100), "≤ 50 ms"})
	m, a, sent, missed, err := s.stream(admin, viewer, cfg.streamRate, cfg.streamFor, cfg.settle)
	if err != nil {
		return err
	}
	rows = append(rows, row{fmt.Sprintf("under %.0f writes/s for %s (%d writes, %d not seen within %s after the last): /metrics p50 / p99", cfg.streamRate, cfg.streamFor, sent, missed, cfg.settle), lagText(m, 50, 99), "p99 ≤ 200 ms"},
		row{"the same, in the API's figures p50 / p99", lagText(a, 50, 99), "p99 ≤ 200 ms"})

	rss, _ := procStatus(s.cmd.Process.Pid, "VmRSS")
	hwm, _ := procStatus(s.cmd.Process.Pid, "VmHWM")
	heap, err := s.heapInuse()
	if err != nil {
		return err
	}
	rows = append(rows, row{"resident memory: after start / at the end / peak (VmRSS, VmHWM)", mib(idleRSS) + " / " + mib(rss) + " / " + mib(hwm), "< 300 MiB"},
		row{"Go heap in use at the end (go_memstats_heap_inuse_bytes)", mib(heap), ""})
	// What each refresh of the figures cost: the whole recompute that a write waits for.
	sum, err := s.metric("chitieu_figures_refresh_duration_seconds_sum")
	if err != nil {
		return err
	}
	n, err := s.metric("chitieu_figures_refresh_duration_seconds_count")
	if err != nil {
		return err
	}
	refresh := "none: every write was applied by its parts"
	if n > 0 {
		refresh = dur(time.Duration(sum / n * float64(time.Second)))
	}
	rows = append(rows, row{fmt.Sprintf("figures refresh, the whole recompute: mean of %.0f", n), refresh, ""})

	model := cpuModel()
	fmt.Printf("\nchitieu-bench: %d units, %d cadres, %d training records, %d youth reports; %d CPUs (%s), %s, load average %s\n\n",
		nUnits, nCadres, nTrainings, nReports, runtime.NumCPU(), model, runtime.Version(), loadavg())
	fmt.Println("| figure | measured | aim (issue 17) |")
	fmt.Println("|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s |\n", r.figure, r.value, r.aim)
	}
	return nil
}

// build makes the large database through the binary: the demo plan (its units and targets), the
// communes through the API, the targets' scope widened to the province, then the records by the
// command line's import, which it times.
func build(bin, work, out string) (string, error) {
	db := filepath.Join(work, "build.db")
	// The province as the issue measured it, before the 2025 merger folds its districts away.
	s, _, err := start(bin, db, work, "--demo", "--demo-until", "2025-06-30")
	if err != nil {
		return "", err
	}
	admin, err := cli(bin, db, nil, "token", "create", "--user", "admin")
	if err != nil {
		s.stop()
		return "", err
	}
	units, err := s.addUnits(admin)
	if err != nil {
		s.stop()
		return "", err
	}
	if err := s.widenTargets(admin); err != nil {
		s.stop()
		return "", err
	}
	s.stop()
	files, err := writeSheets(work, units)
	if err != nil {
		return "", err
	}
	var took, cpu time.Duration
	total := 0
	for _, f := range files {
		d, c, err := importFile(bin, db, f)
		if err != nil {
			return "", err
		}
		took, cpu, total = took+d, cpu+c, total+f.n
	}
	tf, err := writeTrainings(work, db, 0, nTrainings) // they name their cadres by id, known once the cadres are in
	if err != nil {
		return "", err
	}
	for _, f := range tf {
		d, c, err := importFile(bin, db, f)
		if err != nil {
			return "", err
		}
		took, cpu, total = took+d, cpu+c, total+f.n
	}
	// The CPU time tells what the import costs whatever the neighbours on the machine take.
	line := fmt.Sprintf("%.0f (%d rows in %s, %d files by `chitieu import --apply`; %.0f rows per CPU-second, %s of CPU)",
		float64(total)/took.Seconds(), total, dur(took), len(files)+len(tf), float64(total)/cpu.Seconds(), dur(cpu))
	return line, os.Rename(db, out)
}

type sheet struct {
	kind, path string
	n          int
}

// importFile imports one file through the binary and returns the time it took and the CPU time
// the process used.
func importFile(bin, db string, f sheet) (took, cpu time.Duration, err error) {
	t0 := time.Now()
	cmd := exec.Command(bin, "import", "--kind", f.kind, f.path, "--apply", "--lang", "en", "--db", db)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("chitieu import %s: %v\n%s", f.path, err, out)
	}
	took, cpu = time.Since(t0), cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()
	fmt.Printf("  imported %s: %s (%s, %s of CPU)\n", filepath.Base(f.path), firstLine(string(out)), dur(took), dur(cpu))
	return took, cpu, nil
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

// measureImport imports, through the binary, files of the build's kind into a copy of the large
// database: files of new training records for its cadres (professional courses, as most of the
// build's are), then one of new cadres; it prints rows/s and rows per CPU-second of each kind.
func measureImport(bin, work, cached string, files int) error {
	db := filepath.Join(work, "import.db")
	if err := copyFile(cached, db); err != nil {
		return err
	}
	// A first command migrates the copy, if the cache is older than the code, outside the measure.
	if _, err := cli(bin, db, nil, "token", "create", "--user", "admin"); err != nil {
		return err
	}
	tf, err := writeTrainings(work, db, nTrainings, files*rowsPerFile)
	if err != nil {
		return err
	}
	units, err := column[string](db, `SELECT code FROM units WHERE deleted_at IS NULL ORDER BY code`)
	if err != nil {
		return err
	}
	cf, err := writeCadres(work, units, nCadres, rowsPerFile)
	if err != nil {
		return err
	}
	fmt.Printf("importing into a copy of %s; %d CPUs (%s), %s, load average %s\n", cached, runtime.NumCPU(), cpuModel(), runtime.Version(), loadavg())
	for _, set := range [][]sheet{tf, cf} {
		var took, cpu time.Duration
		n := 0
		for _, f := range set {
			d, c, err := importFile(bin, db, f)
			if err != nil {
				return err
			}
			took, cpu, n = took+d, cpu+c, n+f.n
		}
		fmt.Printf("%s: %d rows in %s, %.0f rows/s; %s of CPU, %.0f rows per CPU-second; load average %s\n",
			set[0].kind, n, dur(took), float64(n)/took.Seconds(), dur(cpu), float64(n)/cpu.Seconds(), loadavg())
	}
	return nil
}

// column reads the one column of a query's rows from the database, read-only.
func column[T any](db, query string) ([]T, error) {
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	rs, err := conn.Query(query)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var values []T
	for rs.Next() {
		var v T
		if err := rs.Scan(&v); err != nil {
			return nil, err
		}
		values = append(values, v)
	}
	return values, rs.Err()
}

// writeSheets writes the cadres and youth reports as CSV files of at most rowsPerFile rows.
func writeSheets(work string, units []string) ([]sheet, error) {
	cadres, err := writeCadres(work, units, 0, nCadres)
	if err != nil {
		return nil, err
	}
	per := nReports / len(units)
	reports, err := writeCSV(work, "youth-reports", "thanh-nien", "Đơn vị,Ngày báo cáo,Số thanh niên,Đoàn viên,Hội viên,Số tập hợp", nReports, func(w *bufio.Writer, i int) {
		u, j := units[i/per%len(units)], i%per
		fmt.Fprintf(w, "%s,15/%02d/%d,1000,400,300,600\n", u, 6+6*(j%2), 2013+j/2)
	})
	if err != nil {
		return nil, err
	}
	return append(cadres, reports...), nil
}

// writeCadres writes n cadres in the given units, numbered from first+1.
func writeCadres(work string, units []string, first, n int) ([]sheet, error) {
	rng := rand.New(rand.NewPCG(1, uint64(2+first)))
	return writeCSV(work, "cadres", "can-bo", "Họ và tên,Đơn vị,Chuyên trách,Ngày vào,Ngày sinh", n, func(w *bufio.Writer, i int) {
		i += first
		ft := "Có"
		if rng.IntN(10) == 0 {
			ft = "Không"
		}
		fmt.Fprintf(w, "Cán bộ %d,%s,%s,01/01/%d,%02d/%02d/%d\n", i+1, units[rng.IntN(len(units))], ft, 2005+rng.IntN(15), 1+i%28, 1+i%12, 1960+i%25)
	})
}

// writeTrainings writes the training records over the imported cadres as the figures' benchmark
// spreads them: the first round political theory (most at trung_cap), the second education (most
// at university), the rest professional courses, each with a course of its own. The rows are
// numbered from first, so that a later file's courses are new.
func writeTrainings(work, db string, first, n int) ([]sheet, error) {
	ids, err := column[int64](db, `SELECT id FROM cadres WHERE full_name LIKE 'Cán bộ %' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	if len(ids) < nCadres {
		return nil, fmt.Errorf("%d imported cadres, want %d", len(ids), nCadres)
	}
	rng := rand.New(rand.NewPCG(3, uint64(4+first)))
	pt := []string{"", "", "so_cap", "so_cap", "so_cap", "trung_cap", "trung_cap", "trung_cap", "trung_cap", "trung_cap", "trung_cap", "trung_cap", "trung_cap", "trung_cap", "trung_cap", "trung_cap", "cao_cap", "cao_cap", "cao_cap", "cao_cap"}
	edu := []string{"trung_cap", "cao_dang", "dai_hoc", "dai_hoc", "dai_hoc", "dai_hoc", "dai_hoc", "dai_hoc", "dai_hoc", "thac_si"}
	return writeCSV(work, "trainings", "dao-tao", "Mã cán bộ,Loại,Trình độ,Khóa học,Cơ sở đào tạo,Trạng thái,Ngày hoàn thành", n, func(w *bufio.Writer, id int) {
		id += first
		cadre, round := ids[id%nCadres], id/nCadres
		kind, level, provider := "professional", "", "Trung ương Đoàn"
		if l := pt[rng.IntN(len(pt))]; round == 0 && l != "" {
			kind, level, provider = "political_theory", l, ""
		} else if round == 1 {
			kind, level, provider = "education", edu[rng.IntN(len(edu))], ""
		}
		fmt.Fprintf(w, "%d,%s,%s,Khóa %d,%s,completed,30/06/%d\n", cadre, kind, level, id+1, provider, 2000+rng.IntN(25))
	})
}

// writeCSV writes n rows of a kind as files of rowsPerFile rows each.
func writeCSV(work, kind, name, header string, n int, line func(*bufio.Writer, int)) ([]sheet, error) {
	var files []sheet
	for first := 0; first < n; first += rowsPerFile {
		sh := sheet{kind, filepath.Join(work, fmt.Sprintf("%s-%02d.csv", name, len(files)+1)), min(rowsPerFile, n-first)}
		f, err := os.Create(sh.path)
		if err != nil {
			return nil, err
		}
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, header)
		for i := first; i < first+sh.n; i++ {
			line(w, i)
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		files = append(files, sh)
	}
	return files, nil
}

// The five aggregates, as the keys of the values that sqlWay and compare match.
var aggregates = []string{"cadres", "full_time", "political_theory", "education", "gathered"}

// sqlWay runs the five aggregates per unit that sql_exporter would run at each scrape: cadres and
// full-time cadres, full-time cadres at trung_cap political theory or above, full-time cadres
// with a university degree or above, and the latest youth report's gathered youth. It returns the
// values by aggregate and unit ("cadres|xa-12").
func sqlWay(db *sql.DB) (map[string]float64, error) {
	today := time.Now().In(hcm).Format(time.DateOnly) // chitieu's day is Hồ Chí Minh City's
	// The cadres with a completed record of a kind at a rank or above: one pass over the records
	// and a join, as a person tuning these queries would settle on (a correlated EXISTS a cadre ran
	// for minutes here).
	qualified := `SELECT c.unit, count(*) FROM cadres c JOIN (SELECT DISTINCT cadre_id FROM trainings
			WHERE deleted_at IS NULL AND status = 'completed' AND completed_on <= ?1 AND kind = ?2 AND rank >= ?3) q ON q.cadre_id = c.id
		WHERE c.deleted_at IS NULL AND c.full_time = 1 AND c.joined_on <= ?1 AND (c.left_on IS NULL OR c.left_on > ?1)
		GROUP BY c.unit`
	queries := []struct {
		q    string
		args []any
	}{
		{`SELECT unit, count(*) FROM cadres WHERE deleted_at IS NULL AND joined_on <= ?1 AND (left_on IS NULL OR left_on > ?1) GROUP BY unit`, []any{today}},
		{`SELECT unit, count(*) FROM cadres WHERE deleted_at IS NULL AND full_time = 1 AND joined_on <= ?1 AND (left_on IS NULL OR left_on > ?1) GROUP BY unit`, []any{today}},
		{qualified, []any{today, "political_theory", rank(db, "political_theory", "trung_cap")}},
		{qualified, []any{today, "education", rank(db, "education", "dai_hoc")}},
		{`SELECT y.unit, y.gathered FROM youth_reports y WHERE y.deleted_at IS NULL AND y.reported_on = (SELECT max(reported_on)
			FROM youth_reports z WHERE z.unit = y.unit AND z.deleted_at IS NULL AND z.reported_on <= ?1)`, []any{today}},
	}
	values := map[string]float64{}
	for i, q := range queries {
		rs, err := db.Query(q.q, q.args...)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var unit string
			var v int64
			if err := rs.Scan(&unit, &v); err != nil {
				rs.Close()
				return nil, err
			}
			values[aggregates[i]+"|"+unit] = float64(v)
		}
		if err := rs.Err(); err != nil {
			return nil, err
		}
		rs.Close()
	}
	return values, nil
}

var hcm = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*60*60)
}()

// ourValues reads the five aggregates per unit from chitieu's exposition: chitieu_cadres (summed
// over full_time, and its full-time part), the demo's two cadre targets' part of each unit
// (chitieu_unit_target_numerator, full-time cadres at the target's level or above) and
// chitieu_youth_gathered.
func ourValues(body []byte) (map[string]float64, error) {
	values := map[string]float64{}
	for _, l := range strings.Split(string(body), "\n") {
		if l == "" || l[0] == '#' {
			continue
		}
		name, labels, v, err := parseSample(l)
		if err != nil {
			return nil, err
		}
		unit := labels["unit"]
		switch {
		case name == "chitieu_cadres":
			values["cadres|"+unit] += v
			if labels["full_time"] == "true" {
				values["full_time|"+unit] += v
			}
		case name == "chitieu_unit_target_numerator" && labels["target"] == "ly-luan-chinh-tri":
			values["political_theory|"+unit] += v
		case name == "chitieu_unit_target_numerator" && labels["target"] == "dai-hoc":
			values["education|"+unit] += v
		case name == "chitieu_youth_gathered":
			values["gathered|"+unit] += v
		}
	}
	return values, nil
}

// compare holds chitieu's values to the SQL way's: every value of either, equal in the other (a
// unit the SQL way has no row for counts as 0). It names the first differences.
func compare(body []byte, theirs map[string]float64) error {
	ours, err := ourValues(body)
	if err != nil {
		return err
	}
	var diffs []string
	for _, m := range []map[string]float64{theirs, ours} {
		for k := range m {
			if ours[k] != theirs[k] && !slices.Contains(diffs, k) {
				diffs = append(diffs, k)
			}
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	slices.Sort(diffs)
	var out []string
	for _, k := range diffs[:min(10, len(diffs))] {
		out = append(out, fmt.Sprintf("%s: chitieu %g, SQL %g", k, ours[k], theirs[k]))
	}
	return fmt.Errorf("%d of %d values differ: %s", len(diffs), len(theirs), strings.Join(out, "; "))
}

// parseSample reads one sample line of the text formats: name{label="value",...} value [time].
func parseSample(l string) (name string, labels map[string]string, v float64, err error) {
	labels = map[string]string{}
	rest := l
	if i := strings.IndexAny(l, "{ "); i < 0 {
		return "", nil, 0, fmt.Errorf("sample %q", l)
	} else if name, rest = l[:i], l[i:]; rest[0] == '{' {
		rest = rest[1:]
		for len(rest) > 0 && rest[0] != '}' {
			eq := strings.Index(rest, `="`)
			if eq < 0 {
				return "", nil, 0, fmt.Errorf("sample %q", l)
			}
			key, val := rest[:eq], []byte{}
			j := eq + 2
			for ; j < len(rest) && rest[j] != '"'; j++ {
				if rest[j] == '\\' && j+1 < len(rest) {
					j++
				}
				val = append(val, rest[j])
			}
			if j >= len(rest) {
				return "", nil, 0, fmt.Errorf("sample %q", l)
			}
			labels[key] = string(val)
			rest = strings.TrimPrefix(rest[j+1:], ",")
		}
		rest = strings.TrimPrefix(rest, "}")
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return "", nil, 0, fmt.Errorf("sample %q", l)
	}
	v, err = strconv.ParseFloat(f[0], 64)
	return name, labels, v, err
}

// rank reads the rank the store gave a level, so that the queries compare as the store does.
func rank(db *sql.DB, kind, level string) int {
	var r int
	_ = db.QueryRow(`SELECT rank FROM trainings WHERE kind = ? AND level = ? LIMIT 1`, kind, level).Scan(&r)
	return r
}

// sizes gives the database file's size and that of a copy without the audit rows, vacuumed.
func sizes(db, work string) (int64, int64, error) {
	fi, err := os.Stat(db)
	if err != nil {
		return 0, 0, err
	}
	bare := filepath.Join(work, "bare.db")
	if err := copyFile(db, bare); err != nil {
		return 0, 0, err
	}
	defer os.Remove(bare)
	conn, err := sql.Open("sqlite3", "file:"+bare)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	// A trigger keeps the audit rows from being deleted; dropping the table drops it too.
	if _, err := conn.Exec(`DROP TABLE audit`); err != nil {
		return 0, 0, err
	}
	if _, err := conn.Exec(`VACUUM`); err != nil {
		return 0, 0, err
	}
	bi, err := os.Stat(bare)
	if err != nil {
		return 0, 0, err
	}
	return fi.Size(), bi.Size(), nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func cli(bin, db string, env []string, args ...string) (string, error) {
	cmd := exec.Command(bin, append(args, "--db", db)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if len(out) > 2000 { // an import lists every row's problem
			out = append(out[:1000:1000], append([]byte("\n…\n"), out[len(out)-1000:]...)...)
		}
		return "", fmt.Errorf("chitieu %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out)), nil
}

// server is a running chitieu.
type server struct {
	url string
	cmd *exec.Cmd
}

func start(bin, db, work string, extra ...string) (*server, time.Duration, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	addr := l.Addr().String()
	l.Close()
	logs, err := os.OpenFile(filepath.Join(work, "serve.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, 0, err
	}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--db", db}, extra...)...)
	cmd.Env = append(os.Environ(), "CHITIEU_ADMIN_PASSWORD="+password)
	cmd.Stdout, cmd.Stderr = logs, logs
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	s := &server{url: "http://" + addr, cmd: cmd}
	for deadline := t0.Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(s.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, time.Since(t0), nil
			}
		}
	}
	s.stop()
	return nil, 0, fmt.Errorf("chitieu serve not ready after 5 minutes (log: %s)", logs.Name())
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

func (s *server) call(token, method, path string, body any, into any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	if into != nil {
		return json.Unmarshal(b, into)
	}
	return nil
}

// addUnits adds communes under the demo's districts up to nUnits units, and returns every unit.
func (s *server) addUnits(token string) ([]string, error) {
	var list struct {
		Units []struct{ Code, Parent string } `json:"items"`
	}
	if err := s.call(token, "GET", "/api/v1/units?limit=1000", nil, &list); err != nil {
		return nil, err
	}
	var all, districts []string
	for _, u := range list.Units {
		all = append(all, u.Code)
		if u.Parent == "kien-giang" && u.Code != "co-quan-tinh-doan" {
			districts = append(districts, u.Code)
		}
	}
	if len(all) == 0 || len(districts) == 0 {
		return nil, fmt.Errorf("the demo's units: %d, districts: %d", len(all), len(districts))
	}
	for i := len(all); i < nUnits; i++ {
		code := fmt.Sprintf("xa-%d", i)
		u := map[string]any{"code": code, "name": fmt.Sprintf("Đoàn xã %d", i), "parent": districts[i%len(districts)]}
		if err := s.call(token, "POST", "/api/v1/units", u, nil); err != nil {
			return nil, err
		}
		all = append(all, code)
	}
	return all, nil
}

// widenTargets puts the demo's targets on the whole province, so that their figures read every
// record as the measurement did.
func (s *server) widenTargets(token string) error {
	var list struct {
		Targets []map[string]any `json:"items"`
	}
	if err := s.call(token, "GET", "/api/v1/targets", nil, &list); err != nil {
		return err
	}
	for _, t := range list.Targets {
		put := map[string]any{}
		for _, k := range []string{"name", "kind", "min_level", "scope_unit", "full_time_only", "comparator", "threshold", "baseline_date", "baseline_ratio", "deadline", "tolerance", "window_days", "provider"} {
			if v, ok := t[k]; ok && v != nil {
				put[k] = v
			}
		}
		put["scope_unit"] = "kien-giang"
		if err := s.call(token, "PUT", "/api/v1/targets/"+t["code"].(string), put, nil); err != nil {
			return err
		}
	}
	return nil
}

const promAccept = "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"

// fetchMetrics scrapes as Prometheus does and returns the uncompressed body and the bytes sent.
// fetchMetrics scrapes /metrics as Prometheus asks and returns the exposition, the bytes sent and
// how long the answer took to arrive whole, before the client unzips it.
func (s *server) fetchMetrics() (body []byte, sent int, took time.Duration, err error) {
	t0 := time.Now()
	req, err := http.NewRequest("GET", s.url+"/metrics", nil)
	if err != nil {
		return nil, 0, 0, err
	}
	req.Header.Set("Accept", promAccept)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, 0, 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	took = time.Since(t0)
	if err != nil {
		return nil, 0, took, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, 0, took, fmt.Errorf("/metrics: %s", resp.Status)
	}
	if resp.Header.Get("Content-Encoding") != "gzip" {
		return raw, len(raw), took, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, 0, took, err
	}
	body, err = io.ReadAll(zr)
	return body, len(raw), took, err
}

func countSamples(body []byte) (samples int) {
	for _, l := range bytes.Split(body, []byte("\n")) {
		if len(l) > 0 && l[0] != '#' {
			samples++
		}
	}
	return samples
}

// metric reads one sample's value from /metrics.
func (s *server) metric(prefix string) (float64, error) {
	v, _, err := s.metricArrived(prefix)
	return v, err
}

// metricArrived is metric with the moment its answer had arrived whole (before the unzipping).
func (s *server) metricArrived(prefix string) (float64, time.Time, error) {
	t0 := time.Now()
	body, _, took, err := s.fetchMetrics()
	if err != nil {
		return 0, time.Time{}, err
	}
	for _, l := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(l, prefix+" "); ok {
			v, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			return v, t0.Add(took), err
		}
	}
	return 0, time.Time{}, fmt.Errorf("no %s on /metrics", prefix)
}

// poller reads a figure and tells when its answer arrived.
type poller func() (float64, time.Time, error)

// polls are the two ways a write's freshness is watched: /metrics and a viewer's API figures.
func (s *server) polls(viewer string) [2]poller {
	return [2]poller{
		func() (float64, time.Time, error) { return s.metricArrived(officeSeries) },
		func() (float64, time.Time, error) {
			v, err := s.denominator(viewer)
			return v, time.Now(), err
		},
	}
}

func (s *server) heapInuse() (int64, error) {
	v, err := s.metric("go_memstats_heap_inuse_bytes")
	return int64(v), err
}

// The writes of the freshness figures are full-time cadres of the provincial office, the scope of
// the demo's political theory target before it was widened: each adds one to the office's
// chitieu_cadres and one to that target's denominator, read by a viewer (a writer's own reads are
// computed afresh and would not tell).
const (
	office       = "co-quan-tinh-doan"
	officeSeries = `chitieu_cadres{full_time="true",unit="co-quan-tinh-doan"}`
	target       = "/api/v1/targets/ly-luan-chinh-tri"
)

func (s *server) write(token string, i int) error {
	c := map[string]any{"full_name": fmt.Sprintf("Cán bộ đo %d", i), "unit": office, "full_time": true, "joined_on": "2020-01-01"}
	return s.call(token, "POST", "/api/v1/cadres", c, nil)
}

func (s *server) denominator(viewer string) (float64, error) {
	var t struct {
		Denominator float64 `json:"denominator"`
	}
	err := s.call(viewer, "GET", target, nil, &t)
	return t.Denominator, err
}

// lag is how long after a write's acknowledgment the first request that showed it was sent
// (the write is visible to any request sent from then on, and the poll before, sent earlier,
// did not show it: polls follow one another) and answered, its answer arrived whole (a
// scrape waits for the keeper to apply what queued before it, so "sent" is often 0 and
// "answered" is then the write's lag with the response's own time).
type lag struct{ sent, answered time.Duration }

// lags returns the percentile p of the lags, each part on its own.
func lags(ls []lag, p int) lag {
	var sent, answered []time.Duration
	for _, l := range ls {
		sent, answered = append(sent, l.sent), append(answered, l.answered)
	}
	return lag{pct(sent, p), pct(answered, p)}
}

// freshOne writes once and polls /metrics and the API, each on its own, until each shows it.
func (s *server) freshOne(admin, viewer string, timeout time.Duration) (onMetrics, onAPI lag, err error) {
	m0, err := s.metric(officeSeries)
	if err != nil {
		return onMetrics, onAPI, err
	}
	a0, err := s.denominator(viewer)
	if err != nil {
		return onMetrics, onAPI, err
	}
	if err := s.write(admin, -1); err != nil {
		return onMetrics, onAPI, err
	}
	acked := time.Now()
	until := func(poll poller, want float64, out *lag) error {
		for {
			at := time.Now()
			v, arrived, err := poll()
			if err != nil {
				return err
			}
			if v >= want {
				*out = lag{at.Sub(acked), arrived.Sub(acked)}
				return nil
			}
			if time.Since(acked) > timeout {
				return fmt.Errorf("one write not visible after %s", timeout)
			}
		}
	}
	var g errgroup.Group
	p := s.polls(viewer)
	g.Go(func() error { return until(p[0], m0+1, &onMetrics) })
	g.Go(func() error { return until(p[1], a0+1, &onAPI) })
	return onMetrics, onAPI, g.Wait()
}

// stream writes at rate for d while two pollers watch /metrics and the API, one request after
// another; each write's lag is from its acknowledgment to the first poll sent after it that
// shows it (or later writes).
func (s *server) stream(admin, viewer string, rate float64, d, settle time.Duration) (onMetrics, onAPI []lag, sent, missed int, err error) {
	m0, err := s.metric(officeSeries)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	a0, err := s.denominator(viewer)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	type seen struct {
		sent, answered time.Time
		v              float64
	}
	stop := make(chan struct{})
	watch := func(poll poller, out chan<- []seen) {
		var all []seen
		defer func() { out <- all }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			sent := time.Now()
			if v, arrived, err := poll(); err == nil {
				all = append(all, seen{sent, arrived, v})
			}
		}
	}
	mc, ac := make(chan []seen, 1), make(chan []seen, 1)
	p := s.polls(viewer)
	go watch(p[0], mc)
	go watch(p[1], ac)
	// Each write is sent on schedule in its own goroutine, so that a slow answer does not slow
	// the stream; the k-th acknowledged write counts as seen when k of them show.
	n := int(rate * d.Seconds())
	acked := make(chan time.Time, n)
	failed := make(chan error, n)
	every := time.Duration(float64(time.Second) / rate)
	begin := time.Now()
	for i := range n {
		time.Sleep(time.Until(begin.Add(time.Duration(i) * every)))
		go func() {
			if err := s.write(admin, i); err != nil {
				failed <- err
				return
			}
			acked <- time.Now()
		}()
	}
	var acks []time.Time
	for range n {
		select {
		case t := <-acked:
			acks = append(acks, t)
		case err := <-failed:
			close(stop)
			return nil, nil, 0, 0, err
		}
	}
	slices.SortFunc(acks, func(a, b time.Time) int { return a.Compare(b) })
	time.Sleep(settle) // time for the last writes to show
	close(stop)
	ms, as := <-mc, <-ac
	wait := func(base float64, polls []seen) (out []lag, missed int) {
		for k, ack := range acks {
			i := slices.IndexFunc(polls, func(p seen) bool { return p.sent.After(ack) && p.v >= base+float64(k+1) })
			if i < 0 {
				missed++
				out = append(out, lag{notSeen, notSeen})
				continue
			}
			out = append(out, lag{polls[i].sent.Sub(ack), polls[i].answered.Sub(ack)})
		}
		return out, missed
	}
	onMetrics, mm := wait(m0, ms)
	onAPI, am := wait(a0, as)
	return onMetrics, onAPI, len(acks), max(mm, am), nil
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func procStatus(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, field+":"); ok {
			kb, err := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
		}
	}
	return "unknown CPU"
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// notSeen stands for a write that never showed; it sorts after every wait.
const notSeen = time.Duration(1<<63 - 1)

func dur(d time.Duration) string {
	switch {
	case d == notSeen:
		return "not seen"
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	default:
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
func kib(b int) string   { return fmt.Sprintf("%.0f kB", float64(b)/1000) }
