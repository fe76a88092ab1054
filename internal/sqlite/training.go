package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"chitieu/internal/chitieu"
)

// TrainingService keeps training records in SQLite.
type TrainingService struct {
	db *DB
}

var _ chitieu.TrainingService = (*TrainingService)(nil)

// NewTrainingService returns the training record service of db.
func NewTrainingService(db *DB) *TrainingService { return &TrainingService{db: db} }

// FindTrainingByID returns the live record, or ENOTFOUND.
func (s *TrainingService) FindTrainingByID(ctx context.Context, id int64) (*chitieu.Training, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findTrainingByID(ctx, tx, id)
}

// FindTrainings lists live records by id.
func (s *TrainingService) FindTrainings(ctx context.Context, filter chitieu.TrainingFilter) ([]*chitieu.Training, int, error) {
	if err := filter.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findTrainings(ctx, tx, filter)
}

// CreateTraining adds a record to a live cadre and sets its ID.
func (s *TrainingService) CreateTraining(ctx context.Context, t *chitieu.Training) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return createTraining(ctx, tx, t) })
}

// UpdateTraining applies a partial update and returns the record as written. The cadre of a
// record does not change.
func (s *TrainingService) UpdateTraining(ctx context.Context, id int64, upd chitieu.TrainingUpdate) (*chitieu.Training, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	return writeReturning(ctx, s.db, func(tx *Tx) (*chitieu.Training, error) { return updateTraining(ctx, tx, id, upd) })
}

// DeleteTraining marks the record deleted.
func (s *TrainingService) DeleteTraining(ctx context.Context, id int64) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return deleteTraining(ctx, tx, id) })
}

const trainingColumns = `id, cadre_id, kind, level, course, provider, status, started_on, expected_on, completed_on`

// scanTraining scans a training record; a row that cannot be read back is an *unreadable.
func scanTraining(row interface{ Scan(...any) error }, t *chitieu.Training) error {
	err := row.Scan(&t.ID, &t.CadreID, &t.Kind, &t.Level, &t.Course, &t.Provider, &t.Status,
		(*dateCol)(&t.StartedOn), (*dateCol)(&t.ExpectedOn), (*dateCol)(&t.CompletedOn))
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return readBack("trainings", strconv.FormatInt(t.ID, 10), err, t)
}

func findTrainingByID(ctx context.Context, q queryer, id int64) (*chitieu.Training, error) {
	var t chitieu.Training
	err := scanTraining(q.QueryRowContext(ctx, `SELECT `+trainingColumns+` FROM trainings WHERE id = ? AND deleted_at IS NULL`, id), &t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleTrainingNotFound, id)
	} else if err != nil {
		return nil, fmt.Errorf("find training record %d: %w", id, err)
	}
	return &t, nil
}

func findTrainings(ctx context.Context, q queryer, filter chitieu.TrainingFilter) ([]*chitieu.Training, int, error) {
	where, args := []string{"deleted_at IS NULL"}, []any{}
	if filter.CadreID != 0 {
		where, args = append(where, "cadre_id = ?"), append(args, filter.CadreID)
	}
	if filter.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(filter.Kind))
	}
	if filter.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(filter.Status))
	}
	cond := strings.Join(where, " AND ")
	total, err := count(ctx, q, `SELECT COUNT(*) FROM trainings WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count training records: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+trainingColumns+` FROM trainings WHERE `+cond+` ORDER BY id LIMIT ? OFFSET ?`,
		append(args, filter.Limit, filter.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find training records: %w", err)
	}
	defer rows.Close()
	list := []*chitieu.Training{}
	for rows.Next() {
		var t chitieu.Training
		if err := scanTraining(rows, &t); isUnreadable(err) {
			continue // named at load and by chitieu check
		} else if err != nil {
			return nil, 0, fmt.Errorf("find training records: %w", err)
		}
		list = append(list, &t)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find training records: %w", err)
	}
	return list, total, nil
}

// writableCadre refuses a record of a cadre that is not live, or outside the writer's unit.
func writableCadre(ctx context.Context, tx *Tx, cadreID int64) error {
	unit, deleted, err := cadreUnit(ctx, tx, cadreID)
	if chitieu.ErrorCode(err) == chitieu.ENOTFOUND || deleted {
		return chitieu.Invalid("cadre_id", chitieu.RuleCadreNotFound, cadreID)
	} else if err != nil {
		return err
	}
	return checkUnitScope(ctx, tx, unit)
}

func createTraining(ctx context.Context, tx *Tx, t *chitieu.Training) error {
	if err := writableCadre(ctx, tx, t.CadreID); err != nil {
		return err
	}
	if err := storableTraining(ctx, tx, t); err != nil {
		return err
	}
	if err := insertTraining(ctx, tx, t); err != nil {
		return err
	}
	if err := tx.audit(ctx, chitieu.ActionCreate, "training", strconv.FormatInt(t.ID, 10), nil, t); err != nil {
		return err
	}
	after := *t
	tx.changed(chitieu.Change{Training: &after})
	return nil
}

// insertTraining writes a new record, checked by the caller, by the record services (an
// import gathers its new rows, see batchInsert).
func insertTraining(ctx context.Context, tx *Tx, t *chitieu.Training) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO trainings (`+trainingInsertColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		trainingInsertArgs(tx, t, nil)...)
	if err != nil {
		return fmt.Errorf("create training record: %w", err)
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create training record: %w", err)
	}
	return nil
}

// trainingInsertColumns are the columns a new record's row is written with, their values
// trainingInsertArgs.
const trainingInsertColumns = `cadre_id, kind, level, rank, course, provider, status, started_on, expected_on, completed_on, created_at, updated_at, import_id`

func trainingInsertArgs(tx *Tx, t *chitieu.Training, importID any) []any {
	now := formatTime(tx.now)
	return []any{t.CadreID, string(t.Kind), string(t.Level), t.Rank(), t.Course, t.Provider, string(t.Status),
		dateArg(t.StartedOn), dateArg(t.ExpectedOn), dateArg(t.CompletedOn), now, now, importID}
}

func updateTraining(ctx context.Context, tx *Tx, id int64, upd chitieu.TrainingUpdate) (*chitieu.Training, error) {
	before, err := findTrainingByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	unit, _, err := cadreUnit(ctx, tx, before.CadreID)
	if err != nil {
		return nil, err
	}
	if err := checkUnitScope(ctx, tx, unit); err != nil {
		return nil, err
	}
	t := *before
	upd.Apply(&t)
	t.Normalize()
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := storableTraining(ctx, tx, &t); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE trainings SET kind = ?, level = ?, rank = ?, course = ?, provider = ?, status = ?, started_on = ?, expected_on = ?,
			completed_on = ?, updated_at = ?
		WHERE id = ? AND deleted_at IS NULL`,
		string(t.Kind), string(t.Level), t.Rank(), t.Course, t.Provider, string(t.Status), dateArg(t.StartedOn),
		dateArg(t.ExpectedOn), dateArg(t.CompletedOn), formatTime(tx.now), id); err != nil {
		return nil, fmt.Errorf("update training record %d: %w", id, err)
	}
	if err := tx.audit(ctx, chitieu.ActionUpdate, "training", strconv.FormatInt(id, 10), before, &t); err != nil {
		return nil, err
	}
	after := t
	tx.changed(chitieu.Change{Training: &after})
	return &t, nil
}

func deleteTraining(ctx context.Context, tx *Tx, id int64) error {
	before, err := findTrainingByID(ctx, tx, id)
	if err != nil {
		return err
	}
	unit, _, err := cadreUnit(ctx, tx, before.CadreID)
	if err != nil {
		return err
	}
	if err := checkUnitScope(ctx, tx, unit); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE trainings SET deleted_at = ? WHERE id = ?`, formatTime(tx.now), id); err != nil {
		return fmt.Errorf("delete training record %d: %w", id, err)
	}
	if err := tx.audit(ctx, chitieu.ActionDelete, "training", strconv.FormatInt(id, 10), before, nil); err != nil {
		return err
	}
	tx.changed(chitieu.Change{Training: before, Deleted: true})
	return nil
}
