package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// An admin deletes the office cadre after a confirmation and undoes it: the cadre comes back
// with its training record, in the database and in the figures (1 of 2 cadres at trung cấp,
// then 0 of 1, then 1 of 2 again); the audit offers the restore; another unit's editor can
// neither delete nor restore it.
func TestDeleteAndRestoreCadre(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cadres := sqlite.NewCadreService(e.db)
	id := itoa(e.office)
	day := chitieu.NewDate(2014, 1, 1)
	wantFigures := func(num, den int64) {
		t.Helper()
		if err := e.keeper.WaitCurrent(ctx); err != nil {
			t.Fatal(err)
		}
		p, err := e.keeper.TargetProgress(ctx, "ly-luan", day)
		if err != nil || p.Numerator != num || p.Denominator != den {
			t.Fatalf("ly-luan = %d/%d, %v; want %d/%d", p.Numerator, p.Denominator, err, num, den)
		}
	}
	wantFigures(1, 2)

	rg := e.client()
	rg.signIn("rg")
	wantStatus(t, rg.post("/cadres/"+id+"/delete", url.Values{"confirmed": {"yes"}}), http.StatusNotFound)

	c := e.client()
	c.signIn("admin")
	wantStatus(t, c.get("/cadres/"+id), http.StatusOK, `action="/cadres/`+id+`/delete"`)
	wantStatus(t, c.post("/cadres/"+id+"/delete", nil), http.StatusOK, `id="ask-yes"`, `action="/cadres/`+id+`/delete"`)
	if _, err := cadres.FindCadreByID(ctx, e.office); err != nil {
		t.Fatalf("deleted before the confirmation: %v", err)
	}
	wantRedirect(t, c.post("/cadres/"+id+"/delete", url.Values{"confirmed": {"yes"}}), "/cadres?undo=cadre/"+id+"&notice=cadre_deleted")
	if _, err := cadres.FindCadreByID(ctx, e.office); chitieu.ErrorCode(err) != chitieu.ENOTFOUND {
		t.Fatalf("not deleted: %v", err)
	}
	wantFigures(0, 1)
	wantStatus(t, c.get("/cadres?undo=cadre/"+id+"&notice=cadre_deleted"), http.StatusOK, `action="/cadres/`+id+`/restore"`, `id="undo"`)
	wantStatus(t, c.get("/audit?entity=cadre"), http.StatusOK, `action="/cadres/`+id+`/restore"`)

	wantStatus(t, rg.post("/cadres/"+id+"/restore", nil), http.StatusForbidden)
	wantRedirect(t, c.post("/cadres/"+id+"/restore", nil), "/cadres/"+id+"?notice=cadre_restored")
	if cd, err := cadres.FindCadreByID(ctx, e.office); err != nil || cd.PoliticalTheoryLevel != "trung_cap" {
		t.Fatalf("restored = %+v, %v", cd, err)
	}
	wantFigures(1, 2)
	wantStatus(t, c.post("/cadres/"+id+"/restore", nil), http.StatusNotFound)
}
