package chitieu

import (
	"slices"
	"sync/atomic"
)

// cadreRow is a cadre as the daily counts read it, kept with the records as they change so that
// a pass over a unit's cadres reads one small array instead of two maps a cadre.
type cadreRow struct {
	id       int64
	active   span // from JoinedOn to LeftOn
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

// rowOf makes the row of a cadre from its qualifications.
func rowOf(c *Cadre, q *qualifications) cadreRow {
	row := cadreRow{id: c.ID, active: span{c.JoinedOn, forever}, fullTime: c.FullTime}
	if !c.LeftOn.IsZero() {
		row.active.to = c.LeftOn
	}
	row.setQualifications(q)
	return row
}

// setQualifications sets the row's first and projected days from the cadre's qualifications.
func (row *cadreRow) setQualifications(q *qualifications) {
	row.first, row.projected = firstHeld(&q.completedOn), firstHeld(&q.projectedOn)
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

// addRow adds a cadre's row to its unit.
func (ds *Dataset) addRow(c *Cadre) {
	ur := ds.writableRows(c.Unit)
	ds.rowAt[c.ID] = len(ur.rows)
	ur.rows = append(ur.rows, rowOf(c, ds.qualificationsOf(c.ID)))
}

// removeRow removes a cadre's row from its unit, moving the unit's last row into its place.
func (ds *Dataset) removeRow(unit string, id int64) {
	ur := ds.writableRows(unit)
	i, last := ds.rowAt[id], len(ur.rows)-1
	ur.rows[i] = ur.rows[last]
	ds.rowAt[ur.rows[i].id] = i
	ur.rows = ur.rows[:last]
	delete(ds.rowAt, id)
}

// updateRowQualifications brings a cadre's row up to date after its records changed.
func (ds *Dataset) updateRowQualifications(cadreID int64) {
	if c := ds.cadres[cadreID]; c != nil {
		ds.writableRows(c.Unit).rows[ds.rowAt[cadreID]].setQualifications(ds.qualificationsOf(cadreID))
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
