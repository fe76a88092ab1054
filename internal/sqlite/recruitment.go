package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"chitieu/internal/chitieu"
)

// The recruitment rule and how each cadre was recruited.

// failingRecruitment is the SQL of chitieu.RecruitmentRule.Fails on the day given twice as its
// arguments: full-time, active, joined on or after the start date, in the scope, not exempt and
// without a passed exam. A test checks it against the Dataset's answer.
const failingRecruitment = `(c.full_time = 1 AND c.joined_on <= ? AND (c.left_on IS NULL OR c.left_on > ?)
	AND c.joined_on >= (SELECT start_date FROM recruitment_rule WHERE id = 1)
	AND c.recruitment NOT IN (SELECT value FROM json_each((SELECT exempt FROM recruitment_rule WHERE id = 1)))
	AND NOT (c.recruitment = 'exam' AND c.exam_result = 'passed')
	AND ((SELECT scope_unit FROM recruitment_rule WHERE id = 1) IS NULL OR c.unit IN (
		WITH RECURSIVE sub(code) AS (
			SELECT scope_unit FROM recruitment_rule WHERE id = 1
			UNION
			SELECT u.code FROM units u JOIN sub ON u.parent = sub.code WHERE u.deleted_at IS NULL
		)
		SELECT code FROM sub)))`

// RecruitmentRuleService keeps the recruitment rule in SQLite.
type RecruitmentRuleService struct {
	db *DB
}

var _ chitieu.RecruitmentRuleService = (*RecruitmentRuleService)(nil)

// NewRecruitmentRuleService returns the recruitment rule service of db.
func NewRecruitmentRuleService(db *DB) *RecruitmentRuleService {
	return &RecruitmentRuleService{db: db}
}

// FindRecruitmentRule returns the rule.
func (s *RecruitmentRuleService) FindRecruitmentRule(ctx context.Context) (*chitieu.RecruitmentRule, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findRecruitmentRule(ctx, tx)
}

// UpdateRecruitmentRule replaces the rule and returns it as written.
func (s *RecruitmentRuleService) UpdateRecruitmentRule(ctx context.Context, r *chitieu.RecruitmentRule) (*chitieu.RecruitmentRule, error) {
	if err := requireAdmin(ctx, "change the recruitment rule"); err != nil {
		return nil, err
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	before, err := findRecruitmentRule(ctx, tx)
	if err != nil {
		return nil, err
	}
	if r.ScopeUnit != "" {
		if err := requireLiveUnit(ctx, tx, "scope_unit", r.ScopeUnit); err != nil {
			return nil, err
		}
	}
	exempt, err := json.Marshal(r.Exempt)
	if err != nil {
		return nil, fmt.Errorf("recruitment rule: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE recruitment_rule SET start_date = ?, scope_unit = ?, exempt = ?, updated_at = ? WHERE id = 1`,
		dateArg(r.StartDate), nullString(r.ScopeUnit), string(exempt), formatTime(tx.now)); err != nil {
		return nil, fmt.Errorf("update recruitment rule: %w", err)
	}
	if err := tx.audit(ctx, chitieu.ActionUpdate, "recruitment_rule", "recruitment", before, r); err != nil {
		return nil, err
	}
	after := *r
	tx.changed(chitieu.Change{RecruitmentRule: &after})
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return r, nil
}

func findRecruitmentRule(ctx context.Context, q queryer) (*chitieu.RecruitmentRule, error) {
	var r chitieu.RecruitmentRule
	var exempt string
	err := q.QueryRowContext(ctx, `SELECT start_date, COALESCE(scope_unit, ''), exempt FROM recruitment_rule WHERE id = 1`).
		Scan((*dateCol)(&r.StartDate), &r.ScopeUnit, &exempt)
	if !errors.Is(err, sql.ErrNoRows) {
		err = readBack("recruitment_rule", "1", err, &r)
	}
	if err != nil {
		return nil, fmt.Errorf("recruitment rule: %w", err)
	}
	if err := json.Unmarshal([]byte(exempt), &r.Exempt); err != nil {
		return nil, fmt.Errorf("recruitment rule: exempt: %w", err)
	}
	r.Normalize()
	return &r, nil
}

// loadRecruitment reads into ds how each cadre was recruited and the recruitment rule.
func loadRecruitment(ctx context.Context, q queryer, ds *chitieu.Dataset) error {
	err := each(ctx, q, `SELECT id, recruitment, exam_on, exam_result FROM cadres WHERE deleted_at IS NULL AND recruitment <> ''`,
		func(rows *sql.Rows) error {
			var id int64
			var h chitieu.Hiring
			err := rows.Scan(&id, &h.Recruitment, (*dateCol)(&h.ExamOn), &h.ExamResult)
			if err != nil && scanColumn.MatchString(err.Error()) {
				return nil // the cadre is left out, and noted, with the cadres
			} else if err != nil {
				return err
			}
			ds.SetHiring(id, h)
			return nil
		})
	if err != nil {
		return fmt.Errorf("load recruitment: %w", err)
	}
	rule, err := findRecruitmentRule(ctx, q)
	if isUnreadable(err) {
		ds.NoteUnreadable(unreadableRow(err)) // the Dataset keeps the default rule
	} else if err != nil {
		return err
	} else {
		ds.SetRecruitmentRule(*rule)
	}
	return nil
}
