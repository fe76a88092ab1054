package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"chitieu/internal/chitieu"
)

// Backups are made with VACUUM INTO through a read-only connection: one statement that reads
// one snapshot of the database, so it neither waits for the writer nor makes it wait, and it
// always finishes. (The online backup API copies page by page and starts over whenever another
// connection writes, which under a steady load may be never.) The copy is written to a
// temporary name, synced, checked with PRAGMA integrity_check, and only then renamed into place:
// a backup file that exists is whole and sound.

// Backup writes a consistent copy of the database to the file dst, which must not exist.
func (db *DB) Backup(ctx context.Context, dst string) error {
	if db.ro == nil {
		return chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleDatabaseClosed)
	}
	return backup(ctx, db.ro, dst)
}

// BackupFile writes a consistent copy of the database file src to dst, which must not exist,
// while other processes (a running server) may read and write src.
func BackupFile(ctx context.Context, src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: database %s: %w", src, err)
	}
	ro, err := sql.Open("sqlite3", dsn(src, readerParams))
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", src, err)
	}
	defer ro.Close()
	return backup(ctx, ro, dst)
}

func backup(ctx context.Context, ro *sql.DB, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("backup: %s already exists; name a new file", dst)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := dst + ".tmp"
	_ = os.Remove(tmp) // the leftover of a backup that was cut short
	if _, err := ro.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: VACUUM INTO %s: %w", tmp, err)
	}
	if err := CheckIntegrity(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: the copy failed its check: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// CheckIntegrity runs PRAGMA integrity_check on the database file at path, read-only, and
// returns an error with SQLite's first complaints unless it answers "ok".
func CheckIntegrity(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	ro, err := sql.Open("sqlite3", dsn(path, readerParams))
	if err != nil {
		return fmt.Errorf("integrity check: open %s: %w", path, err)
	}
	defer ro.Close()
	rows, err := ro.QueryContext(ctx, `PRAGMA integrity_check(10)`)
	if err != nil {
		return fmt.Errorf("integrity check of %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check of %s: %w", path, err)
		}
		problems = append(problems, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check of %s: %w", path, err)
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	return fmt.Errorf("integrity check of %s: %s", path, strings.Join(problems, "; "))
}

// Restore puts the backup file in place of the database file target. It refuses when the backup
// fails its integrity check or when target is in use by another connection (a running server).
// The database it replaces is not deleted: it is renamed, with its name returned ("" when
// target did not exist).
func Restore(ctx context.Context, backupPath, target string) (kept string, err error) {
	if err := CheckIntegrity(ctx, backupPath); err != nil {
		return "", fmt.Errorf("restore: the backup %s: %w", backupPath, err)
	}
	if _, err := os.Stat(target); err == nil {
		if err := settle(ctx, target); err != nil {
			return "", err
		}
		kept = fmt.Sprintf("%s.before-restore-%s", target, time.Now().UTC().Format("20060102T150405Z"))
		if err := os.Rename(target, kept); err != nil {
			return "", fmt.Errorf("restore: keep the old database: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("restore: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} { // left by an old crash: not the backup's
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return kept, fmt.Errorf("restore: %w", err)
		}
	}
	tmp := target + ".restore.tmp"
	if err := copyFile(backupPath, tmp); err != nil {
		os.Remove(tmp)
		return kept, fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	if err := syncDir(filepath.Dir(target)); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// settle makes sure nobody uses the database at path and folds its WAL into it, so that the file
// alone holds it. A connection in exclusive locking mode cannot lock a database that another
// connection has open in WAL mode, even an idle one.
func settle(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", dsn(path, "_busy_timeout=0&_locking_mode=EXCLUSIVE"))
	if err != nil {
		return fmt.Errorf("restore: open %s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `BEGIN EXCLUSIVE; COMMIT`); err != nil {
		if isBusyErr(err) {
			return fmt.Errorf("restore: the database %s is in use (is chitieu serve running on it?); stop it first", path)
		}
		return fmt.Errorf("restore: lock %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("restore: checkpoint %s: %w", path, err)
	}
	return nil
}

func isBusyErr(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrBusy || e.Code == sqlite3.ErrLocked)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// BackupSchedule makes a backup of DB into Dir every Every and keeps the newest Keep of them.
type BackupSchedule struct {
	DB    *DB
	Dir   string
	Every time.Duration
	Keep  int

	Logger    *slog.Logger
	OnSuccess func(at time.Time) // after each backup that was written and checked
	OnFailure func(err error)
}

// backupPrefix and backupLayout name the scheduled backups, so that their names sort by time.
const (
	backupPrefix = "chitieu-"
	backupLayout = "20060102T150405.000Z"
)

// Last returns the time of the newest scheduled backup in Dir, or the zero time.
func (s *BackupSchedule) Last() time.Time {
	files, _ := s.files()
	if len(files) == 0 {
		return time.Time{}
	}
	t, _ := time.Parse(backupLayout, strings.TrimSuffix(strings.TrimPrefix(files[len(files)-1], backupPrefix), ".db"))
	return t
}

// files lists the scheduled backups in Dir, oldest first.
func (s *BackupSchedule) files() ([]string, error) {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, backupPrefix) || !strings.HasSuffix(name, ".db") {
			continue
		}
		if _, err := time.Parse(backupLayout, strings.TrimSuffix(strings.TrimPrefix(name, backupPrefix), ".db")); err == nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, nil
}

// Once makes one backup now, removes the ones beyond Keep, and returns the new file's path.
func (s *BackupSchedule) Once(ctx context.Context) (string, error) {
	at := time.Now().UTC()
	path := filepath.Join(s.Dir, backupPrefix+at.Format(backupLayout)+".db")
	if err := s.DB.Backup(ctx, path); err != nil {
		return "", err
	}
	files, err := s.files()
	if err != nil {
		return path, fmt.Errorf("backup: list %s: %w", s.Dir, err)
	}
	for len(files) > max(s.Keep, 1) {
		if err := os.Remove(filepath.Join(s.Dir, files[0])); err != nil {
			return path, fmt.Errorf("backup: remove an old backup: %w", err)
		}
		files = files[1:]
	}
	return path, nil
}

// Run makes a backup at once if the newest is older than Every, then every Every, until ctx
// ends. A failed backup is retried after a tenth of the interval (at least a minute, at most
// Every), not in a loop.
func (s *BackupSchedule) Run(ctx context.Context) {
	log := s.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	wait := time.Duration(0)
	if last := s.Last(); !last.IsZero() {
		wait = max(0, s.Every-time.Since(last))
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		start := time.Now()
		path, err := s.Once(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Error("backup failed", "dir", s.Dir, "err", err)
			if s.OnFailure != nil {
				s.OnFailure(err)
			}
			wait = min(s.Every, max(time.Minute, s.Every/10))
			continue
		}
		log.Info("backup written", "path", path, "took", time.Since(start).Round(time.Millisecond))
		if s.OnSuccess != nil {
			s.OnSuccess(start)
		}
		wait = s.Every
	}
}
