package chitieu

import (
	"cmp"
	"slices"
)

// The leadership positions in the Dataset, with their assignments, and the staffing figures
// (recruitment and positions) of a day.

// SeatFigures is a position's seats and vacancy on a day.
type SeatFigures struct {
	Unit        string
	Title       string
	Seats       int
	Vacant      int
	VacantSince Date // zero when no seat is vacant
}

// Commitments are the staffing figures of a day: recruitment and leadership positions (the
// snapshot and its readers keep the type's old name).
type Commitments struct {
	RecruitedWithoutExam []UnitCount   // each unit of the recruitment rule's scope
	Leadership           []SeatFigures // each position, by unit and title
}

// Commitments computes the staffing figures of day d.
func (ds *Dataset) Commitments(d Date) Commitments {
	return Commitments{RecruitedWithoutExam: ds.RecruitedWithoutExam(d), Leadership: ds.Leadership(d)}
}

// applyStaffing writes a change of a position, an assignment or the recruitment rule.
func (ds *Dataset) applyStaffing(c Change) {
	switch {
	case c.Position != nil && c.Deleted:
		ds.RemovePosition(c.Position.ID)
	case c.Position != nil:
		ds.PutPosition(*c.Position)
	case c.Assignment != nil && c.Deleted:
		ds.RemoveAssignment(c.Assignment.ID)
	case c.Assignment != nil:
		ds.PutAssignment(*c.Assignment)
	case c.RecruitmentRule != nil:
		ds.SetRecruitmentRule(*c.RecruitmentRule)
	}
}

// PutPosition adds or replaces a position, keeping its assignments.
func (ds *Dataset) PutPosition(p Position) {
	p.Assignments, p.AsOf, p.VacantSeats, p.VacantSince = nil, 0, 0, 0
	ds.positions[p.ID] = &p
}

// RemovePosition removes a position and its assignments.
func (ds *Dataset) RemovePosition(id int64) {
	for aid := range ds.assignmentsByPosition[id] {
		delete(ds.assignments, aid)
	}
	delete(ds.assignmentsByPosition, id)
	delete(ds.positions, id)
}

// PutAssignment adds or replaces an assignment.
func (ds *Dataset) PutAssignment(a Assignment) {
	ds.RemoveAssignment(a.ID)
	ds.assignments[a.ID] = &a
	if ds.assignmentsByPosition[a.PositionID] == nil {
		ds.assignmentsByPosition[a.PositionID] = map[int64]*Assignment{}
	}
	ds.assignmentsByPosition[a.PositionID][a.ID] = &a
}

// RemoveAssignment removes an assignment.
func (ds *Dataset) RemoveAssignment(id int64) {
	if old, ok := ds.assignments[id]; ok {
		delete(ds.assignmentsByPosition[old.PositionID], id)
		delete(ds.assignments, id)
	}
}

// holdings returns the spans in which a position's assignments hold seats.
func (ds *Dataset) holdings(positionID int64) []Holding {
	var hs []Holding
	for _, a := range ds.assignmentsByPosition[positionID] {
		hs = append(hs, HoldingOf(a, ds.cadres[a.CadreID]))
	}
	return hs
}

// Leadership returns each position's seats and vacancy on day d, by unit and title.
func (ds *Dataset) Leadership(d Date) []SeatFigures {
	out := make([]SeatFigures, 0, len(ds.positions))
	for _, p := range ds.positions {
		out = append(out, ds.seatFigures(p, d))
	}
	slices.SortFunc(out, compareSeats)
	return out
}

// seatFigures returns a position's seats and vacancy on day d.
func (ds *Dataset) seatFigures(p *Position, d Date) SeatFigures {
	hs := ds.holdings(p.ID)
	f := SeatFigures{Unit: p.Unit, Title: p.Title, Seats: p.SeatsOn(d), Vacant: VacantSeats(p, hs, d)}
	f.VacantSince, _ = VacantSince(p, hs, d)
	return f
}

// compareSeats orders seats by unit and title, which name one position.
func compareSeats(a, b SeatFigures) int {
	return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Title, b.Title))
}
