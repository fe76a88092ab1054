package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"chitieu/internal/chitieu"
)

// LoadDataset reads every live unit, cadre, training record, youth report and target into a new
// Dataset, in one read transaction so that it is one consistent state. Each table is read by a
// single streamed query (no query per row), in the order that suits the Dataset's indexes.
func (db *DB) LoadDataset(ctx context.Context) (*chitieu.Dataset, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ds := chitieu.NewDataset()

	err = each(ctx, tx, `SELECT code, name, COALESCE(parent, '') FROM units WHERE deleted_at IS NULL ORDER BY code`,
		func(rows *sql.Rows) error {
			var u chitieu.Unit
			if err := rows.Scan(&u.Code, &u.Name, &u.Parent); err != nil {
				return err
			}
			ds.PutUnit(u)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}

	err = each(ctx, tx, `SELECT id, full_name, unit, position, full_time, joined_on, left_on, birth_date, gender
		FROM cadres WHERE deleted_at IS NULL ORDER BY id`,
		func(rows *sql.Rows) error {
			var c chitieu.Cadre
			if err := rows.Scan(&c.ID, &c.FullName, &c.Unit, &c.Position, &c.FullTime,
				(*dateCol)(&c.JoinedOn), (*dateCol)(&c.LeftOn), (*dateCol)(&c.BirthDate), &c.Gender); err != nil {
				return err
			}
			ds.PutCadre(c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load cadres: %w", err)
	}

	err = each(ctx, tx, `SELECT `+trainingColumns+` FROM trainings WHERE deleted_at IS NULL ORDER BY id`,
		func(rows *sql.Rows) error {
			var t chitieu.Training
			var kind, level, status string // plain strings scan without reflection
			if err := rows.Scan(&t.ID, &t.CadreID, &kind, &level, &t.Course, &t.Provider, &status,
				(*dateCol)(&t.StartedOn), (*dateCol)(&t.ExpectedOn), (*dateCol)(&t.CompletedOn)); err != nil {
				return err
			}
			t.Kind, t.Level, t.Status = chitieu.TrainingKind(kind), chitieu.Level(level), chitieu.TrainingStatus(status)
			ds.PutTraining(t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load training records: %w", err)
	}

	// By unit and day, so that each unit's reports arrive in the order the Dataset keeps them.
	err = each(ctx, tx, `SELECT `+youthReportColumns+` FROM youth_reports WHERE deleted_at IS NULL ORDER BY unit, reported_on, id`,
		func(rows *sql.Rows) error {
			var r chitieu.YouthReport
			if err := scanYouthReport(rows, &r); err != nil {
				return err
			}
			ds.PutYouthReport(r)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load youth reports: %w", err)
	}

	err = each(ctx, tx, `SELECT `+targetColumns+` FROM targets WHERE deleted_at IS NULL ORDER BY code`,
		func(rows *sql.Rows) error {
			var t chitieu.Target
			if err := scanTarget(rows, &t); err != nil {
				return err
			}
			ds.PutTarget(t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}
	if err := loadCommitments(ctx, tx, ds); err != nil {
		return nil, err
	}
	return ds, nil
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
