package chitieu

import "slices"

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

// add counts one record of a leveled kind in the summary.
func (q *qualifications) add(kind TrainingKind, level Level, status TrainingStatus, completedOn, expectedOn Date) {
	k := kindIndex(kind)
	r, _ := Rank(kind, level)
	var projected Date
	switch status {
	case Completed:
		if earlier(completedOn, q.completedOn[k][r]) {
			q.completedOn[k][r], q.level[k][r] = completedOn, uint8(slices.Index(leveled[k], level)+1)
		}
		projected = completedOn
	case Planned, InProgress:
		projected = expectedOn
	}
	if earlier(projected, q.projectedOn[k][r]) {
		q.projectedOn[k][r] = projected
	}
}

// earlier tells whether d is a date before current, where current may be no date.
func earlier(d, current Date) bool { return !d.IsZero() && (current.IsZero() || d < current) }

// holds tells whether the cadre holds a level of rank minRank or higher of a kind on day d.
func (q *qualifications) holds(kind TrainingKind, minRank int, d Date) bool {
	return reached(&q.completedOn[kindIndex(kind)], minRank, d)
}

// projectedHolds is holds if every planned or in-progress record completes when expected.
func (q *qualifications) projectedHolds(kind TrainingKind, minRank int, d Date) bool {
	return reached(&q.projectedOn[kindIndex(kind)], minRank, d)
}

func reached(on *[maxRank + 1]Date, minRank int, d Date) bool {
	for r := max(minRank, 1); r <= maxRank; r++ {
		if !on[r].IsZero() && on[r] <= d {
			return true
		}
	}
	return minRank <= 0
}

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
