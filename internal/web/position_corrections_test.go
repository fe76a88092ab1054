package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// An admin corrects a position (a refusal shown by its field) and deletes it after a
// confirmation; an editor corrects an assignment's days in its unit, the domain's refusal
// shown on the page; a viewer and another unit's editor can do none of it.
func TestCorrectPositionsAndAssignments(t *testing.T) {
	e, pc, positions, got := withPosition(t)
	ctx := context.Background()
	pho := "/positions/" + itoa(pc.pho.ID)
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
	undo := "/positions?unit=co-quan&undo=position/" + itoa(pc.pho.ID) + "&notice=position_deleted"
	wantRedirect(t, admin.post(pho+"/delete", url.Values{"confirmed": {"yes"}}), undo)
	if _, err := positions.FindPositionByID(ctx, pc.pho.ID, 0); chitieu.ErrorCode(err) != chitieu.ENOTFOUND {
		t.Fatalf("not deleted: %v", err)
	}
	wantSeats(t, e, "Phó Chánh Văn phòng", false)
	wantStatus(t, admin.get(undo), http.StatusOK, `action="`+pho+`/restore"`, `id="undo"`)
	wantStatus(t, admin.get("/audit?entity=position"), http.StatusOK, `action="`+pho+`/restore"`)
	wantStatus(t, rg.post(pho+"/restore", nil), http.StatusForbidden)
	wantRedirect(t, admin.post(pho+"/restore", nil), pho+"?notice=position_restored")
	if p, err := positions.FindPositionByID(ctx, pc.pho.ID, 0); err != nil || len(p.Assignments) != len(got.Assignments) {
		t.Fatalf("restored = %+v, %v; want its %d assignments back", p, err, len(got.Assignments))
	}
	wantSeats(t, e, "Phó Chánh Văn phòng", true)
	wantStatus(t, admin.post(pho+"/restore", nil), http.StatusNotFound)
}

// A writer deletes an assignment entered by mistake after a confirmation and undoes it (the
// audit offers the restore too); a viewer and another unit's editor can do neither.
func TestDeleteAndRestoreAssignment(t *testing.T) {
	e, pc, positions, got := withPosition(t)
	ctx := context.Background()
	pho := "/positions/" + itoa(pc.pho.ID)
	aid := itoa(got.Assignments[0].ID)
	del := pho + "/assignments/" + aid + "/delete"
	restore := "/assignments/" + aid + "/restore"
	held := func() int {
		p, err := positions.FindPositionByID(ctx, pc.pho.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Assignments)
	}
	before := held()

	viewer := e.client()
	viewer.signIn("xem")
	wantStatus(t, viewer.post(del, url.Values{"confirmed": {"yes"}}), http.StatusForbidden)
	rg := e.client()
	rg.signIn("rg")
	wantStatus(t, rg.post(del, url.Values{"confirmed": {"yes"}}), http.StatusNotFound)
	wantStatus(t, rg.post(pho+"/assignments/99999/delete", url.Values{"confirmed": {"yes"}}), http.StatusNotFound)

	w := e.client()
	w.signIn("admin")
	wantStatus(t, w.get(pho), http.StatusOK, `action="`+del+`"`)
	wantStatus(t, w.post(del, nil), http.StatusOK, `id="ask-yes"`, `action="`+del+`"`)
	if held() != before {
		t.Fatal("deleted before the confirmation")
	}
	undo := pho + "?undo=assignment/" + aid + "&notice=assignment_deleted"
	wantRedirect(t, w.post(del, url.Values{"confirmed": {"yes"}}), undo)
	if held() != before-1 {
		t.Fatal("not deleted")
	}
	wantStatus(t, w.get(undo), http.StatusOK, `action="`+restore+`"`, `id="undo"`)
	wantStatus(t, w.get("/audit?entity=assignment"), http.StatusOK, `action="`+restore+`"`)
	wantStatus(t, viewer.post(restore, nil), http.StatusForbidden)
	wantStatus(t, rg.post(restore, nil), http.StatusForbidden)
	wantRedirect(t, w.post(restore, nil), pho+"?notice=assignment_restored")
	if held() != before {
		t.Fatal("not restored")
	}
	wantStatus(t, w.post(restore, nil), http.StatusNotFound)
}

// withPosition is the pages on a database with the plan's commitments, its position service and
// the office's Phó Chánh Văn phòng with its assignments.
func withPosition(t *testing.T) (*env, planCommitments, *sqlite.PositionService, *chitieu.Position) {
	t.Helper()
	e := newEnv(t)
	pc := e.withCommitments()
	positions := sqlite.NewPositionService(e.db)
	p, err := positions.FindPositionByID(context.Background(), pc.pho.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return e, pc, positions, p
}

// wantSeats checks whether the figures count the position titled title today.
func wantSeats(t *testing.T, e *env, title string, counted bool) {
	t.Helper()
	ctx := context.Background()
	if err := e.keeper.WaitCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	cm, err := e.keeper.Commitments(ctx, e.keeper.Today())
	if err != nil {
		t.Fatal(err)
	}
	found := slices.ContainsFunc(cm.Leadership, func(f chitieu.SeatFigures) bool { return f.Title == title })
	if found != counted {
		t.Fatalf("%q in the figures: %v, want %v (%+v)", title, found, counted, cm.Leadership)
	}
}
