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

// YouthReportService keeps youth reports in SQLite.
type YouthReportService struct {
	db *DB
}

var _ chitieu.YouthReportService = (*YouthReportService)(nil)

// NewYouthReportService returns the youth report service of db.
func NewYouthReportService(db *DB) *YouthReportService { return &YouthReportService{db: db} }

// FindYouthReportByID returns the live report, or ENOTFOUND.
func (s *YouthReportService) FindYouthReportByID(ctx context.Context, id int64) (*chitieu.YouthReport, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findYouthReportByID(ctx, tx, id)
}

// FindYouthReports lists live reports by unit, then day, then id.
func (s *YouthReportService) FindYouthReports(ctx context.Context, filter chitieu.YouthReportFilter) ([]*chitieu.YouthReport, int, error) {
	if err := filter.Page.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findYouthReports(ctx, tx, filter)
}

// CreateYouthReport adds a report of a live unit and sets its ID; a unit has one live report a
// day (ECONFLICT).
func (s *YouthReportService) CreateYouthReport(ctx context.Context, r *chitieu.YouthReport) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return createYouthReport(ctx, tx, r) })
}

// UpdateYouthReport replaces the report's fields and returns it as written.
func (s *YouthReportService) UpdateYouthReport(ctx context.Context, id int64, r *chitieu.YouthReport) (*chitieu.YouthReport, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	r.ID = id
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := updateYouthReport(ctx, tx, r); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	out := *r
	return &out, nil
}

// DeleteYouthReport marks the report deleted.
func (s *YouthReportService) DeleteYouthReport(ctx context.Context, id int64) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return deleteYouthReport(ctx, tx, id) })
}

const youthReportColumns = `id, unit, reported_on, youth_population, union_members, association_members, gathered`

// scanYouthReport scans a youth report; a row that cannot be read back is an *unreadable.
func scanYouthReport(row interface{ Scan(...any) error }, r *chitieu.YouthReport) error {
	err := row.Scan(&r.ID, &r.Unit, (*dateCol)(&r.ReportedOn), &r.YouthPopulation, &r.UnionMembers, &r.AssociationMembers, &r.Gathered)
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return readBack("youth_reports", strconv.FormatInt(r.ID, 10), err, r)
}

func findYouthReportByID(ctx context.Context, q queryer, id int64) (*chitieu.YouthReport, error) {
	var r chitieu.YouthReport
	err := scanYouthReport(q.QueryRowContext(ctx, `SELECT `+youthReportColumns+` FROM youth_reports WHERE id = ? AND deleted_at IS NULL`, id), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleReportNotFound, id)
	} else if err != nil {
		return nil, fmt.Errorf("find youth report %d: %w", id, err)
	}
	return &r, nil
}

func findYouthReports(ctx context.Context, q queryer, filter chitieu.YouthReportFilter) ([]*chitieu.YouthReport, int, error) {
	where, args := []string{"deleted_at IS NULL"}, []any{}
	if filter.Unit != "" {
		if err := requireLiveUnit(ctx, q, "unit", filter.Unit); err != nil {
			return nil, 0, err
		}
		where, args = append(where, "unit = ?"), append(args, filter.Unit)
	}
	cond := strings.Join(where, " AND ")
	total, err := count(ctx, q, `SELECT COUNT(*) FROM youth_reports WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count youth reports: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+youthReportColumns+` FROM youth_reports WHERE `+cond+` ORDER BY unit, reported_on, id LIMIT ? OFFSET ?`,
		append(args, filter.Limit, filter.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find youth reports: %w", err)
	}
	defer rows.Close()
	list := []*chitieu.YouthReport{}
	for rows.Next() {
		var r chitieu.YouthReport
		if err := scanYouthReport(rows, &r); isUnreadable(err) {
			continue // named at load and by chitieu check
		} else if err != nil {
			return nil, 0, fmt.Errorf("find youth reports: %w", err)
		}
		list = append(list, &r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find youth reports: %w", err)
	}
	return list, total, nil
}

// duplicateReport is the error of a second live report of a unit on a day.
func duplicateReport(r *chitieu.YouthReport) error {
	return chitieu.NewError(chitieu.ECONFLICT, "reported_on", chitieu.RuleReportExists, r.Unit, r.ReportedOn)
}

func createYouthReport(ctx context.Context, tx *Tx, r *chitieu.YouthReport) error {
	if err := storable(r); err != nil {
		return err
	}
	if err := requireLiveUnit(ctx, tx, "unit", r.Unit); err != nil {
		return err
	}
	if err := checkUnitScope(ctx, tx, r.Unit); err != nil {
		return err
	}
	if err := insertYouthReport(ctx, tx, tx, r, nil); err != nil {
		return err
	}
	if err := tx.audit(ctx, chitieu.ActionCreate, "youth_report", strconv.FormatInt(r.ID, 10), nil, r); err != nil {
		return err
	}
	after := *r
	tx.changed(chitieu.Change{YouthReport: &after})
	return nil
}

// insertYouthReport writes a new report, checked by the caller, through ex (the Tx, or an
// import's prepared statements), naming the import that creates it (nil for none).
func insertYouthReport(ctx context.Context, tx *Tx, ex execer, r *chitieu.YouthReport, importID any) error {
	now := formatTime(tx.now)
	res, err := ex.ExecContext(ctx, `
		INSERT INTO youth_reports (unit, reported_on, youth_population, union_members, association_members, gathered, created_at, updated_at, import_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Unit, dateArg(r.ReportedOn), r.YouthPopulation, r.UnionMembers, r.AssociationMembers, r.Gathered, now, now, importID)
	if isUniqueViolation(err) {
		return duplicateReport(r)
	} else if err != nil {
		return fmt.Errorf("create youth report: %w", err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create youth report: %w", err)
	}
	return nil
}

func updateYouthReport(ctx context.Context, tx *Tx, r *chitieu.YouthReport) error {
	if err := storable(r); err != nil {
		return err
	}
	before, err := findYouthReportByID(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	if err := checkUnitScope(ctx, tx, before.Unit); err != nil {
		return err
	}
	if r.Unit != before.Unit {
		if err := requireLiveUnit(ctx, tx, "unit", r.Unit); err != nil {
			return err
		}
		if err := checkUnitScope(ctx, tx, r.Unit); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `
		UPDATE youth_reports SET unit = ?, reported_on = ?, youth_population = ?, union_members = ?, association_members = ?,
			gathered = ?, updated_at = ?
		WHERE id = ? AND deleted_at IS NULL`,
		r.Unit, dateArg(r.ReportedOn), r.YouthPopulation, r.UnionMembers, r.AssociationMembers, r.Gathered, formatTime(tx.now), r.ID)
	if isUniqueViolation(err) {
		return duplicateReport(r)
	} else if err != nil {
		return fmt.Errorf("update youth report %d: %w", r.ID, err)
	}
	if err := tx.audit(ctx, chitieu.ActionUpdate, "youth_report", strconv.FormatInt(r.ID, 10), before, r); err != nil {
		return err
	}
	after := *r
	tx.changed(chitieu.Change{YouthReport: &after})
	return nil
}

func deleteYouthReport(ctx context.Context, tx *Tx, id int64) error {
	before, err := findYouthReportByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := checkUnitScope(ctx, tx, before.Unit); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE youth_reports SET deleted_at = ? WHERE id = ?`, formatTime(tx.now), id); err != nil {
		return fmt.Errorf("delete youth report %d: %w", id, err)
	}
	if err := tx.audit(ctx, chitieu.ActionDelete, "youth_report", strconv.FormatInt(id, 10), before, nil); err != nil {
		return err
	}
	tx.changed(chitieu.Change{YouthReport: before, Deleted: true})
	return nil
}
