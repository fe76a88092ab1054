package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"chitieu/internal/chitieu"
)

// RestoreService brings back a youth report or a training record that was deleted (deletes only
// mark a record): the pages' undo and the audit's restore. A restore is audited as the record
// created again, under its own id, and checked as a new record would be: a live unit or cadre,
// the writer's unit scope, and one report a unit and day.
type RestoreService struct {
	db *DB
}

// NewRestoreService returns the restore service of db.
func NewRestoreService(db *DB) *RestoreService { return &RestoreService{db: db} }

// RestoreYouthReport brings back the deleted report id; ENOTFOUND when there is no such
// deleted report.
func (s *RestoreService) RestoreYouthReport(ctx context.Context, id int64) (*chitieu.YouthReport, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	var out *chitieu.YouthReport
	err := s.db.write(ctx, func(tx *Tx) error {
		var r chitieu.YouthReport
		err := scanYouthReport(tx.QueryRowContext(ctx, `SELECT `+youthReportColumns+` FROM youth_reports WHERE id = ? AND deleted_at IS NOT NULL`, id), &r)
		if errors.Is(err, sql.ErrNoRows) {
			return chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleReportNotFound, id)
		} else if err != nil {
			return fmt.Errorf("restore youth report %d: %w", id, err)
		}
		if err := requireLiveUnit(ctx, tx, "unit", r.Unit); err != nil {
			return err
		}
		if err := checkUnitScope(ctx, tx, r.Unit); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE youth_reports SET deleted_at = NULL, updated_at = ? WHERE id = ?`, formatTime(tx.now), id)
		if isUniqueViolation(err) {
			return duplicateReport(&r)
		} else if err != nil {
			return fmt.Errorf("restore youth report %d: %w", id, err)
		}
		if err := tx.audit(ctx, chitieu.ActionCreate, "youth_report", strconv.FormatInt(id, 10), nil, &r); err != nil {
			return err
		}
		after := r
		tx.changed(chitieu.Change{YouthReport: &after})
		out = &r
		return nil
	})
	return out, err
}

// RestoreTraining brings back the deleted training record id of a live cadre; ENOTFOUND when
// there is no such deleted record.
func (s *RestoreService) RestoreTraining(ctx context.Context, id int64) (*chitieu.Training, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	var out *chitieu.Training
	err := s.db.write(ctx, func(tx *Tx) error {
		var t chitieu.Training
		err := scanTraining(tx.QueryRowContext(ctx, `SELECT `+trainingColumns+` FROM trainings WHERE id = ? AND deleted_at IS NOT NULL`, id), &t)
		if errors.Is(err, sql.ErrNoRows) {
			return chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleTrainingNotFound, id)
		} else if err != nil {
			return fmt.Errorf("restore training record %d: %w", id, err)
		}
		if err := writableCadre(ctx, tx, t.CadreID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE trainings SET deleted_at = NULL, updated_at = ? WHERE id = ?`, formatTime(tx.now), id); err != nil {
			return fmt.Errorf("restore training record %d: %w", id, err)
		}
		if err := tx.audit(ctx, chitieu.ActionCreate, "training", strconv.FormatInt(id, 10), nil, &t); err != nil {
			return err
		}
		after := t
		tx.changed(chitieu.Change{Training: &after})
		out = &t
		return nil
	})
	return out, err
}

// RestoreCadre brings back the deleted cadre id in a live unit, with its postings; its training
// records were kept by the delete, so the figures count them again. ENOTFOUND when there is no
// such deleted cadre.
func (s *RestoreService) RestoreCadre(ctx context.Context, id int64) (*chitieu.Cadre, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	return writeReturning(ctx, s.db, func(tx *Tx) (*chitieu.Cadre, error) {
		unit, deleted, err := cadreUnit(ctx, tx, id)
		if err != nil {
			return nil, err
		} else if !deleted {
			return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleCadreNotFound, id)
		}
		if err := requireLiveUnit(ctx, tx, "unit", unit); err != nil {
			return nil, err
		}
		if err := checkUnitScope(ctx, tx, unit); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cadres SET deleted_at = NULL WHERE id = ?`, id); err != nil {
			return nil, fmt.Errorf("restore cadre %d: %w", id, err)
		}
		c, err := cadreWithPostings(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, chitieu.ActionCreate, "cadre", strconv.FormatInt(id, 10), nil, cadreRecord(c)); err != nil {
			return nil, err
		}
		tx.changed(chitieu.Change{Cadre: cadreRecord(c)})
		return c, nil
	})
}
