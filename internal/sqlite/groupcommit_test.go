package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// TestGroupCommit runs concurrent writes on a slow disk (a commit delay): they share commits,
// a write that breaks a rule fails alone, every acknowledged write is there after a reopen, and
// the Listener hears of exactly the acknowledged ones, after their commit.
func TestGroupCommit(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	MustCreateYouthReport(t, db, "ha-tien", "2013-01-01", 100, 10, 10, 15)
	rec := &recorder{}
	db.Listener = rec
	db.CommitDelay = 4 * time.Millisecond
	commits0, txs0 := db.CommitStats()

	const workers, writes = 16, 10
	reports := sqlite.NewYouthReportService(db)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		acked = map[int64]chitieu.YouthReport{}
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range writes {
				r := &chitieu.YouthReport{Unit: "rach-gia", ReportedOn: chitieu.NewDate(2013, 1, 1).AddDays(w*writes + i),
					YouthPopulation: 100, UnionMembers: 10, AssociationMembers: 10, Gathered: 15}
				if i%3 == 2 { // a second report for the same unit and day: 409, alone
					r.Unit, r.ReportedOn = "ha-tien", chitieu.NewDate(2013, 1, 1)
				}
				err := reports.CreateYouthReport(system, r)
				switch {
				case i%3 == 2 && chitieu.ErrorCode(err) != chitieu.ECONFLICT:
					t.Errorf("duplicate report: %v, want a conflict", err)
				case i%3 != 2 && err != nil:
					t.Errorf("report %d-%d: %v", w, i, err)
				case err == nil:
					// The Listener has heard of it before Commit returned.
					if _, heard := rec.snapshot(); !hasReport(heard, r.ID) {
						t.Errorf("report %d acknowledged before the Listener heard of it", r.ID)
					}
					mu.Lock()
					acked[r.ID] = *r
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()

	commits, txs := db.CommitStats()
	commits, txs = commits-commits0, txs-txs0
	if int(txs) != len(acked) {
		t.Errorf("%d transactions committed, want %d (the acknowledged writes)", txs, len(acked))
	}
	// With 16 writers and a commit that takes 4 ms, commits must be shared.
	if commits*2 > txs {
		t.Errorf("%d commits for %d writes: not grouped", commits, txs)
	}
	t.Logf("%d writes in %d commits", txs, commits)

	_, heard := rec.snapshot()
	if len(heard) != len(acked) {
		t.Errorf("the Listener heard of %d changes, want %d", len(heard), len(acked))
	}
	for _, c := range heard {
		if c.YouthReport == nil || acked[c.YouthReport.ID] != *c.YouthReport {
			t.Errorf("the Listener heard of %+v, not an acknowledged write", c)
		}
	}

	// Every acknowledged write is on disk, with its audit row.
	path := db.Path
	db.Close()
	again := sqlite.NewDB(path)
	if err := again.Open(); err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for id, want := range acked {
		got, err := sqlite.NewYouthReportService(again).FindYouthReportByID(system, id)
		if err != nil || *got != want {
			t.Fatalf("report %d after reopen: %+v, %v; want %+v", id, got, err, want)
		}
	}
	_, n, err := sqlite.NewAuditService(again).FindAuditEntries(system, chitieu.AuditFilter{Entity: "youth_report"})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(acked)+1 {
		t.Fatalf("%d youth report audit rows, want %d", n, len(acked)+1)
	}
}

func hasReport(changes []chitieu.Change, id int64) bool {
	for _, c := range changes {
		if c.YouthReport != nil && c.YouthReport.ID == id {
			return true
		}
	}
	return false
}

// TestGroupCommitCancelledWaiter: writes that give up while waiting for their turn, at the
// moment the turn is handed to them, never leave a batch open with nobody to commit it.
func TestGroupCommitCancelledWaiter(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	for i := range 200 {
		holder, err := db.BeginTx(system)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(system)
		waiting := make(chan struct{})
		waiter := make(chan error, 1)
		go func() {
			close(waiting)
			tx, err := db.BeginTx(ctx)
			if err == nil { // it got the turn before it gave up
				tx.Rollback()
			}
			waiter <- err
		}()
		<-waiting
		time.Sleep(time.Duration(i%20) * 10 * time.Microsecond)
		committed := make(chan error, 1)
		go func() { committed <- holder.Commit() }()
		time.Sleep(time.Duration(i%7) * 10 * time.Microsecond)
		cancel()
		select {
		case err := <-committed:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: Commit still waits for a batch that nobody commits", i)
		}
		if err := <-waiter; err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("waiter: %v", err)
		}
	}
	MustCreateCadre(t, db, "Sau đó", "rach-gia", "2010-01-01") // the writer is free
}

// TestBackup copies a database with writes under way and restores it.
func TestBackup(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	c := MustCreateCadre(t, db, "Nguyễn Văn An", "rach-gia", "2010-01-01")
	dir := t.TempDir()

	t.Run("OK", func(t *testing.T) {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // writes go on during the backup
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				MustCreateCadre(t, db, fmt.Sprintf("Cán bộ %d", i), "ha-tien", "2010-01-01")
			}
		}()
		err := db.Backup(system, dir+"/a.db")
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		if err := sqlite.CheckIntegrity(system, dir+"/a.db"); err != nil {
			t.Fatal(err)
		}
		copyDB := sqlite.NewDB(dir + "/a.db")
		if err := copyDB.Open(); err != nil {
			t.Fatal(err)
		}
		defer copyDB.Close()
		if got, err := sqlite.NewCadreService(copyDB).FindCadreByID(system, c.ID); err != nil || got.FullName != c.FullName {
			t.Fatalf("cadre in the backup: %+v, %v", got, err)
		}
	})

	t.Run("ErrExists", func(t *testing.T) {
		err := db.Backup(system, dir+"/a.db")
		if err == nil || err.Error() != "backup: "+dir+"/a.db already exists; name a new file" {
			t.Fatalf("backup over a file: %v", err)
		}
	})

	t.Run("ErrNoDatabase", func(t *testing.T) {
		if err := sqlite.BackupFile(system, dir+"/none.db", dir+"/b.db"); err == nil {
			t.Fatal("backup of a missing database succeeded")
		}
	})

	t.Run("RestoreRefusesDatabaseInUse", func(t *testing.T) {
		_, err := sqlite.Restore(system, dir+"/a.db", db.Path)
		want := "restore: the database " + db.Path + " is in use (is chitieu serve running on it?); stop it first"
		if err == nil || err.Error() != want {
			t.Fatalf("restore over an open database: %v\nwant %s", err, want)
		}
		if got, err := sqlite.NewCadreService(db).FindCadreByID(system, c.ID); err != nil || got.FullName != c.FullName {
			t.Fatalf("the database after a refused restore: %+v, %v", got, err)
		}
	})

	t.Run("RestoreRefusesDamagedBackup", func(t *testing.T) {
		bad := dir + "/bad.db"
		if err := writeFile(bad, "SQLite format 3\x00 but nothing else"); err != nil {
			t.Fatal(err)
		}
		target := dir + "/target.db"
		if err := writeFile(target, "keep me"); err != nil {
			t.Fatal(err)
		}
		if _, err := sqlite.Restore(system, bad, target); err == nil {
			t.Fatal("restored a damaged backup")
		}
		if b, _ := readFile(target); b != "keep me" {
			t.Fatalf("target changed by a refused restore: %q", b)
		}
	})

	t.Run("RestoreKeepsTheOldDatabase", func(t *testing.T) {
		old := MustOpenDB(t)
		MustCreateUnit(t, old, "cu", "Đơn vị cũ", "")
		path := old.Path
		old.Close()
		kept, err := sqlite.Restore(system, dir+"/a.db", path)
		if err != nil {
			t.Fatal(err)
		}
		restored := sqlite.NewDB(path)
		if err := restored.Open(); err != nil {
			t.Fatal(err)
		}
		defer restored.Close()
		if got, err := sqlite.NewCadreService(restored).FindCadreByID(system, c.ID); err != nil || got.FullName != c.FullName {
			t.Fatalf("restored cadre: %+v, %v", got, err)
		}
		keptDB := sqlite.NewDB(kept)
		if err := keptDB.Open(); err != nil {
			t.Fatal(err)
		}
		defer keptDB.Close()
		if _, err := sqlite.NewUnitService(keptDB).FindUnit(system, "cu"); err != nil {
			t.Fatalf("the replaced database, kept at %s: %v", kept, err)
		}
	})
}

// TestBackupSchedule keeps the newest backups only.
func TestBackupSchedule(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	s := &sqlite.BackupSchedule{DB: db, Dir: t.TempDir(), Every: time.Hour, Keep: 2}
	if !s.Last().IsZero() {
		t.Fatal("Last of an empty folder is not zero")
	}
	var paths []string
	for range 3 {
		p, err := s.Once(system)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		time.Sleep(2 * time.Millisecond) // names are in milliseconds
	}
	if exists(paths[0]) || !exists(paths[1]) || !exists(paths[2]) {
		t.Fatalf("after 3 backups with Keep 2: %v %v %v", exists(paths[0]), exists(paths[1]), exists(paths[2]))
	}
	if last := s.Last(); time.Since(last) > time.Minute || time.Since(last) < 0 {
		t.Fatalf("Last = %v", last)
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
