package sqlite_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
	"chitieu/internal/sqlite"
)

// BenchmarkImport applies, on a fresh database of 200 units, a file of 20,000 cadres and then one
// of 60,000 training records naming them by id, as the CLI does (chitieu import --apply); it
// reports the rows written a second over both files, and a second of the process's CPU time,
// which the other work on a shared machine does not change.
func BenchmarkImport(b *testing.B) {
	const units, cadres, trainings = 200, 20_000, 60_000
	var cf, tf strings.Builder
	cf.WriteString("Họ và tên,Đơn vị,Chuyên trách,Ngày vào,Ngày sinh\n")
	for i := range cadres {
		fmt.Fprintf(&cf, "Cán bộ %d,u%d,Có,01/01/%d,%02d/%02d/%d\n", i+1, i%units, 2005+i%15, 1+i%28, 1+i%12, 1960+i%25)
	}
	tf.WriteString("Mã cán bộ,Loại,Trình độ,Khóa học,Cơ sở đào tạo,Trạng thái,Ngày hoàn thành\n")
	for i := range trainings {
		kind, level := "professional", ""
		switch i / cadres {
		case 0:
			kind, level = "political_theory", "trung_cap"
		case 1:
			kind, level = "education", "dai_hoc"
		}
		fmt.Fprintf(&tf, "%d,%s,%s,Khóa %d,,completed,30/06/%d\n", i%cadres+1, kind, level, i+1, 2000+i%25)
	}
	var took, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		db := sqlite.NewDB(filepath.Join(b.TempDir(), "chitieu.db"))
		if err := db.Open(); err != nil {
			b.Fatal(err)
		}
		us := sqlite.NewUnitService(db)
		for i := range units {
			u := chitieu.Unit{Code: fmt.Sprintf("u%d", i), Name: fmt.Sprintf("Đơn vị %d", i)}
			if i > 0 {
				u.Parent = "u0"
			}
			if err := us.CreateUnit(system, &u); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		t0, c0 := time.Now(), cpuTime(b)
		s := sqlite.NewImportService(db)
		for _, f := range []struct {
			kind chitieu.ImportKind
			data string
			n    int
		}{{chitieu.ImportCadres, cf.String(), cadres}, {chitieu.ImportTrainings, tf.String(), trainings}} {
			res, err := s.Import(system, spreadsheet.Open(f.kind, "bench.csv", []byte(f.data), spreadsheet.Limits{}), true)
			if err != nil {
				b.Fatal(err)
			}
			if !res.Applied || res.Created != f.n {
				b.Fatalf("%s: applied %v, %d created, problems %v", f.kind, res.Applied, res.Created, res.Problems[:min(3, len(res.Problems))])
			}
		}
		took, cpu = took+time.Since(t0), cpu+cpuTime(b)-c0
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(cadres+trainings)*float64(b.N)/took.Seconds(), "rows/s")
	b.ReportMetric(float64(cadres+trainings)*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
