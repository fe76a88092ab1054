package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"chitieu/internal/chitieu"
)

func openTestDB(t *testing.T) *DB {
	t.Helper()
	db := NewDB(filepath.Join(t.TempDir(), "chitieu.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSettings checks that every connection of both pools has the settings of its DSN, not only
// the first one.
func TestSettings(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()

	t.Run("Writer", func(t *testing.T) {
		for _, tt := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"foreign_keys", "1"},
			{"synchronous", "2"}, // FULL
			{"busy_timeout", "10000"},
		} {
			var got string
			if err := db.rw.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("writer: PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
			}
		}
		if got := db.rw.Stats().MaxOpenConnections; got != 1 {
			t.Errorf("writer pool: %d connections, want 1", got)
		}
	})

	t.Run("EveryReader", func(t *testing.T) {
		// Hold several reader connections at once, so that each is a different one.
		n := db.ro.Stats().MaxOpenConnections
		if n < 2 {
			t.Fatalf("reader pool: %d connections, want several", n)
		}
		for i := 0; i < n; i++ {
			conn, err := db.ro.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var fk, timeout int
			if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
				t.Fatal(err)
			}
			if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil {
				t.Fatal(err)
			}
			if fk != 1 || timeout != 10000 {
				t.Errorf("reader %d: foreign_keys=%d busy_timeout=%d, want 1 and 10000", i, fk, timeout)
			}
			_, err = conn.ExecContext(ctx, `INSERT INTO readiness (id, checked_at) VALUES (1, 'x')`)
			var se sqlite3.Error
			if !asSQLiteError(err, &se) || se.Code != sqlite3.ErrReadonly {
				t.Errorf("reader %d: write gave %v, want SQLITE_READONLY", i, err)
			}
		}
	})

	t.Run("ImmediateTransactions", func(t *testing.T) {
		// A write transaction holds the write lock from its start: a second connection (another
		// process) cannot start writing until it ends.
		other := NewDB(db.Path)
		if err := other.Open(); err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		other.rw.Exec(`PRAGMA busy_timeout = 0`) // fail at once rather than wait
		tx, err := db.BeginTx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		_, err = other.rw.Exec(`INSERT INTO readiness (id, checked_at) VALUES (1, 'x')`)
		if !isBusy(err) {
			t.Fatalf("write beside an open immediate transaction: %v, want SQLITE_BUSY", err)
		}
	})
}

func asSQLiteError(err error, target *sqlite3.Error) bool { return errors.As(err, target) }

func isBusy(err error) bool {
	var e sqlite3.Error
	return asSQLiteError(err, &e) && e.Code == sqlite3.ErrBusy
}

func TestMigrations(t *testing.T) {
	db := openTestDB(t)
	var names []string
	rows, err := db.ro.Query(`SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	if len(names) == 0 || names[0] != "migration/001_init.sql" {
		t.Fatalf("migrations recorded: %v", names)
	}
	// Running them again changes nothing.
	if err := db.migrate(); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
}

// TestNothingHardDeleted checks the triggers that keep every record and the audit log.
func TestNothingHardDeleted(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if err := NewUnitService(db).CreateUnit(ctx, &chitieu.Unit{Code: "tinh-doan", Name: "Tỉnh Đoàn"}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`DELETE FROM units`,
		`DELETE FROM audit`,
		`UPDATE audit SET actor = 'someone else'`,
	} {
		t.Run(stmt, func(t *testing.T) {
			_, err := db.rw.Exec(stmt)
			if !isConstraint(err, sqlite3.ErrConstraintTrigger) {
				t.Fatalf("%s: %v, want a trigger to refuse it", stmt, err)
			}
		})
	}
	for _, table := range []string{"cadres", "trainings", "youth_reports", "targets", "users", "tokens"} {
		var n int
		db.ro.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`, table).Scan(&n)
		if n == 0 {
			t.Errorf("table %s has no trigger against DELETE", table)
		}
	}
}

func TestTokenStoredHashed(t *testing.T) {
	db := openTestDB(t)
	users := NewUserService(db)
	ctx := context.Background()
	if err := users.CreateUser(ctx, &chitieu.UserCreate{User: chitieu.User{Username: "api", Role: chitieu.RoleViewer}, Password: "mật khẩu dài đủ"}); err != nil {
		t.Fatal(err)
	}
	token, err := users.CreateToken(ctx, "api")
	if err != nil {
		t.Fatal(err)
	}
	var stored []byte
	if err := db.ro.QueryRow(`SELECT hash FROM tokens`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 32 || strings.Contains(string(stored), strings.TrimPrefix(token, TokenPrefix)) {
		t.Fatalf("stored %x: want the 32-byte SHA-256 only", stored)
	}
	var hash string
	db.ro.QueryRow(`SELECT password_hash FROM users WHERE username = 'api'`).Scan(&hash)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("password stored as %q: want an argon2id hash", hash)
	}
	var audit string
	db.ro.QueryRow(`SELECT group_concat(COALESCE(before, '') || COALESCE(after, '')) FROM audit`).Scan(&audit)
	if strings.Contains(audit, hash) || strings.Contains(audit, "argon2") || strings.Contains(audit, token) {
		t.Fatalf("the audit log holds a secret: %s", audit)
	}
}

func TestParseDate(t *testing.T) {
	// Every day from 1900 to 2100 reads as chitieu.ParseDate reads it.
	for d := chitieu.NewDate(1900, 1, 1); d <= chitieu.NewDate(2100, 12, 31); d++ {
		if got, err := parseDate(d.String()); err != nil || got != d {
			t.Fatalf("parseDate(%s) = %v, %v", d, got, err)
		}
	}
	for _, tt := range []struct {
		in   string
		want chitieu.Date
		ok   bool
	}{
		{"2014-06-15", chitieu.NewDate(2014, 6, 15), true},
		{"0001-01-01", 1, true},
		{"2016-02-29", chitieu.NewDate(2016, 2, 29), true},
		{"2014-6-15", 0, false},
		{"2014-13-01", 0, false},
		{"2014-06-00", 0, false},
		{"20140615", 0, false},
		{"2014-06-1x", 0, false},
		{"2015-02-29", 0, false},
		{"2014-04-31", 0, false},
		{"1900-02-29", 0, false},
		{"2000-02-29", chitieu.NewDate(2000, 2, 29), true},
		{"1969-12-31", chitieu.NewDate(1969, 12, 31), true},
		{"9999-12-31", chitieu.NewDate(9999, 12, 31), true},
	} {
		got, err := parseDate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseDate(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.InRange() { // the store reads any day; the range is checked after (readBack)
			if std, _ := chitieu.ParseDate(tt.in); std != got {
				t.Errorf("parseDate(%q) = %v, chitieu.ParseDate = %v", tt.in, got, std)
			}
		}
	}
}
