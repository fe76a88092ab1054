package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

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
	index      bool // after the last training records, before the first cadres
	reports    []chitieu.YouthReport
	targets    []chitieu.Target

	unreadable []chitieu.UnreadableRow
}

// LoadDataset reads every live unit, cadre, training record, youth report and target into a new
// Dataset, in one read transaction so that it is one consistent state (which is also why the
// tables are read one after another: two connections would not share it). Each table is read
// by a single streamed query (no query per row); one goroutine scans the rows while this one
// puts them into the Dataset, so that the two costs overlap on the two cores. The Dataset is
// sized from the counts first, and takes the training records before the cadres, so that each
// cadre's qualifications are summed up once. A row that cannot be read back is left
// out, logged and noted in the Dataset (for the metrics): one bad row does not stop the service.
func (db *DB) LoadDataset(ctx context.Context) (*chitieu.Dataset, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var cadres, trainings int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM cadres WHERE deleted_at IS NULL),
		(SELECT count(*) FROM trainings WHERE deleted_at IS NULL)`).Scan(&cadres, &trainings); err != nil {
		return nil, fmt.Errorf("count records: %w", err)
	}
	ds := chitieu.NewDatasetSized(cadres, trainings)

	batches := make(chan loaded, 4)
	// The Dataset copies the training records into its own form, so their batches go back to
	// the scanner instead of being made anew (128 MiB at 1,000,000 records).
	spent := make(chan []chitieu.Training, cap(batches)+2)
	scanErr := make(chan error, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(batches)
		scanErr <- scanDataset(ctx, tx, batches, spent)
	}()

	for b := range batches {
		for _, u := range b.units {
			ds.PutUnit(u)
		}
		ds.LoadTrainings(b.trainings)
		if b.trainings != nil {
			select {
			case spent <- b.trainings[:0]:
			default:
			}
		}
		if b.index {
			ds.IndexTrainings()
		}
		ds.LoadCadres(b.cadres, b.searchKeys)
		for _, r := range b.reports {
			ds.PutYouthReport(r)
		}
		for _, t := range b.targets {
			ds.PutTarget(t)
		}
		for _, row := range b.unreadable {
			ds.NoteUnreadable(row)
		}
	}
	if err := <-scanErr; err != nil {
		return nil, err
	}
	if err := loadRecruitment(ctx, tx, ds); err != nil {
		return nil, err
	}
	if err := loadPositions(ctx, tx, ds); err != nil {
		return nil, err
	}
	for _, row := range ds.Unreadable() {
		db.logger().Warn("a stored record cannot be read back: left out of the figures (chitieu check lists them)",
			"table", row.Table, "id", row.ID, "field", row.Field, "problem", row.Problem)
	}
	return ds, nil
}

// scanDataset scans the live records table by table and sends them in batches; it takes the
// training records' batches from spent when there are some.
func scanDataset(ctx context.Context, q queryer, out chan<- loaded, spent <-chan []chitieu.Training) error {
	send := func(b loaded) error {
		select {
		case out <- b:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}

	// skip notes a row that cannot be read back and tells whether err was one.
	var bad []chitieu.UnreadableRow
	skip := func(err error) bool {
		row, ok := asUnreadable(err)
		if ok {
			bad = append(bad, row)
		}
		return ok
	}

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

	trainings := make([]chitieu.Training, 0, loadBatch)
	var kind, level, status, provider sql.RawBytes // copied into shared strings, not one string each a record
	var strs interned
	err = each(ctx, q, `SELECT `+trainingColumns+` FROM trainings WHERE deleted_at IS NULL ORDER BY id`,
		func(rows *sql.Rows) error {
			var t chitieu.Training
			err := rows.Scan(&t.ID, &t.CadreID, &kind, &level, &t.Course, &provider, &status,
				(*dateCol)(&t.StartedOn), (*dateCol)(&t.ExpectedOn), (*dateCol)(&t.CompletedOn))
			t.Kind, t.Level, t.Status = chitieu.TrainingKind(strs.of(kind)), chitieu.Level(strs.of(level)), chitieu.TrainingStatus(strs.of(status))
			t.Provider = strs.of(provider)
			if err := readBack("trainings", strconv.FormatInt(t.ID, 10), err, &t); skip(err) {
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
		err = send(loaded{trainings: trainings, index: true})
	}
	if err != nil {
		return fmt.Errorf("load training records: %w", err)
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
	var unit, position, gender sql.RawBytes // shared strings, as the trainings' kinds
	err = each(ctx, q, `SELECT id, full_name, search_key, unit, position, full_time, joined_on, left_on, birth_date, gender
		FROM cadres WHERE deleted_at IS NULL ORDER BY id`,
		func(rows *sql.Rows) error {
			var c chitieu.Cadre
			var key string
			err := rows.Scan(&c.ID, &c.FullName, &key, &unit, &position, &c.FullTime,
				(*dateCol)(&c.JoinedOn), (*dateCol)(&c.LeftOn), (*dateCol)(&c.BirthDate), &gender)
			c.Unit, c.Position, c.Gender = strs.of(unit), strs.of(position), strs.of(gender)
			if err := readBack("cadres", strconv.FormatInt(c.ID, 10), err, &c); skip(err) {
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
		err = send(loaded{targets: targets, unreadable: bad})
	}
	if err != nil {
		return fmt.Errorf("load targets: %w", err)
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

// interned gives one string for equal bytes: the kinds, levels, statuses and providers of a
// million training records are a few dozen values, which the Dataset would otherwise hold a
// copy of in every record (about 60 MiB at 1,000,000 records). Past maxInterned values it
// stops keeping new ones, so that a table of unique values costs no more than before.
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
