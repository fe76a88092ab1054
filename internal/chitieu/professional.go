package chitieu

import "strings"

// CoversTraining tells whether a training record counts for a professional_training target on
// day d: a professional course of the target's provider, completed within the WindowDays days
// that end with d (d − WindowDays < completed_on ≤ d). When projected, a planned or in-progress
// course expected within that span counts as if completed when expected.
func CoversTraining(t *Target, r *Training, d Date, projected bool) bool {
	return coversTraining(t, r, SearchKey(t.Provider), SearchKey(r.Provider), d, projected)
}

// coversTraining is CoversTraining with the providers' search keys computed once.
func coversTraining(t *Target, r *Training, targetKey, recordKey string, d Date, projected bool) bool {
	if r.Kind != Professional || !strings.Contains(recordKey, targetKey) {
		return false
	}
	var on Date
	switch {
	case r.Status == Completed:
		on = r.CompletedOn
	case projected && (r.Status == Planned || r.Status == InProgress):
		on = r.ExpectedOn
	}
	return !on.IsZero() && on <= d && on > d-Date(t.WindowDays)
}

// trainedWithin returns the test of a cadre for a professional_training target on day d.
func (ds *Dataset) trainedWithin(t *Target, d Date, projected bool) func(*Cadre) bool {
	targetKey := SearchKey(t.Provider)
	return func(c *Cadre) bool {
		for _, r := range ds.trainingsByCadre[c.ID] {
			if r.Kind == Professional && coversTraining(t, r, targetKey, ds.providerKeys[r.ID], d, projected) {
				return true
			}
		}
		return false
	}
}
