package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// storable is the last check before a record is written, inside the write's transaction: every
// value within its documented range, whichever caller skipped Validate, so that the store never
// writes what it cannot read back.
func storable(r interface{ ValidateValues() error }) error {
	return r.ValidateValues()
}

// storableCadre adds the cadre's rules that need a clock or the database: a birth date not in
// the future, and not after the dates of the cadre's live training records.
func storableCadre(ctx context.Context, tx *Tx, c *chitieu.Cadre) error {
	if err := storable(c); err != nil {
		return err
	}
	if err := c.CheckBirthDate(tx.today); err != nil {
		return err
	}
	if c.ID == 0 || c.BirthDate.IsZero() {
		return nil
	}
	var first sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT MIN(MIN(COALESCE(started_on, '9'), COALESCE(expected_on, '9'), COALESCE(completed_on, '9')))
		FROM trainings WHERE cadre_id = ? AND deleted_at IS NULL`, c.ID).Scan(&first); err != nil {
		return fmt.Errorf("cadre %d: first training date: %w", c.ID, err)
	}
	if first.Valid && first.String < c.BirthDate.String() {
		d, _ := chitieu.ParseDate(first.String) // a stored day; one that cannot be read is chitieu check's
		return chitieu.Invalid("birth_date", chitieu.RuleBirthAfterTraining, d)
	}
	return nil
}

// storableTraining adds the record's rule that needs its cadre: no date before the birth.
func storableTraining(ctx context.Context, tx *Tx, t *chitieu.Training) error {
	if err := storable(t); err != nil {
		return err
	}
	var birth chitieu.Date
	err := tx.QueryRowContext(ctx, `SELECT birth_date FROM cadres WHERE id = ?`, t.CadreID).Scan((*dateCol)(&birth))
	if err != nil && scanColumn.MatchString(err.Error()) {
		birth = 0 // unknown: it cannot be read back (chitieu check lists it)
	} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("cadre %d: birth date: %w", t.CadreID, err)
	}
	return t.CheckAfterBirth(birth)
}

// unreadable is a stored row that cannot be read back. A read of that one record answers the
// *chitieu.Error it unwraps to: a fault of the data (500), named so that it can be mended.
type unreadable struct {
	row chitieu.UnreadableRow
}

func (e *unreadable) Error() string { return e.row.String() }

func (e *unreadable) Unwrap() error {
	return chitieu.NewError(chitieu.EINTERNAL, "", chitieu.RuleUnreadable,
		e.row.Table, e.row.ID, e.row.Field, e.row.Problem)
}

// scanColumn finds the column in database/sql's scan error, which has no type of its own:
// "sql: Scan error on column index 7, name "birth_date": …".
var scanColumn = regexp.MustCompile(`^sql: Scan error on column index \d+, name "([^"]*)": (.*)$`)

// readBack turns the outcome of scanning one row of table into an *unreadable naming the row's
// id and the field when the row cannot be read back: a value that does not scan, or one outside
// its documented range. Other errors (and nil) pass through as they are. database/sql scans the
// columns in order, so the id, which comes first, is already set when a later column fails.
func readBack(table, id string, scanErr error, rec interface{ ValidateValues() error }) error {
	var problem, field string
	if scanErr != nil {
		m := scanColumn.FindStringSubmatch(scanErr.Error())
		if m == nil {
			return scanErr
		}
		field, problem = m[1], m[2]
	} else if err := rec.ValidateValues(); err != nil {
		field, problem = i18n.Rule(i18n.EN, err)
	} else {
		return nil
	}
	return &unreadable{row: chitieu.UnreadableRow{Table: table, ID: id, Field: field, Problem: problem}}
}

// readBackID is readBack for a row with a numeric id, which it names only when the row cannot
// be read back: the load reads a million.
func readBackID(table string, id int64, scanErr error, rec interface{ ValidateValues() error }) error {
	err := readBack(table, "", scanErr, rec)
	if u, ok := err.(*unreadable); ok {
		u.row.ID = strconv.FormatInt(id, 10)
	}
	return err
}

// unreadableRow is the row of an *unreadable in err's chain.
func unreadableRow(err error) chitieu.UnreadableRow {
	row, _ := asUnreadable(err)
	return row
}

// isUnreadable tells whether err is a row that cannot be read back.
func isUnreadable(err error) bool {
	_, ok := asUnreadable(err)
	return ok
}

// asUnreadable returns the row of an *unreadable in err's chain.
func asUnreadable(err error) (chitieu.UnreadableRow, bool) {
	if err == nil {
		return chitieu.UnreadableRow{}, false // without the allocation of errors.As's target
	}
	var u *unreadable
	if errors.As(err, &u) {
		return u.row, true
	}
	return chitieu.UnreadableRow{}, false
}
