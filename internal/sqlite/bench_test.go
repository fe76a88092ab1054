package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"chitieu/internal/chitieu"
)

// benchSizes are the sizes of issue 2's benchmark: 2,000 units with 20,000 cadres and 100,000
// training records, and 200,000 cadres with 1,000,000 records.
var benchSizes = []struct {
	name                     string
	units, cadres, trainings int
}{
	{"20k-cadres-100k-records", 2000, 20_000, 100_000},
	{"200k-cadres-1M-records", 2000, 200_000, 1_000_000},
}

var (
	benchMu  sync.Mutex
	benchDBs = map[string]string{} // size name -> file, made once per test binary
)

// benchDB returns the path of a database of the size, filled with plain INSERTs in one
// transaction (the services, with an audit row and a sync per write, would take hours).
func benchDB(b *testing.B, name string, units, cadres, trainings int) string {
	benchMu.Lock()
	defer benchMu.Unlock()
	if path, ok := benchDBs[name]; ok {
		return path
	}
	dir, err := os.MkdirTemp("", "chitieu-bench-")
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "chitieu.db")
	db := NewDB(path)
	if err := db.Open(); err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	exec := func(query string, args ...any) {
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			b.Fatal(err)
		}
	}
	const at = "2014-01-01T00:00:00Z"
	exec(`INSERT INTO units (code, name, parent, created_at, updated_at) VALUES ('root', 'Tỉnh Đoàn', NULL, ?, ?)`, at, at)
	for i := 1; i < units; i++ {
		exec(`INSERT INTO units (code, name, parent, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			fmt.Sprintf("u%d", i), fmt.Sprintf("Đơn vị %d", i), unitCode(i/20), at, at)
	}
	cadreStmt, err := tx.PrepareContext(ctx, `INSERT INTO cadres (full_name, search_key, unit, position, full_time, joined_on, left_on, gender, created_at, updated_at)
		VALUES (?, ?, ?, '', ?, ?, ?, '', ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for i := range cadres {
		name := fmt.Sprintf("Nguyễn Văn %d", i)
		var left any
		if i%10 == 0 {
			left = "2016-01-01"
		}
		if _, err := cadreStmt.ExecContext(ctx, name, chitieu.SearchKey(name), unitCode(i%units), i%5 != 0,
			chitieu.NewDate(2005, 1, 1).AddDays(i%3000).String(), left, at, at); err != nil {
			b.Fatal(err)
		}
	}
	trainingStmt, err := tx.PrepareContext(ctx, `INSERT INTO trainings (cadre_id, kind, level, rank, course, provider, status, started_on, expected_on, completed_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'Khoá học', 'Trường Chính trị tỉnh', ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	kinds := []chitieu.TrainingKind{chitieu.PoliticalTheory, chitieu.Education, chitieu.Professional}
	for i := range trainings {
		kind := kinds[i%3]
		level := chitieu.LevelNone
		if ls := chitieu.Levels(kind); ls != nil {
			level = ls[(i/3)%len(ls)]
		}
		rank, _ := chitieu.Rank(kind, level)
		started := chitieu.NewDate(2008, 1, 1).AddDays(i % 2500)
		status, completed := chitieu.Completed, any(started.AddDays(300).String())
		if i%4 == 0 {
			status, completed = chitieu.InProgress, nil
		}
		if _, err := trainingStmt.ExecContext(ctx, int64(i%cadres)+1, string(kind), string(level), rank, string(status),
			started.String(), started.AddDays(300).String(), completed, at, at); err != nil {
			b.Fatal(err)
		}
	}
	for i := 1; i < units; i++ {
		for y := 2013; y <= 2015; y++ {
			exec(`INSERT INTO youth_reports (unit, reported_on, youth_population, union_members, association_members, gathered, created_at, updated_at)
				VALUES (?, ?, 1000, 400, 300, 550, ?, ?)`, unitCode(i), fmt.Sprintf("%d-06-30", y), at, at)
		}
	}
	exec(`INSERT INTO targets (code, name, kind, min_level, scope_unit, full_time_only, comparator, threshold, baseline_date, deadline, tolerance, created_at, updated_at)
		VALUES ('pt', 'Chính trị', 'political_theory', 'trung_cap', 'root', 1, '>=', 0.8, '2013-01-01', '2015-12-31', 0.05, ?, ?)`, at, at)
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	benchDBs[name] = path
	return path
}

// TestMain removes the benchmark databases after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, path := range benchDBs {
		os.RemoveAll(filepath.Dir(path))
	}
	os.Exit(code)
}

func unitCode(i int) string {
	if i == 0 {
		return "root"
	}
	return fmt.Sprintf("u%d", i)
}

// BenchmarkLoadDataset reads every record into memory, as the service does at start. With
// CHITIEU_BENCH_DB naming a database file it also loads that one (opening it migrates it: give a
// copy).
func BenchmarkLoadDataset(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			if testing.Short() && size.cadres > 20_000 {
				b.Skip("large size skipped in -short mode")
			}
			ds := benchLoad(b, benchDB(b, size.name, size.units, size.cadres, size.trainings))
			if len(ds.Units()) != size.units {
				b.Fatalf("%d units loaded", len(ds.Units()))
			}
		})
	}
	b.Run("file", func(b *testing.B) {
		path := os.Getenv("CHITIEU_BENCH_DB")
		if path == "" {
			b.Skip("CHITIEU_BENCH_DB not set")
		}
		benchLoad(b, path)
	})
}

// benchLoad loads the database at path in a loop and reports the live heap the last Dataset
// holds: what the service keeps after start.
func benchLoad(b *testing.B, path string) *chitieu.Dataset {
	db := NewDB(path)
	if err := db.Open(); err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	var ds *chitieu.Dataset
	for b.Loop() {
		ds = nil // the previous one is garbage while the next loads, as at start
		var err error
		if ds, err = db.LoadDataset(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "live-MiB")
	b.ReportMetric(float64(after.HeapInuse)/(1<<20), "inuse-MiB")
	runtime.KeepAlive(ds)
	return ds
}

// BenchmarkFindCadres lists a page of cadres with their levels, filtered as the API allows.
func BenchmarkFindCadres(b *testing.B) {
	size := benchSizes[1]
	if testing.Short() {
		size = benchSizes[0]
	}
	db := NewDB(benchDB(b, size.name, size.units, size.cadres, size.trainings))
	if err := db.Open(); err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := NewCadreService(db)
	yes := true
	for _, tt := range []struct {
		name   string
		filter chitieu.CadreFilter
	}{
		{"FirstPage", chitieu.CadreFilter{}},
		{"Subtree", chitieu.CadreFilter{Unit: "u3"}},
		{"ActiveQuery", chitieu.CadreFilter{Active: &yes, Query: "nguyen van 1234"}},
		{"DeepPage", chitieu.CadreFilter{Page: chitieu.Page{Offset: size.cadres / 2}}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.FindCadres(context.Background(), tt.filter); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
