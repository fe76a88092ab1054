package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
	"chitieu/internal/spreadsheet"
	"chitieu/internal/sqlite"
)

// importCommand is `chitieu import --kind KIND FILE [--apply]`: a dry run unless --apply, with
// the same checks, matching and all-or-nothing transaction as the API.
func importCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("chitieu import", flag.ContinueOnError)
	db := fs.String("db", envOr("CHITIEU_DB", "chitieu.db"), "SQLite database file (CHITIEU_DB)")
	kind := fs.String("kind", "", "what the file holds: cadres, trainings or youth-reports")
	apply := fs.Bool("apply", false, "write the changes (without it, only report what would change)")
	lang := fs.String("lang", "vi", "language of the messages: vi or en")
	maxMiB := fs.Int64("max-mib", spreadsheet.DefaultMaxBytes>>20, "largest file accepted, in MiB")
	maxRows := fs.Int("max-rows", spreadsheet.DefaultMaxRows, "most data rows accepted")
	// Flags may follow the file name, as in the usage line.
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files, rest = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if !chitieu.ImportKind(*kind).Valid() {
		return fmt.Errorf("import: --kind must be cadres, trainings or youth-reports")
	}
	if len(files) != 1 {
		return fmt.Errorf("import: give exactly one file")
	}
	lim := spreadsheet.Limits{MaxBytes: *maxMiB << 20, MaxRows: *maxRows}
	f, err := os.Open(files[0])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	data, err := spreadsheet.ReadLimited(f, lim)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	d, err := openDB(*db)
	if err != nil {
		return err
	}
	defer d.Close()
	batch := spreadsheet.Open(chitieu.ImportKind(*kind), filepath.Base(files[0]), data, lim)
	res, err := sqlite.NewImportService(d).Import(ctx, batch, *apply)
	var fe *spreadsheet.FileError
	if errors.As(err, &fe) {
		return fmt.Errorf("import: %s", fe.Text(*lang))
	} else if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, p := range res.Problems {
		col := p.Column
		if col == "" {
			col = "-"
		}
		fmt.Fprintln(stdout, i18n.Text(*lang, "cli.import_problem", int64(p.Row), col, p.Message.In(*lang)))
	}
	fmt.Fprintln(stdout, i18n.Text(*lang, "cli.import_summary", res.File, res.Rows, res.Created, res.Updated, res.Unchanged, len(res.Problems)))
	switch {
	case len(res.Problems) > 0:
		return fmt.Errorf("import: %d problems; nothing was written", len(res.Problems))
	case res.Applied:
		fmt.Fprintln(stdout, i18n.Text(*lang, "cli.import_applied"))
	default:
		fmt.Fprintln(stdout, i18n.Text(*lang, "cli.import_dry_run"))
	}
	return nil
}

// exportCommand is `chitieu export --kind KIND [--format xlsx|csv] [--out FILE]`, or
// `chitieu export --kind annual-report --date YYYY-MM-DD --out FILE`.
func exportCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("chitieu export", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("CHITIEU_DB", "chitieu.db"), "SQLite database file (CHITIEU_DB)")
	kind := fs.String("kind", "", "cadres, trainings, youth-reports or annual-report")
	format := fs.String("format", "xlsx", "xlsx or csv")
	out := fs.String("out", "", "file to write (default standard output)")
	unit := fs.String("unit", "", "cadres and youth reports of this unit (cadres: its whole subtree)")
	date := fs.String("date", "", "annual-report: the day of the report, YYYY-MM-DD (default today)")
	tz := fs.String("tz", envOr("CHITIEU_TZ", sqlite.DefaultLocation), "time zone of the civil days")
	if err := fs.Parse(args); err != nil {
		return err
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return fmt.Errorf("--tz: %w", err)
	}
	db := sqlite.NewDB(*dbPath)
	db.Location = loc
	if err := db.Open(); err != nil {
		return fmt.Errorf("open database %s: %w", *dbPath, err)
	}
	defer db.Close()
	var buf bytes.Buffer
	if *kind == "annual-report" {
		day := db.Today()
		if *date != "" {
			if day, err = chitieu.ParseDate(*date); err != nil {
				return fmt.Errorf("--date: must be YYYY-MM-DD")
			}
		}
		ds, err := db.LoadDataset(ctx)
		if err != nil {
			return err
		}
		plans, err := sqlite.NewPlanService(db).FindPlans(ctx)
		if err != nil {
			return err
		}
		if err := spreadsheet.AnnualReport(&buf, ds.AnnualReport(day).WithPlans(plans), i18n.VI); err != nil {
			return err
		}
	} else {
		k := chitieu.ImportKind(*kind)
		if !k.Valid() {
			return fmt.Errorf("export: --kind must be cadres, trainings, youth-reports or annual-report")
		}
		w, err := spreadsheet.NewWriter(&buf, spreadsheet.Format(*format), spreadsheet.SheetName(k), spreadsheet.Headers(k, "vi"))
		if err != nil {
			return fmt.Errorf("export: --format: must be xlsx or csv")
		}
		store := sqlite.NewImportService(db)
		switch k {
		case chitieu.ImportCadres:
			err = store.ExportCadres(ctx, chitieu.CadreFilter{Unit: *unit}, func(c *chitieu.Cadre, pt, edu chitieu.Date) error {
				return w.Write(spreadsheet.CadreCells(c, pt, edu))
			})
		case chitieu.ImportTrainings:
			err = store.ExportTrainings(ctx, chitieu.TrainingFilter{}, func(t *chitieu.Training, c *chitieu.Cadre) error {
				return w.Write(spreadsheet.TrainingCells(t, c))
			})
		case chitieu.ImportYouthReports:
			err = store.ExportYouthReports(ctx, chitieu.YouthReportFilter{Unit: *unit}, func(r *chitieu.YouthReport, name string) error {
				return w.Write(spreadsheet.YouthReportCells(r, name))
			})
		}
		if err == nil {
			err = w.Close()
		}
		if err != nil {
			return fmt.Errorf("export: %s", i18n.Message(i18n.EN, err))
		}
	}
	if *out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(*out, buf.Bytes(), 0o644)
}
