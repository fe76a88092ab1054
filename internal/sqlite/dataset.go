package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"chitieu/internal/chitieu"
)

// loadBatch is the number of records scanned before they are handed on.
const loadBatch = 4096

// loaded is a batch of scanned records of one kind.
type loaded struct {
	units      []chitieu.Unit
	cadres     []chitieu.Cadre
	searchKeys []string // beside cadres
	trainings  []chitieu.Training
	reports    []chitieu.YouthReport
	targets    []chitieu.Target

	unreadable []chitieu.UnreadableRow
}

// LoadDataset reads every live unit, cadre, training record, youth report and target into a new
// Dataset, as one consistent state. The training records, most of the rows, are scanned on one
// read connection while the other tables are on a second (see beginReadPair: both see the same
// state), and this goroutine puts what they scan into the Dataset, so that the three costs
// overlap on the cores. Each table is read by a single streamed query (no query per row). The
// Dataset is sized from the counts first, and takes the training records before the cadres, so
// that each cadre's qualifications are summed up once. A row that cannot be read back is left
// out, logged and noted in the Dataset (for the metrics): one bad row does not stop the service.
func (db *DB) LoadDataset(ctx context.Context) (*chitieu.Dataset, error) {
	records, rest, err := db.beginReadPair(ctx)
	if err != nil {
		return nil, err
	}
	defer records.Rollback()
	defer rest.Rollback()

	// Counted on the partial indexes, a quarter of the table's pages.
	var cadres, trainings int
	if err := rest.QueryRowContext(ctx, `SELECT count(*) FROM cadres INDEXED BY cadres_unit WHERE deleted_at IS NULL`).Scan(&cadres); err != nil {
		return nil, fmt.Errorf("count cadres: %w", err)
	}
	if err := records.QueryRowContext(ctx, `SELECT count(*) FROM trainings INDEXED BY trainings_status WHERE deleted_at IS NULL`).Scan(&trainings); err != nil {
		return nil, fmt.Errorf("count training records: %w", err)
	}
	ds := chitieu.NewDatasetSized(cadres, trainings)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	scan := func(out chan loaded, f func() error) {
		defer close(out)
		err := f()
		if err != nil {
			cancel() // the other scan stops too
		}
		errs <- err
	}
	batches := make(chan loaded, 4)
	// The Dataset copies the training records into its own form, so their batches go back to
	// the scanner instead of being made anew (128 MiB at 1,000,000 records).
	spent := make(chan []chitieu.Training, cap(batches)+2)
	go scan(batches, func() error { return scanTrainings(ctx, records, batches, spent) })
	// The other tables wait while the training records are put: room for all their batches,
	// which the Dataset keeps anyway (a batch of cadres is its array).
	others := make(chan loaded, cadres/loadBatch+4)
	go scan(others, func() error { return scanDataset(ctx, rest, others) })

	var bad []chitieu.UnreadableRow
	for b := range batches {
		ds.LoadTrainings(b.trainings)
		select {
		case spent <- b.trainings[:0]:
		default:
		}
		bad = append(bad, b.unreadable...)
	}
	ds.IndexTrainings()
	for b := range others {
		for _, u := range b.units {
			ds.PutUnit(u)
		}
		ds.LoadCadres(b.cadres, b.searchKeys)
		for _, r := range b.reports {
			ds.PutYouthReport(r)
		}
		for _, t := range b.targets {
			ds.PutTarget(t)
		}
		bad = append(bad, b.unreadable...)
	}
	for range 2 {
		if e := <-errs; e != nil && (err == nil || errors.Is(err, context.Canceled)) {
			err = e // the first cause, not the other scan's stopping
		}
	}
	if err != nil {
		return nil, err
	}
	for _, row := range bad {
		ds.NoteUnreadable(row)
	}
	if err := loadRecruitment(ctx, rest, ds); err != nil {
		return nil, err
	}
	if err := loadPositions(ctx, rest, ds); err != nil {
		return nil, err
	}
	for _, row := range ds.Unreadable() {
		db.logger().Warn("a stored record cannot be read back: left out of the figures (chitieu check lists them)",
			"table", row.Table, "id", row.ID, "field", row.Field, "problem", row.Problem)
	}
	return ds, nil
}

// beginReadPair starts two read transactions that see the same state of the database. A read
// transaction's state is the last commit before its first read; holding the writer's turn,
// an immediate transaction that no commit of this process or another can pass, while both
// make their first read, leaves no commit between them to see differently.
func (db *DB) beginReadPair(ctx context.Context) (a, b *sql.Tx, err error) {
	w, err := db.BeginTx(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("begin reads of one state: %w", err)
	}
	defer w.Rollback()
	var txs [2]*sql.Tx
	for i := range txs {
		if txs[i], err = db.beginRead(ctx); err == nil {
			var n int
			err = txs[i].QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n)
		}
		if err != nil {
			for _, tx := range txs[:i+1] {
				if tx != nil {
					tx.Rollback()
				}
			}
			return nil, nil, fmt.Errorf("begin reads of one state: %w", err)
		}
	}
	return txs[0], txs[1], nil
}

// sender sends a scan's batches until ctx ends, and keeps the rows that cannot be read back.
type sender struct {
	ctx context.Context
	out chan<- loaded
	bad []chitieu.UnreadableRow
}

func (s *sender) send(b loaded) error {
	select {
	case s.out <- b:
		return nil
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

// skip notes a row that cannot be read back and tells whether err was one.
func (s *sender) skip(err error) bool {
	row, ok := asUnreadable(err)
	if ok {
		s.bad = append(s.bad, row)
	}
	return ok
}

// scanDataset scans the live units, cadres, youth reports and targets table by table and sends
// them in batches, the rows that cannot be read back with the last.
func scanDataset(ctx context.Context, q queryer, out chan<- loaded) error {
	s := &sender{ctx: ctx, out: out}
	send, skip := s.send, s.skip

	var units []chitieu.Unit
	versions, err := versionsWhere(ctx, q, `1`)
	if err == nil {
		err = each(ctx, q, `SELECT `+unitColumns+` FROM units WHERE deleted_at IS NULL ORDER BY code`,
			func(rows *sql.Rows) error {
				var u chitieu.Unit
				if err := scanUnit(rows, &u); skip(err) {
					return nil
				} else if err != nil {
					return err
				}
				if vs := versions[u.Code]; len(vs) > 1 { // one is what the unit's own fields say
					u.SetVersions(vs)
				}
				units = append(units, u)
				return nil
			})
	}
	if err == nil {
		err = send(loaded{units: units})
	}
	if err != nil {
		return fmt.Errorf("load units: %w", err)
	}

	// Only the cadres moved at least once have postings other than the one their own fields say.
	moved, err := findPostings(ctx, q, `cadre_id IN (SELECT cadre_id FROM postings GROUP BY cadre_id HAVING COUNT(*) > 1)`)
	if err != nil {
		return fmt.Errorf("load postings: %w", err)
	}
	postings := map[int64][]chitieu.Posting{}
	for _, p := range moved {
		postings[p.CadreID] = append(postings[p.CadreID], p)
	}
	cadres, keys := make([]chitieu.Cadre, 0, loadBatch), make([]string, 0, loadBatch)
	var unit, position sql.RawBytes // copied into shared strings, not one string each a cadre
	var strs interned
	gender := &wordCol{words: genders}
	// One for all the rows: the Scan and check take their addresses, which moves them to the heap.
	var c chitieu.Cadre
	var key string
	err = each(ctx, q, `SELECT id, full_name, search_key, unit, position, full_time, joined_on, left_on, birth_date, `+coded("gender", genders)+`
		FROM cadres WHERE deleted_at IS NULL ORDER BY id`,
		func(rows *sql.Rows) error {
			c = chitieu.Cadre{}
			err := rows.Scan(&c.ID, &c.FullName, &key, &unit, &position, &c.FullTime,
				(*dateCol)(&c.JoinedOn), (*dateCol)(&c.LeftOn), (*dateCol)(&c.BirthDate), gender)
			c.Unit, c.Position, c.Gender = strs.of(unit), strs.of(position), gender.s
			if err := readBackID("cadres", c.ID, err, &c); skip(err) {
				return nil
			} else if err != nil {
				return err
			}
			if ps := postings[c.ID]; ps != nil {
				c.SetPostings(ps)
			}
			cadres, keys = append(cadres, c), append(keys, key)
			if len(cadres) == loadBatch {
				if err := send(loaded{cadres: cadres, searchKeys: keys}); err != nil {
					return err
				}
				cadres, keys = make([]chitieu.Cadre, 0, loadBatch), make([]string, 0, loadBatch)
			}
			return nil
		})
	if err == nil {
		err = send(loaded{cadres: cadres, searchKeys: keys})
	}
	if err != nil {
		return fmt.Errorf("load cadres: %w", err)
	}

	// By unit and day, so that each unit's reports arrive in the order the Dataset keeps them.
	var reports []chitieu.YouthReport
	err = each(ctx, q, `SELECT `+youthReportColumns+` FROM youth_reports WHERE deleted_at IS NULL ORDER BY unit, reported_on, id`,
		func(rows *sql.Rows) error {
			var r chitieu.YouthReport
			if err := scanYouthReport(rows, &r); skip(err) {
				return nil
			} else if err != nil {
				return err
			}
			reports = append(reports, r)
			return nil
		})
	if err == nil {
		err = send(loaded{reports: reports})
	}
	if err != nil {
		return fmt.Errorf("load youth reports: %w", err)
	}

	var targets []chitieu.Target
	err = each(ctx, q, `SELECT `+targetColumns+` FROM targets WHERE deleted_at IS NULL ORDER BY code`,
		func(rows *sql.Rows) error {
			var t chitieu.Target
			if err := scanTarget(rows, &t); skip(err) {
				return nil
			} else if err != nil {
				return err
			}
			targets = append(targets, t)
			return nil
		})
	if err == nil {
		err = send(loaded{targets: targets, unreadable: s.bad})
	}
	if err != nil {
		return fmt.Errorf("load targets: %w", err)
	}
	return nil
}

// scanTrainings scans the live training records and sends them in batches, the rows that
// cannot be read back with the last; it takes the batches from spent when there are some.
func scanTrainings(ctx context.Context, q queryer, out chan<- loaded, spent <-chan []chitieu.Training) error {
	s := &sender{ctx: ctx, out: out}
	send, skip := s.send, s.skip
	trainings := make([]chitieu.Training, 0, loadBatch)
	kind, level, status := &wordCol{words: kinds}, &wordCol{words: levels}, &wordCol{words: statuses}
	var t chitieu.Training // one for all the rows, as the cadres'
	err := each(ctx, q, `SELECT id, cadre_id, `+coded("kind", kinds)+`, `+coded("level", levels)+`, course, provider, `+
		coded("status", statuses)+`, started_on, expected_on, completed_on FROM trainings WHERE deleted_at IS NULL ORDER BY id`,
		func(rows *sql.Rows) error {
			t = chitieu.Training{}
			err := rows.Scan(&t.ID, &t.CadreID, kind, level, &t.Course, &t.Provider, status,
				(*dateCol)(&t.StartedOn), (*dateCol)(&t.ExpectedOn), (*dateCol)(&t.CompletedOn))
			t.Kind, t.Level, t.Status = chitieu.TrainingKind(kind.s), chitieu.Level(level.s), chitieu.TrainingStatus(status.s)
			if err := readBackID("trainings", t.ID, err, &t); skip(err) {
				return nil
			} else if err != nil {
				return err
			}
			if trainings = append(trainings, t); len(trainings) == loadBatch {
				if err := send(loaded{trainings: trainings}); err != nil {
					return err
				}
				select {
				case trainings = <-spent:
				default:
					trainings = make([]chitieu.Training, 0, loadBatch)
				}
			}
			return nil
		})
	if err == nil {
		err = send(loaded{trainings: trainings, unreadable: s.bad})
	}
	if err != nil {
		return fmt.Errorf("load training records: %w", err)
	}
	return nil
}

// each runs a query and calls fn on each row.
func each(ctx context.Context, q queryer, query string, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// interned gives one string for equal bytes: the units and positions of 200,000 cadres are a
// few thousand values, which the Dataset would otherwise hold a copy of in every cadre (a
// training record's provider is not kept: the Dataset holds its index). Past maxInterned
// values it stops keeping new ones, so that a table of unique values costs no more.
type interned map[string]string

const maxInterned = 1 << 14

func (m *interned) of(b []byte) string {
	if s, ok := (*m)[string(b)]; ok { // the lookup does not allocate
		return s
	}
	s := string(b)
	if *m == nil {
		*m = interned{}
	}
	if len(*m) < maxInterned {
		(*m)[s] = s
	}
	return s
}

// The words a query sends as codes (see coded).
var (
	kinds    = []string{string(chitieu.PoliticalTheory), string(chitieu.Education), string(chitieu.Professional)}
	levels   = append([]string{string(chitieu.LevelNone)}, words(chitieu.Levels(chitieu.PoliticalTheory), chitieu.Levels(chitieu.Education))...)
	statuses = words(chitieu.TrainingStatuses)
	genders  = []string{"", chitieu.GenderMale, chitieu.GenderFemale}
)

func words[S ~string](lists ...[]S) []string {
	var out []string
	for _, l := range lists {
		for _, w := range l {
			if !slices.Contains(out, string(w)) {
				out = append(out, string(w))
			}
		}
	}
	return out
}

// coded is an SQL expression for a column of words: the index of its value in words, or the
// value as text when it is none of them. A small integer crosses from SQLite without a string
// made for it, which at a million training records is a fifth of their scan.
func coded(column string, words []string) string {
	var b strings.Builder
	b.WriteString("CASE " + column)
	for i, w := range words {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", strings.ReplaceAll(w, "'", "''"), i)
	}
	b.WriteString(" ELSE CAST(" + column + " AS TEXT) END")
	return b.String()
}

// wordCol scans a column read through coded into s.
type wordCol struct {
	words []string
	s     string
}

func (w *wordCol) Scan(v any) error {
	switch v := v.(type) {
	case int64:
		if v >= 0 && v < int64(len(w.words)) {
			w.s = w.words[v]
			return nil
		}
	case string:
		w.s = v
		return nil
	case []byte:
		w.s = string(v)
		return nil
	case nil:
		w.s = ""
		return nil
	}
	return fmt.Errorf("word: cannot scan %T %v", v, v)
}
