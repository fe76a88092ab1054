package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"chitieu/internal/chitieu"
)

// PostingService keeps cadres' postings in SQLite.
type PostingService struct {
	db *DB
}

var _ chitieu.PostingService = (*PostingService)(nil)

// NewPostingService returns the posting service of db.
func NewPostingService(db *DB) *PostingService { return &PostingService{db: db} }

// FindPostings returns the live cadre's postings, oldest first, or ENOTFOUND.
func (s *PostingService) FindPostings(ctx context.Context, cadreID int64) ([]chitieu.Posting, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := findCadreByID(ctx, tx, cadreID, s.db.Today()); err != nil {
		return nil, err
	}
	return findPostings(ctx, tx, `cadre_id = ?`, cadreID)
}

// CreatePosting adds a posting from its day: on or after the cadre joined, before it left, not
// on the day of another of its postings, to a unit alive over the whole posting.
func (s *PostingService) CreatePosting(ctx context.Context, p *chitieu.Posting) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return createPosting(ctx, tx, p) })
}

const postingColumns = `id, cadre_id, unit, full_time, position, from_on`

// findPostings returns the postings that match where, by cadre and day.
func findPostings(ctx context.Context, q queryer, where string, args ...any) ([]chitieu.Posting, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+postingColumns+` FROM postings WHERE `+where+` ORDER BY cadre_id, from_on`, args...)
	if err != nil {
		return nil, fmt.Errorf("find postings: %w", err)
	}
	defer rows.Close()
	out := []chitieu.Posting{}
	for rows.Next() {
		var p chitieu.Posting
		if err := rows.Scan(&p.ID, &p.CadreID, &p.Unit, &p.FullTime, &p.Position, (*dateCol)(&p.From)); err != nil {
			return nil, fmt.Errorf("find postings: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find postings: %w", err)
	}
	return out, nil
}

// cadreWithPostings returns the live cadre with its postings.
func cadreWithPostings(ctx context.Context, tx *Tx, id int64) (*chitieu.Cadre, error) {
	c, err := findCadreByID(ctx, tx, id, tx.today)
	if err != nil {
		return nil, err
	}
	ps, err := findPostings(ctx, tx, `cadre_id = ?`, id)
	if err != nil {
		return nil, err
	}
	c.SetPostings(ps)
	return c, nil
}

func createPosting(ctx context.Context, tx *Tx, p *chitieu.Posting) error {
	c, err := cadreWithPostings(ctx, tx, p.CadreID)
	if err != nil {
		return err
	}
	for _, unit := range []string{c.Unit, p.Unit} {
		if err := checkUnitScope(ctx, tx, unit); err != nil {
			return err
		}
	}
	if err := chitieu.CheckPostingOf(c, p); err != nil {
		return err
	}
	// The posting lasts until the next one, or until the cadre leaves.
	until := c.LeftOn
	for _, q := range c.PostingList() {
		if q.From > p.From && (until.IsZero() || q.From < until) {
			until = q.From
		}
	}
	if err := requireUnitAlive(ctx, tx, "unit", p.Unit, p.From, until); err != nil {
		return err
	}
	if err := insertPosting(ctx, tx, p); err != nil {
		return err
	}
	if err := tx.audit(ctx, chitieu.ActionCreate, "posting", strconv.FormatInt(p.ID, 10), nil, p); err != nil {
		return err
	}
	return cadreFollowsPostings(ctx, tx, c.ID)
}

// insertPosting adds a posting and sets its ID; the latest posting is the cadre's own fields.
func insertPosting(ctx context.Context, tx *Tx, p *chitieu.Posting) error {
	now := formatTime(tx.now)
	res, err := tx.ExecContext(ctx, `INSERT INTO postings (cadre_id, unit, full_time, position, from_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, p.CadreID, p.Unit, p.FullTime, p.Position, p.From.String(), now, now)
	if isUniqueViolation(err) {
		return chitieu.NewError(chitieu.ECONFLICT, "from", chitieu.RulePostingSameDay, p.CadreID, p.From)
	} else if err != nil {
		return fmt.Errorf("create posting: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create posting: %w", err)
	}
	return nil
}

// cadreFollowsPostings brings the cadre's own fields to its latest posting after its postings
// were written, and hands the cadre with its postings to the figures.
func cadreFollowsPostings(ctx context.Context, tx *Tx, cadreID int64) error {
	if _, err := tx.ExecContext(ctx, `
		UPDATE cadres SET (unit, full_time, position, updated_at) =
			(SELECT unit, full_time, position, ? FROM postings WHERE cadre_id = ? ORDER BY from_on DESC LIMIT 1)
		WHERE id = ?`, formatTime(tx.now), cadreID, cadreID); err != nil {
		return fmt.Errorf("cadre %d: latest posting: %w", cadreID, err)
	}
	c, err := cadreWithPostings(ctx, tx, cadreID)
	if err != nil {
		return err
	}
	tx.changed(chitieu.Change{Cadre: cadreRecord(c)})
	return nil
}

// requireUnitAlive refuses a unit that is not live, or not alive on each day from from until
// until (excluded; no date: for good).
func requireUnitAlive(ctx context.Context, q queryer, field, code string, from, until chitieu.Date) error {
	var founded, dissolved chitieu.Date
	err := q.QueryRowContext(ctx, `SELECT founded_on, dissolved_on FROM units WHERE code = ? AND deleted_at IS NULL`, code).
		Scan((*dateCol)(&founded), (*dateCol)(&dissolved))
	if errors.Is(err, sql.ErrNoRows) {
		return chitieu.Invalid(field, chitieu.RuleUnitNotFound, code)
	} else if err != nil {
		return fmt.Errorf("unit %q: %w", code, err)
	}
	u := chitieu.Unit{FoundedOn: founded, DissolvedOn: dissolved}
	switch {
	case !u.AliveOn(from):
		return chitieu.Invalid(field, chitieu.RuleUnitNotAliveOn, code, from)
	case !dissolved.IsZero() && (until.IsZero() || until > dissolved):
		return chitieu.Invalid(field, chitieu.RuleUnitNotAliveOn, code, dissolved)
	}
	return nil
}

// checkPostings refuses an update of a cadre that its postings cannot follow: a joined_on on or
// after its second posting, a left_on on or before its latest, a unit (the latest posting's
// correction) not alive over the latest posting.
func checkPostings(ctx context.Context, q queryer, before, c *chitieu.Cadre) error {
	ps, err := findPostings(ctx, q, `cadre_id = ?`, c.ID)
	if err != nil || len(ps) == 0 {
		return err
	}
	last := ps[len(ps)-1]
	switch {
	case len(ps) > 1 && c.JoinedOn >= ps[1].From:
		return chitieu.NewError(chitieu.ECONFLICT, "joined_on", chitieu.RuleJoinedAfterPosting, ps[1].From)
	case len(ps) > 1 && !c.LeftOn.IsZero() && c.LeftOn <= last.From:
		return chitieu.NewError(chitieu.ECONFLICT, "left_on", chitieu.RuleLeftBeforePosting, last.From)
	case c.Unit != before.Unit:
		return requireUnitAlive(ctx, q, "unit", c.Unit, max(last.From, c.JoinedOn), c.LeftOn)
	}
	return nil
}
