package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"chitieu/internal/chitieu"
)

// TargetService keeps targets in SQLite.
type TargetService struct {
	db *DB
}

var _ chitieu.TargetService = (*TargetService)(nil)

// NewTargetService returns the target service of db.
func NewTargetService(db *DB) *TargetService { return &TargetService{db: db} }

// FindTarget returns the live target with the code, or ENOTFOUND.
func (s *TargetService) FindTarget(ctx context.Context, code string) (*chitieu.Target, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findTarget(ctx, tx, code)
}

// FindTargets lists live targets by code.
func (s *TargetService) FindTargets(ctx context.Context, page chitieu.Page) ([]*chitieu.Target, int, error) {
	if err := page.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findTargets(ctx, tx, page)
}

// CreateTarget adds a target scoped to a live unit. Codes are never given twice.
func (s *TargetService) CreateTarget(ctx context.Context, t *chitieu.Target) error {
	if err := requireAdmin(ctx, "manage targets"); err != nil {
		return err
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return createTarget(ctx, tx, t) })
}

// UpdateTarget replaces every field but the code and returns the target as written.
func (s *TargetService) UpdateTarget(ctx context.Context, code string, t *chitieu.Target) (*chitieu.Target, error) {
	if err := requireAdmin(ctx, "manage targets"); err != nil {
		return nil, err
	}
	if t.Code == "" {
		t.Code = code
	} else if t.Code != code {
		return nil, chitieu.Invalid("code", chitieu.RuleTargetCodeFixed)
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := updateTarget(ctx, tx, t); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	out := copyTarget(t)
	return out, nil
}

// DeleteTarget marks the target deleted.
func (s *TargetService) DeleteTarget(ctx context.Context, code string) error {
	if err := requireAdmin(ctx, "manage targets"); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return deleteTarget(ctx, tx, code) })
}

const targetColumns = `code, name, kind, min_level, scope_unit, full_time_only, comparator, threshold, baseline_date, baseline_ratio,
	deadline, tolerance, window_days, provider, plan`

// scanTarget scans a target; a row that cannot be read back is an *unreadable.
func scanTarget(row interface{ Scan(...any) error }, t *chitieu.Target) error {
	var baseline sql.NullFloat64
	var plan sql.NullString
	err := row.Scan(&t.Code, &t.Name, &t.Kind, &t.MinLevel, &t.ScopeUnit, &t.FullTimeOnly, &t.Comparator, &t.Threshold,
		(*dateCol)(&t.BaselineDate), &baseline, (*dateCol)(&t.Deadline), &t.Tolerance, &t.WindowDays, &t.Provider, &plan)
	t.Plan = plan.String
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	t.BaselineRatio = nil
	if baseline.Valid {
		t.BaselineRatio = &baseline.Float64
	}
	return readBack("targets", t.Code, err, t)
}

func findTarget(ctx context.Context, q queryer, code string) (*chitieu.Target, error) {
	var t chitieu.Target
	err := scanTarget(q.QueryRowContext(ctx, `SELECT `+targetColumns+` FROM targets WHERE code = ? AND deleted_at IS NULL`, code), &t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleTargetNotFound, code)
	} else if err != nil {
		return nil, fmt.Errorf("find target %q: %w", code, err)
	}
	return &t, nil
}

func findTargets(ctx context.Context, q queryer, page chitieu.Page) ([]*chitieu.Target, int, error) {
	total, err := count(ctx, q, `SELECT COUNT(*) FROM targets WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, 0, fmt.Errorf("count targets: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+targetColumns+` FROM targets WHERE deleted_at IS NULL ORDER BY code LIMIT ? OFFSET ?`,
		page.Limit, page.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("find targets: %w", err)
	}
	defer rows.Close()
	list := []*chitieu.Target{}
	for rows.Next() {
		var t chitieu.Target
		if err := scanTarget(rows, &t); isUnreadable(err) {
			continue // named at load and by chitieu check
		} else if err != nil {
			return nil, 0, fmt.Errorf("find targets: %w", err)
		}
		list = append(list, &t)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find targets: %w", err)
	}
	return list, total, nil
}

// targetArgs are the stored values of every column but the code, in targetColumns' order.
func targetArgs(t *chitieu.Target) []any {
	var baseline any
	if t.BaselineRatio != nil {
		baseline = *t.BaselineRatio
	}
	var plan any
	if t.Plan != "" {
		plan = t.Plan
	}
	return []any{t.Name, string(t.Kind), string(t.MinLevel), t.ScopeUnit, t.FullTimeOnly, string(t.Comparator), t.Threshold,
		dateArg(t.BaselineDate), baseline, dateArg(t.Deadline), t.Tolerance, t.WindowDays, t.Provider, plan}
}

func createTarget(ctx context.Context, tx *Tx, t *chitieu.Target) error {
	if err := storable(t); err != nil {
		return err
	}
	if err := requireLiveUnit(ctx, tx, "scope_unit", t.ScopeUnit); err != nil {
		return err
	}
	if err := requireTargetPlan(ctx, tx, t); err != nil {
		return err
	}
	now := formatTime(tx.now)
	args := append([]any{t.Code}, targetArgs(t)...)
	args = append(args, now, now)
	_, err := tx.ExecContext(ctx, `INSERT INTO targets (`+targetColumns+`, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if isUniqueViolation(err) {
		var deleted bool
		if err := tx.QueryRowContext(ctx, `SELECT deleted_at IS NOT NULL FROM targets WHERE code = ?`, t.Code).Scan(&deleted); err != nil {
			return fmt.Errorf("create target %q: %w", t.Code, err)
		}
		if deleted {
			return chitieu.NewError(chitieu.ECONFLICT, "code", chitieu.RuleTargetCodeDeleted, t.Code)
		}
		return chitieu.NewError(chitieu.ECONFLICT, "code", chitieu.RuleTargetExists, t.Code)
	} else if err != nil {
		return fmt.Errorf("create target %q: %w", t.Code, err)
	}
	if err := tx.audit(ctx, chitieu.ActionCreate, "target", t.Code, nil, t); err != nil {
		return err
	}
	tx.changed(chitieu.Change{Target: copyTarget(t)})
	return nil
}

func updateTarget(ctx context.Context, tx *Tx, t *chitieu.Target) error {
	if err := storable(t); err != nil {
		return err
	}
	before, err := findTarget(ctx, tx, t.Code)
	if err != nil {
		return err
	}
	if err := requireLiveUnit(ctx, tx, "scope_unit", t.ScopeUnit); err != nil {
		return err
	}
	if err := requireTargetPlan(ctx, tx, t); err != nil {
		return err
	}
	args := append(targetArgs(t), formatTime(tx.now), t.Code)
	if _, err := tx.ExecContext(ctx, `
		UPDATE targets SET name = ?, kind = ?, min_level = ?, scope_unit = ?, full_time_only = ?, comparator = ?, threshold = ?,
			baseline_date = ?, baseline_ratio = ?, deadline = ?, tolerance = ?, window_days = ?, provider = ?, plan = ?, updated_at = ?
		WHERE code = ? AND deleted_at IS NULL`, args...); err != nil {
		return fmt.Errorf("update target %q: %w", t.Code, err)
	}
	if err := tx.audit(ctx, chitieu.ActionUpdate, "target", t.Code, before, t); err != nil {
		return err
	}
	tx.changed(chitieu.Change{Target: copyTarget(t)})
	return nil
}

func deleteTarget(ctx context.Context, tx *Tx, code string) error {
	before, err := findTarget(ctx, tx, code)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE targets SET deleted_at = ? WHERE code = ?`, formatTime(tx.now), code); err != nil {
		return fmt.Errorf("delete target %q: %w", code, err)
	}
	if err := tx.audit(ctx, chitieu.ActionDelete, "target", code, before, nil); err != nil {
		return err
	}
	tx.changed(chitieu.Change{Target: before, Deleted: true})
	return nil
}

// copyTarget copies a target with its own baseline ratio, so that the Listener's copy does not
// change with the caller's.
func copyTarget(t *chitieu.Target) *chitieu.Target {
	c := *t
	if t.BaselineRatio != nil {
		r := *t.BaselineRatio
		c.BaselineRatio = &r
	}
	return &c
}
