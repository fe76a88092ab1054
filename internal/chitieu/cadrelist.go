package chitieu

import (
	"cmp"
	"iter"
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
		return nil, 0, Invalid("recruitment_check", RuleRecruitmentCheck)
	}
	selects, err := ds.cadreSelector(f, d)
	if err != nil {
		return nil, 0, err
	}
	var units []string
	if f.Unit != "" {
		units = ds.Subtree(f.Unit)
	} else {
		units = slices.Collect(maps.Keys(ds.cadresByUnit))
	}
	first, total := smallestIDs(ds.cadresIn(units, selects), f.Offset+f.Limit)
	page := first[min(f.Offset, len(first)):]
	out := make([]*Cadre, len(page))
	for i, c := range page {
		out[i] = ds.cadreOn(c, d)
	}
	return out, total, nil
}

// cadresIn yields the cadres of the units that sel selects, in no order.
func (ds *Dataset) cadresIn(units []string, sel func(*Cadre) bool) iter.Seq[*Cadre] {
	return func(yield func(*Cadre) bool) {
		for _, unit := range units {
			for _, c := range ds.cadresByUnit[unit] {
				if sel(c) && !yield(c) {
					return
				}
			}
		}
	}
}

// smallestIDs returns, in order of id, the n cadres of smallest id of those seq yields, and how
// many it yields. A page near the start of a long list (the common case: the first page of a
// province's cadres) keeps only n of them in order, instead of sorting them all.
func smallestIDs(seq iter.Seq[*Cadre], n int) ([]*Cadre, int) {
	byID := func(a, b *Cadre) int { return cmp.Compare(a.ID, b.ID) }
	if n > boundedPage {
		all := slices.SortedFunc(seq, byID)
		return all[:min(n, len(all))], len(all)
	}
	var first []*Cadre
	total := 0
	for c := range seq {
		total++
		if len(first) == n && c.ID > first[n-1].ID {
			continue
		}
		i, _ := slices.BinarySearchFunc(first, c, byID)
		if first = slices.Insert(first, i, c); len(first) > n {
			first = first[:n]
		}
	}
	return first, total
}

// boundedPage is the longest prefix smallestIDs keeps in order as it goes; past it, a sort of
// everything costs less than inserting into the prefix.
const boundedPage = 2048

// cadreSelector returns the test of the filter's conditions other than the unit, and checks
// the unit.
func (ds *Dataset) cadreSelector(f CadreFilter, d Date) (func(*Cadre) bool, error) {
	if f.Unit != "" && ds.units[f.Unit] == nil {
		return nil, Invalid("unit", RuleUnitNotFound, f.Unit)
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
