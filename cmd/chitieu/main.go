// Command chitieu follows the targets of a Youth Union cadre plan: it keeps cadres, their
// training records and the units' youth counts in SQLite, computes each target's progress and
// serves it over HTTP and as Prometheus metrics.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// buildRevision is set at build time with -ldflags "-X main.buildRevision=..." where the build
// has no VCS information to record (the Docker image is built without .git).
var buildRevision string

const usage = `chitieu — theo dõi chỉ tiêu kế hoạch cán bộ (follows a cadre plan's targets)

Usage:
  chitieu serve [--addr ADDR] [--db FILE] [--tz ZONE] [--demo] [--metrics-token TOKEN]
                [--backup-dir DIR] [--backup-every 6h] [--backup-keep 28]
  chitieu user create --username NAME --role admin|editor|viewer [--unit CODE]   (password on stdin or CHITIEU_PASSWORD)
  chitieu user list
  chitieu user passwd --username NAME                                           (password on stdin or CHITIEU_PASSWORD)
  chitieu user disable --username NAME
  chitieu token create --user NAME
  chitieu backup --out FILE                                                     (a checked copy, while the server runs)
  chitieu restore --from BACKUP                                                 (only while no server has the database open)
  chitieu import --kind cadres|trainings|youth-reports FILE [--apply] [--lang vi|en]   (a dry run without --apply)
  chitieu export --kind cadres|trainings|youth-reports [--format xlsx|csv] [--out FILE]
  chitieu export --kind annual-report [--date YYYY-MM-DD] --out FILE
  chitieu check                                                                 (lists stored records that cannot be read back)
  chitieu version

Every command takes --db FILE (default chitieu.db, or CHITIEU_DB); backup, restore, import and
check take --lang vi|en for their messages (default vi).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "chitieu:", err)
		}
		os.Exit(1)
	}
}

// run dispatches a command line; it returns when the command is done (serve: when ctx ends).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "user":
		return userCommand(ctx, args[1:], stdin, stdout)
	case "token":
		return tokenCommand(ctx, args[1:], stdout)
	case "backup":
		return backupCommand(ctx, args[1:], stdout)
	case "restore":
		return restoreCommand(ctx, args[1:], stdout)
	case "import":
		return importCommand(ctx, args[1:], stdout)
	case "export":
		return exportCommand(ctx, args[1:], stdout)
	case "check":
		return checkCommand(ctx, args[1:], stdout)
	case "version":
		fmt.Fprintln(stdout, version, revision())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// revision is the VCS revision the binary was built from, when the build recorded it.
func revision() string {
	if buildRevision != "" {
		return buildRevision
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return "unknown"
}

// envOr returns the environment variable's value, or def when it is unset or empty.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
