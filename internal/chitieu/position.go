package chitieu

import (
	"cmp"
	"context"
	"slices"
)

// Position is a leadership title of a unit (chức danh lãnh đạo) with the number of seats the
// unit should fill, from the day the seats exist.
type Position struct {
	ID        int64  `json:"id"`
	Unit      string `json:"unit"`
	Title     string `json:"title"` // Trưởng ban, Phó Trưởng ban, Chánh Văn phòng, …
	Seats     int    `json:"seats"`
	CreatedOn Date   `json:"created_on"`

	// Filled in by reads, as of today or the day asked for.
	AsOf        Date          `json:"as_of"`
	VacantSeats int           `json:"vacant_seats"`
	VacantSince Date          `json:"vacant_since"` // when the oldest current vacancy began
	Assignments []*Assignment `json:"assignments,omitempty"`
}

// Normalize cleans the position's free text.
func (p *Position) Normalize() {
	p.Unit = CleanText(p.Unit)
	p.Title = CleanText(p.Title)
}

// Validate checks the position's own fields; that the unit exists is the store's to check.
func (p *Position) Validate() error {
	if err := p.ValidateValues(); err != nil {
		return err
	}
	switch {
	case p.Unit == "":
		return Invalid("unit", RuleRequired)
	case p.Title == "":
		return Invalid("title", RuleRequired)
	case p.Seats < 1:
		return Invalid("seats", RuleAtLeast, 1)
	case p.Seats > 1000:
		return Invalid("seats", RuleAtMost, 1000)
	case p.CreatedOn.IsZero():
		return Invalid("created_on", RuleRequired)
	}
	return nil
}

// SeatsOn is how many seats the position has on day d: none before it was created.
func (p *Position) SeatsOn(d Date) int {
	if d < p.CreatedOn {
		return 0
	}
	return p.Seats
}

// Assignment is a cadre holding a position from StartedOn to the day before EndedOn (an
// assignment that ends on D no longer holds the seat on D, as a cadre who leaves on D is no
// longer active on D).
type Assignment struct {
	ID         int64 `json:"id"`
	PositionID int64 `json:"position_id"`
	CadreID    int64 `json:"cadre_id"`
	StartedOn  Date  `json:"started_on"`
	EndedOn    Date  `json:"ended_on"`
}

// Validate checks the assignment's own fields; the store checks the cadre and the seats.
func (a *Assignment) Validate() error {
	if err := a.ValidateValues(); err != nil {
		return err
	}
	switch {
	case a.CadreID <= 0:
		return Invalid("cadre_id", RuleRequired)
	case a.StartedOn.IsZero():
		return Invalid("started_on", RuleRequired)
	case !a.EndedOn.IsZero() && a.EndedOn <= a.StartedOn:
		return Invalid("ended_on", RuleAfter, Term("started_on"))
	}
	return nil
}

// AssignmentUpdate is a partial update of an assignment (to end it, mostly).
type AssignmentUpdate struct {
	StartedOn *Date          `json:"started_on"`
	EndedOn   Optional[Date] `json:"ended_on"`
}

// Apply writes the update onto a.
func (upd *AssignmentUpdate) Apply(a *Assignment) {
	setIf(&a.StartedOn, upd.StartedOn)
	setOptional(&a.EndedOn, upd.EndedOn)
}

// Holding is the span of days in which an assignment really holds a seat: while the assignment
// runs and its cadre is active. Until is the first day it no longer does (zero: open).
type Holding struct {
	From, Until Date
}

// HoldingOf is the span in which a cadre holds a seat through an assignment; a cadre that is not
// known (deleted) holds none.
func HoldingOf(a *Assignment, c *Cadre) Holding {
	if c == nil {
		return Holding{}
	}
	h := Holding{From: max(a.StartedOn, c.JoinedOn), Until: a.EndedOn}
	if !c.LeftOn.IsZero() && (h.Until.IsZero() || c.LeftOn < h.Until) {
		h.Until = c.LeftOn
	}
	return h
}

// On tells whether the seat is held on day d.
func (h Holding) On(d Date) bool {
	return !h.From.IsZero() && h.From <= d && (h.Until.IsZero() || d < h.Until)
}

// HeldOn counts the seats held on day d.
func HeldOn(hs []Holding, d Date) int {
	n := 0
	for _, h := range hs {
		if h.On(d) {
			n++
		}
	}
	return n
}

// VacantSeats is the position's seats on d less those held on d (a seat held by a cadre who is
// not active on d is vacant).
func VacantSeats(p *Position, hs []Holding, d Date) int {
	return max(0, p.SeatsOn(d)-HeldOn(hs, d))
}

// VacantSince is when the oldest vacancy open on day d began: the first day of the run of days
// up to d on which at least one seat was vacant. False when no seat is vacant on d.
func VacantSince(p *Position, hs []Holding, d Date) (Date, bool) {
	if VacantSeats(p, hs, d) == 0 {
		return 0, false
	}
	// Walk the days the count changes back from d and stop at the first whose eve had no
	// vacant seat.
	days := seatChanges(p, hs)
	for i := len(days) - 1; i >= 0; i-- {
		e := days[i]
		if e > d {
			continue
		}
		if VacantSeats(p, hs, e-1) == 0 {
			return e, true
		}
	}
	return p.CreatedOn, true
}

// Figures is the position's seats and vacancy on the day its reads filled in (AsOf).
func (p *Position) Figures() SeatFigures {
	return SeatFigures{Unit: p.Unit, Title: p.Title, Seats: p.SeatsOn(p.AsOf), Vacant: p.VacantSeats, VacantSince: p.VacantSince}
}

// VacantDays is how long the position's oldest open vacancy has lasted on day d, in days: 0 when
// it began on d, and when no seat is vacant.
func (f SeatFigures) VacantDays(d Date) int {
	if f.Vacant == 0 {
		return 0
	}
	return int(d - f.VacantSince)
}

// CompareVacancy orders positions as leadership reads them: those with a vacant seat first, the
// vacancy open longest first. Positions equal in that compare equal, so that a stable sort keeps
// them in the order given.
func CompareVacancy(a, b SeatFigures) int {
	return cmp.Or(cmp.Compare(min(b.Vacant, 1), min(a.Vacant, 1)), cmp.Compare(a.VacantSince, b.VacantSince))
}

// SeatSummary is what leadership reads first of a set of positions on a day.
type SeatSummary struct {
	Positions int
	Seats     int // the seats that exist on the day
	Vacant    int
	Vacancies []SeatFigures // the positions with a vacant seat, the vacancy open longest first
}

// SummarizeSeats adds up the seats and vacant seats of positions and orders their vacancies.
func SummarizeSeats(figs []SeatFigures) SeatSummary {
	s := SeatSummary{Positions: len(figs)}
	for _, f := range figs {
		s.Seats += f.Seats
		s.Vacant += f.Vacant
		if f.Vacant > 0 {
			s.Vacancies = append(s.Vacancies, f)
		}
	}
	slices.SortStableFunc(s.Vacancies, CompareVacancy)
	return s
}

// Longest is the vacancy open longest, or nil when no seat is vacant.
func (s SeatSummary) Longest() *SeatFigures {
	if len(s.Vacancies) == 0 {
		return nil
	}
	return &s.Vacancies[0]
}

// seatChanges returns, in order, the days on which the count of a position's vacant seats may
// change: its creation and the first and last days of each holding.
func seatChanges(p *Position, hs []Holding) []Date {
	days := []Date{p.CreatedOn}
	for _, h := range hs {
		days = append(days, h.From, h.Until)
	}
	slices.Sort(days)
	days = slices.Compact(days)
	return slices.DeleteFunc(days, Date.IsZero)
}

// Vacancy is a run of days on which at least one seat of a position is vacant, from From to
// the day before Until; Until is zero while the run goes on.
type Vacancy struct {
	From, Until Date
}

// DaysThrough is the vacancy's length in days up to day d included.
func (v Vacancy) DaysThrough(d Date) int {
	end := d + 1
	if !v.Until.IsZero() && v.Until < end {
		end = v.Until
	}
	return max(0, int(end-v.From))
}

// Vacancies returns the runs of vacancy of a position that have days from `from` to `to`, in
// order, each whole: a run going on before `from` starts when it really began, and one still
// going on at `to` has no end (Until zero), since it is not known to end.
func Vacancies(p *Position, hs []Holding, from, to Date) []Vacancy {
	var out []Vacancy
	var run Vacancy
	open := false
	if since, ok := VacantSince(p, hs, from); ok {
		run, open = Vacancy{From: since}, true
	}
	for _, e := range seatChanges(p, hs) {
		if e <= from || e > to {
			continue
		}
		switch vacant := VacantSeats(p, hs, e) > 0; {
		case vacant && !open:
			run, open = Vacancy{From: e}, true
		case !vacant && open:
			run.Until, open = e, false
			out = append(out, run)
		}
	}
	if open {
		out = append(out, run)
	}
	return out
}

// OverFilled returns the first day on which more seats are held than the position has, if any.
// Held seats grow only on the first day of a holding, so those are the days to check.
func OverFilled(p *Position, hs []Holding) (Date, bool) {
	var days []Date
	for _, h := range hs {
		if !h.From.IsZero() && (h.Until.IsZero() || h.From < h.Until) {
			days = append(days, h.From)
		}
	}
	slices.Sort(days)
	for _, d := range days {
		if HeldOn(hs, d) > p.SeatsOn(d) {
			return d, true
		}
	}
	return 0, false
}

// PositionFilter selects positions.
type PositionFilter struct {
	Unit    string // that unit's own positions
	CadreID int64  // the positions that cadre holds or held
	AsOf    Date   // the day of the vacancy figures; zero for today
	Page
}

// PositionService keeps leadership positions and their assignments. Reads fill in the vacancy
// as of a day (zero: today); FindPositionByID also the assignments.
type PositionService interface {
	FindPositionByID(ctx context.Context, id int64, asOf Date) (*Position, error)
	FindPositions(ctx context.Context, filter PositionFilter) ([]*Position, int, error)
	CreatePosition(ctx context.Context, p *Position) error
	// UpdatePosition replaces the unit, title, seats and created_on.
	UpdatePosition(ctx context.Context, id int64, p *Position) (*Position, error)
	DeletePosition(ctx context.Context, id int64) error
	CreateAssignment(ctx context.Context, a *Assignment) error
	UpdateAssignment(ctx context.Context, id int64, upd AssignmentUpdate) (*Assignment, error)
	// DeleteAssignment marks an assignment entered by mistake deleted.
	DeleteAssignment(ctx context.Context, id int64) error
}
