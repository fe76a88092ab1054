package chitieu

import "strings"

// CoversTraining tells whether a training record counts for a professional_training target on
// day d: a professional course of the target's provider, completed within the WindowDays days
// that end with d (d − WindowDays < completed_on ≤ d). When projected, a planned or in-progress
// course expected within that span counts as if completed when expected. It is the test the
// Dataset makes of the records it holds.
func CoversTraining(t *Target, r *Training, d Date, projected bool) bool {
	tr := newTrainingRecs(1)
	tr.put(r)
	return t.inWindow(tr.recs[0].coveredOn(projected), d) && tr.matching(SearchKey(t.Provider))[tr.recs[0].provider]
}

// inWindow tells whether a record covered from day on counts on day d.
func (t *Target) inWindow(on, d Date) bool {
	return !on.IsZero() && on <= d && on > d-Date(t.WindowDays)
}

// coveredOn is the day a record counts from for a professional_training target: a
// professional course's completion or, when projected, the day a planned or in-progress one is
// expected; zero when it does not count.
func (rec *trainingRec) coveredOn(projected bool) Date {
	switch {
	case rec.kind != wordProfessional:
		return 0
	case rec.status == wordCompleted:
		return rec.completedOn
	case projected && (rec.status == wordPlanned || rec.status == wordInProgress):
		return rec.expectedOn
	}
	return 0
}

// matching tells, by provider index, whether each provider matches a target's provider folded
// by SearchKey: a few dozen providers are matched once instead of a million records.
func (tr *trainingRecs) matching(targetKey string) []bool {
	match := make([]bool, len(tr.providers))
	for i, key := range tr.providerKeys {
		match[i] = strings.Contains(key, targetKey)
	}
	return match
}

// trainedWithin returns the test of a cadre for a professional_training target on day d.
func (ds *Dataset) trainedWithin(t *Target, d Date, projected bool) func(*cadreRow) bool {
	match := ds.trainings.matching(SearchKey(t.Provider))
	return func(row *cadreRow) bool {
		for _, i := range ds.trainings.byCadre[row.id] {
			rec := &ds.trainings.recs[i]
			if t.inWindow(rec.coveredOn(projected), d) && match[rec.provider] {
				return true
			}
		}
		return false
	}
}
