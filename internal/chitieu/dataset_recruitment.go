package chitieu

import "slices"

// The recruitment rule in the Dataset: how each cadre was recruited and who breaks the rule.

// UnitCount is a count of a unit.
type UnitCount struct {
	Unit  string
	Count int
}

// SetRecruitmentRule replaces the recruitment rule.
func (ds *Dataset) SetRecruitmentRule(r RecruitmentRule) {
	r.Exempt = slices.Clone(r.Exempt)
	ds.recruitmentRule = r
}

// SetHiring sets how a cadre already in the dataset was recruited (the loader reads it apart).
func (ds *Dataset) SetHiring(cadreID int64, h Hiring) {
	if c := ds.cadres[cadreID]; c != nil {
		c.Hiring = h
	}
}

// recruitmentScope returns the units the recruitment rule covers, ordered by code.
func (ds *Dataset) recruitmentScope() []string {
	var units []string
	if ds.recruitmentRule.ScopeUnit == "" {
		for code := range ds.units {
			units = append(units, code)
		}
	} else {
		units = ds.Subtree(ds.recruitmentRule.ScopeUnit)
	}
	slices.Sort(units)
	return units
}

// FailingRecruitment returns the ids of the cadres who break the recruitment rule on day d, in
// order.
func (ds *Dataset) FailingRecruitment(d Date) []int64 {
	var ids []int64
	for _, unit := range ds.recruitmentScope() {
		for id, c := range ds.cadresByUnit[unit] {
			if ds.recruitmentRule.Fails(c, d) {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// RecruitedWithoutExam counts, for each unit of the rule's scope, its cadres who break the
// recruitment rule on day d (0 included, so that an alert sees the unit).
func (ds *Dataset) RecruitedWithoutExam(d Date) []UnitCount {
	var out []UnitCount
	for _, unit := range ds.recruitmentScope() {
		if _, ok := ds.units[unit]; !ok {
			continue
		}
		n := 0
		for _, c := range ds.cadresByUnit[unit] {
			if ds.recruitmentRule.Fails(c, d) {
				n++
			}
		}
		out = append(out, UnitCount{Unit: unit, Count: n})
	}
	return out
}
