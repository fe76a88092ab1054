package sqlite_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// TestConcurrentWrites runs many writers and readers at once, through two DBs on the same file
// (as the server and a command line would be): none may see an error, "database is locked"
// least of all, and every write must be there after.
func TestConcurrentWrites(t *testing.T) {
	first := MustOpenDB(t)
	MustCreateProvince(t, first)
	second := sqlite.NewDB(first.Path)
	second.Now = first.Now
	if err := second.Open(); err != nil {
		t.Fatal(err)
	}
	defer second.Close()

	const workers, writes = 16, 8
	var wg sync.WaitGroup
	errs := make(chan error, 2*workers*writes*4)
	for w := range 2 * workers {
		db := first
		if w%2 == 1 {
			db = second
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cadres, trainings := sqlite.NewCadreService(db), sqlite.NewTrainingService(db)
			reports := sqlite.NewYouthReportService(db)
			for i := range writes {
				// Each write reads before it writes (the unit must exist), the pattern that fails
				// with SQLITE_BUSY in a deferred transaction.
				c := &chitieu.Cadre{FullName: fmt.Sprintf("Cán bộ %d-%d", w, i), Unit: "rach-gia", FullTime: true,
					JoinedOn: chitieu.NewDate(2010, 1, 1)}
				if err := cadres.CreateCadre(editorCtx, c); err != nil {
					errs <- fmt.Errorf("create cadre: %w", err)
					continue
				}
				if err := trainings.CreateTraining(editorCtx, &chitieu.Training{CadreID: c.ID, Kind: chitieu.Education,
					Level: "dai_hoc", Status: chitieu.Completed, CompletedOn: chitieu.NewDate(2009, 1, 1)}); err != nil {
					errs <- fmt.Errorf("create training: %w", err)
				}
				r := &chitieu.YouthReport{Unit: "ha-tien", ReportedOn: chitieu.NewDate(2013, 1, 1).AddDays(w*writes + i),
					YouthPopulation: 100, UnionMembers: 10, AssociationMembers: 10, Gathered: 15}
				if err := reports.CreateYouthReport(system, r); err != nil {
					errs <- fmt.Errorf("create report: %w", err)
				}
				if _, _, err := cadres.FindCadres(viewerCtx, chitieu.CadreFilter{Unit: "tinh-doan", Query: "can bo"}); err != nil {
					errs <- fmt.Errorf("find cadres: %w", err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	list, total, err := sqlite.NewCadreService(first).FindCadres(system, chitieu.CadreFilter{Page: chitieu.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * workers * writes; total != want {
		t.Fatalf("%d cadres, want %d", total, want)
	}
	for _, c := range list {
		if c.EducationLevel != "dai_hoc" {
			t.Fatalf("cadre %d without its record", c.ID)
		}
	}
	if _, n, _ := sqlite.NewYouthReportService(second).FindYouthReports(system, chitieu.YouthReportFilter{}); n != 2*workers*writes {
		t.Fatalf("%d youth reports, want %d", n, 2*workers*writes)
	}
}

// TestConcurrentDuplicates: many writers race to report the same unit and day; exactly one
// wins and the others get ECONFLICT, never a lock error.
func TestConcurrentDuplicates(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	s := sqlite.NewYouthReportService(db)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.CreateYouthReport(system, &chitieu.YouthReport{Unit: "rach-gia", ReportedOn: chitieu.NewDate(2014, 1, 1),
				YouthPopulation: 10})
			mu.Lock()
			codes[chitieu.ErrorCode(err)]++
			if chitieu.ErrorCode(err) == chitieu.EINTERNAL {
				t.Error(err)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[""] != 1 || codes[chitieu.ECONFLICT] != 19 {
		t.Fatalf("outcomes = %v, want 1 success and 19 conflicts", codes)
	}
}

// TestReadersDoNotWaitForWriter: a write transaction held open does not stop reads.
func TestReadersDoNotWaitForWriter(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	tx, err := db.BeginTx(system)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	done := make(chan error, 1)
	go func() {
		_, _, err := sqlite.NewUnitService(db).FindUnits(viewerCtx, chitieu.UnitFilter{})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a read waited for an open write transaction")
	}
}
