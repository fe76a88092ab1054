package chitieu

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// FindCadres answers CadreService.FindCadres from the dataset on day d: the cadres the filter
// selects, ordered by id, the page of them with their levels on d, and how many it selects in
// all. The store answers the same from its tables (a test holds the two to it); this answer costs
// no query, which matters for the busiest list, a unit's cadres.
func (ds *Dataset) FindCadres(f CadreFilter, d Date) ([]*Cadre, int, error) {
	if err := f.Page.Validate(); err != nil {
		return nil, 0, err
	}
	if f.RecruitmentCheck != "" && f.RecruitmentCheck != RecruitmentCheckFailing {
		return nil, 0, Errorf(EINVALID, "recruitment_check: must be %q or empty", RecruitmentCheckFailing)
	}
	selects, err := ds.cadreSelector(f, d)
	if err != nil {
		return nil, 0, err
	}
	units := slices.Collect(maps.Keys(ds.cadresByUnit))
	if f.Unit != "" {
		units = ds.Subtree(f.Unit)
	}
	var found []*Cadre
	for _, unit := range units {
		for _, c := range ds.cadresByUnit[unit] {
			if selects(c) {
				found = append(found, c)
			}
		}
	}
	slices.SortFunc(found, func(a, b *Cadre) int { return cmp.Compare(a.ID, b.ID) })
	page := found[min(f.Offset, len(found)):min(f.Offset+f.Limit, len(found))]
	out := make([]*Cadre, len(page))
	for i, c := range page {
		out[i] = ds.cadreOn(c, d)
	}
	return out, len(found), nil
}

// cadreSelector returns the test of the filter's conditions other than the unit, and checks
// the unit.
func (ds *Dataset) cadreSelector(f CadreFilter, d Date) (func(*Cadre) bool, error) {
	if f.Unit != "" && ds.units[f.Unit] == nil {
		return nil, Errorf(EINVALID, "unit: unit %q does not exist", f.Unit)
	}
	key := SearchKey(f.Query)
	var inScope map[string]bool
	if f.RecruitmentCheck == RecruitmentCheckFailing {
		inScope = map[string]bool{}
		for _, unit := range ds.recruitmentScope() {
			inScope[unit] = true
		}
	}
	return func(c *Cadre) bool {
		switch {
		case f.Active != nil && c.ActiveOn(d) != *f.Active:
			return false
		case inScope != nil && !(inScope[c.Unit] && ds.recruitmentRule.Fails(c, d)):
			return false
		case key != "" && !strings.Contains(ds.searchKeys[c.ID], key):
			return false
		}
		return true
	}, nil
}

// cadreOn is a copy of the cadre with its levels on day d.
func (ds *Dataset) cadreOn(c *Cadre, d Date) *Cadre {
	out := *c
	q := ds.qualificationsOf(c.ID)
	out.PoliticalTheoryLevel, out.EducationLevel = q.levelOn(PoliticalTheory, d), q.levelOn(Education, d)
	return &out
}
