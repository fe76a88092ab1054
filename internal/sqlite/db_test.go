package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestDB_Open(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		if _, err := os.Stat(db.Path); err != nil {
			t.Fatalf("database file: %v", err)
		}
		if err := db.Ready(system); err != nil {
			t.Fatalf("Ready = %v", err)
		}
	})

	t.Run("ReopenKeepsData", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "chitieu.db")
		db := sqlite.NewDB(path)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		MustCreateUnit(t, db, "tinh-doan", "Tỉnh Đoàn", "")
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		// The migrations have run: a second Open must not run them again (CREATE TABLE would fail).
		db = sqlite.NewDB(path)
		if err := db.Open(); err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer db.Close()
		if _, err := sqlite.NewUnitService(db).FindUnit(system, "tinh-doan"); err != nil {
			t.Fatalf("after reopen: %v", err)
		}
	})

	t.Run("ErrReadyWhenClosed", func(t *testing.T) {
		db := sqlite.NewDB(filepath.Join(t.TempDir(), "chitieu.db"))
		wantError(t, db.Ready(system), chitieu.EUNAVAILABLE, "database: not open")
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		if err := db.Ready(system); err != nil {
			t.Fatal(err)
		}
		db.Close()
		wantError(t, db.Ready(system), chitieu.EUNAVAILABLE, "database: not open")
	})

	t.Run("ErrNoPath", func(t *testing.T) {
		if err := sqlite.NewDB("").Open(); err == nil {
			t.Fatal("Open with no path succeeded")
		}
	})

	t.Run("ErrMemory", func(t *testing.T) {
		if err := sqlite.NewDB(":memory:").Open(); err == nil {
			t.Fatal("Open of :memory: succeeded; the readers would see another database")
		}
	})

	t.Run("OddFileName", func(t *testing.T) {
		// '?' and '#' would end the file name in the URI if not escaped.
		path := filepath.Join(t.TempDir(), "a?b#c%d.db")
		db := sqlite.NewDB(path)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		MustCreateUnit(t, db, "tinh-doan", "Tỉnh Đoàn", "")
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("database not at its path: %v", err)
		}
	})
}

func TestDB_Today(t *testing.T) {
	db := MustOpenDB(t)
	for _, tt := range []struct {
		name string
		at   time.Time
		want string
	}{
		// Hồ Chí Minh City is UTC+7: 17:00 UTC is already the next day there.
		{"MorningUTC", time.Date(2015, 12, 31, 16, 59, 59, 0, time.UTC), "2015-12-31"},
		{"EveningUTC", time.Date(2015, 12, 31, 17, 0, 0, 0, time.UTC), "2016-01-01"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db.Now = func() time.Time { return tt.at }
			if got := db.Today().String(); got != tt.want {
				t.Fatalf("Today() = %s, want %s", got, tt.want)
			}
		})
	}

	t.Run("OtherLocation", func(t *testing.T) {
		db.Now = func() time.Time { return time.Date(2015, 12, 31, 17, 0, 0, 0, time.UTC) }
		db.Location = time.UTC
		if got := db.Today(); got != chitieu.NewDate(2015, 12, 31) {
			t.Fatalf("Today() in UTC = %s, want 2015-12-31", got)
		}
	})
}

// TestDB_Optimize: the planner's statistics are measured for the tables with records, and the
// lists read with them answer as before.
func TestDB_Optimize(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	cadres := sqlite.NewCadreService(db)
	for i := range 30 {
		unit := []string{"van-phong", "rach-gia", "vinh-thanh-van"}[i%3]
		if err := cadres.CreateCadre(system, &chitieu.Cadre{FullName: "Cán bộ", Unit: unit, FullTime: true, JoinedOn: day(t, "2012-01-01")}); err != nil {
			t.Fatal(err)
		}
	}
	before, total, err := cadres.FindCadres(system, chitieu.CadreFilter{Unit: "rach-gia", Page: chitieu.Page{Limit: 5, Offset: 3}})
	if err != nil || total != 20 || len(before) != 5 {
		t.Fatalf("before: %d of %d, %v; want 5 of 20", len(before), total, err)
	}
	if err := db.Optimize(system); err != nil {
		t.Fatal(err)
	}
	file, err := sql.Open("sqlite3", "file:"+db.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var measured bool
	if err := file.QueryRow(`SELECT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = 'cadres')`).Scan(&measured); err != nil || !measured {
		t.Fatalf("sqlite_stat1 has cadres: %v, %v", measured, err)
	}
	after, total, err := cadres.FindCadres(system, chitieu.CadreFilter{Unit: "rach-gia", Page: chitieu.Page{Limit: 5, Offset: 3}})
	if err != nil || total != 20 || !reflect.DeepEqual(after, before) {
		t.Fatalf("after: %v of %d, %v; want %v", after, total, err, before)
	}
}
