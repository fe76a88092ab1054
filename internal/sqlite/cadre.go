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

// CadreService keeps cadres in SQLite. Its reads fill in each cadre's current levels.
type CadreService struct {
	db *DB
}

var _ chitieu.CadreService = (*CadreService)(nil)

// NewCadreService returns the cadre service of db.
func NewCadreService(db *DB) *CadreService { return &CadreService{db: db} }

// FindCadreByID returns the live cadre with its levels as of today, or ENOTFOUND.
func (s *CadreService) FindCadreByID(ctx context.Context, id int64) (*chitieu.Cadre, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCadreByID(ctx, tx, id, s.db.Today())
}

// FindCadres lists live cadres by id, with their levels as of today.
func (s *CadreService) FindCadres(ctx context.Context, filter chitieu.CadreFilter) ([]*chitieu.Cadre, int, error) {
	if err := filter.Page.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findCadres(ctx, tx, filter, s.db.Today())
}

// CreateCadre adds a cadre to a live unit and sets its ID.
func (s *CadreService) CreateCadre(ctx context.Context, c *chitieu.Cadre) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return createCadre(ctx, tx, c) })
}

// UpdateCadre applies a partial update and returns the cadre as written, with its levels.
func (s *CadreService) UpdateCadre(ctx context.Context, id int64, upd chitieu.CadreUpdate) (*chitieu.Cadre, error) {
	if err := requireRecordWriter(ctx); err != nil {
		return nil, err
	}
	return writeReturning(ctx, s.db, func(tx *Tx) (*chitieu.Cadre, error) { return updateCadre(ctx, tx, id, upd) })
}

// DeleteCadre marks the cadre deleted. Its training records stay as they are.
func (s *CadreService) DeleteCadre(ctx context.Context, id int64) error {
	if err := requireRecordWriter(ctx); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *Tx) error { return deleteCadre(ctx, tx, id) })
}

// cadreColumns reads a cadre and its levels on a day, which is the query's first two arguments:
// for each kind, the level of the highest-ranked completed record completed by then, the
// earliest of equal rank (so that cu_nhan and cao_cap stay apart), as Dataset.levelOn decides.
const cadreColumns = `c.id, c.full_name, c.unit, c.position, c.full_time, c.joined_on, c.left_on, c.birth_date, c.gender,
	c.recruitment, c.exam_on, c.exam_result,
	COALESCE((SELECT t.level FROM trainings t
		WHERE t.cadre_id = c.id AND t.kind = 'political_theory' AND t.status = 'completed' AND t.completed_on <= ? AND t.deleted_at IS NULL
		ORDER BY t.rank DESC, t.completed_on, t.id LIMIT 1), ''),
	COALESCE((SELECT t.level FROM trainings t
		WHERE t.cadre_id = c.id AND t.kind = 'education' AND t.status = 'completed' AND t.completed_on <= ? AND t.deleted_at IS NULL
		ORDER BY t.rank DESC, t.completed_on, t.id LIMIT 1), '')`

// scanCadre scans a cadre; a row that cannot be read back is an *unreadable.
func scanCadre(row interface{ Scan(...any) error }, c *chitieu.Cadre) error {
	err := row.Scan(&c.ID, &c.FullName, &c.Unit, &c.Position, &c.FullTime,
		(*dateCol)(&c.JoinedOn), (*dateCol)(&c.LeftOn), (*dateCol)(&c.BirthDate), &c.Gender,
		&c.Recruitment, (*dateCol)(&c.ExamOn), &c.ExamResult,
		&c.PoliticalTheoryLevel, &c.EducationLevel)
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return readBack("cadres", strconv.FormatInt(c.ID, 10), err, c)
}

// findCadreByID returns the live cadre with its levels on day.
func findCadreByID(ctx context.Context, q queryer, id int64, day chitieu.Date) (*chitieu.Cadre, error) {
	var c chitieu.Cadre
	err := scanCadre(q.QueryRowContext(ctx, `SELECT `+cadreColumns+` FROM cadres c WHERE c.id = ? AND c.deleted_at IS NULL`,
		day.String(), day.String(), id), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleCadreNotFound, id)
	} else if err != nil {
		return nil, fmt.Errorf("find cadre %d: %w", id, err)
	}
	return &c, nil
}

func findCadres(ctx context.Context, q queryer, filter chitieu.CadreFilter, today chitieu.Date) ([]*chitieu.Cadre, int, error) {
	where, args := []string{"c.deleted_at IS NULL"}, []any{}
	if filter.Unit != "" {
		codes, err := liveSubtree(ctx, q, "unit", filter.Unit)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "c.unit IN "+inList(len(codes)))
		args = append(args, codes...)
	}
	if filter.Active != nil {
		active := `(c.joined_on <= ? AND (c.left_on IS NULL OR c.left_on > ?))`
		if !*filter.Active {
			active = "NOT " + active
		}
		where = append(where, active)
		args = append(args, today.String(), today.String())
	}
	switch filter.RecruitmentCheck {
	case "":
	case chitieu.RecruitmentCheckFailing:
		where = append(where, failingRecruitment)
		args = append(args, today.String(), today.String())
	default:
		return nil, 0, chitieu.Invalid("recruitment_check", chitieu.RuleRecruitmentCheck)
	}
	if key := chitieu.SearchKey(filter.Query); key != "" {
		where = append(where, `c.search_key LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(key)+"%")
	}
	cond := strings.Join(where, " AND ")

	total, err := count(ctx, q, `SELECT COUNT(*) FROM cadres c WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count cadres: %w", err)
	}
	// The level subqueries in the select list take the first two arguments.
	qargs := append([]any{today.String(), today.String()}, args...)
	qargs = append(qargs, filter.Limit, filter.Offset)
	rows, err := q.QueryContext(ctx, `SELECT `+cadreColumns+` FROM cadres c WHERE `+cond+` ORDER BY c.id LIMIT ? OFFSET ?`, qargs...)
	if err != nil {
		return nil, 0, fmt.Errorf("find cadres: %w", err)
	}
	defer rows.Close()
	cadres := []*chitieu.Cadre{}
	for rows.Next() {
		var c chitieu.Cadre
		if err := scanCadre(rows, &c); isUnreadable(err) {
			continue // named at load and by chitieu check
		} else if err != nil {
			return nil, 0, fmt.Errorf("find cadres: %w", err)
		}
		cadres = append(cadres, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find cadres: %w", err)
	}
	return cadres, total, nil
}

func createCadre(ctx context.Context, tx *Tx, c *chitieu.Cadre) error {
	if err := storableCadre(ctx, tx, c); err != nil {
		return err
	}
	if err := requireUnitAlive(ctx, tx, "unit", c.Unit, c.JoinedOn, c.LeftOn); err != nil {
		return err
	}
	if err := checkUnitScope(ctx, tx, c.Unit); err != nil {
		return err
	}
	if err := insertCadre(ctx, tx, c); err != nil {
		return err
	}
	if err := tx.audit(ctx, chitieu.ActionCreate, "cadre", strconv.FormatInt(c.ID, 10), nil, cadreRecord(c)); err != nil {
		return err
	}
	tx.changed(chitieu.Change{Cadre: cadreRecord(c)})
	return nil
}

// insertCadre writes a new cadre, checked by the caller, by the record services (an
// import gathers its new rows, see batchInsert).
func insertCadre(ctx context.Context, tx *Tx, c *chitieu.Cadre) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO cadres (`+cadreInsertColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		cadreInsertArgs(tx, c, nil)...)
	if err != nil {
		return fmt.Errorf("create cadre: %w", err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("create cadre: %w", err)
	}
	return nil
}

// cadreInsertColumns are the columns a new cadre's row is written with, their values
// cadreInsertArgs.
const cadreInsertColumns = `full_name, search_key, unit, position, full_time, joined_on, left_on, birth_date, gender,
	recruitment, exam_on, exam_result, created_at, updated_at, import_id`

// cadreInsertArgs also gives c the levels of a new cadre: none yet, whatever the request said.
func cadreInsertArgs(tx *Tx, c *chitieu.Cadre, importID any) []any {
	c.PoliticalTheoryLevel, c.EducationLevel = chitieu.LevelNone, chitieu.LevelNone
	now := formatTime(tx.now)
	return []any{c.FullName, chitieu.SearchKey(c.FullName), c.Unit, c.Position, c.FullTime,
		dateArg(c.JoinedOn), dateArg(c.LeftOn), dateArg(c.BirthDate), c.Gender,
		string(c.Recruitment), dateArg(c.ExamOn), string(c.ExamResult), now, now, importID}
}

func updateCadre(ctx context.Context, tx *Tx, id int64, upd chitieu.CadreUpdate) (*chitieu.Cadre, error) {
	before, err := findCadreByID(ctx, tx, id, tx.today)
	if err != nil {
		return nil, err
	}
	if err := checkUnitScope(ctx, tx, before.Unit); err != nil {
		return nil, err
	}
	c := *before
	upd.Apply(&c)
	c.Normalize()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := storableCadre(ctx, tx, &c); err != nil {
		return nil, err
	}
	if c.Unit != before.Unit {
		if err := requireLiveUnit(ctx, tx, "unit", c.Unit); err != nil {
			return nil, err
		}
		if err := checkUnitScope(ctx, tx, c.Unit); err != nil {
			return nil, err
		}
	}
	if err := checkPostings(ctx, tx, before, &c); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE cadres SET full_name = ?, search_key = ?, unit = ?, position = ?, full_time = ?, joined_on = ?, left_on = ?,
			birth_date = ?, gender = ?, recruitment = ?, exam_on = ?, exam_result = ?, updated_at = ?
		WHERE id = ? AND deleted_at IS NULL`,
		c.FullName, chitieu.SearchKey(c.FullName), c.Unit, c.Position, c.FullTime, dateArg(c.JoinedOn), dateArg(c.LeftOn),
		dateArg(c.BirthDate), c.Gender, string(c.Recruitment), dateArg(c.ExamOn), string(c.ExamResult), formatTime(tx.now), id); err != nil {
		return nil, fmt.Errorf("update cadre %d: %w", id, err)
	}
	if c.JoinedOn != before.JoinedOn || c.LeftOn != before.LeftOn {
		if err := cadreSpanChanged(ctx, tx, &c); err != nil {
			return nil, err
		}
	}
	if err := tx.audit(ctx, chitieu.ActionUpdate, "cadre", strconv.FormatInt(id, 10), cadreRecord(before), cadreRecord(&c)); err != nil {
		return nil, err
	}
	tx.changed(chitieu.Change{Cadre: cadreRecord(&c)})
	return &c, nil // its levels come from its training records, which have not changed
}

func deleteCadre(ctx context.Context, tx *Tx, id int64) error {
	before, err := findCadreByID(ctx, tx, id, tx.today)
	if err != nil {
		return err
	}
	if err := checkUnitScope(ctx, tx, before.Unit); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cadres SET deleted_at = ? WHERE id = ?`, formatTime(tx.now), id); err != nil {
		return fmt.Errorf("delete cadre %d: %w", id, err)
	}
	if err := tx.audit(ctx, chitieu.ActionDelete, "cadre", strconv.FormatInt(id, 10), cadreRecord(before), nil); err != nil {
		return err
	}
	tx.changed(chitieu.Change{Cadre: cadreRecord(before), Deleted: true})
	return nil
}

// cadreRecord is a copy of the cadre as stored, without the levels a read computes.
func cadreRecord(c *chitieu.Cadre) *chitieu.Cadre {
	r := *c
	r.PoliticalTheoryLevel, r.EducationLevel = chitieu.LevelNone, chitieu.LevelNone
	return &r
}

// cadreUnit returns the unit of a cadre, live or deleted (a training record's writes are
// authorised by its cadre's unit), or ENOTFOUND.
func cadreUnit(ctx context.Context, q queryer, id int64) (unit string, deleted bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT unit, deleted_at IS NOT NULL FROM cadres WHERE id = ?`, id).Scan(&unit, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleCadreNotFound, id)
	} else if err != nil {
		return "", false, fmt.Errorf("cadre %d: %w", id, err)
	}
	return unit, deleted, nil
}
