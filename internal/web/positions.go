package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
)

// The leadership positions (chức danh lãnh đạo): every position with its vacancy today, a
// position with its assignments, and the forms the services allow: an admin creates a position,
// an editor assigns a cadre to it and ends an assignment.

// positionRow is a position of the list with its unit's name and its seats today.
type positionRow struct {
	Position *chitieu.Position
	UnitName string
	Figures  chitieu.SeatFigures
}

type positionsData struct {
	Units   []treeRow // the units the user may see, for the filter and the form
	Unit    string    // the unit whose subtree is shown; "" for all
	Rows    []positionRow
	Summary chitieu.SeatSummary
	Today   chitieu.Date
	Form    *form // the form to create a position; nil unless the user is an admin
}

// ExportURL is the workbook of the list with its filter.
func (d *positionsData) ExportURL() string {
	if d.Unit == "" {
		return "/positions/export.xlsx"
	}
	return "/positions/export.xlsx?unit=" + url.QueryEscape(d.Unit)
}

var positionFields = []string{"unit", "title", "seats", "created_on"}

// positions lists the positions the user may see, of a unit's subtree when one is asked for.
func (h *Handler) positions(c *gin.Context) {
	f := newForm()
	f.Values = map[string]string{"unit": c.Query("unit"), "seats": "1", "created_on": h.locale(c).Date(h.Figures.Today())}
	h.showPositions(c, http.StatusOK, c.Query("unit"), f)
}

// showPositions shows the list with, for an admin, the form to create a position.
func (h *Handler) showPositions(c *gin.Context, status int, unit string, f *form) {
	d, ok := h.listPositions(c, unit)
	if !ok {
		return
	}
	if chitieu.UserFromContext(c.Request.Context()).IsAdmin() {
		d.Form = f
	}
	h.render(c, status, "positions", "positions", h.locale(c).T("positions.title"), d)
}

// listPositions reads the positions the user may see of a unit's subtree ("" or a unit the user
// may not see: all), the vacancies first, the longest first, and the others in the order of the
// unit tree, by title; false when it has answered an error.
func (h *Handler) listPositions(c *gin.Context, unit string) (*positionsData, bool) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	tree, ok := h.pageTree(c)
	if !ok {
		return nil, false
	}
	list, err := h.allPositions(ctx, chitieu.PositionFilter{})
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	if !tree.within(u.Unit, unit) {
		unit = ""
	}
	root := cmp.Or(unit, u.Unit)
	d := &positionsData{Units: tree.visible(u), Unit: unit, Today: h.Figures.Today()}
	order := map[string]int{}
	for i, r := range tree.walk("") {
		order[r.Unit.Code] = i
	}
	list = slices.DeleteFunc(list, func(p *chitieu.Position) bool { return !tree.within(root, p.Unit) })
	d.Rows = positionRows(tree, list)
	var figs []chitieu.SeatFigures
	for _, r := range d.Rows {
		figs = append(figs, r.Figures)
	}
	// The service lists them by unit code and title: stable sorts keep the titles in order.
	slices.SortStableFunc(d.Rows, func(a, b positionRow) int { return cmp.Compare(order[a.Position.Unit], order[b.Position.Unit]) })
	slices.SortStableFunc(d.Rows, func(a, b positionRow) int { return chitieu.CompareVacancy(a.Figures, b.Figures) })
	d.Summary = chitieu.SummarizeSeats(figs)
	return d, true
}

// positionsXLSX sends the positions list as a workbook with the list's unit filter, in the
// page's language: each position's unit, title, seats and vacancy today.
func (h *Handler) positionsXLSX(c *gin.Context) {
	d, ok := h.listPositions(c, c.Query("unit"))
	if !ok {
		return
	}
	l := h.locale(c)
	headers := []string{l.T("field.unit"), l.T("field.title"), l.T("field.seats"), l.T("positions.vacant"),
		l.T("positions.vacant_since"), l.T("field.created_on")}
	h.sendWorkbook(c, "positions", l.T("positions.title"), headers, func(w *spreadsheet.Writer) error {
		for _, r := range d.Rows {
			since := r.Figures.VacantSince
			if r.Figures.Vacant == 0 {
				since = 0
			}
			if err := w.Write([]any{r.UnitName, r.Position.Title, r.Figures.Seats, r.Figures.Vacant, since, r.Position.CreatedOn}); err != nil {
				return err
			}
		}
		return nil
	})
}

func positionRows(tree *unitTree, list []*chitieu.Position) []positionRow {
	rows := make([]positionRow, len(list))
	for i, p := range list {
		rows[i] = positionRow{Position: p, UnitName: tree.name(p.Unit), Figures: p.Figures()}
	}
	return rows
}

// allPositions reads every position the filter selects, with its vacancy as of the filter's day.
func (h *Handler) allPositions(ctx context.Context, filter chitieu.PositionFilter) ([]*chitieu.Position, error) {
	return everyPage(func(p chitieu.Page) ([]*chitieu.Position, int, error) {
		filter.Page = p
		return h.Positions.FindPositions(ctx, filter)
	})
}

// positionCreate adds a position; only an admin may, as the service checks again.
func (h *Handler) positionCreate(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	l := h.locale(c)
	f := readForm(c, positionFields...)
	p := &chitieu.Position{Unit: f.V("unit"), Title: f.V("title"), Seats: int(f.int(l, "seats", false)), CreatedOn: f.date(l, "created_on")}
	if h.submit(c, f, func() error { return h.Positions.CreatePosition(c.Request.Context(), p) },
		func() string { return "/positions/" + itoa(p.ID) }, "position_added") {
		h.showPositions(c, http.StatusUnprocessableEntity, "", f)
	}
}

// assignmentRow is an assignment of a position with its cadre (nil when deleted).
type assignmentRow struct {
	Assignment *chitieu.Assignment
	Cadre      *chitieu.Cadre
	Holds      bool // holds a seat today
	Open       bool // not ended by today: it may be ended
}

type positionData struct {
	Position *chitieu.Position
	UnitName string
	Figures  chitieu.SeatFigures
	Rows     []assignmentRow // the newest first
	CanWrite bool
	Assign   *form            // the form to assign a cadre
	Cadres   []*chitieu.Cadre // whom it offers: the active cadres of the position's unit and those below
	EndID    int64            // the assignment whose end or correction was refused, and why
	EndErr   string
	Today    chitieu.Date
	Edit     *form     // the form to correct the position; nil unless the user is an admin
	Units    []treeRow // the units it offers
}

var assignmentFields = []string{"cadre_id", "started_on", "ended_on"}

// position shows a position with its assignments and, for a writer, the forms to change them.
func (h *Handler) position(c *gin.Context) {
	h.showPosition(c, http.StatusOK, h.newAssignForm(c), 0, "")
}

func (h *Handler) newAssignForm(c *gin.Context) *form {
	f := newForm()
	f.Values["started_on"] = h.locale(c).Date(h.Figures.Today())
	return f
}

// findVisiblePosition returns the position with its assignments and vacancy today, when the user
// may see it.
func (h *Handler) findVisiblePosition(c *gin.Context, id int64) (*chitieu.Position, *unitTree, error) {
	ctx := c.Request.Context()
	p, err := h.Positions.FindPositionByID(ctx, id, 0)
	if err != nil {
		return nil, nil, err
	}
	tree, err := h.treeShowing(ctx, p.Unit, "position", id)
	if err != nil {
		return nil, nil, err
	}
	return p, tree, nil
}

func (h *Handler) showPosition(c *gin.Context, status int, assign *form, endID int64, endErr string) {
	_, p, tree, ok := pathRecord(h, c, h.findVisiblePosition)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	d := positionData{Position: p, UnitName: tree.name(p.Unit), Figures: p.Figures(), CanWrite: chitieu.UserFromContext(ctx).CanWriteRecords(),
		Assign: assign, EndID: endID, EndErr: endErr, Today: h.Figures.Today()}
	for _, a := range slices.Backward(p.Assignments) {
		row := assignmentRow{Assignment: a, Open: a.EndedOn.IsZero() || a.EndedOn > d.Today}
		switch cd, err := h.Cadres.FindCadreByID(ctx, a.CadreID); {
		case err == nil:
			row.Cadre, row.Holds = cd, chitieu.HoldingOf(a, cd).On(d.Today)
		case chitieu.ErrorCode(err) != chitieu.ENOTFOUND:
			h.fail(c, err)
			return
		}
		d.Rows = append(d.Rows, row)
	}
	if d.CanWrite {
		active := true
		cadres, err := h.allCadres(ctx, chitieu.CadreFilter{Unit: p.Unit, Active: &active})
		if err != nil {
			h.fail(c, err)
			return
		}
		d.Cadres = cadres
	}
	if chitieu.UserFromContext(ctx).IsAdmin() {
		d.Edit, d.Units = h.positionEditForm(c, p), tree.visible(chitieu.UserFromContext(ctx))
	}
	h.render(c, status, "position", "positions", p.Title, d)
}

// assignmentCreate gives a cadre a seat of the position; the service checks the seats, the
// cadre's days and the editor's unit.
func (h *Handler) assignmentCreate(c *gin.Context) {
	id, _, ok := recordToWrite(h, c, h.findVisiblePosition)
	if !ok {
		return
	}
	l := h.locale(c)
	f := readForm(c, assignmentFields...)
	a := &chitieu.Assignment{PositionID: id, CadreID: f.int(l, "cadre_id", true), StartedOn: f.date(l, "started_on"), EndedOn: f.date(l, "ended_on")}
	if h.submit(c, f, func() error { return h.Positions.CreateAssignment(c.Request.Context(), a) },
		func() string { return "/positions/" + itoa(id) }, "assignment_added") {
		h.showPosition(c, http.StatusUnprocessableEntity, f, 0, "")
	}
}

// assignmentEnd ends one of the position's assignments on a day: from that day its cadre no
// longer holds the seat.
func (h *Handler) assignmentEnd(c *gin.Context) {
	id, _, a, ok := h.assignmentToWrite(c)
	if !ok {
		return
	}
	aid := a.ID
	l := h.locale(c)
	f := readForm(c, "ended_on")
	day := f.date(l, "ended_on")
	if f.E("ended_on") == "" && day.IsZero() {
		f.Errors["ended_on"] = l.T("form.required")
	}
	write := func() error {
		_, err := h.Positions.UpdateAssignment(c.Request.Context(), aid, chitieu.AssignmentUpdate{EndedOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day}})
		return err
	}
	if h.submit(c, f, write, func() string { return "/positions/" + itoa(id) }, "assignment_ended") {
		h.showPosition(c, http.StatusUnprocessableEntity, h.newAssignForm(c), aid, f.summary(l))
	}
}

// heldPosition is a leadership position a cadre holds or held through one assignment.
type heldPosition struct {
	Position   *chitieu.Position
	UnitName   string
	Assignment *chitieu.Assignment
	Holds      bool // holds a seat today
}

// heldPositions lists the cadre's assignments with their positions, the newest first.
func (h *Handler) heldPositions(ctx context.Context, tree *unitTree, cd *chitieu.Cadre, today chitieu.Date) ([]heldPosition, error) {
	positions, err := h.allPositions(ctx, chitieu.PositionFilter{CadreID: cd.ID})
	if err != nil {
		return nil, err
	}
	var held []heldPosition
	for _, p := range positions {
		// The list holds no assignments: a cadre holds few positions, each read with its own.
		if p, err = h.Positions.FindPositionByID(ctx, p.ID, 0); err != nil {
			return nil, err
		}
		for _, a := range p.Assignments {
			if a.CadreID == cd.ID {
				held = append(held, heldPosition{Position: p, UnitName: tree.name(p.Unit), Assignment: a, Holds: chitieu.HoldingOf(a, cd).On(today)})
			}
		}
	}
	slices.SortStableFunc(held, func(a, b heldPosition) int { return cmp.Compare(b.Assignment.StartedOn, a.Assignment.StartedOn) })
	return held, nil
}
