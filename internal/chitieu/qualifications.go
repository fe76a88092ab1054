package chitieu

// maxRank is the highest rank of any kind's levels.
const maxRank = 5

// qualifications sums up a cadre's records of the leveled kinds so that "does the cadre hold
// rank r on day d" is a few comparisons, not a walk over its records: for each kind and rank,
// the earliest day a record of exactly that rank was completed (and its level, to tell cu_nhan
// from cao_cap), and the earliest day it was completed or is expected to be.
type qualifications struct {
	completedOn [2][maxRank + 1]Date
	level       [2][maxRank + 1]uint8 // 1 + the level's index in leveled; 0 for none
	projectedOn [2][maxRank + 1]Date
}

// kindIndex is a leveled kind's index in qualifications' arrays.
func kindIndex(k TrainingKind) int {
	if k == Education {
		return 1
	}
	return 0
}

// add counts one record of the leveled kind with index k in the summary, its level of rank r
// and 1 + index pos in leveled.
func (q *qualifications) add(k int, r, pos uint8, rec *trainingRec) {
	var projected Date
	switch rec.status {
	case wordCompleted:
		if earlier(rec.completedOn, q.completedOn[k][r]) {
			q.completedOn[k][r], q.level[k][r] = rec.completedOn, pos
		}
		projected = rec.completedOn
	case wordPlanned, wordInProgress:
		projected = rec.expectedOn
	}
	if earlier(projected, q.projectedOn[k][r]) {
		q.projectedOn[k][r] = projected
	}
}

// earlier tells whether d is a date before current, where current may be no date.
func earlier(d, current Date) bool { return !d.IsZero() && (current.IsZero() || d < current) }

// levelOn is the cadre's level of a kind on day d: that of its highest-ranked record completed
// by d (the earliest of equal rank).
func (q *qualifications) levelOn(kind TrainingKind, d Date) Level {
	k := kindIndex(kind)
	for r := maxRank; r >= 1; r-- {
		if on := q.completedOn[k][r]; !on.IsZero() && on <= d {
			if l := q.level[k][r]; l > 0 {
				return leveled[k][l-1]
			}
			return LevelNone
		}
	}
	return LevelNone
}
