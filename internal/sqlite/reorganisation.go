package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"chitieu/internal/chitieu"
)

// ReorganisationService applies reorganisations of the unit tree in SQLite.
type ReorganisationService struct {
	db *DB
}

var _ chitieu.ReorganisationService = (*ReorganisationService)(nil)

// NewReorganisationService returns the reorganisation service of db.
func NewReorganisationService(db *DB) *ReorganisationService { return &ReorganisationService{db: db} }

// ApplyReorganisation applies r in one transaction, audited; with dryRun it only answers what r
// would change, in a read transaction.
func (s *ReorganisationService) ApplyReorganisation(ctx context.Context, r *chitieu.Reorganisation, dryRun bool) (*chitieu.ReorganisationResult, error) {
	if err := requireAdmin(ctx, "reorganise units"); err != nil {
		return nil, err
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if dryRun {
		tx, err := s.db.beginRead(ctx)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		res, err := planReorganisation(ctx, tx, r)
		if err != nil {
			return nil, err
		}
		res.DryRun = true
		return res, nil
	}
	return writeReturning(ctx, s.db, func(tx *Tx) (*chitieu.ReorganisationResult, error) { return applyReorganisation(ctx, tx, r) })
}

// orgRecords answers what planning a reorganisation reads, in a transaction.
type orgRecords struct{ q queryer }

// PostingsOn returns the postings in force in the unit on day d of live cadres in post then.
func (o orgRecords) PostingsOn(ctx context.Context, unit string, d chitieu.Date) ([]chitieu.Posting, error) {
	day := d.String()
	return findPostings(ctx, o.q, `unit = ? AND from_on <= ?
		AND cadre_id IN (SELECT id FROM cadres WHERE deleted_at IS NULL AND joined_on <= ? AND (left_on IS NULL OR left_on > ?))
		AND NOT EXISTS (SELECT 1 FROM postings n WHERE n.cadre_id = postings.cadre_id AND n.from_on > postings.from_on AND n.from_on <= ?)`,
		unit, day, day, day, day)
}

// PostingsAfter returns the postings of live cadres to the unit from a day after d.
func (o orgRecords) PostingsAfter(ctx context.Context, unit string, d chitieu.Date) ([]chitieu.Posting, error) {
	return findPostings(ctx, o.q, `unit = ? AND from_on > ? AND cadre_id IN (SELECT id FROM cadres WHERE deleted_at IS NULL)`, unit, d.String())
}

// TargetsScopedTo returns the codes of the live targets scoped to the unit.
func (o orgRecords) TargetsScopedTo(ctx context.Context, unit string) ([]string, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT code FROM targets WHERE scope_unit = ? AND deleted_at IS NULL ORDER BY code`, unit)
	if err != nil {
		return nil, fmt.Errorf("targets of unit %q: %w", unit, err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, fmt.Errorf("targets of unit %q: %w", unit, err)
		}
		codes = append(codes, code)
	}
	return codes, rows.Err()
}

func planReorganisation(ctx context.Context, q queryer, r *chitieu.Reorganisation) (*chitieu.ReorganisationResult, error) {
	units, err := unitsWithVersions(ctx, q)
	if err != nil {
		return nil, err
	}
	return chitieu.PlanReorganisation(ctx, r, units, orgRecords{q})
}

func applyReorganisation(ctx context.Context, tx *Tx, r *chitieu.Reorganisation) (*chitieu.ReorganisationResult, error) {
	res, err := planReorganisation(ctx, tx, r)
	if err != nil {
		return nil, err
	}
	changes, err := json.Marshal(r.Changes)
	if err != nil {
		return nil, fmt.Errorf("reorganisation: %w", err)
	}
	now := formatTime(tx.now)
	out, err := tx.ExecContext(ctx, `INSERT INTO reorganisations (effective_on, note, changes, actor, created_at) VALUES (?, ?, ?, ?, ?)`,
		r.EffectiveOn.String(), r.Note, string(changes), chitieu.ActorFromContext(ctx), now)
	if err != nil {
		return nil, fmt.Errorf("reorganisation: %w", err)
	}
	if res.ID, err = out.LastInsertId(); err != nil {
		return nil, fmt.Errorf("reorganisation: %w", err)
	}
	r.ID = res.ID
	created := map[string]bool{}
	for _, code := range res.UnitsCreated {
		created[code] = true
	}
	// The units first without their parents, which may be among them.
	for _, u := range res.Units {
		if !created[u.Code] {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, founded_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			u.Code, u.Name, dateArg(u.FoundedOn), now, now)
		if isUniqueViolation(err) {
			return nil, chitieu.NewError(chitieu.ECONFLICT, "changes", chitieu.RuleUnitCodeDeleted, u.Code)
		} else if err != nil {
			return nil, fmt.Errorf("reorganisation: create unit %q: %w", u.Code, err)
		}
	}
	for _, u := range res.Units {
		if _, err := tx.ExecContext(ctx, `UPDATE units SET name = ?, parent = ?, dissolved_on = ?, updated_at = ? WHERE code = ?`,
			u.Name, nullString(u.Parent), dateArg(u.DissolvedOn), now, u.Code); err != nil {
			return nil, fmt.Errorf("reorganisation: unit %q: %w", u.Code, err)
		}
		for _, v := range u.VersionList() {
			if v.From == r.EffectiveOn {
				if err := putVersion(ctx, tx, u.Code, v, res.ID); err != nil {
					return nil, err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reorganisation_units (reorganisation, unit) VALUES (?, ?)`, res.ID, u.Code); err != nil {
			return nil, fmt.Errorf("reorganisation: unit %q: %w", u.Code, err)
		}
	}
	for i := range res.Postings {
		p := &res.Postings[i]
		if p.ID != 0 { // a posting of the day itself: it is the one that moves
			if _, err := tx.ExecContext(ctx, `UPDATE postings SET unit = ?, updated_at = ? WHERE id = ?`, p.Unit, now, p.ID); err != nil {
				return nil, fmt.Errorf("reorganisation: posting %d: %w", p.ID, err)
			}
		} else if err := insertPosting(ctx, tx, p); err != nil {
			return nil, err
		}
	}
	if err := tx.audit(ctx, chitieu.ActionCreate, "reorganisation", strconv.FormatInt(res.ID, 10), nil, r); err != nil {
		return nil, err
	}
	for _, u := range res.Units {
		after := *u
		tx.changed(chitieu.Change{Unit: &after})
	}
	for _, p := range res.Postings {
		if err := cadreFollowsPostings(ctx, tx, p.CadreID); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// UnitHistory returns the live unit with its versions and the reorganisations that changed it.
func (s *ReorganisationService) UnitHistory(ctx context.Context, code string) (*chitieu.UnitHistory, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, err := findUnit(ctx, tx, code)
	if err != nil {
		return nil, err
	}
	vs, err := unitVersions(ctx, tx, code)
	if err != nil {
		return nil, err
	}
	h := &chitieu.UnitHistory{Unit: *u, Versions: vs, Events: []chitieu.Reorganisation{}}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.effective_on, r.note, r.changes FROM reorganisations r
		JOIN reorganisation_units ru ON ru.reorganisation = r.id WHERE ru.unit = ? ORDER BY r.effective_on, r.id`, code)
	if err != nil {
		return nil, fmt.Errorf("unit %q: history: %w", code, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r chitieu.Reorganisation
		var changes string
		if err := rows.Scan(&r.ID, (*dateCol)(&r.EffectiveOn), &r.Note, &changes); err != nil {
			return nil, fmt.Errorf("unit %q: history: %w", code, err)
		}
		if err := json.Unmarshal([]byte(changes), &r.Changes); err != nil {
			return nil, fmt.Errorf("unit %q: history: reorganisation %d: %w", code, r.ID, err)
		}
		h.Events = append(h.Events, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unit %q: history: %w", code, err)
	}
	return h, nil
}
