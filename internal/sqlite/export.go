package sqlite

import (
	"context"
	"fmt"
	"strconv"

	"chitieu/internal/chitieu"
)

// The exports read every record a list filter selects, page by page through the same queries
// as the lists, in one read transaction so that the file is one consistent picture.

// exportPage is the page size of an export's reads.
const exportPage = chitieu.MaxLimit

// eachPage calls find with successive pages until one comes back short.
func eachPage(find func(page chitieu.Page) (int, error)) error {
	for offset := 0; ; offset += exportPage {
		n, err := find(chitieu.Page{Limit: exportPage, Offset: offset})
		if err != nil {
			return err
		}
		if n == 0 { // not n < exportPage: a page may be short of the rows that cannot be read back
			return nil
		}
	}
}

// ExportCadres calls fn with every live cadre the filter selects (its page is ignored), with
// its current levels and the days they were first obtained.
func (s *ImportService) ExportCadres(ctx context.Context, filter chitieu.CadreFilter,
	fn func(c *chitieu.Cadre, politicalTheoryOn, educationOn chitieu.Date) error) error {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	type levelKey struct {
		cadre int64
		kind  chitieu.TrainingKind
		level chitieu.Level
	}
	obtained := map[levelKey]chitieu.Date{}
	rows, err := tx.QueryContext(ctx, `SELECT cadre_id, kind, level, MIN(completed_on) FROM trainings
		WHERE status = 'completed' AND kind IN ('political_theory', 'education') AND deleted_at IS NULL
		GROUP BY cadre_id, kind, level`)
	if err != nil {
		return fmt.Errorf("export cadres: %w", err)
	}
	for rows.Next() {
		var k levelKey
		var d chitieu.Date
		err := rows.Scan(&k.cadre, &k.kind, &k.level, (*dateCol)(&d))
		if err != nil && scanColumn.MatchString(err.Error()) {
			continue // that record cannot be read back: the level's day is left empty
		} else if err != nil {
			rows.Close()
			return fmt.Errorf("export cadres: %w", err)
		}
		obtained[k] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export cadres: %w", err)
	}
	today := s.db.Today()
	return eachPage(func(page chitieu.Page) (int, error) {
		filter.Page = page
		list, _, err := findCadres(ctx, tx, filter, today)
		if err != nil {
			return 0, err
		}
		for _, c := range list {
			pt := obtained[levelKey{c.ID, chitieu.PoliticalTheory, c.PoliticalTheoryLevel}]
			edu := obtained[levelKey{c.ID, chitieu.Education, c.EducationLevel}]
			if err := fn(c, pt, edu); err != nil {
				return 0, err
			}
		}
		return len(list), nil
	})
}

// ExportTrainings calls fn with every live record the filter selects (its page is ignored) and
// its cadre's name, unit and birth date.
func (s *ImportService) ExportTrainings(ctx context.Context, filter chitieu.TrainingFilter,
	fn func(t *chitieu.Training, c *chitieu.Cadre) error) error {
	if err := filter.Validate(); err != nil {
		return err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cadres := map[int64]*chitieu.Cadre{}
	rows, err := tx.QueryContext(ctx, `SELECT id, full_name, unit, birth_date FROM cadres`)
	if err != nil {
		return fmt.Errorf("export training records: %w", err)
	}
	for rows.Next() {
		c := &chitieu.Cadre{}
		err := rows.Scan(&c.ID, &c.FullName, &c.Unit, (*dateCol)(&c.BirthDate))
		if err := readBack("cadres", strconv.FormatInt(c.ID, 10), err, c); isUnreadable(err) {
			continue // its records are exported with the cadre's id only
		} else if err != nil {
			rows.Close()
			return fmt.Errorf("export training records: %w", err)
		}
		cadres[c.ID] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export training records: %w", err)
	}
	return eachPage(func(page chitieu.Page) (int, error) {
		filter.Page = page
		list, _, err := findTrainings(ctx, tx, filter)
		if err != nil {
			return 0, err
		}
		for _, t := range list {
			c := cadres[t.CadreID]
			if c == nil {
				c = &chitieu.Cadre{ID: t.CadreID}
			}
			if err := fn(t, c); err != nil {
				return 0, err
			}
		}
		return len(list), nil
	})
}

// ExportYouthReports calls fn with every live report the filter selects (its page is ignored)
// and its unit's name.
func (s *ImportService) ExportYouthReports(ctx context.Context, filter chitieu.YouthReportFilter,
	fn func(r *chitieu.YouthReport, unitName string) error) error {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	units, err := allUnits(ctx, tx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, u := range units {
		names[u.Code] = u.Name
	}
	return eachPage(func(page chitieu.Page) (int, error) {
		filter.Page = page
		list, _, err := findYouthReports(ctx, tx, filter)
		if err != nil {
			return 0, err
		}
		for _, r := range list {
			if err := fn(r, names[r.Unit]); err != nil {
				return 0, err
			}
		}
		return len(list), nil
	})
}

// Units lists every live unit by code (for the templates' drop-downs).
func (s *ImportService) Units(ctx context.Context) ([]*chitieu.Unit, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return allUnits(ctx, tx)
}

func allUnits(ctx context.Context, q queryer) ([]*chitieu.Unit, error) {
	var out []*chitieu.Unit
	err := eachPage(func(page chitieu.Page) (int, error) {
		list, _, err := findUnits(ctx, q, chitieu.UnitFilter{Page: page})
		out = append(out, list...)
		return len(list), err
	})
	return out, err
}
