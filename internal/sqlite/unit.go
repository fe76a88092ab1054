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

// UnitService keeps units in SQLite.
type UnitService struct {
	db *DB
}

var _ chitieu.UnitService = (*UnitService)(nil)

// NewUnitService returns the unit service of db.
func NewUnitService(db *DB) *UnitService { return &UnitService{db: db} }

// FindUnit returns the live unit with the code, or ENOTFOUND.
func (s *UnitService) FindUnit(ctx context.Context, code string) (*chitieu.Unit, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findUnit(ctx, tx, code)
}

// FindUnits lists live units by code, the children of filter.Parent when it is set ("" for the
// roots).
func (s *UnitService) FindUnits(ctx context.Context, filter chitieu.UnitFilter) ([]*chitieu.Unit, int, error) {
	if err := filter.Page.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findUnits(ctx, tx, filter)
}

// CreateUnit adds a unit under a live parent. Codes are never given twice, even after a delete.
func (s *UnitService) CreateUnit(ctx context.Context, u *chitieu.Unit) error {
	if err := requireAdmin(ctx, "manage units"); err != nil {
		return err
	}
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return createUnit(ctx, tx, u) })
}

// UpdateUnit replaces the unit's name and parent; the code cannot change.
func (s *UnitService) UpdateUnit(ctx context.Context, code string, u *chitieu.Unit) (*chitieu.Unit, error) {
	if err := requireAdmin(ctx, "manage units"); err != nil {
		return nil, err
	}
	if u.Code == "" {
		u.Code = code
	} else if u.Code != code {
		return nil, chitieu.Invalid("code", chitieu.RuleUnitCodeFixed)
	}
	u.Normalize()
	if err := u.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := updateUnit(ctx, tx, u); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	out := *u
	return &out, nil
}

// DeleteUnit marks the unit deleted; a unit with live children or records is kept (ECONFLICT).
func (s *UnitService) DeleteUnit(ctx context.Context, code string) error {
	if err := requireAdmin(ctx, "manage units"); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return deleteUnit(ctx, tx, code) })
}

// unitColumns are what scanUnit reads.
const unitColumns = `code, name, COALESCE(parent, ''), founded_on, dissolved_on`

// scanUnit scans a unit; a row that cannot be read back is an *unreadable.
func scanUnit(row interface{ Scan(...any) error }, u *chitieu.Unit) error {
	err := row.Scan(&u.Code, &u.Name, &u.Parent, (*dateCol)(&u.FoundedOn), (*dateCol)(&u.DissolvedOn))
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return readBack("units", u.Code, err, u)
}

func findUnit(ctx context.Context, q queryer, code string) (*chitieu.Unit, error) {
	var u chitieu.Unit
	err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE code = ? AND deleted_at IS NULL`, code), &u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleUnitNotFound, code)
	} else if err != nil {
		return nil, fmt.Errorf("find unit %q: %w", code, err)
	}
	return &u, nil
}

func findUnits(ctx context.Context, q queryer, filter chitieu.UnitFilter) ([]*chitieu.Unit, int, error) {
	if !filter.AsOf.IsZero() {
		return findUnitsOn(ctx, q, filter)
	}
	where, args := []string{"deleted_at IS NULL"}, []any{}
	if filter.Parent != nil {
		if *filter.Parent == "" {
			where = append(where, "parent IS NULL")
		} else {
			where = append(where, "parent = ?")
			args = append(args, *filter.Parent)
		}
	}
	cond := strings.Join(where, " AND ")
	total, err := count(ctx, q, `SELECT COUNT(*) FROM units WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count units: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+unitColumns+` FROM units WHERE `+cond+` ORDER BY code LIMIT ? OFFSET ?`,
		append(args, filter.Limit, filter.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find units: %w", err)
	}
	defer rows.Close()
	units := []*chitieu.Unit{}
	for rows.Next() {
		var u chitieu.Unit
		if err := scanUnit(rows, &u); isUnreadable(err) {
			continue // named at load and by chitieu check
		} else if err != nil {
			return nil, 0, fmt.Errorf("find units: %w", err)
		}
		units = append(units, &u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find units: %w", err)
	}
	return units, total, nil
}

func createUnit(ctx context.Context, tx *Tx, u *chitieu.Unit) error {
	if err := storable(u); err != nil {
		return err
	}
	if u.Parent != "" {
		if err := requireLiveUnit(ctx, tx, "parent", u.Parent); err != nil {
			return err
		}
	}
	now := formatTime(tx.now)
	_, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, parent, founded_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.Code, u.Name, nullString(u.Parent), dateArg(u.FoundedOn), now, now)
	if isUniqueViolation(err) {
		var deleted bool
		if err := tx.QueryRowContext(ctx, `SELECT deleted_at IS NOT NULL FROM units WHERE code = ?`, u.Code).Scan(&deleted); err != nil {
			return fmt.Errorf("create unit %q: %w", u.Code, err)
		}
		if deleted {
			return chitieu.NewError(chitieu.ECONFLICT, "code", chitieu.RuleUnitCodeDeleted, u.Code)
		}
		return chitieu.NewError(chitieu.ECONFLICT, "code", chitieu.RuleUnitExists, u.Code)
	} else if err != nil {
		return fmt.Errorf("create unit %q: %w", u.Code, err)
	}
	// Its first version holds from its founding, or from before any record.
	first := u.FoundedOn
	if first.IsZero() {
		first = chitieu.MinDate
	}
	v := chitieu.UnitVersion{From: first, Name: u.Name, Parent: u.Parent}
	if err := putVersion(ctx, tx, u.Code, v, 0); err != nil {
		return err
	}
	if err := tx.audit(ctx, chitieu.ActionCreate, "unit", u.Code, nil, u); err != nil {
		return err
	}
	after := *u
	tx.changed(chitieu.Change{Unit: &after})
	return nil
}

func updateUnit(ctx context.Context, tx *Tx, u *chitieu.Unit) error {
	if err := storable(u); err != nil {
		return err
	}
	before, err := findUnit(ctx, tx, u.Code)
	if err != nil {
		return err
	}
	if u.Parent != "" {
		if err := requireLiveUnit(ctx, tx, "parent", u.Parent); err != nil {
			return err
		}
		// The new parent must not be the unit or below it.
		if below, err := inSubtree(ctx, tx, u.Code, u.Parent); err != nil {
			return err
		} else if below {
			return chitieu.Invalid("parent", chitieu.RuleUnitCycle, u.Parent, u.Code)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE units SET name = ?, parent = ?, updated_at = ? WHERE code = ? AND deleted_at IS NULL`,
		u.Name, nullString(u.Parent), formatTime(tx.now), u.Code); err != nil {
		return fmt.Errorf("update unit %q: %w", u.Code, err)
	}
	// A correction: the latest version takes the name and parent; its life stays.
	if _, err := tx.ExecContext(ctx, `UPDATE unit_versions SET name = ?, parent = ?
		WHERE unit = ? AND from_on = (SELECT MAX(from_on) FROM unit_versions WHERE unit = ?)`,
		u.Name, nullString(u.Parent), u.Code, u.Code); err != nil {
		return fmt.Errorf("update unit %q: %w", u.Code, err)
	}
	u.FoundedOn, u.DissolvedOn = before.FoundedOn, before.DissolvedOn
	if err := tx.audit(ctx, chitieu.ActionUpdate, "unit", u.Code, before, u); err != nil {
		return err
	}
	after := *u
	tx.changed(chitieu.Change{Unit: &after})
	return nil
}

func deleteUnit(ctx context.Context, tx *Tx, code string) error {
	before, err := findUnit(ctx, tx, code)
	if err != nil {
		return err
	}
	// What keeps a unit: each a query counting the live rows that refer to it.
	for _, dep := range []struct {
		rule  chitieu.Rule
		query string
	}{
		{chitieu.RuleUnitHasChildren, `SELECT COUNT(*) FROM units WHERE parent = ? AND deleted_at IS NULL`},
		{chitieu.RuleUnitHasCadres, `SELECT COUNT(*) FROM cadres WHERE unit = ? AND deleted_at IS NULL`},
		{chitieu.RuleUnitHasReports, `SELECT COUNT(*) FROM youth_reports WHERE unit = ? AND deleted_at IS NULL`},
		{chitieu.RuleUnitHasTargets, `SELECT COUNT(*) FROM targets WHERE scope_unit = ? AND deleted_at IS NULL`},
		{chitieu.RuleUnitHasUsers, `SELECT COUNT(*) FROM users WHERE unit = ? AND deleted_at IS NULL`},
		{chitieu.RuleUnitHasPositions, `SELECT COUNT(*) FROM positions WHERE unit = ? AND deleted_at IS NULL`},
		{chitieu.RuleUnitHasRecruitment, `SELECT COUNT(*) FROM recruitment_rule WHERE scope_unit = ?`},
	} {
		n, err := count(ctx, tx, dep.query, code)
		if err != nil {
			return fmt.Errorf("delete unit %q: %w", code, err)
		}
		if n > 0 {
			return chitieu.NewError(chitieu.ECONFLICT, "unit", dep.rule, code, n)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE units SET deleted_at = ? WHERE code = ?`, formatTime(tx.now), code); err != nil {
		return fmt.Errorf("delete unit %q: %w", code, err)
	}
	if err := tx.audit(ctx, chitieu.ActionDelete, "unit", code, before, nil); err != nil {
		return err
	}
	tx.changed(chitieu.Change{Unit: before, Deleted: true})
	return nil
}

// putVersion writes a unit's version, replacing one of the same day.
func putVersion(ctx context.Context, tx *Tx, unit string, v chitieu.UnitVersion, reorganisation int64) error {
	var reorg any
	if reorganisation != 0 {
		reorg = reorganisation
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO unit_versions (unit, from_on, name, parent, reorganisation) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (unit, from_on) DO UPDATE SET name = excluded.name, parent = excluded.parent, reorganisation = excluded.reorganisation`,
		unit, v.From.String(), v.Name, nullString(v.Parent), reorg); err != nil {
		return fmt.Errorf("unit %q: version of %s: %w", unit, v.From, err)
	}
	return nil
}

// unitVersions returns a unit's versions, oldest first.
func unitVersions(ctx context.Context, q queryer, unit string) ([]chitieu.UnitVersion, error) {
	all, err := versionsWhere(ctx, q, `unit = ?`, unit)
	return all[unit], err
}

// versionsWhere returns the versions that match where, by unit, oldest first.
func versionsWhere(ctx context.Context, q queryer, where string, args ...any) (map[string][]chitieu.UnitVersion, error) {
	rows, err := q.QueryContext(ctx, `SELECT unit, from_on, name, COALESCE(parent, '') FROM unit_versions WHERE `+where+` ORDER BY unit, from_on`, args...)
	if err != nil {
		return nil, fmt.Errorf("unit versions: %w", err)
	}
	defer rows.Close()
	out := map[string][]chitieu.UnitVersion{}
	for rows.Next() {
		var unit string
		var v chitieu.UnitVersion
		if err := rows.Scan(&unit, (*dateCol)(&v.From), &v.Name, &v.Parent); err != nil {
			return nil, fmt.Errorf("unit versions: %w", err)
		}
		out[unit] = append(out[unit], v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unit versions: %w", err)
	}
	return out, nil
}

// unitsWithVersions returns every live unit with its versions, by code; a unit that cannot be read back
// is left out (named at load and by chitieu check).
func unitsWithVersions(ctx context.Context, q queryer) (map[string]*chitieu.Unit, error) {
	units := map[string]*chitieu.Unit{}
	err := each(ctx, q, `SELECT `+unitColumns+` FROM units WHERE deleted_at IS NULL`, func(rows *sql.Rows) error {
		var u chitieu.Unit
		if err := scanUnit(rows, &u); isUnreadable(err) {
			return nil
		} else if err != nil {
			return err
		}
		units[u.Code] = &u
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	versions, err := versionsWhere(ctx, q, `1`)
	if err != nil {
		return nil, err
	}
	for code, vs := range versions {
		if u := units[code]; u != nil && len(vs) > 1 { // one is what the unit's own fields say
			u.SetVersions(vs)
		}
	}
	return units, nil
}

// findUnitsOn lists the units alive on filter.AsOf with their name and parent of that day.
func findUnitsOn(ctx context.Context, q queryer, filter chitieu.UnitFilter) ([]*chitieu.Unit, int, error) {
	units, err := unitsWithVersions(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	var on []*chitieu.Unit
	for _, u := range units {
		if !u.AliveOn(filter.AsOf) {
			continue
		}
		v := u.VersionOn(filter.AsOf)
		if filter.Parent != nil && v.Parent != *filter.Parent {
			continue
		}
		on = append(on, &chitieu.Unit{Code: u.Code, Name: v.Name, Parent: v.Parent, FoundedOn: u.FoundedOn, DissolvedOn: u.DissolvedOn})
	}
	slices.SortFunc(on, func(a, b *chitieu.Unit) int { return strings.Compare(a.Code, b.Code) })
	total := len(on)
	on = on[min(filter.Offset, total):min(filter.Offset+filter.Limit, total)]
	return on, total, nil
}

// inSubtreeOn tells whether unit is root or below it in the tree of day d (the units' versions
// of that day).
func inSubtreeOn(ctx context.Context, q queryer, root, unit string, d chitieu.Date) (bool, error) {
	var in bool
	err := q.QueryRowContext(ctx, `
		WITH RECURSIVE up(code) AS (
			SELECT ?
			UNION
			SELECT v.parent FROM unit_versions v JOIN up ON v.unit = up.code
			WHERE v.parent IS NOT NULL
				AND v.from_on = (SELECT MAX(w.from_on) FROM unit_versions w WHERE w.unit = v.unit AND w.from_on <= ?)
		)
		SELECT EXISTS (SELECT 1 FROM up WHERE code = ?)`, unit, d.String(), root).Scan(&in)
	if err != nil {
		return false, fmt.Errorf("unit subtree on %s: %w", d, err)
	}
	return in, nil
}
