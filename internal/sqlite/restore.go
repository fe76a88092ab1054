package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"chitieu/internal/chitieu"
)

// RestoreService brings back a deleted youth report, training record, cadre, position or
// assignment (deletes only mark a record): the pages' undo and the audit's restore. A restore is
// audited as the record created again, under its own id, and checked as a new record would be:
// a live unit or cadre, the writer's unit scope, and one report a unit and day.
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

// RestorePosition brings back the deleted position id of a live unit with its assignments,
// which the delete kept as history, so that the staffing figures count its seats again. Its
// unit and title must be free again, and its seats must still hold its assignments (their
// cadres may have changed since). ENOTFOUND when there is no such deleted position.
func (s *RestoreService) RestorePosition(ctx context.Context, id int64) (*chitieu.Position, error) {
	if err := requireAdmin(ctx, "manage leadership positions"); err != nil {
		return nil, err
	}
	return writeReturning(ctx, s.db, func(tx *Tx) (*chitieu.Position, error) {
		var p chitieu.Position
		err := scanPosition(tx.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE id = ? AND deleted_at IS NOT NULL`, id), &p)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RulePositionNotFound, id)
		} else if err != nil {
			return nil, fmt.Errorf("restore position %d: %w", id, err)
		}
		if err := requireLiveUnit(ctx, tx, "unit", p.Unit); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE positions SET deleted_at = NULL, updated_at = ? WHERE id = ?`, formatTime(tx.now), id)
		if isUniqueViolation(err) {
			return nil, chitieu.NewError(chitieu.ECONFLICT, "title", chitieu.RulePositionExists, p.Unit, p.Title)
		} else if err != nil {
			return nil, fmt.Errorf("restore position %d: %w", id, err)
		}
		if err := checkSeats(ctx, tx, &p); err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, chitieu.ActionCreate, "position", strconv.FormatInt(id, 10), nil, &p); err != nil {
			return nil, err
		}
		rec := p
		tx.changed(chitieu.Change{Position: &rec})
		assignments, err := fillVacancy(ctx, tx, &p, tx.today)
		if err != nil {
			return nil, err
		}
		for _, a := range assignments {
			tx.changed(chitieu.Change{Assignment: a})
		}
		p.Assignments = assignments
		return &p, nil
	})
}

// RestoreAssignment brings back the deleted assignment id of a live position, checked as a new
// assignment would be: its cadre live and in the writer's unit, no overlap, the seats free
// (ended on the day its cadre left, if they left since). ENOTFOUND when there is no such
// deleted assignment.
func (s *RestoreService) RestoreAssignment(ctx context.Context, id int64) (*chitieu.Assignment, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	return writeReturning(ctx, s.db, func(tx *Tx) (*chitieu.Assignment, error) {
		var a chitieu.Assignment
		err := scanAssignment(tx.QueryRowContext(ctx, `SELECT `+assignmentColumns+` FROM assignments WHERE id = ? AND deleted_at IS NOT NULL`, id), &a)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleAssignmentNotFound, id)
		} else if err != nil {
			return nil, fmt.Errorf("restore assignment %d: %w", id, err)
		}
		p, err := findPosition(ctx, tx, a.PositionID)
		if err != nil {
			return nil, err
		}
		if err := checkUnitScope(ctx, tx, p.Unit); err != nil {
			return nil, err
		}
		if err := checkCadreScope(ctx, tx, a.CadreID); err != nil {
			return nil, err
		}
		if err := checkAssignment(ctx, tx, p, &a); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assignments SET deleted_at = NULL, ended_on = ?, updated_at = ? WHERE id = ?`,
			dateArg(a.EndedOn), formatTime(tx.now), id); err != nil {
			return nil, fmt.Errorf("restore assignment %d: %w", id, err)
		}
		if err := checkSeats(ctx, tx, p); err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, chitieu.ActionCreate, "assignment", strconv.FormatInt(id, 10), nil, &a); err != nil {
			return nil, err
		}
		rec := a
		tx.changed(chitieu.Change{Assignment: &rec})
		return &a, nil
	})
}
