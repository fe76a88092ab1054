package web

import (
	"context"
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

// positionDelete deletes a position once confirmed, and offers to undo it on the list; its
// assignments stay as history and come back with it.
func (h *Handler) positionDelete(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	id, p, _, ok := pathRecord(h, c, h.findVisiblePosition)
	if !ok {
		return
	}
	l := h.locale(c)
	if !h.askFirst(c, l.T("ask.delete_position", p.Title), l.T("ask.undo_hint"), l.T("action.delete"), "/positions/"+itoa(id)) {
		return
	}
	if err := h.Positions.DeletePosition(c.Request.Context(), id); err != nil {
		h.fail(c, err)
		return
	}
	redirect(c, "/positions?unit="+url.QueryEscape(p.Unit)+"&undo=position/"+itoa(id), "position_deleted")
}

// positionRestore brings a deleted position back with its assignments: the undo, or the audit's
// restore (admins; the store checks again).
func (h *Handler) positionRestore(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	h.restore(c, func(ctx context.Context, id int64) (string, error) {
		p, err := h.Restore.RestorePosition(ctx, id)
		if err != nil {
			return "", err
		}
		return "/positions/" + itoa(p.ID), nil
	}, "position_restored")
}

// assignmentDelete deletes one of the position's assignments, entered by mistake, once
// confirmed, and offers to undo it.
func (h *Handler) assignmentDelete(c *gin.Context) {
	id, p, a, ok := h.assignmentToWrite(c)
	if !ok {
		return
	}
	aid := a.ID
	l := h.locale(c)
	back := "/positions/" + itoa(id)
	if !h.askFirst(c, l.T("ask.delete_assignment", h.assignmentName(c, a), p.Title), l.T("ask.undo_hint"), l.T("action.delete"), back) {
		return
	}
	if err := h.Positions.DeleteAssignment(c.Request.Context(), aid); err != nil {
		h.fail(c, err)
		return
	}
	redirect(c, back+"?undo=assignment/"+itoa(aid), "assignment_deleted")
}

// assignmentName names an assignment's cadre, for a question.
func (h *Handler) assignmentName(c *gin.Context, a *chitieu.Assignment) string {
	if cd, err := h.Cadres.FindCadreByID(c.Request.Context(), a.CadreID); err == nil {
		return cd.FullName
	}
	return "#" + itoa(a.CadreID)
}

// assignmentRestore brings a deleted assignment back: the undo, or the audit's restore.
func (h *Handler) assignmentRestore(c *gin.Context) {
	h.restore(c, func(ctx context.Context, id int64) (string, error) {
		a, err := h.Restore.RestoreAssignment(ctx, id)
		if err != nil {
			return "", err
		}
		return "/positions/" + itoa(a.PositionID), nil
	}, "assignment_restored")
}

// assignmentUpdate corrects the days of one of the position's assignments.
func (h *Handler) assignmentUpdate(c *gin.Context) {
	id, _, a, ok := h.assignmentToWrite(c)
	if !ok {
		return
	}
	aid := a.ID
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

// assignmentToWrite reads the path's position, when the user may write its records, and the
// path's assignment, which must be one of its; otherwise it answers the refusal (404 for an
// assignment of another position).
func (h *Handler) assignmentToWrite(c *gin.Context) (id int64, p *chitieu.Position, a *chitieu.Assignment, ok bool) {
	if id, p, ok = recordToWrite(h, c, h.findVisiblePosition); !ok {
		return 0, nil, nil, false
	}
	aid, err := strconv.ParseInt(c.Param("assignment"), 10, 64)
	i := slices.IndexFunc(p.Assignments, func(a *chitieu.Assignment) bool { return a.ID == aid })
	if err != nil || i < 0 {
		h.errorPage(c, http.StatusNotFound, "error.not_found")
		return 0, nil, nil, false
	}
	return id, p, p.Assignments[i], true
}
