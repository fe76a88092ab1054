package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/mattn/go-sqlite3"
)

// TestMigration003KeepsTargets opens a database made before migration 003, with a target, and
// checks that the rebuilt targets table keeps it and its guard against DELETE.
func TestMigration003KeepsTargets(t *testing.T) {
	db := openOldDatabase(t, []string{"migration/001_init.sql"},
		`INSERT INTO units (code, name, created_at, updated_at) VALUES ('tinh', 'Tỉnh Đoàn', 'x', 'x')`,
		`INSERT INTO targets (code, name, kind, min_level, scope_unit, full_time_only, comparator, threshold, baseline_date,
			baseline_ratio, deadline, tolerance, created_at, updated_at)
			VALUES ('llct', 'Lý luận chính trị', 'political_theory', 'trung_cap', 'tinh', 1, '>=', 0.8, '2013-01-01', 0.5, '2015-12-31', 0.05, 'x', 'x')`)
	tg, err := NewTargetService(db).FindTarget(context.Background(), "llct")
	if err != nil {
		t.Fatal(err)
	}
	if tg.Threshold != 0.8 || tg.BaselineRatio == nil || *tg.BaselineRatio != 0.5 || tg.WindowDays != 0 || tg.Provider != "" {
		t.Fatalf("target after migration: %+v", tg)
	}
	for _, stmt := range []string{
		`INSERT INTO cadres (full_name, search_key, unit, full_time, joined_on, created_at, updated_at) VALUES ('A', 'a', 'tinh', 1, '2013-01-01', 'x', 'x')`,
		`INSERT INTO positions (unit, title, seats, created_on, created_at, updated_at) VALUES ('tinh', 'Bí thư', 1, '2013-01-01', 'x', 'x')`,
		`INSERT INTO assignments (position_id, cadre_id, started_on, created_at, updated_at) VALUES (1, 1, '2013-01-01', 'x', 'x')`,
	} {
		if _, err := db.rw.Exec(stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}
	for _, stmt := range []string{`DELETE FROM targets`, `DELETE FROM positions`, `DELETE FROM assignments`, `DELETE FROM recruitment_rule`} {
		if _, err := db.rw.Exec(stmt); !isConstraint(err, sqlite3.ErrConstraintTrigger) {
			t.Errorf("%s: %v, want a trigger to refuse it", stmt, err)
		}
	}
}

// openOldDatabase makes a database as the given migrations left it, with rows, and opens it with
// the migrations of today: what a service finds when it is upgraded.
func openOldDatabase(t *testing.T, migrations []string, rows ...string) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite3", dsn(path, writerParams))
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`}
	for _, name := range migrations {
		buf, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(buf), `INSERT INTO migrations VALUES ('`+name+`', '2014-01-01T00:00:00Z')`)
	}
	for _, stmt := range append(stmts, rows...) {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}
	old.Close()

	db := NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
