package httpapi

import (
	"context"

	"chitieu/internal/chitieu"
)

// The read rule, the same on the API as on the pages: an editor limited to a unit reads, as it
// writes, only the records of its unit's subtree (cadres, their training records, youth
// reports, leadership positions), in lists, single records and exports. A record of another
// unit does not exist for it (404, as on the pages); a list naming another unit is refused (403).
// Admins, viewers and editors without a unit read every record. The plan's structure (units,
// targets) and its figures stay province-wide for everyone.

// maxUnitDepth bounds the walk up a unit's parents, which the store never makes a cycle of.
const maxUnitDepth = 64

// scopedUser is the request's user when it is limited to a unit, else nil.
func scopedUser(ctx context.Context) *chitieu.User {
	if u := chitieu.UserFromContext(ctx); u != nil && u.Unit != "" {
		return u
	}
	return nil
}

// inScope tells whether the request's user may read the records of unit.
func (s *Server) inScope(ctx context.Context, unit string) (bool, error) {
	u := scopedUser(ctx)
	if u == nil {
		return true, nil
	}
	for depth := 0; unit != "" && depth <= maxUnitDepth; depth++ {
		if unit == u.Unit {
			return true, nil
		}
		parent, err := s.Units.FindUnit(ctx, unit)
		if chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
			return false, nil
		} else if err != nil {
			return false, err
		}
		unit = parent.Parent
	}
	return false, nil
}

// requireReadable answers notFound when the request's user may not read the records of unit.
func (s *Server) requireReadable(ctx context.Context, unit string, notFound error) error {
	in, err := s.inScope(ctx, unit)
	if err != nil {
		return err
	} else if !in {
		return notFound
	}
	return nil
}

// scopeUnit checks the unit a list names against the user's subtree. When it names none, a
// list of a whole subtree (subtree true: cadres) takes the user's; a list of one unit's own
// records must name one.
func (s *Server) scopeUnit(ctx context.Context, unit string, subtree bool) (string, error) {
	u := scopedUser(ctx)
	switch {
	case u == nil:
		return unit, nil
	case unit == "" && subtree:
		return u.Unit, nil
	case unit == "":
		return "", chitieu.Invalid("unit", chitieu.RuleUnitRequiredLimited, u.Unit)
	}
	in, err := s.inScope(ctx, unit)
	if err != nil {
		return "", err
	} else if !in {
		return "", chitieu.NewError(chitieu.EFORBIDDEN, "unit", chitieu.RuleOutsideUnitRead, u.Username, u.Unit, unit)
	}
	return unit, nil
}

// scopeCadres limits a cadre list to what the user may read.
func (s *Server) scopeCadres(ctx context.Context, f *chitieu.CadreFilter) (err error) {
	f.Unit, err = s.scopeUnit(ctx, f.Unit, true)
	return err
}

// scopeYouthReports limits a youth report list to what the user may read.
func (s *Server) scopeYouthReports(ctx context.Context, f *chitieu.YouthReportFilter) (err error) {
	f.Unit, err = s.scopeUnit(ctx, f.Unit, false)
	return err
}

// scopeTrainings limits a list of training records, which the store filters by cadre, not by
// unit: a user limited to a unit names a cadre it may read.
func (s *Server) scopeTrainings(ctx context.Context, f *chitieu.TrainingFilter) error {
	u := scopedUser(ctx)
	if u == nil {
		return nil
	} else if f.CadreID == 0 {
		return chitieu.Invalid("cadre_id", chitieu.RuleCadreRequiredLimited, u.Unit)
	}
	return s.requireCadreReadable(ctx, f.CadreID)
}

// requireCadreReadable answers that the cadre does not exist when the user may not read it.
func (s *Server) requireCadreReadable(ctx context.Context, id int64) error {
	if scopedUser(ctx) == nil {
		return nil
	}
	cd, err := s.Cadres.FindCadreByID(ctx, id)
	if err != nil {
		return err
	}
	return s.requireReadable(ctx, cd.Unit, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleCadreNotFound, id))
}
