package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// An admin corrects a position (a refusal shown by its field) and deletes it after a
// confirmation; an editor corrects an assignment's days in its unit, the domain's refusal
// shown on the page; a viewer and another unit's editor can do none of it.
func TestCorrectPositionsAndAssignments(t *testing.T) {
	e := newEnv(t)
	pc := e.withCommitments()
	ctx := context.Background()
	positions := sqlite.NewPositionService(e.db)
	pho := "/positions/" + itoa(pc.pho.ID)
	got, _ := positions.FindPositionByID(ctx, pc.pho.ID, 0)
	aid := itoa(got.Assignments[0].ID)

	viewer := e.client()
	viewer.signIn("xem")
	wantStatus(t, viewer.post(pho+"/edit", url.Values{"unit": {"co-quan"}, "title": {"X"}, "seats": {"1"}, "created_on": {"01/01/2014"}}), http.StatusForbidden)
	wantStatus(t, viewer.post(pho+"/delete", url.Values{"confirmed": {"yes"}}), http.StatusForbidden)
	wantStatus(t, viewer.post(pho+"/assignments/"+aid+"/edit", url.Values{"started_on": {"01/01/2014"}}), http.StatusForbidden)
	rg := e.client()
	rg.signIn("rg")
	wantStatus(t, rg.post(pho+"/assignments/"+aid+"/edit", url.Values{"started_on": {"01/01/2014"}}), http.StatusNotFound)

	admin := e.client()
	admin.signIn("admin")
	wantStatus(t, admin.get(pho), http.StatusOK, `id="position-edit"`, `action="`+pho+`/delete"`, `id="correct-`+aid+`"`)
	edit := url.Values{"unit": {"co-quan"}, "title": {"Phó Chánh Văn phòng"}, "seats": {"0"}, "created_on": {"01/01/2014"}}
	wantStatus(t, admin.post(pho+"/edit", edit), http.StatusUnprocessableEntity, `id="e-seats"`, `value="Phó Chánh Văn phòng"`)
	edit.Set("seats", "3")
	wantRedirect(t, admin.post(pho+"/edit", edit), pho+"?notice=position_saved")
	if p, _ := positions.FindPositionByID(ctx, pc.pho.ID, 0); p.Seats != 3 || p.Title != "Phó Chánh Văn phòng" {
		t.Fatalf("corrected = %+v", p)
	}

	// An assignment's days: an end before its start is refused by the domain, then corrected.
	a := got.Assignments[0]
	vn := func(d chitieu.Date) string { return d.Time().Format("02/01/2006") }
	bad := url.Values{"started_on": {vn(a.StartedOn)}, "ended_on": {vn(a.StartedOn.AddDays(-1))}}
	wantStatus(t, admin.post(pho+"/assignments/"+aid+"/edit", bad), http.StatusUnprocessableEntity, `role="alert"`)
	fix := url.Values{"started_on": {vn(a.StartedOn.AddDays(1))}, "ended_on": {""}}
	wantRedirect(t, admin.post(pho+"/assignments/"+aid+"/edit", fix), pho+"?notice=assignment_saved")
	if p, _ := positions.FindPositionByID(ctx, pc.pho.ID, 0); p.Assignments[0].StartedOn != a.StartedOn.AddDays(1) {
		t.Fatalf("assignment = %+v", p.Assignments[0])
	}

	wantStatus(t, admin.post(pho+"/delete", nil), http.StatusOK, `id="ask-yes"`)
	wantRedirect(t, admin.post(pho+"/delete", url.Values{"confirmed": {"yes"}}), "/positions?unit=co-quan&notice=position_deleted")
	if _, err := positions.FindPositionByID(ctx, pc.pho.ID, 0); chitieu.ErrorCode(err) != chitieu.ENOTFOUND {
		t.Fatalf("not deleted: %v", err)
	}
}
