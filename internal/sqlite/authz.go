package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"chitieu/internal/chitieu"
)

// The services check the user in the context themselves, so that every transport (the API, the
// web pages) gets the same rules; the rules are the domain's (chitieu.Authorize), and the store
// only finds where a record lies in the unit tree.

// requireAdmin refuses a user who is not an admin; what says what they tried ("manage units").
func requireAdmin(ctx context.Context, what chitieu.Term) error {
	return chitieu.Authorize(chitieu.UserFromContext(ctx), chitieu.Action{Kind: chitieu.Administer, What: what}, chitieu.Record{})
}

// requireRecordWriter refuses a user who may not write cadres, training records and youth
// reports.
func requireRecordWriter(ctx context.Context) error {
	return chitieu.Authorize(chitieu.UserFromContext(ctx), chitieu.Action{Kind: chitieu.WriteRecords}, chitieu.Record{})
}

// checkUnitScope refuses a write to a record of unit when the user is limited to a unit whose
// subtree does not hold it.
func checkUnitScope(ctx context.Context, q queryer, unit string) error {
	u := chitieu.UserFromContext(ctx)
	if u == nil || u.Unit == "" {
		return nil // allowed anywhere: no need to read the tree
	}
	up, err := ancestors(ctx, q, unit)
	if err != nil {
		return err
	}
	return chitieu.Authorize(u, chitieu.Action{Kind: chitieu.WriteInUnit}, chitieu.Record{Unit: unit, Ancestors: up})
}

// checkCadreScope refuses to seat, for a user limited to a unit, a cadre of a unit outside its
// subtree. An unknown cadre is left to checkAssignment to name.
func checkCadreScope(ctx context.Context, q queryer, cadreID int64) error {
	u := chitieu.UserFromContext(ctx)
	if u == nil || u.Unit == "" {
		return nil // allowed anywhere: no need to read the tree
	}
	r := chitieu.Record{CadreID: cadreID}
	err := q.QueryRowContext(ctx, `SELECT unit FROM cadres WHERE id = ? AND deleted_at IS NULL`, cadreID).Scan(&r.Unit)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("cadre %d: %w", cadreID, err)
	}
	if r.Unit != "" {
		if r.Ancestors, err = ancestors(ctx, q, r.Unit); err != nil {
			return err
		}
	}
	return chitieu.Authorize(u, chitieu.Action{Kind: chitieu.SeatCadre}, r)
}

// ancestors returns unit and every unit above it. UNION (not UNION ALL) ends the walk even on
// a cycle, which the store never makes.
func ancestors(ctx context.Context, q queryer, unit string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `
		WITH RECURSIVE up(code) AS (
			SELECT ?
			UNION
			SELECT u.parent FROM units u JOIN up ON u.code = up.code WHERE u.parent IS NOT NULL
		)
		SELECT code FROM up`, unit)
	if err != nil {
		return nil, fmt.Errorf("unit ancestors: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, fmt.Errorf("unit ancestors: %w", err)
		}
		out = append(out, code)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unit ancestors: %w", err)
	}
	return out, nil
}

// inSubtree tells whether unit is root or below it, walking up from unit. UNION (not UNION ALL)
// ends the walk even on a cycle, which the store never makes.
func inSubtree(ctx context.Context, q queryer, root, unit string) (bool, error) {
	var in bool
	err := q.QueryRowContext(ctx, `
		WITH RECURSIVE up(code) AS (
			SELECT ?
			UNION
			SELECT u.parent FROM units u JOIN up ON u.code = up.code WHERE u.parent IS NOT NULL
		)
		SELECT EXISTS (SELECT 1 FROM up WHERE code = ?)`, unit, root).Scan(&in)
	if err != nil {
		return false, fmt.Errorf("unit subtree: %w", err)
	}
	return in, nil
}

// requireLiveUnit returns EINVALID naming field when no live unit has the code.
func requireLiveUnit(ctx context.Context, q queryer, field, code string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM units WHERE code = ? AND deleted_at IS NULL`, code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return chitieu.Invalid(field, chitieu.RuleUnitNotFound, code)
	} else if err != nil {
		return fmt.Errorf("unit %q: %w", code, err)
	}
	return nil
}

// liveSubtree returns the codes of the live unit root and the live units below it, or EINVALID
// naming field when root is not a live unit. A query then names the units one by one: on a
// single unit, a leaf, the cadres_unit index gives the rows in id order with no sort.
func liveSubtree(ctx context.Context, q queryer, field, root string) ([]any, error) {
	if err := requireLiveUnit(ctx, q, field, root); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `
		WITH RECURSIVE sub(code) AS (
			SELECT ?
			UNION
			SELECT u.code FROM units u JOIN sub ON u.parent = sub.code WHERE u.deleted_at IS NULL
		)
		SELECT code FROM sub`, root)
	if err != nil {
		return nil, fmt.Errorf("unit subtree: %w", err)
	}
	defer rows.Close()
	var codes []any
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, fmt.Errorf("unit subtree: %w", err)
		}
		codes = append(codes, code)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unit subtree: %w", err)
	}
	return codes, nil
}

// inList is the SQL list of n placeholders, "(?, ?, ?)".
func inList(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}
