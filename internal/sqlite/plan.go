package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"chitieu/internal/chitieu"
)

// PlanService keeps plans in SQLite.
type PlanService struct {
	db *DB
}

var _ chitieu.PlanService = (*PlanService)(nil)

// NewPlanService returns the plan service of db.
func NewPlanService(db *DB) *PlanService { return &PlanService{db: db} }

// FindPlan returns the plan with the code, or ENOTFOUND.
func (s *PlanService) FindPlan(ctx context.Context, code string) (*chitieu.Plan, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findPlan(ctx, tx, code)
}

// FindPlans lists the plans, the latest start first; there are a few a term, so no paging
// beyond MaxLimit.
func (s *PlanService) FindPlans(ctx context.Context) ([]*chitieu.Plan, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+planColumns+` FROM plans ORDER BY starts_on DESC, code LIMIT ?`, chitieu.MaxLimit)
	if err != nil {
		return nil, fmt.Errorf("find plans: %w", err)
	}
	defer rows.Close()
	list := []*chitieu.Plan{}
	for rows.Next() {
		var p chitieu.Plan
		if err := scanPlan(rows, &p); isUnreadable(err) {
			continue // named by chitieu check
		} else if err != nil {
			return nil, fmt.Errorf("find plans: %w", err)
		}
		list = append(list, &p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find plans: %w", err)
	}
	return list, nil
}

// CreatePlan adds a plan scoped to a live unit. Codes are never given twice.
func (s *PlanService) CreatePlan(ctx context.Context, p *chitieu.Plan) error {
	if err := requireAdmin(ctx, "manage plans"); err != nil {
		return err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return createPlan(ctx, tx, p) })
}

// UpdatePlan changes the fields given and returns the plan as written; it refuses a change that
// would leave one of the plan's targets outside its days or scope.
func (s *PlanService) UpdatePlan(ctx context.Context, code string, upd chitieu.PlanUpdate) (*chitieu.Plan, error) {
	if err := requireAdmin(ctx, "manage plans"); err != nil {
		return nil, err
	}
	var out *chitieu.Plan
	err := s.db.write(ctx, func(tx *Tx) error {
		p, err := findPlan(ctx, tx, code)
		if err != nil {
			return err
		}
		before := *p
		if err := upd.Apply(p); err != nil {
			return err
		}
		p.Normalize()
		if err := p.Validate(); err != nil {
			return err
		}
		if err := updatePlan(ctx, tx, &before, p); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

const planColumns = `code, name, starts_on, ends_on, scope_unit`

// scanPlan scans a plan; a row that cannot be read back is an *unreadable.
func scanPlan(row interface{ Scan(...any) error }, p *chitieu.Plan) error {
	err := row.Scan(&p.Code, &p.Name, (*dateCol)(&p.StartsOn), (*dateCol)(&p.EndsOn), &p.ScopeUnit)
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return readBack("plans", p.Code, err, p)
}

func findPlan(ctx context.Context, q queryer, code string) (*chitieu.Plan, error) {
	var p chitieu.Plan
	err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE code = ?`, code), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RulePlanNotFound, code)
	} else if err != nil {
		return nil, fmt.Errorf("find plan %q: %w", code, err)
	}
	return &p, nil
}

func createPlan(ctx context.Context, tx *Tx, p *chitieu.Plan) error {
	if err := storable(p); err != nil {
		return err
	}
	if err := requireLiveUnit(ctx, tx, "scope_unit", p.ScopeUnit); err != nil {
		return err
	}
	now := formatTime(tx.now)
	_, err := tx.ExecContext(ctx, `INSERT INTO plans (`+planColumns+`, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.Code, p.Name, dateArg(p.StartsOn), dateArg(p.EndsOn), p.ScopeUnit, now, now)
	if isUniqueViolation(err) {
		return chitieu.NewError(chitieu.ECONFLICT, "code", chitieu.RulePlanExists, p.Code)
	} else if err != nil {
		return fmt.Errorf("create plan %q: %w", p.Code, err)
	}
	return tx.audit(ctx, chitieu.ActionCreate, "plan", p.Code, nil, p)
}

func updatePlan(ctx context.Context, tx *Tx, before, p *chitieu.Plan) error {
	if err := storable(p); err != nil {
		return err
	}
	if err := requireLiveUnit(ctx, tx, "scope_unit", p.ScopeUnit); err != nil {
		return err
	}
	if err := checkPlanTargets(ctx, tx, p); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plans SET name = ?, starts_on = ?, ends_on = ?, scope_unit = ?, updated_at = ? WHERE code = ?`,
		p.Name, dateArg(p.StartsOn), dateArg(p.EndsOn), p.ScopeUnit, formatTime(tx.now), p.Code); err != nil {
		return fmt.Errorf("update plan %q: %w", p.Code, err)
	}
	return tx.audit(ctx, chitieu.ActionUpdate, "plan", p.Code, before, p)
}

// checkPlanTargets refuses a plan that one of its live targets would no longer fit.
func checkPlanTargets(ctx context.Context, tx *Tx, p *chitieu.Plan) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+targetColumns+` FROM targets WHERE plan = ? AND deleted_at IS NULL ORDER BY code`, p.Code)
	if err != nil {
		return fmt.Errorf("plan %q targets: %w", p.Code, err)
	}
	var targets []*chitieu.Target
	for rows.Next() {
		var t chitieu.Target
		if err := scanTarget(rows, &t); err != nil && !isUnreadable(err) {
			rows.Close()
			return fmt.Errorf("plan %q targets: %w", p.Code, err)
		}
		targets = append(targets, &t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("plan %q targets: %w", p.Code, err)
	}
	for _, t := range targets {
		err := targetFits(ctx, tx, p, t)
		var e *chitieu.Error
		if errors.As(err, &e) {
			return chitieu.Invalid("", chitieu.RulePlanTargetOutside, t.Code)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// targetFits checks that a target lies within its plan's days and scope.
func targetFits(ctx context.Context, q queryer, p *chitieu.Plan, t *chitieu.Target) error {
	if err := p.CheckTarget(t); err != nil {
		return err
	}
	in, err := inSubtree(ctx, q, p.ScopeUnit, t.ScopeUnit)
	if err != nil {
		return err
	}
	if !in {
		return chitieu.Invalid("scope_unit", chitieu.RuleTargetPlanScope, t.ScopeUnit, p.ScopeUnit)
	}
	return nil
}

// requireTargetPlan checks the plan a target names, if any: that it exists and the target fits it.
func requireTargetPlan(ctx context.Context, q queryer, t *chitieu.Target) error {
	if t.Plan == "" {
		return nil
	}
	p, err := findPlan(ctx, q, t.Plan)
	if chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
		return chitieu.Invalid("plan", chitieu.RulePlanNotFound, t.Plan)
	} else if err != nil {
		return err
	}
	return targetFits(ctx, q, p, t)
}
