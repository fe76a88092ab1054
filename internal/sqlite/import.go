package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// ImportService applies spreadsheet imports: every row of a file in one transaction, with the
// same checks as the record services. An applied import is audited by one entry naming the file,
// its SHA-256 and its counts; the records it creates name the import (import_id) instead of each
// having an audit entry, and the records it changes keep an entry each, before and after (see
// docs/security.md). A dry run does the same work and rolls it back, so that it reports exactly
// what applying would do.
//
// The file is read and parsed whole before the write transaction begins, so that a slow or
// hostile file holds no other writer back; the transaction holds only the rows' matching (indexed
// reads) and writes, and is bounded by TxLimit. Within it nothing is read twice: the units, the
// cadres of the names the rows give and the records of the cadres they name are read once, in
// a statement each where the file names many, the new rows are written several to an INSERT
// prepared once for the file, and the connection's page cache is widened for the import's
// duration, so that the indexes of a large database are not read back from disk row after row.
type ImportService struct {
	db *DB
	// TxLimit bounds the time the write transaction may take, well within the server's write
	// timeout (2 min), so that an applied import is always answered: past it, or when the
	// request's context ends, the rows are rolled back and the import fails with EUNAVAILABLE.
	// Zero is DefaultImportTxLimit.
	TxLimit time.Duration
}

// DefaultImportTxLimit is ImportService.TxLimit's default: four times what 100,000 training
// records take to write on the project's machine.
const DefaultImportTxLimit = 30 * time.Second

var _ chitieu.ImportService = (*ImportService)(nil)

// NewImportService returns the import service of db.
func NewImportService(db *DB) *ImportService { return &ImportService{db: db} }

// Import matches the batch's rows with the records and creates or updates them. With any
// problem, or when apply is false, nothing is written. Rows are matched so that importing the
// same file twice changes nothing the second time.
func (s *ImportService) Import(ctx context.Context, b *chitieu.ImportBatch, apply bool) (*chitieu.ImportResult, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	if !b.Kind.Valid() {
		return nil, chitieu.Invalid("kind", chitieu.RuleSheetKind)
	}
	res := &chitieu.ImportResult{Kind: b.Kind, File: b.File, Rows: b.Rows, Problems: slices.Clone(b.Problems)}
	// The file first, outside any transaction: reading it may take seconds.
	var items []chitieu.ImportItem
	if err := b.Each(func(it chitieu.ImportItem) bool {
		items = append(items, it)
		return ctx.Err() == nil
	}); err != nil {
		return nil, err // a file that cannot be read to its end
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("import %s: %w", b.File, err)
	}
	if b.Stream != nil {
		res.Rows = len(items)
	}

	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	limit := cmp.Or(s.TxLimit, DefaultImportTxLimit)
	deadline := time.Now().Add(limit)
	im := &importer{tx: tx, batch: b, res: res, stmts: &prepared{tx: tx, stmts: map[string]*sql.Stmt{}}, scopes: map[string]error{},
		newCadres:    &batchInsert{table: "cadres", columns: cadreInsertColumns, what: "create cadre"},
		newTrainings: &batchInsert{table: "trainings", columns: trainingInsertColumns, what: "create training record"}}
	defer im.stmts.close()
	restore, err := widenCache(ctx, tx)
	if err != nil {
		return nil, err
	}
	defer restore()
	if err := im.begin(ctx); err != nil {
		return nil, err
	}
	if err := im.prefetch(ctx, items); err != nil {
		return nil, err
	}
	for _, it := range items {
		// The statements of a Tx run without cancellation (see Tx), so the bound is checked
		// between rows: a row takes well under a millisecond.
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("import %s: %w", b.File, err)
		}
		if time.Now().After(deadline) {
			return nil, chitieu.NewError(chitieu.EUNAVAILABLE, "import", chitieu.RuleImportTimeout, limit.String())
		}
		var f func() (string, int64, error)
		name := ""
		switch {
		case len(it.Problems) > 0:
			res.Problems = append(res.Problems, it.Problems...)
			continue
		case it.Cadre != nil:
			f, name = func() (string, int64, error) { return im.cadre(ctx, *it.Cadre) }, it.Cadre.Cadre.FullName
		case it.Training != nil:
			f, name = func() (string, int64, error) { return im.training(ctx, *it.Training) }, it.Training.Cadre.FullName
		case it.YouthReport != nil:
			f, name = func() (string, int64, error) { return im.youthReport(ctx, *it.YouthReport) }, im.units.Name(it.YouthReport.Report.Unit)
		default:
			continue
		}
		if err := im.row(it.Row, name, f); err != nil {
			return nil, err // a fault of the store
		}
	}
	// The rows still gathered are written, in a dry run too, so that it meets what applying would.
	if err := im.flush(ctx); err != nil {
		return nil, err
	}
	slices.SortStableFunc(res.Problems, func(a, b chitieu.Problem) int { return cmp.Compare(a.Row, b.Row) })
	slices.SortStableFunc(res.Results, func(a, b chitieu.RowResult) int { return cmp.Compare(a.Row, b.Row) })
	for _, p := range res.Problems { // rows the reader left out
		if i, found := slices.BinarySearchFunc(res.Results, p.Row, func(r chitieu.RowResult, row int) int { return cmp.Compare(r.Row, row) }); !found {
			res.Results = slices.Insert(res.Results, i, chitieu.RowResult{Row: p.Row, Action: chitieu.RowError})
		} else {
			res.Results[i].Action = chitieu.RowError
		}
	}
	if len(res.Problems) > 0 || !apply {
		return res, nil // the deferred rollback undoes the rows
	}
	summary := map[string]any{"import": im.importID, "kind": b.Kind, "file": b.File, "sha256": b.Digest, "rows": res.Rows,
		"created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged}
	if err := tx.audit(ctx, chitieu.ActionCreate, "import", b.File, nil, summary); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE imports SET audit_id = last_insert_rowid() WHERE id = ?`, im.importID); err != nil {
		return nil, fmt.Errorf("import %s: %w", b.File, err)
	}
	// A client gone by now would never hear of the import: it is not applied.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("import %s: %w", b.File, err)
	}
	restore() // on the batch's connection, which the commit gives up
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	res.Applied = true
	return res, nil
}

// importer is one import under way.
type importer struct {
	tx       *Tx
	batch    *chitieu.ImportBatch
	res      *chitieu.ImportResult
	importID int64     // the imports row that the created records name
	stmts    *prepared // the inserts, prepared once for the file
	// The cadres and records the import creates, written insertBatch rows a statement.
	newCadres, newTrainings *batchInsert
	scopes                  map[string]error // checkUnitScope's answer by unit: the units do not change during an import

	units *chitieu.UnitMatcher
	// names are the cadres' names the file's rows match by, sorted: the live cadres of those
	// names are all that cadres needs.
	names     []string
	cadres    map[cadreKey][]chitieu.CadreCandidate // live cadres of names by name and unit, loaded when first needed
	cadreByID map[int64]chitieu.CadreCandidate      // live cadres by id: those read
	// idsRead says that cadreByID holds every live cadre the file's rows name by id.
	idsRead bool
	// cadresByName is cadres by name alone, for rows with a move date: made when first needed.
	cadresByName map[string][]chitieu.CadreCandidate

	// The live training records of the batch's cadres, by cadre: read once rather than queried
	// row by row. A cadre is a key once its records are read.
	trainings map[int64][]*chitieu.Training
}

type cadreKey struct{ name, unit string }

// execer runs a statement: a Tx, or an import's statements prepared once for the file.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// prepared runs each statement through one prepared statement, kept for the whole import.
type prepared struct {
	tx    *Tx
	stmts map[string]*sql.Stmt
}

func (p *prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := p.stmts[query]
	if !ok {
		var err error
		if st, err = p.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		p.stmts[query] = st
	}
	res, err := st.ExecContext(context.WithoutCancel(ctx), args...)
	return res, p.tx.db.statementError(err)
}

func (p *prepared) close() {
	for _, st := range p.stmts {
		st.Close()
	}
}

// insertBatch is how many of the rows an import creates in a table one INSERT writes. One
// statement a row crossed into SQLite a row at a time and, within the import's transaction,
// journaled for its own undo each page it touched: a cadre's insert, whose trigger adds its
// first posting, wrote ten pages to the statement journal.
const insertBatch = 64

// batchInsert gathers the rows an import creates in a table until insertBatch of them, or a
// statement that may read them, are there. Their ids are given in order from the table's
// largest, as SQLite would, so that the rows below can name them at once.
type batchInsert struct {
	table, columns, what string
	next                 int64   // the id the next row gets; 0 until read
	rows                 [][]any // the rows gathered, each its id and then the columns' values
}

// add gathers the row of values (of the batch's columns) and returns its id.
func (im *importer) add(ctx context.Context, b *batchInsert, values []any) (int64, error) {
	if b.next == 0 {
		if err := im.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+b.table).Scan(&b.next); err != nil {
			return 0, fmt.Errorf("%s: %w", b.what, err)
		}
	}
	id := b.next
	b.next++
	b.rows = append(b.rows, append([]any{id}, values...))
	if len(b.rows) == insertBatch {
		return id, im.flush(ctx)
	}
	return id, nil
}

// flush writes the rows gathered, the cadres first, whom the records name.
func (im *importer) flush(ctx context.Context) error {
	for _, b := range []*batchInsert{im.newCadres, im.newTrainings} {
		if err := b.write(ctx, im.stmts); err != nil {
			return err
		}
	}
	return nil
}

// write inserts the rows gathered: insertBatch to a statement, the rest one by one, so that an
// import prepares two statements a table whatever its files.
func (b *batchInsert) write(ctx context.Context, ex execer) error {
	for len(b.rows) > 0 {
		n := insertBatch
		if len(b.rows) < n {
			n = 1
		}
		one := "(?" + strings.Repeat(", ?", len(b.rows[0])-1) + ")"
		args := make([]any, 0, n*len(b.rows[0]))
		for _, r := range b.rows[:n] {
			args = append(args, r...)
		}
		q := `INSERT INTO ` + b.table + ` (id, ` + b.columns + `) VALUES ` + one + strings.Repeat(", "+one, n-1)
		if _, err := ex.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", b.what, err)
		}
		b.rows = b.rows[n:]
	}
	b.rows = nil
	return nil
}

// While an import runs, the writer's page cache is importCacheKiB (SQLite's default is 2 MiB)
// and the file is read through a memory map of up to importMmapBytes: with the defaults, an
// import into a database of a million records read the pages of its indexes back row after row,
// each by a system call. Both are given back when the import ends.
const (
	importCacheKiB  = 128 << 10
	importMmapBytes = 4 << 30
)

// widenCache sets the writer connection's page cache and memory map for an import and returns
// what puts the former settings back, once however often it is called.
func widenCache(ctx context.Context, tx *Tx) (restore func(), err error) {
	var cache, mmap int64
	if err := tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return nil, fmt.Errorf("import: cache size: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&mmap); err != nil {
		return nil, fmt.Errorf("import: mmap size: %w", err)
	}
	set := func(ctx context.Context, cache, mmap int64) error {
		_, err := tx.batch.conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d; PRAGMA mmap_size = %d`, cache, mmap))
		return err
	}
	if err := set(ctx, -importCacheKiB, importMmapBytes); err != nil {
		return nil, fmt.Errorf("import: cache size: %w", err)
	}
	var once sync.Once
	return func() { once.Do(func() { _ = set(context.WithoutCancel(ctx), cache, mmap) }) }, nil
}

// begin adds the imports row that the created records name, and reads the live units.
func (im *importer) begin(ctx context.Context) error {
	im.cadreByID = map[int64]chitieu.CadreCandidate{}
	res, err := im.tx.ExecContext(ctx, `INSERT INTO imports (audit_id) VALUES (NULL)`)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if im.importID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return im.loadUnits(ctx)
}

// scope is checkUnitScope, asked once a unit.
func (im *importer) scope(ctx context.Context, unit string) error {
	err, ok := im.scopes[unit]
	if !ok {
		err = checkUnitScope(ctx, im.tx, unit)
		if chitieu.ErrorCode(err) != chitieu.EFORBIDDEN && err != nil {
			return err // a fault of the store, not an answer to keep
		}
		im.scopes[unit] = err
	}
	return err
}

// createCadre writes a new cadre, validated by the caller, in a unit the import has read as live.
func (im *importer) createCadre(ctx context.Context, c *chitieu.Cadre) error {
	if err := storableCadre(ctx, im.tx, c); err != nil {
		return err
	}
	if err := im.scope(ctx, c.Unit); err != nil {
		return err
	}
	id, err := im.add(ctx, im.newCadres, cadreInsertArgs(im.tx, c, im.importID))
	if err != nil {
		return err
	}
	c.ID = id
	im.tx.changed(chitieu.Change{Cadre: cadreRecord(c)})
	return nil
}

// createTraining writes a new record, validated by the caller, of a live cadre of the unit and
// birth date given.
func (im *importer) createTraining(ctx context.Context, t *chitieu.Training, unit string, birth chitieu.Date) error {
	if err := storable(t); err != nil {
		return err
	}
	if err := t.CheckAfterBirth(birth); err != nil {
		return err
	}
	if err := im.scope(ctx, unit); err != nil {
		return err
	}
	id, err := im.add(ctx, im.newTrainings, trainingInsertArgs(im.tx, t, im.importID))
	if err != nil {
		return err
	}
	t.ID = id
	after := *t
	im.tx.changed(chitieu.Change{Training: &after})
	return nil
}

// row runs one row's work: a rule it breaks becomes a problem of the row, any other error ends
// the import.
func (im *importer) row(num int, name string, f func() (string, int64, error)) error {
	action, id, err := f()
	switch {
	case err == nil:
		im.res.Results = append(im.res.Results, chitieu.RowResult{Row: num, Action: action, ID: id, Name: name})
		switch action {
		case chitieu.RowCreate:
			im.res.Created++
		case chitieu.RowUpdate:
			im.res.Updated++
		default:
			im.res.Unchanged++
		}
		return nil
	case chitieu.IsRowProblem(err):
		field, msg := i18n.Problem(err)
		im.res.Problems = append(im.res.Problems, chitieu.Problem{Row: num, Column: im.column(field), Message: msg})
		return nil
	default:
		return err
	}
}

// column is the file's header of a field, or the field's name when the file has none.
func (im *importer) column(field string) string {
	if h, ok := im.batch.Columns[field]; ok {
		return h
	}
	return field
}

func (im *importer) has(field string) bool {
	_, ok := im.batch.Columns[field]
	return ok
}

func (im *importer) loadUnits(ctx context.Context) error {
	im.units = chitieu.NewUnitMatcher()
	rows, err := im.tx.QueryContext(ctx, `SELECT code, name, COALESCE(parent, '') FROM units WHERE deleted_at IS NULL ORDER BY code`)
	if err != nil {
		return fmt.Errorf("import: units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u chitieu.Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.Parent); err != nil {
			return fmt.Errorf("import: units: %w", err)
		}
		im.units.Add(u)
	}
	return rows.Err()
}

// findCadre matches a cadre by name and unit, and by birth date when the row gives one.
func (im *importer) findCadre(ctx context.Context, field, name, unit string, birth chitieu.Date) (int64, error) {
	if err := im.loadCadres(ctx); err != nil {
		return 0, err
	}
	return chitieu.MatchCadre(field, name, unit, birth, im.cadres[cadreKey{name, unit}])
}

// liveCadre finds a live cadre by id: among the cadres read, or else by its id alone.
func (im *importer) liveCadre(ctx context.Context, id int64) (chitieu.CadreCandidate, bool, error) {
	if e, ok := im.cadreByID[id]; ok || im.idsRead {
		return e, ok, nil
	}
	if err := im.flush(ctx); err != nil {
		return chitieu.CadreCandidate{}, false, err
	}
	e := chitieu.CadreCandidate{ID: id}
	err := im.tx.QueryRowContext(ctx, `SELECT unit, birth_date FROM cadres WHERE id = ? AND deleted_at IS NULL`, id).Scan(&e.Unit, (*dateCol)(&e.BirthDate))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return e, false, nil
	case err != nil && scanColumn.MatchString(err.Error()):
		e.BirthDate = 0 // as loadCadres does
	case err != nil:
		return e, false, fmt.Errorf("import: cadre %d: %w", id, err)
	}
	im.cadreByID[id] = e
	return e, true, nil
}

// loadCadres reads once the units and birth dates of the live cadres named as the file's rows
// name them. The names are matched by SQLite as it scans the table: at 200,000 cadres, reading
// them all into the map took half the CPU of a file of 10,000 new cadres.
func (im *importer) loadCadres(ctx context.Context) error {
	if im.cadres != nil {
		return nil
	}
	if err := im.flush(ctx); err != nil {
		return err
	}
	im.cadres = make(map[cadreKey][]chitieu.CadreCandidate, len(im.names))
	list, err := json.Marshal(im.names)
	if err != nil {
		return fmt.Errorf("import: cadres: %w", err)
	}
	return im.readCadres(ctx, `full_name IN (SELECT value FROM json_each(?))`, func(name string, e chitieu.CadreCandidate) {
		k := cadreKey{name, e.Unit}
		im.cadres[k] = append(im.cadres[k], e)
		im.cadreByID[e.ID] = e
	}, string(list))
}

// readCadres gives add each live cadre that where selects, with its name.
func (im *importer) readCadres(ctx context.Context, where string, add func(name string, e chitieu.CadreCandidate), args ...any) error {
	rows, err := im.tx.QueryContext(ctx, `SELECT id, full_name, unit, birth_date FROM cadres WHERE `+where+` AND deleted_at IS NULL`, args...)
	if err != nil {
		return fmt.Errorf("import: cadres: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e chitieu.CadreCandidate
		var name string
		if err := rows.Scan(&e.ID, &name, &e.Unit, (*dateCol)(&e.BirthDate)); err != nil && scanColumn.MatchString(err.Error()) {
			e.BirthDate = 0 // a birth date that cannot be read back (chitieu check lists it) matches as unknown
		} else if err != nil {
			return fmt.Errorf("import: cadres: %w", err)
		}
		add(name, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("import: cadres: %w", err)
	}
	return nil
}

// prefetch notes the names the file's rows match cadres by, and reads, for the rows of a
// training file that name their cadre by id, those cadres and their live records, each in one
// statement over the ids in order: at a million records, a query a cadre cost more than the
// record's insert, each seeking the index from its root and landing on pages of its own. Of the
// records it reads only those of a course some row names, SQLite leaving the others: a row
// matches only a record of its own course, and a file of new courses read five records a row.
func (im *importer) prefetch(ctx context.Context, items []chitieu.ImportItem) error {
	var ids []int64
	var courses []string
	for _, it := range items {
		if it.Training != nil && len(it.Problems) == 0 {
			t := it.Training.Training
			t.Normalize() // as training matches it
			courses = append(courses, t.Course)
		}
		switch {
		case len(it.Problems) > 0:
		case it.Cadre != nil:
			c := it.Cadre.Cadre
			c.Normalize() // as cadre matches it
			im.names = append(im.names, c.FullName)
		case it.Training != nil && it.Training.Cadre.ID != 0:
			ids = append(ids, it.Training.Cadre.ID)
		case it.Training != nil:
			im.names = append(im.names, chitieu.CleanText(it.Training.Cadre.FullName)) // as training does
		}
	}
	slices.Sort(im.names)
	im.names = slices.Compact(im.names)
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("import: cadres named: %w", err)
	}
	err = im.readCadres(ctx, `id IN (SELECT value FROM json_each(?))`, func(_ string, e chitieu.CadreCandidate) { im.cadreByID[e.ID] = e }, string(list))
	if err != nil {
		return err
	}
	im.idsRead = true
	slices.Sort(courses)
	named, err := json.Marshal(slices.Compact(courses))
	if err != nil {
		return fmt.Errorf("import: courses named: %w", err)
	}
	return im.readTrainings(ctx, `cadre_id IN (SELECT value FROM json_each(?)) AND course IN (SELECT value FROM json_each(?))`, ids, string(list), string(named))
}

// findMovedCadre matches the cadre a row with a move date names, by name and birth date in any
// unit: the row's unit is where the cadre goes.
func (im *importer) findMovedCadre(ctx context.Context, name string, birth chitieu.Date) (int64, error) {
	if err := im.loadCadres(ctx); err != nil {
		return 0, err
	}
	if im.cadresByName == nil {
		im.cadresByName = map[string][]chitieu.CadreCandidate{}
		for k, list := range im.cadres {
			im.cadresByName[k.name] = append(im.cadresByName[k.name], list...)
		}
	}
	list := im.cadresByName[name]
	slices.SortFunc(list, func(a, b chitieu.CadreCandidate) int { return cmp.Compare(a.ID, b.ID) })
	var units []string
	for _, e := range list {
		units = append(units, e.Unit)
	}
	return chitieu.MatchCadre("full_name", name, strings.Join(slices.Compact(units), ", "), birth, list)
}

// move gives the cadre the posting a row with a move date makes, and returns the cadre as it is
// then, or nil when its postings already say so.
func (im *importer) move(ctx context.Context, id int64, row *chitieu.Cadre, movedOn chitieu.Date) (*chitieu.Cadre, error) {
	c, err := cadreWithPostings(ctx, im.tx, id)
	if err != nil {
		return nil, err
	}
	p := chitieu.MoveOf(c, row, movedOn, im.has)
	if p == nil {
		return nil, nil
	}
	var e *chitieu.Error
	if err := createPosting(ctx, im.tx, p); errors.As(err, &e) && e.Field == "from" {
		e.Field = "moved_on" // the file's column of the posting's day
		return nil, e
	} else if err != nil {
		return nil, err
	}
	return findCadreByID(ctx, im.tx, id, im.tx.today)
}

// cadreMoved keeps the cadres read right after a row changed a cadre's unit or birth date.
func (im *importer) cadreMoved(before, after *chitieu.Cadre) {
	e := chitieu.CadreCandidate{ID: after.ID, Unit: after.Unit, BirthDate: after.BirthDate}
	im.cadreByID[after.ID] = e
	if im.cadres == nil || (before.Unit == after.Unit && before.FullName == after.FullName) {
		return
	}
	old := cadreKey{before.FullName, before.Unit}
	im.cadres[old] = slices.DeleteFunc(im.cadres[old], func(c chitieu.CadreCandidate) bool { return c.ID == after.ID })
	k := cadreKey{after.FullName, after.Unit}
	im.cadres[k] = append(im.cadres[k], e)
	im.cadresByName = nil
}

// addCadre notes a cadre the import created: found by the rows below, with no records but
// those the import adds.
func (im *importer) addCadre(c *chitieu.Cadre) {
	e := chitieu.CadreCandidate{ID: c.ID, Unit: c.Unit, BirthDate: c.BirthDate}
	im.cadreByID[c.ID] = e
	if im.cadres != nil {
		k := cadreKey{c.FullName, c.Unit}
		im.cadres[k] = append(im.cadres[k], e)
		im.cadresByName = nil
	}
	if im.trainings == nil {
		im.trainings = map[int64][]*chitieu.Training{}
	}
	im.trainings[c.ID] = nil
}

func (im *importer) cadre(ctx context.Context, r chitieu.CadreRow) (string, int64, error) {
	c := r.Cadre
	c.Normalize()
	unit, err := im.units.Resolve("unit", c.Unit)
	if err != nil {
		return "", 0, err
	}
	c.Unit = unit
	id := c.ID
	moved := !r.MovedOn.IsZero()
	switch {
	case id == 0 && moved:
		if id, err = im.findMovedCadre(ctx, c.FullName, c.BirthDate); err != nil {
			return "", 0, err
		} else if id == 0 {
			return "", 0, chitieu.Invalid("moved_on", chitieu.RuleImportMoveCadre, c.FullName)
		}
	case id == 0:
		if id, err = im.findCadre(ctx, "full_name", c.FullName, c.Unit, c.BirthDate); err != nil {
			return "", 0, err
		}
	}
	action := chitieu.RowUnchanged
	if id == 0 {
		if err := c.Validate(); err != nil {
			return "", 0, err
		}
		if err := im.createCadre(ctx, &c); err != nil {
			return "", 0, err
		}
		im.addCadre(&c)
		id, action = c.ID, chitieu.RowCreate
	} else {
		if err := im.flush(ctx); err != nil { // the cadre, or its records, may be among them
			return "", 0, err
		}
		before, err := findCadreByID(ctx, im.tx, id, im.tx.today)
		if chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
			return "", 0, chitieu.Invalid("id", chitieu.RuleImportCadreID, id)
		} else if err != nil {
			return "", 0, err
		}
		after := before
		has := im.has
		if moved { // the unit, full-time status and position are the move's, not a correction
			has = func(field string) bool { return !chitieu.MovedField(field) && im.has(field) }
		}
		if upd, changed := chitieu.CadreRowUpdate(before, &c, has); changed {
			if after, err = updateCadre(ctx, im.tx, id, upd); err != nil {
				return "", 0, err
			}
			action = chitieu.RowUpdate
		}
		if moved {
			if after, err = im.move(ctx, id, &c, r.MovedOn); err != nil {
				return "", 0, err
			} else if after != nil {
				action = chitieu.RowUpdate
			} else {
				after = before
			}
		}
		if action == chitieu.RowUpdate {
			im.cadreMoved(before, after)
		}
		c.JoinedOn = cmp.Or(c.JoinedOn, before.JoinedOn)
		c.Unit, c.BirthDate = after.Unit, after.BirthDate
	}
	// The levels the row says the cadre holds are completed records, dated when obtained, or
	// when the cadre joined if the row does not say.
	for _, h := range []struct {
		kind chitieu.TrainingKind
		held chitieu.HeldLevel
	}{{chitieu.PoliticalTheory, r.PoliticalTheory}, {chitieu.Education, r.Education}} {
		if h.held.Level == chitieu.LevelNone {
			continue
		}
		if action != chitieu.RowCreate { // a cadre just created has no records to look at
			if err := im.flush(ctx); err != nil {
				return "", 0, err
			}
			n, err := count(ctx, im.tx, `SELECT COUNT(*) FROM trainings WHERE cadre_id = ? AND kind = ? AND level = ? AND status = 'completed' AND deleted_at IS NULL`,
				id, string(h.kind), string(h.held.Level))
			if err != nil {
				return "", 0, fmt.Errorf("import: levels of cadre %d: %w", id, err)
			} else if n > 0 {
				continue
			}
		}
		t := chitieu.Training{CadreID: id, Kind: h.kind, Level: h.held.Level, Status: chitieu.Completed, CompletedOn: cmp.Or(h.held.On, c.JoinedOn)}
		if err := t.Validate(); err != nil {
			return "", 0, err
		}
		if err := im.createTraining(ctx, &t, c.Unit, c.BirthDate); err != nil {
			return "", 0, err
		}
		if action == chitieu.RowUnchanged {
			action = chitieu.RowUpdate
		}
	}
	return action, id, nil
}

func (im *importer) training(ctx context.Context, r chitieu.TrainingRow) (string, int64, error) {
	t := r.Training
	t.Normalize()
	cadreID := r.Cadre.ID
	if cadreID != 0 {
		// A record named by its id may belong to a cadre deleted since (its records stay), as
		// in an export made before: the id check below is then enough.
		if _, live, err := im.liveCadre(ctx, cadreID); err != nil {
			return "", 0, err
		} else if !live && t.ID == 0 {
			return "", 0, chitieu.Invalid("cadre_id", chitieu.RuleImportCadreID, cadreID)
		}
	} else {
		unit, err := im.units.Resolve("unit", r.Cadre.Unit)
		if err != nil {
			return "", 0, err
		}
		name := chitieu.CleanText(r.Cadre.FullName)
		if cadreID, err = im.findCadre(ctx, "full_name", name, unit, r.Cadre.BirthDate); err != nil {
			return "", 0, err
		} else if cadreID == 0 {
			return "", 0, chitieu.Invalid("full_name", chitieu.RuleImportCadreName, name, unit)
		}
	}
	t.CadreID = cadreID

	var before *chitieu.Training
	if t.ID != 0 {
		if err := im.flush(ctx); err != nil {
			return "", 0, err
		}
		b, err := findTrainingByID(ctx, im.tx, t.ID)
		if chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
			return "", 0, chitieu.Invalid("id", chitieu.RuleImportTrainingID, t.ID)
		} else if err != nil {
			return "", 0, err
		} else if b.CadreID != cadreID {
			return "", 0, chitieu.Invalid("id", chitieu.RuleImportTrainingCadre, t.ID, b.CadreID, cadreID)
		}
		before = b
	} else {
		b, err := im.matchTraining(ctx, &t)
		if err != nil {
			return "", 0, err
		}
		before = b
	}
	if before == nil {
		if err := t.Validate(); err != nil {
			return "", 0, err
		}
		cadre := im.cadreByID[cadreID] // live: matched by name, or its id checked above
		if err := im.createTraining(ctx, &t, cadre.Unit, cadre.BirthDate); err != nil {
			return "", 0, err
		}
		if list, ok := im.trainings[t.CadreID]; ok {
			created := t
			im.trainings[t.CadreID] = append(list, &created)
		}
		return chitieu.RowCreate, t.ID, nil
	}
	upd, changed := chitieu.TrainingRowUpdate(before, &t, im.has)
	if !changed {
		return chitieu.RowUnchanged, before.ID, nil
	}
	if err := im.flush(ctx); err != nil { // the record may be one a row above created
		return "", 0, err
	}
	after, err := updateTraining(ctx, im.tx, before.ID, upd)
	if err != nil {
		return "", 0, err
	}
	// Keep the records read right for the rows below (a record keeps its cadre, checked above);
	// one named by its id may not be among them, of a course no row names.
	if list, ok := im.trainings[before.CadreID]; ok {
		list = slices.DeleteFunc(list, func(c *chitieu.Training) bool { return c.ID == before.ID })
		im.trainings[before.CadreID] = append(list, after)
	}
	return chitieu.RowUpdate, before.ID, nil
}

// matchTraining finds the live record of the cadre with the same kind, level, course and
// provider (and start day, when several have them), or nil.
func (im *importer) matchTraining(ctx context.Context, t *chitieu.Training) (*chitieu.Training, error) {
	if err := im.loadTrainings(ctx, t.CadreID); err != nil {
		return nil, err
	}
	var same []*chitieu.Training
	for _, c := range im.trainings[t.CadreID] {
		if c.MatchKeyOf() == t.MatchKeyOf() {
			same = append(same, c)
		}
	}
	return chitieu.MatchTraining(t, same)
}

// loadTrainings reads the live records of a cadre once, the first time a row names it, rather
// than querying for every row.
func (im *importer) loadTrainings(ctx context.Context, cadreID int64) error {
	if _, ok := im.trainings[cadreID]; ok {
		return nil
	}
	return im.readTrainings(ctx, `cadre_id = ?`, []int64{cadreID}, cadreID)
}

// readTrainings adds to trainings the live records of the cadres given that where selects.
func (im *importer) readTrainings(ctx context.Context, where string, cadres []int64, args ...any) error {
	if im.trainings == nil {
		im.trainings = make(map[int64][]*chitieu.Training, len(cadres))
	}
	for _, id := range cadres {
		im.trainings[id] = nil
	}
	if err := im.flush(ctx); err != nil {
		return err
	}
	rows, err := im.tx.QueryContext(ctx, `SELECT `+trainingColumns+` FROM trainings WHERE `+where+` AND deleted_at IS NULL`, args...)
	if err != nil {
		return fmt.Errorf("import: training records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		t := &chitieu.Training{}
		if err := scanTraining(rows, t); err != nil {
			return fmt.Errorf("import: training records: %w", err)
		}
		im.trainings[t.CadreID] = append(im.trainings[t.CadreID], t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("import: training records: %w", err)
	}
	return nil
}

func (im *importer) youthReport(ctx context.Context, r chitieu.YouthReportRow) (string, int64, error) {
	y := r.Report
	y.Normalize()
	unit, err := im.units.Resolve("unit", y.Unit)
	if err != nil {
		return "", 0, err
	}
	y.Unit = unit
	if err := y.Validate(); err != nil {
		return "", 0, err
	}
	var id int64
	err = im.tx.QueryRowContext(ctx, `SELECT id FROM youth_reports WHERE unit = ? AND reported_on = ? AND deleted_at IS NULL`,
		y.Unit, y.ReportedOn.String()).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", 0, fmt.Errorf("import: match youth report: %w", err)
	}
	var before *chitieu.YouthReport
	if id != 0 {
		if before, err = findYouthReportByID(ctx, im.tx, id); err != nil {
			return "", 0, err
		}
	}
	switch action := chitieu.YouthReportRowAction(before, y); action {
	case chitieu.RowCreate:
		if err := im.scope(ctx, y.Unit); err != nil {
			return "", 0, err
		}
		if err := insertYouthReport(ctx, im.tx, im.stmts, &y, im.importID); err != nil {
			return "", 0, err
		}
		after := y
		im.tx.changed(chitieu.Change{YouthReport: &after})
		return action, y.ID, nil
	case chitieu.RowUpdate:
		y.ID = id
		if err := updateYouthReport(ctx, im.tx, &y); err != nil {
			return "", 0, err
		}
		return action, id, nil
	default:
		return action, id, nil
	}
}
