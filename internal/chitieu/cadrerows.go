package chitieu

import (
	"slices"
	"sync/atomic"
)

// cadreRow is a cadre's posting in a unit as the daily counts read it, kept with the records as
// they change so that a pass over a unit's cadres reads one small array instead of two maps a
// cadre.
type cadreRow struct {
	id       int64
	seg      int32 // the posting's index in the cadre's postings
	active   span  // the posting's part of [JoinedOn, LeftOn)
	fullTime bool
	// first[k][r] is the first day the cadre held rank r or higher of leveled kind k (zero for
	// never): the earliest completion of any rank from r up. projected[k][r] is the same if
	// every planned or in-progress record completes when expected.
	first, projected [2][maxRank + 1]Date
}

// unitRows are one unit's cadre rows. A reader may take rows under the dataset's read lock and
// go on reading them after it (GatherDaily): it marks them shared, and the next write to the
// unit copies them instead of writing in place.
type unitRows struct {
	rows   []cadreRow
	shared atomic.Bool
}

// rowKey names a row: a cadre's posting.
type rowKey struct {
	id  int64
	seg int32
}

// rowOf makes the row of a cadre's posting from its qualifications.
func rowOf(c *Cadre, seg int, s segment, q *qualifications) cadreRow {
	row := cadreRow{id: c.ID, seg: int32(seg), active: s.active, fullTime: s.fullTime}
	row.setQualifications(q)
	return row
}

// setQualifications sets the row's first and projected days from the cadre's qualifications.
func (row *cadreRow) setQualifications(q *qualifications) {
	row.first, row.projected = firstHeld(&q.completedOn), firstHeld(&q.projectedOn)
}

// holds tells whether the row's cadre holds rank minRank or higher of the leveled kind with
// index k on day d, or will by then if every planned or in-progress record completes when
// expected (projected).
func (row *cadreRow) holds(k, minRank int, d Date, projected bool) bool {
	if minRank <= 0 {
		return true
	} else if minRank > maxRank {
		return false
	}
	on := row.first[k][minRank]
	if projected {
		on = row.projected[k][minRank]
	}
	return !on.IsZero() && on <= d
}

// firstHeld turns the earliest day of each kind and rank into the earliest of each rank or
// higher.
func firstHeld(on *[2][maxRank + 1]Date) [2][maxRank + 1]Date {
	var first [2][maxRank + 1]Date
	for k := range first {
		var held Date
		for r := maxRank; r >= 1; r-- {
			if earlier(on[k][r], held) {
				held = on[k][r]
			}
			first[k][r] = held
		}
	}
	return first
}

// writableRows returns the unit's rows ready to be written, copied first if a reader holds them.
func (ds *Dataset) writableRows(unit string) *unitRows {
	ur := ds.rows[unit]
	if ur == nil {
		ur = &unitRows{}
		ds.rows[unit] = ur
	} else if ur.shared.Load() {
		ur.rows = slices.Clone(ur.rows)
		ur.shared.Store(false)
	}
	return ur
}

// addRow adds a row for each of a cadre's postings to the posting's unit.
func (ds *Dataset) addRow(c *Cadre) {
	q := ds.qualificationsOf(c.ID)
	for i, s := range c.segments() {
		ur := ds.writableRows(s.unit)
		ds.rowAt[rowKey{c.ID, int32(i)}] = len(ur.rows)
		ur.rows = append(ur.rows, rowOf(c, i, s, &q))
	}
}

// removeRows removes a cadre's rows, moving each unit's last row into the place of the one removed.
func (ds *Dataset) removeRows(c *Cadre) {
	for seg, s := range c.segments() {
		key := rowKey{c.ID, int32(seg)}
		ur := ds.writableRows(s.unit)
		i, last := ds.rowAt[key], len(ur.rows)-1
		ur.rows[i] = ur.rows[last]
		ds.rowAt[rowKey{ur.rows[i].id, ur.rows[i].seg}] = i
		ur.rows = ur.rows[:last]
		delete(ds.rowAt, key)
	}
}

// updateRowQualifications brings a cadre's rows up to date after its records changed.
func (ds *Dataset) updateRowQualifications(cadreID int64) {
	if c := ds.cadres[cadreID]; c != nil {
		q := ds.qualificationsOf(cadreID)
		for i, s := range c.segments() {
			ds.writableRows(s.unit).rows[ds.rowAt[rowKey{cadreID, int32(i)}]].setQualifications(&q)
		}
	}
}

// sharedRows returns the unit's rows for a reader that goes on reading them after the lock.
func (ds *Dataset) sharedRows(unit string) []cadreRow {
	ur := ds.rows[unit]
	if ur == nil {
		return nil
	}
	ur.shared.Store(true)
	return ur.rows
}
