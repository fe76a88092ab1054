package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"chitieu/internal/chitieu"
)

// Leadership positions and their assignments.

// PositionService keeps leadership positions and their assignments in SQLite.
type PositionService struct {
	db *DB
}

var _ chitieu.PositionService = (*PositionService)(nil)

// NewPositionService returns the position service of db.
func NewPositionService(db *DB) *PositionService { return &PositionService{db: db} }

// FindPositionByID returns the live position with its assignments and its vacancy on asOf
// (zero: today).
func (s *PositionService) FindPositionByID(ctx context.Context, id int64, asOf chitieu.Date) (*chitieu.Position, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := findPosition(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p.Assignments, err = fillVacancy(ctx, tx, p, s.day(asOf)); err != nil {
		return nil, err
	}
	return p, nil
}

// day is asOf, or today when it is zero.
func (s *PositionService) day(asOf chitieu.Date) chitieu.Date {
	if asOf.IsZero() {
		return s.db.Today()
	}
	return asOf
}

// FindPositions lists live positions by unit and title, with their vacancy on the filter's day.
func (s *PositionService) FindPositions(ctx context.Context, filter chitieu.PositionFilter) ([]*chitieu.Position, int, error) {
	if err := filter.Page.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	where, args := "deleted_at IS NULL", []any{}
	if filter.Unit != "" {
		if err := requireLiveUnit(ctx, tx, "unit", filter.Unit); err != nil {
			return nil, 0, err
		}
		where += " AND unit = ?"
		args = append(args, filter.Unit)
	}
	if filter.CadreID != 0 {
		where += " AND id IN (SELECT position_id FROM assignments WHERE cadre_id = ? AND deleted_at IS NULL)"
		args = append(args, filter.CadreID)
	}
	total, err := count(ctx, tx, `SELECT COUNT(*) FROM positions WHERE `+where, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count positions: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE `+where+` ORDER BY unit, title LIMIT ? OFFSET ?`,
		append(args, filter.Limit, filter.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find positions: %w", err)
	}
	list := []*chitieu.Position{}
	for rows.Next() {
		var p chitieu.Position
		if err := scanPosition(rows, &p); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("find positions: %w", err)
		}
		list = append(list, &p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find positions: %w", err)
	}
	for _, p := range list {
		if _, err := fillVacancy(ctx, tx, p, s.day(filter.AsOf)); err != nil {
			return nil, 0, err
		}
	}
	return list, total, nil
}

// CreatePosition adds a position to a live unit and sets its ID.
func (s *PositionService) CreatePosition(ctx context.Context, p *chitieu.Position) error {
	if err := requireAdmin(ctx, "manage leadership positions"); err != nil {
		return err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := requireLiveUnit(ctx, tx, "unit", p.Unit); err != nil {
		return err
	}
	now := formatTime(tx.now)
	res, err := tx.ExecContext(ctx, `INSERT INTO positions (unit, title, seats, created_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.Unit, p.Title, p.Seats, dateArg(p.CreatedOn), now, now)
	if isUniqueViolation(err) {
		return chitieu.NewError(chitieu.ECONFLICT, "title", chitieu.RulePositionExists, p.Unit, p.Title)
	} else if err != nil {
		return fmt.Errorf("create position: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create position: %w", err)
	}
	p.Assignments, p.AsOf, p.VacantSeats, p.VacantSince = nil, 0, 0, 0
	if err := tx.audit(ctx, chitieu.ActionCreate, "position", strconv.FormatInt(p.ID, 10), nil, p); err != nil {
		return err
	}
	rec := *p
	tx.changed(chitieu.Change{Position: &rec})
	if err := tx.Commit(); err != nil {
		return err
	}
	// A new position has no assignment yet: all its seats are vacant from created_on.
	p.AsOf = tx.today
	p.VacantSeats = chitieu.VacantSeats(p, nil, tx.today)
	p.VacantSince, _ = chitieu.VacantSince(p, nil, tx.today)
	return nil
}

// UpdatePosition replaces the position's unit, title, seats and created_on; the seats must still
// hold every assignment on every day.
func (s *PositionService) UpdatePosition(ctx context.Context, id int64, p *chitieu.Position) (*chitieu.Position, error) {
	if err := requireAdmin(ctx, "manage leadership positions"); err != nil {
		return nil, err
	}
	if p.ID != 0 && p.ID != id {
		return nil, chitieu.Invalid("id", chitieu.RuleFixed)
	}
	p.ID = id
	p.Normalize()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	before, err := findPosition(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := requireLiveUnit(ctx, tx, "unit", p.Unit); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE positions SET unit = ?, title = ?, seats = ?, created_on = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`,
		p.Unit, p.Title, p.Seats, dateArg(p.CreatedOn), formatTime(tx.now), id)
	if isUniqueViolation(err) {
		return nil, chitieu.NewError(chitieu.ECONFLICT, "title", chitieu.RulePositionExists, p.Unit, p.Title)
	} else if err != nil {
		return nil, fmt.Errorf("update position %d: %w", id, err)
	}
	if err := checkSeats(ctx, tx, p); err != nil {
		return nil, err
	}
	p.Assignments, p.AsOf, p.VacantSeats, p.VacantSince = nil, 0, 0, 0
	if err := tx.audit(ctx, chitieu.ActionUpdate, "position", strconv.FormatInt(id, 10), before, p); err != nil {
		return nil, err
	}
	rec := *p
	tx.changed(chitieu.Change{Position: &rec})
	assignments, err := fillVacancy(ctx, tx, p, tx.today)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	p.Assignments = assignments
	return p, nil
}

// DeletePosition marks the position deleted; its assignments stay, as history, and come back
// with it (RestoreService.RestorePosition).
func (s *PositionService) DeletePosition(ctx context.Context, id int64) error {
	if err := requireAdmin(ctx, "manage leadership positions"); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	before, err := findPosition(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE positions SET deleted_at = ? WHERE id = ?`, formatTime(tx.now), id); err != nil {
		return fmt.Errorf("delete position %d: %w", id, err)
	}
	if err := tx.audit(ctx, chitieu.ActionDelete, "position", strconv.FormatInt(id, 10), before, nil); err != nil {
		return err
	}
	tx.changed(chitieu.Change{Position: before, Deleted: true})
	return tx.Commit()
}

// CreateAssignment gives a cadre a seat of a position and sets the assignment's ID. An
// assignment of a cadre who has left ends on the day they left at the latest.
func (s *PositionService) CreateAssignment(ctx context.Context, a *chitieu.Assignment) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p, err := findPosition(ctx, tx, a.PositionID)
	if err != nil {
		return err
	}
	if err := checkUnitScope(ctx, tx, p.Unit); err != nil {
		return err
	}
	if err := checkCadreScope(ctx, tx, a.CadreID); err != nil {
		return err
	}
	if err := checkAssignment(ctx, tx, p, a); err != nil {
		return err
	}
	now := formatTime(tx.now)
	res, err := tx.ExecContext(ctx, `INSERT INTO assignments (position_id, cadre_id, started_on, ended_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.PositionID, a.CadreID, dateArg(a.StartedOn), dateArg(a.EndedOn), now, now)
	if err != nil {
		return fmt.Errorf("create assignment: %w", err)
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create assignment: %w", err)
	}
	if err := checkSeats(ctx, tx, p); err != nil {
		return err
	}
	if err := tx.audit(ctx, chitieu.ActionCreate, "assignment", strconv.FormatInt(a.ID, 10), nil, a); err != nil {
		return err
	}
	rec := *a
	tx.changed(chitieu.Change{Assignment: &rec})
	return tx.Commit()
}

// UpdateAssignment changes an assignment's days (to end it, mostly) and returns it as written.
func (s *PositionService) UpdateAssignment(ctx context.Context, id int64, upd chitieu.AssignmentUpdate) (*chitieu.Assignment, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	before, err := findAssignment(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p, err := findPosition(ctx, tx, before.PositionID)
	if err != nil {
		return nil, err
	}
	if err := checkUnitScope(ctx, tx, p.Unit); err != nil {
		return nil, err
	}
	a := *before
	upd.Apply(&a)
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := checkAssignment(ctx, tx, p, &a); err != nil {
		return nil, err
	}
	if err := writeAssignment(ctx, tx, before, &a); err != nil {
		return nil, err
	}
	if err := checkSeats(ctx, tx, p); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return &a, nil
}

// DeleteAssignment marks an assignment deleted (one entered by mistake; an assignment that
// ended is ended, not deleted): from then its cadre never held that seat.
func (s *PositionService) DeleteAssignment(ctx context.Context, id int64) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error {
		before, err := findAssignment(ctx, tx, id)
		if err != nil {
			return err
		}
		p, err := findPosition(ctx, tx, before.PositionID)
		if err != nil {
			return err
		}
		if err := checkUnitScope(ctx, tx, p.Unit); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assignments SET deleted_at = ? WHERE id = ?`, formatTime(tx.now), id); err != nil {
			return fmt.Errorf("delete assignment %d: %w", id, err)
		}
		if err := tx.audit(ctx, chitieu.ActionDelete, "assignment", strconv.FormatInt(id, 10), before, nil); err != nil {
			return err
		}
		tx.changed(chitieu.Change{Assignment: before, Deleted: true})
		return nil
	})
}

// writeAssignment stores an assignment's days with its audit row and change.
func writeAssignment(ctx context.Context, tx *Tx, before, a *chitieu.Assignment) error {
	if _, err := tx.ExecContext(ctx, `UPDATE assignments SET started_on = ?, ended_on = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`,
		dateArg(a.StartedOn), dateArg(a.EndedOn), formatTime(tx.now), a.ID); err != nil {
		return fmt.Errorf("update assignment %d: %w", a.ID, err)
	}
	if err := tx.audit(ctx, chitieu.ActionUpdate, "assignment", strconv.FormatInt(a.ID, 10), before, a); err != nil {
		return err
	}
	rec := *a
	tx.changed(chitieu.Change{Assignment: &rec})
	return nil
}

// checkAssignment checks an assignment against its position and its cadre, and ends it on the
// day the cadre left at the latest.
func checkAssignment(ctx context.Context, tx *Tx, p *chitieu.Position, a *chitieu.Assignment) error {
	if a.StartedOn < p.CreatedOn {
		return chitieu.Invalid("started_on", chitieu.RuleNotBeforePosition, p.CreatedOn)
	}
	c, err := findCadreByID(ctx, tx, a.CadreID, tx.today)
	if chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
		return chitieu.Invalid("cadre_id", chitieu.RuleCadreNotFound, a.CadreID)
	} else if err != nil {
		return err
	}
	switch {
	case a.StartedOn < c.JoinedOn:
		return chitieu.Invalid("started_on", chitieu.RuleNotBeforeJoining, c.JoinedOn)
	case !c.LeftOn.IsZero() && a.StartedOn >= c.LeftOn:
		return chitieu.Invalid("started_on", chitieu.RuleBeforeLeaving, c.LeftOn)
	case !c.LeftOn.IsZero() && (a.EndedOn.IsZero() || a.EndedOn > c.LeftOn):
		a.EndedOn = c.LeftOn // a cadre who leaves ends their assignments on that day
	}
	// The same cadre does not hold two seats of one position at once.
	var other int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM assignments
		WHERE position_id = ? AND cadre_id = ? AND id <> ? AND deleted_at IS NULL
			AND started_on < COALESCE(?, '9999-12-31') AND COALESCE(ended_on, '9999-12-31') > ?
		LIMIT 1`, p.ID, a.CadreID, a.ID, dateArg(a.EndedOn), a.StartedOn.String()).Scan(&other)
	if err == nil {
		return chitieu.NewError(chitieu.ECONFLICT, "cadre_id", chitieu.RuleAssignmentOverlap, a.CadreID, p.ID, other)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("assignment overlap: %w", err)
	}
	return nil
}

// checkSeats refuses a state in which the position's seats are over-filled on some day.
func checkSeats(ctx context.Context, tx *Tx, p *chitieu.Position) error {
	assignments, hs, err := positionHoldings(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	for _, a := range assignments {
		if a.StartedOn < p.CreatedOn {
			return chitieu.NewError(chitieu.ECONFLICT, "created_on", chitieu.RuleAssignmentBeforePosition, a.ID, p.ID, a.StartedOn, p.CreatedOn)
		}
	}
	if d, over := chitieu.OverFilled(p, hs); over {
		return chitieu.NewError(chitieu.ECONFLICT, "seats", chitieu.RuleOverSeats,
			p.Title, p.Unit, chitieu.HeldOn(hs, d), d, p.Seats)
	}
	return nil
}

// cadreSpanChanged follows a change of a cadre's joined_on or left_on: a cadre who leaves ends
// their assignments on that day, and the seats they hold must still not be over-filled.
func cadreSpanChanged(ctx context.Context, tx *Tx, c *chitieu.Cadre) error {
	list, err := findAssignments(ctx, tx, `cadre_id = ?`, c.ID)
	if err != nil {
		return err
	}
	positions := map[int64]bool{}
	for _, a := range list {
		positions[a.PositionID] = true
		if c.LeftOn.IsZero() || (!a.EndedOn.IsZero() && a.EndedOn <= c.LeftOn) {
			continue
		}
		if a.StartedOn >= c.LeftOn {
			return chitieu.NewError(chitieu.ECONFLICT, "left_on", chitieu.RuleHoldsAfterLeaving,
				a.PositionID, a.StartedOn, a.ID, c.LeftOn)
		}
		ended := *a
		ended.EndedOn = c.LeftOn
		if err := writeAssignment(ctx, tx, a, &ended); err != nil {
			return err
		}
	}
	for id := range positions {
		p, err := findPosition(ctx, tx, id)
		if chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
			continue // a deleted position keeps its history as it was
		} else if err != nil {
			return err
		}
		if err := checkSeats(ctx, tx, p); err != nil {
			return err
		}
	}
	return nil
}

const positionColumns = `id, unit, title, seats, created_on`

// scanPosition scans a position; a row that cannot be read back is an *unreadable.
func scanPosition(row interface{ Scan(...any) error }, p *chitieu.Position) error {
	err := row.Scan(&p.ID, &p.Unit, &p.Title, &p.Seats, (*dateCol)(&p.CreatedOn))
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return readBack("positions", strconv.FormatInt(p.ID, 10), err, p)
}

func findPosition(ctx context.Context, q queryer, id int64) (*chitieu.Position, error) {
	var p chitieu.Position
	err := scanPosition(q.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE id = ? AND deleted_at IS NULL`, id), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RulePositionNotFound, id)
	} else if err != nil {
		return nil, fmt.Errorf("find position %d: %w", id, err)
	}
	return &p, nil
}

const assignmentColumns = `id, position_id, cadre_id, started_on, ended_on`

// scanAssignment scans an assignment; a row that cannot be read back is an *unreadable.
func scanAssignment(row interface{ Scan(...any) error }, a *chitieu.Assignment) error {
	err := row.Scan(&a.ID, &a.PositionID, &a.CadreID, (*dateCol)(&a.StartedOn), (*dateCol)(&a.EndedOn))
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return readBack("assignments", strconv.FormatInt(a.ID, 10), err, a)
}

func findAssignment(ctx context.Context, q queryer, id int64) (*chitieu.Assignment, error) {
	var a chitieu.Assignment
	err := scanAssignment(q.QueryRowContext(ctx, `SELECT `+assignmentColumns+` FROM assignments WHERE id = ? AND deleted_at IS NULL`, id), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleAssignmentNotFound, id)
	} else if err != nil {
		return nil, fmt.Errorf("find assignment %d: %w", id, err)
	}
	return &a, nil
}

// findAssignments lists the live assignments that meet a condition on one argument.
func findAssignments(ctx context.Context, q queryer, cond string, arg any) ([]*chitieu.Assignment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+assignmentColumns+` FROM assignments WHERE deleted_at IS NULL AND `+cond+` ORDER BY started_on, id`, arg)
	if err != nil {
		return nil, fmt.Errorf("find assignments: %w", err)
	}
	defer rows.Close()
	var list []*chitieu.Assignment
	for rows.Next() {
		var a chitieu.Assignment
		if err := scanAssignment(rows, &a); err != nil {
			return nil, fmt.Errorf("find assignments: %w", err)
		}
		list = append(list, &a)
	}
	return list, rows.Err()
}

// positionHoldings returns a position's assignments and the spans in which they hold seats,
// from the assignments and their cadres' days (a deleted cadre holds none).
func positionHoldings(ctx context.Context, q queryer, positionID int64) ([]*chitieu.Assignment, []chitieu.Holding, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.position_id, a.cadre_id, a.started_on, a.ended_on, c.joined_on, c.left_on, c.deleted_at IS NOT NULL
		FROM assignments a JOIN cadres c ON c.id = a.cadre_id
		WHERE a.position_id = ? AND a.deleted_at IS NULL ORDER BY a.started_on, a.id`, positionID)
	if err != nil {
		return nil, nil, fmt.Errorf("position %d holdings: %w", positionID, err)
	}
	defer rows.Close()
	var list []*chitieu.Assignment
	var hs []chitieu.Holding
	for rows.Next() {
		var a chitieu.Assignment
		var c chitieu.Cadre
		var deleted bool
		err := rows.Scan(&a.ID, &a.PositionID, &a.CadreID, (*dateCol)(&a.StartedOn), (*dateCol)(&a.EndedOn),
			(*dateCol)(&c.JoinedOn), (*dateCol)(&c.LeftOn), &deleted)
		row, bad := asUnreadable(readBack("assignments", strconv.FormatInt(a.ID, 10), err, &a))
		badCadre := bad && (row.Field == "joined_on" || row.Field == "left_on")
		switch {
		case bad && !badCadre:
			continue // the assignment cannot be read back: left out, as the figures leave it out
		case err != nil && !bad:
			return nil, nil, fmt.Errorf("position %d holdings: %w", positionID, err)
		}
		holder := &c
		if deleted || badCadre { // a cadre who cannot be read back holds no seat, as in the figures
			holder = nil
		}
		list = append(list, &a)
		hs = append(hs, chitieu.HoldingOf(&a, holder))
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("position %d holdings: %w", positionID, err)
	}
	return list, hs, nil
}

// fillVacancy sets the position's vacancy on day and returns its assignments.
func fillVacancy(ctx context.Context, q queryer, p *chitieu.Position, day chitieu.Date) ([]*chitieu.Assignment, error) {
	list, hs, err := positionHoldings(ctx, q, p.ID)
	if err != nil {
		return nil, err
	}
	p.AsOf = day
	p.VacantSeats = chitieu.VacantSeats(p, hs, day)
	p.VacantSince, _ = chitieu.VacantSince(p, hs, day)
	if list == nil {
		list = []*chitieu.Assignment{}
	}
	return list, nil
}

// loadPositions reads into ds the live positions and their assignments.
func loadPositions(ctx context.Context, q queryer, ds *chitieu.Dataset) error {
	err := each(ctx, q, `SELECT `+positionColumns+` FROM positions WHERE deleted_at IS NULL`, func(rows *sql.Rows) error {
		var p chitieu.Position
		if err := scanPosition(rows, &p); isUnreadable(err) {
			ds.NoteUnreadable(unreadableRow(err))
			return nil
		} else if err != nil {
			return err
		}
		ds.PutPosition(p)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load positions: %w", err)
	}
	err = each(ctx, q, `SELECT `+assignmentColumns+` FROM assignments
		WHERE deleted_at IS NULL AND position_id IN (SELECT id FROM positions WHERE deleted_at IS NULL)`, func(rows *sql.Rows) error {
		var a chitieu.Assignment
		if err := scanAssignment(rows, &a); isUnreadable(err) {
			ds.NoteUnreadable(unreadableRow(err))
			return nil
		} else if err != nil {
			return err
		}
		ds.PutAssignment(a)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load assignments: %w", err)
	}
	return nil
}
