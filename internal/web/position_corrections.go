package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// editPositionKey holds, in the request, the position form refused, to show again.
const editPositionKey = "edit_position"

// positionEditForm is the refused form of this request, or the position's fields.
func (h *Handler) positionEditForm(c *gin.Context, p *chitieu.Position) *form {
	if f, ok := c.Get(editPositionKey); ok {
		return f.(*form)
	}
	f := newForm()
	f.Values = map[string]string{"unit": p.Unit, "title": p.Title, "seats": itoa(int64(p.Seats)), "created_on": h.locale(c).Date(p.CreatedOn)}
	return f
}

// positionUpdate corrects a position's unit, title, seats and day (admins, as the API).
func (h *Handler) positionUpdate(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	id, _, _, ok := pathRecord(h, c, h.findVisiblePosition)
	if !ok {
		return
	}
	l := h.locale(c)
	f := readForm(c, positionFields...)
	p := &chitieu.Position{Unit: f.V("unit"), Title: f.V("title"), Seats: int(f.int(l, "seats", false)), CreatedOn: f.date(l, "created_on")}
	write := func() error {
		_, err := h.Positions.UpdatePosition(c.Request.Context(), id, p)
		return err
	}
	if h.submit(c, f, write, func() string { return "/positions/" + itoa(id) }, "position_saved") {
		c.Set(editPositionKey, f)
		h.showPosition(c, http.StatusUnprocessableEntity, h.newAssignForm(c), 0, "")
	}
}

// positionDelete deletes a position once confirmed; its assignments stay as history. The store
// has no restore for it: the confirmation says so.
func (h *Handler) positionDelete(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	id, p, _, ok := pathRecord(h, c, h.findVisiblePosition)
	if !ok {
		return
	}
	l := h.locale(c)
	if !h.askFirst(c, l.T("ask.delete_position", p.Title), l.T("ask.no_undo"), l.T("action.delete"), "/positions/"+itoa(id)) {
		return
	}
	if err := h.Positions.DeletePosition(c.Request.Context(), id); err != nil {
		h.fail(c, err)
		return
	}
	redirect(c, "/positions?unit="+url.QueryEscape(p.Unit), "position_deleted")
}

// assignmentUpdate corrects the days of one of the position's assignments.
func (h *Handler) assignmentUpdate(c *gin.Context) {
	id, p, ok := recordToWrite(h, c, h.findVisiblePosition)
	if !ok {
		return
	}
	aid, ok := h.assignmentParam(c, p)
	if !ok {
		return
	}
	l := h.locale(c)
	f := readForm(c, "started_on", "ended_on")
	started := f.date(l, "started_on")
	upd := chitieu.AssignmentUpdate{StartedOn: &started, EndedOn: chitieu.Optional[chitieu.Date]{Set: true, Value: f.date(l, "ended_on")}}
	write := func() error {
		_, err := h.Positions.UpdateAssignment(c.Request.Context(), aid, upd)
		return err
	}
	if h.submit(c, f, write, func() string { return "/positions/" + itoa(id) }, "assignment_saved") {
		h.showPosition(c, http.StatusUnprocessableEntity, h.newAssignForm(c), aid, f.summary(l))
	}
}

// assignmentParam reads the path's assignment, which must be one of p's; otherwise it answers 404.
func (h *Handler) assignmentParam(c *gin.Context, p *chitieu.Position) (int64, bool) {
	aid, err := strconv.ParseInt(c.Param("assignment"), 10, 64)
	if err != nil || !slices.ContainsFunc(p.Assignments, func(a *chitieu.Assignment) bool { return a.ID == aid }) {
		h.errorPage(c, http.StatusNotFound, "error.not_found")
		return 0, false
	}
	return aid, true
}
