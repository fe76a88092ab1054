package chitieu

import "strings"

// course is what a professional_training target needs of a professional record, made from the
// Dataset's record with its provider folded once for every record of it.
type course struct {
	id          int64
	providerKey string // SearchKey of the provider
	status      TrainingStatus
	completedOn Date
	expectedOn  Date
}

func courseOf(r *Training, providerKey string) course {
	return course{id: r.ID, providerKey: providerKey, status: r.Status, completedOn: r.CompletedOn, expectedOn: r.ExpectedOn}
}

// CoversTraining tells whether a training record counts for a professional_training target on
// day d: a professional course of the target's provider, completed within the WindowDays days
// that end with d (d − WindowDays < completed_on ≤ d). When projected, a planned or in-progress
// course expected within that span counts as if completed when expected.
func CoversTraining(t *Target, r *Training, d Date, projected bool) bool {
	return r.Kind == Professional && t.covers(courseOf(r, SearchKey(r.Provider)), SearchKey(t.Provider), d, projected)
}

// covers is CoversTraining on a course, with the target's provider already folded; the dates,
// cheaper, are checked first.
func (t *Target) covers(c course, targetKey string, d Date, projected bool) bool {
	var on Date
	switch {
	case c.status == Completed:
		on = c.completedOn
	case projected && (c.status == Planned || c.status == InProgress):
		on = c.expectedOn
	}
	return !on.IsZero() && on <= d && on > d-Date(t.WindowDays) && strings.Contains(c.providerKey, targetKey)
}

// trainedWithin returns the test of a cadre for a professional_training target on day d.
func (ds *Dataset) trainedWithin(t *Target, d Date, projected bool) func(*Cadre) bool {
	targetKey := SearchKey(t.Provider)
	return func(c *Cadre) bool {
		for co := range ds.trainings.courses(c.ID) {
			if t.covers(co, targetKey, d, projected) {
				return true
			}
		}
		return false
	}
}
