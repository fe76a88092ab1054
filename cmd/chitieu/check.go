package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"chitieu/internal/i18n"
)

// checkCommand is `chitieu check --db FILE`: it lists the stored records the service cannot read
// back (written before their values were checked, or by hand), which serve leaves out of the
// figures; it fails when there is any, so that a script can tell.
func checkCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("chitieu check", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("CHITIEU_DB", "chitieu.db"), "SQLite database file to check (CHITIEU_DB)")
	lang := fs.String("lang", "vi", "language of the messages: vi or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("check: %w", err) // Open would make an empty database
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ds, err := db.LoadDataset(ctx)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	rows := ds.Unreadable()
	for _, row := range rows {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", row.Table, row.ID, row.Field, row.Problem)
	}
	if len(rows) > 0 {
		return fmt.Errorf("check: %d stored records cannot be read back; mend or delete them (table, id, field above)", len(rows))
	}
	fmt.Fprintln(stdout, i18n.Text(*lang, "cli.check_ok", *dbPath))
	return nil
}
