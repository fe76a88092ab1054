package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"chitieu/internal/i18n"
	"chitieu/internal/metrics"
	"chitieu/internal/sqlite"
)

// backupCommand is `chitieu backup --db FILE --out FILE`: a consistent copy of a database that a
// server may be writing to, checked before it is kept.
func backupCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("chitieu backup", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("CHITIEU_DB", "chitieu.db"), "SQLite database file to copy (CHITIEU_DB)")
	out := fs.String("out", "", "the backup file to write; it must not exist")
	lang := fs.String("lang", "vi", "language of the messages: vi or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("backup: --out: give the backup file to write")
	}
	start := time.Now()
	if err := sqlite.BackupFile(ctx, *dbPath, *out); err != nil {
		return err
	}
	fmt.Fprintln(stdout, i18n.Text(*lang, "cli.backup_done", *dbPath, *out, time.Since(start).Round(time.Millisecond).String()))
	return nil
}

// restoreCommand is `chitieu restore --from BACKUP --db FILE`: it puts a checked backup in place
// of a database that no server has open, keeping the one it replaces.
func restoreCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("chitieu restore", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("CHITIEU_DB", "chitieu.db"), "SQLite database file to replace (CHITIEU_DB)")
	from := fs.String("from", "", "the backup file to restore")
	lang := fs.String("lang", "vi", "language of the messages: vi or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return fmt.Errorf("restore: --from: give the backup file to restore")
	}
	kept, err := sqlite.Restore(ctx, *from, *dbPath)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, i18n.Text(*lang, "cli.restore_done", *dbPath, *from))
	if kept != "" {
		fmt.Fprintln(stdout, i18n.Text(*lang, "cli.restore_kept", kept))
	}
	return nil
}

// backupFlags are serve's flags for scheduled backups.
type backupFlags struct {
	Dir   string
	Every time.Duration
	Keep  int
}

func (b *backupFlags) register(fs *flag.FlagSet) {
	every, _ := time.ParseDuration(envOr("CHITIEU_BACKUP_EVERY", "6h"))
	keep := 28
	fmt.Sscan(envOr("CHITIEU_BACKUP_KEEP", "28"), &keep)
	fs.StringVar(&b.Dir, "backup-dir", envOr("CHITIEU_BACKUP_DIR", ""), "folder for scheduled backups (CHITIEU_BACKUP_DIR; default none: no scheduled backup)")
	fs.DurationVar(&b.Every, "backup-every", every, "time between scheduled backups (CHITIEU_BACKUP_EVERY)")
	fs.IntVar(&b.Keep, "backup-keep", keep, "scheduled backups kept, the newest (CHITIEU_BACKUP_KEEP)")
}

func (b *backupFlags) validate() error {
	if b.Dir == "" {
		return nil
	}
	if b.Every < time.Minute {
		return fmt.Errorf("--backup-every: must be at least 1m, not %s", b.Every)
	}
	if b.Keep < 1 {
		return fmt.Errorf("--backup-keep: must be at least 1, not %d", b.Keep)
	}
	return nil
}

// schedule returns the backup schedule of db with its metrics registered with reg, or nil when
// no --backup-dir is given.
func (b *backupFlags) schedule(db *sqlite.DB, reg prometheus.Registerer, log *slog.Logger) (*sqlite.BackupSchedule, error) {
	if b.Dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("--backup-dir: %w", err)
	}
	s := &sqlite.BackupSchedule{DB: db, Dir: b.Dir, Every: b.Every, Keep: b.Keep, Logger: log}
	m := metrics.NewBackups(reg, b.Every, s.Last())
	s.OnSuccess, s.OnFailure = m.Succeeded, m.Failed
	return s, nil
}

// commitDelay is CHITIEU_TEST_COMMIT_DELAY: for measurements only, a pause before each commit
// that stands for a slow disk.
func commitDelay() (time.Duration, error) {
	v := envOr("CHITIEU_TEST_COMMIT_DELAY", "")
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("CHITIEU_TEST_COMMIT_DELAY: %w", err)
	}
	return d, nil
}
