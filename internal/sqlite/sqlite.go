// Package sqlite keeps chitieu's records in SQLite (github.com/mattn/go-sqlite3) and implements
// the domain's services on them.
//
// One DB holds two pools on the same file: a writer with a single connection, through which
// every write goes in an immediate transaction, and a read-only pool for reads. With WAL,
// readers never wait for the writer, and writes never meet SQLITE_BUSY: they are serialised
// before they reach SQLite, and each takes its write lock at BEGIN.
//
// Every write is one transaction: the checks against other records, the write itself and its
// audit row. The DB's Listener hears of the changed records after the commit.
//
// A reference to another record in a request body (a cadre's unit, a unit's parent) that does
// not exist is EINVALID (the request breaks a rule); a record named by the request's path that
// does not exist is ENOTFOUND.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"chitieu/internal/chitieu"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DefaultLocation is the time zone of the civil days when none is given.
const DefaultLocation = "Asia/Ho_Chi_Minh"

// Connection settings, all in the DSN so that every connection of a pool gets them (a PRAGMA run
// with Exec reaches one connection only). The writer waits up to 10 s for another process's
// write lock, takes its own at BEGIN (a deferred transaction that reads and then writes fails
// with SQLITE_BUSY whatever the busy timeout), and syncs each commit to disk: mattn/go-sqlite3
// would otherwise use synchronous=NORMAL with WAL, which may lose the last commits on power
// loss. Each connection keeps its 64 most recent prepared statements: preparing took more than a
// quarter of the CPU of a read.
const (
	writerParams = "_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000&_txlock=immediate&_synchronous=FULL&_stmt_cache_size=64"
	readerParams = "mode=ro&_foreign_keys=on&_busy_timeout=10000&_stmt_cache_size=64"
)

// DB is the database: its file, the two pools, and what every service shares.
type DB struct {
	// Path is the database file; it is created with its directory when missing.
	Path string

	// Now returns the current time; tests set it. Defaults to time.Now.
	Now func() time.Time

	// Location is the time zone of civil days ("today"). Defaults to Asia/Ho_Chi_Minh.
	Location *time.Location

	// Listener, when set, is called after each commit that changed a unit, cadre, training
	// record, youth report or target, with the records as written (or, deleted, as they were).
	// It is called with the write lock held, so that changes arrive in the order of their
	// commits: it must return quickly (queue the changes, do the work elsewhere).
	Listener chitieu.ChangeListener

	// ReadConns is the size of the read-only pool; 0 means max(4, GOMAXPROCS), and it is never
	// less than 2: LoadDataset holds two read transactions at once.
	ReadConns int

	// Logger hears when the database stops and starts taking writes; nil discards it.
	Logger *slog.Logger

	// CommitDelay is slept before each commit, under the write lock. For measurements only: it
	// stands for a slow disk's fsync (groupcommit.go).
	CommitDelay time.Duration

	rw *sql.DB // the writer: one connection
	ro *sql.DB // readers

	// writeLock is the turn on the writer connection: held by one Tx at a time, from BeginTx to
	// its Commit or Rollback, and by whoever commits a batch (groupcommit.go); a channel so that
	// waiting for it can end with the context.
	writeLock chan struct{}
	w         writer // the open batch and whether the disk takes writes (groupcommit.go)

	creds credentialCache
	guard guardOnce // the password guard of every way of signing in (user.go)
}

// NewDB returns a DB for the file at path; Open opens it.
func NewDB(path string) *DB {
	return &DB{
		Path:      path,
		Now:       time.Now,
		Location:  defaultLocation(),
		writeLock: make(chan struct{}, 1),
	}
}

// defaultLocation is Asia/Ho_Chi_Minh, or its fixed offset (UTC+7, no daylight saving since
// 1975) when the system has no time zone database.
func defaultLocation() *time.Location {
	if loc, err := time.LoadLocation(DefaultLocation); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*60*60)
}

// Open opens both pools and applies the migrations that have not run yet.
func (db *DB) Open() (err error) {
	if db.Path == "" {
		return fmt.Errorf("sqlite: database path required")
	}
	if strings.HasPrefix(db.Path, ":memory:") || strings.HasPrefix(db.Path, "file:") {
		return fmt.Errorf("sqlite: path must be a file name, not %q (the readers open the same file)", db.Path)
	}
	if db.Now == nil {
		db.Now = time.Now
	}
	if db.Location == nil {
		db.Location = defaultLocation()
	}
	if db.writeLock == nil {
		db.writeLock = make(chan struct{}, 1)
	}
	if err := os.MkdirAll(filepath.Dir(db.Path), 0o700); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()

	if db.rw, err = sql.Open("sqlite3", dsn(db.Path, writerParams)); err != nil {
		return fmt.Errorf("sqlite: open writer: %w", err)
	}
	db.rw.SetMaxOpenConns(1)
	db.rw.SetMaxIdleConns(1)
	db.rw.SetConnMaxLifetime(0)
	db.rw.SetConnMaxIdleTime(0)
	if err := db.checkSettings(); err != nil {
		return err
	}
	if err := db.migrate(); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	if _, err := db.rw.Exec(optimize); err != nil {
		return fmt.Errorf("sqlite: optimize: %w", err)
	}

	// The readers open the file once the writer has made it and put it in WAL mode.
	n := db.ReadConns
	if n <= 0 {
		n = max(4, runtime.GOMAXPROCS(0))
	}
	n = max(n, 2) // with one, LoadDataset's second read would wait forever, holding the writer's turn
	if db.ro, err = sql.Open("sqlite3", dsn(db.Path, readerParams)); err != nil {
		return fmt.Errorf("sqlite: open readers: %w", err)
	}
	db.ro.SetMaxOpenConns(n)
	db.ro.SetMaxIdleConns(n)
	if err := db.ro.Ping(); err != nil {
		return fmt.Errorf("sqlite: open readers: %w", err)
	}
	return nil
}

// dsn is the URI of the file with the connection parameters. In a URI file name, '?', '#' and
// '%' would be read as syntax, so they are escaped.
func dsn(path, params string) string {
	path = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + path + "?" + params
}

// checkSettings makes sure the writer runs with the settings the rest of the package relies on.
func (db *DB) checkSettings() error {
	var mode string
	var fk, sync int
	if err := db.rw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		return fmt.Errorf("sqlite: open writer: %w", err)
	}
	if err := db.rw.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil {
		return fmt.Errorf("sqlite: open writer: %w", err)
	}
	if err := db.rw.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil {
		return fmt.Errorf("sqlite: open writer: %w", err)
	}
	if mode != "wal" || fk != 1 || sync != 2 {
		return fmt.Errorf("sqlite: writer settings: journal_mode=%s foreign_keys=%d synchronous=%d; want wal, 1, 2 (FULL)", mode, fk, sync)
	}
	return nil
}

// migrate applies the embedded migrations not yet applied, in the order of their names, each in
// its own transaction with the row that records it.
func (db *DB) migrate() error {
	if _, err := db.rw.Exec(`CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(name); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(name string) error {
	tx, err := db.rw.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n != 0 {
		return nil // already applied
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(string(buf)); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, formatTime(db.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes both pools.
func (db *DB) Close() error {
	db.closeWriter()
	var errs []error
	if db.ro != nil {
		errs = append(errs, db.ro.Close())
		db.ro = nil
	}
	if db.rw != nil {
		errs = append(errs, db.rw.Close())
		db.rw = nil
	}
	return errors.Join(errs...)
}

// Today is the current civil day in the DB's time zone.
func (db *DB) Today() chitieu.Date { return chitieu.DateOf(db.Now().In(db.Location)) }

// Ready tells whether the database can be read and written now: it reads through the readers
// and writes a row through the writer. The error is EUNAVAILABLE, wrapping the cause.
func (db *DB) Ready(ctx context.Context) error {
	if db.ro == nil || db.rw == nil {
		return chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleDatabaseClosed)
	}
	var n int
	if err := db.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations`).Scan(&n); err != nil {
		return fmt.Errorf("%w: %w", chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleDatabaseUnreadable), err)
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return fmt.Errorf("%w: %w", chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleDatabaseUnwritable), err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO readiness (id, checked_at) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, formatTime(tx.now)); err != nil {
		return fmt.Errorf("%w: %w", chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleDatabaseUnwritable), err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: %w", chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleDatabaseUnwritable), err)
	}
	return nil
}

// audit writes the audit row of a change: who (from ctx), when (the transaction's time), what,
// and the record before and after as JSON (nil for none).
func (tx *Tx) audit(ctx context.Context, action, entity, key string, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, entity, key, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		formatTime(tx.now), chitieu.ActorFromContext(ctx), action, entity, key, b, a); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

func auditJSON(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	buf, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return string(buf), nil
}

// beginRead starts a read transaction on the readers, so that a list and its total agree.
func (db *DB) beginRead(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.ro.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return tx, nil
}

// optimize refreshes the statistics the query planner chooses by, for every table never
// measured or whose size has changed tenfold since (0x10000: all tables, not only those this
// connection queried). analysis_limit keeps each measure to a sample.
const optimize = `PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002`

// Optimize refreshes the query planner's statistics (see optimize). With them, a list of a
// large part of the cadres is read in id order and stops at the page, instead of sorting every
// match. SQLite advises it at open, after a bulk load and every few hours on a long-lived
// connection.
func (db *DB) Optimize(ctx context.Context) error {
	return db.write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, optimize); err != nil {
			return fmt.Errorf("optimize: %w", err)
		}
		return nil
	})
}

// queryer is what the read helpers need; both a read transaction and a write Tx have it.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// isConstraint tells whether err is the SQLite constraint violation with the extended code.
func isConstraint(err error, code sqlite3.ErrNoExtended) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && e.Code == sqlite3.ErrConstraint && e.ExtendedCode == code
}

// isUniqueViolation tells whether err is a UNIQUE or PRIMARY KEY violation.
func isUniqueViolation(err error) bool {
	return isConstraint(err, sqlite3.ErrConstraintUnique) || isConstraint(err, sqlite3.ErrConstraintPrimaryKey)
}

// count runs a COUNT query.
func count(ctx context.Context, q queryer, query string, args ...any) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, err
	}
	return n, nil
}

// Dates are TEXT YYYY-MM-DD, NULL for no date.

// dateArg is the value stored for a date.
func dateArg(d chitieu.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// dateCol scans a stored date.
type dateCol chitieu.Date

func (d *dateCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*d = 0
		return nil
	case string:
		p, err := parseDate(v)
		*d = dateCol(p)
		return err
	case []byte:
		p, err := parseDate(string(v))
		*d = dateCol(p)
		return err
	}
	return fmt.Errorf("date: cannot scan %T", v)
}

// parseDate reads YYYY-MM-DD; it is quicker than time.Parse, which matters when a million
// records are loaded.
func parseDate(s string) (chitieu.Date, error) {
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, m, d := num(s[0:4]), num(s[5:7]), num(s[8:10])
		if y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
			return chitieu.Date(daysFromCivil(y, m, d) + unixEpochDate), nil
		}
	}
	return 0, fmt.Errorf("date: %q is not YYYY-MM-DD", s)
}

// unixEpochDate is the chitieu.Date of 1970-01-01.
var unixEpochDate = int(chitieu.NewDate(1970, time.January, 1))

// daysFromCivil counts the days from 1970-01-01 to a day of the proleptic Gregorian calendar
// (Howard Hinnant's algorithm), without the cost of time.Date.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 here
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Instants are TEXT, RFC 3339 in UTC.

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// timeCol scans a stored instant.
type timeCol time.Time

func (t *timeCol) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case nil:
		*t = timeCol{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("time: cannot scan %T", v)
	}
	p, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("time: %w", err)
	}
	*t = timeCol(p)
	return nil
}

// nullString stores "" as NULL (for references such as a root unit's parent).
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// likeEscape escapes LIKE's wildcards, for use with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
