package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// A clerk corrects a youth report by entering the same day again, deletes it after a
// confirmation, and undoes the delete; an editor of another unit can do none of it.
func TestCorrectYouthReport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	reports := sqlite.NewYouthReportService(e.db)
	c := e.client()
	c.signIn("rg")
	entry := url.Values{"unit": {"rach-gia"}, "reported_on": {"30/06/2014"}, "youth_population": {"62000"},
		"union_members": {"14000"}, "association_members": {"26000"}, "gathered": {"33000"}}
	wantRedirect(t, c.post("/youth", entry), "/youth?unit=rach-gia&notice=report_added")
	got, _, _ := reports.FindYouthReports(ctx, chitieu.YouthReportFilter{})
	id := itoa(got[0].ID)

	// The same day again: the refusal offers to correct the report with the figures typed.
	entry.Set("gathered", "34000")
	wantStatus(t, c.post("/youth", entry), http.StatusUnprocessableEntity, `id="youth-replace"`,
		`action="/youth/`+id+`/edit"`, `name="gathered" value="34000"`)
	fix := url.Values{"reported_on": {"30/06/2014"}, "youth_population": {"62000"}, "union_members": {"14000"},
		"association_members": {"26000"}, "gathered": {"34000"}}
	wantRedirect(t, c.post("/youth/"+id+"/edit", fix), "/youth?unit=rach-gia&notice=report_saved")
	if r, _ := reports.FindYouthReportByID(ctx, got[0].ID); r.Gathered != 34000 {
		t.Fatalf("gathered = %d, want 34000", r.Gathered)
	}
	// The edit form shows the figures, and a correction the domain refuses is told by its field.
	wantStatus(t, c.get("/youth/"+id+"/edit"), http.StatusOK, `action="/youth/`+id+`/edit"`, `value="34000"`)
	fix.Set("gathered", "1")
	wantStatus(t, c.post("/youth/"+id+"/edit", fix), http.StatusUnprocessableEntity, `id="e-gathered"`)

	// Delete asks first; confirmed, it deletes and offers the undo.
	wantStatus(t, c.post("/youth/"+id+"/delete", nil), http.StatusOK, `id="ask-yes"`, `action="/youth/`+id+`/delete"`)
	if _, err := reports.FindYouthReportByID(ctx, got[0].ID); err != nil {
		t.Fatalf("deleted before the confirmation: %v", err)
	}
	wantRedirect(t, c.post("/youth/"+id+"/delete", url.Values{"confirmed": {"yes"}}),
		"/youth?unit=rach-gia&undo=youth_report/"+id+"&notice=report_deleted")
	if _, err := reports.FindYouthReportByID(ctx, got[0].ID); chitieu.ErrorCode(err) != chitieu.ENOTFOUND {
		t.Fatalf("not deleted: %v", err)
	}
	wantStatus(t, c.get("/youth?unit=rach-gia&undo=youth_report/"+id+"&notice=report_deleted"), http.StatusOK,
		`action="/youth/`+id+`/restore"`, `id="undo"`)

	// Another unit's editor cannot restore it; the clerk can, once.
	other := e.client()
	other.signIn("xem")
	wantStatus(t, other.post("/youth/"+id+"/restore", nil), http.StatusForbidden)
	wantRedirect(t, c.post("/youth/"+id+"/restore", nil), "/youth?unit=rach-gia&notice=report_restored")
	if r, err := reports.FindYouthReportByID(ctx, got[0].ID); err != nil || r.Gathered != 34000 {
		t.Fatalf("restored = %+v, %v", r, err)
	}
	wantStatus(t, c.post("/youth/"+id+"/restore", nil), http.StatusNotFound)
	// The audit tells the delete and the restore.
	entries, _, _ := sqlite.NewAuditService(e.db).FindAuditEntries(ctx, chitieu.AuditFilter{Entity: "youth_report", Key: id})
	if len(entries) < 3 || entries[0].Action != chitieu.ActionCreate || entries[1].Action != chitieu.ActionDelete {
		t.Fatalf("audit = %+v", entries)
	}
}

// A clerk corrects a training record on the cadre's page, deletes it and undoes the delete.
func TestCorrectTraining(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	trainings := sqlite.NewTrainingService(e.db)
	c := e.client()
	c.signIn("rg")
	wantRedirect(t, c.post("/cadres/"+itoa(e.rg)+"/trainings", url.Values{"kind": {"political_theory"}, "level": {"so_cap"},
		"status": {"in_progress"}, "started_on": {"01/09/2013"}}), "/cadres/"+itoa(e.rg)+"?notice=training_added")
	trs, _, _ := trainings.FindTrainings(ctx, chitieu.TrainingFilter{CadreID: e.rg})
	id := itoa(trs[0].ID)

	wantStatus(t, c.get("/trainings/"+id+"/edit"), http.StatusOK, `action="/trainings/`+id+`/edit"`, `value="01/09/2013"`)
	wantRedirect(t, c.post("/trainings/"+id+"/edit", url.Values{"kind": {"political_theory"}, "level": {"trung_cap"},
		"status": {"completed"}, "started_on": {"01/09/2013"}, "completed_on": {"30/06/2015"}}), "/cadres/"+itoa(e.rg)+"?notice=training_saved")
	if tr, _ := trainings.FindTrainingByID(ctx, trs[0].ID); tr.Level != "trung_cap" || tr.CompletedOn != chitieu.NewDate(2015, 6, 30) {
		t.Fatalf("corrected = %+v", tr)
	}
	// Completed without a day: refused by the field.
	wantStatus(t, c.post("/trainings/"+id+"/edit", url.Values{"kind": {"political_theory"}, "level": {"trung_cap"},
		"status": {"completed"}}), http.StatusUnprocessableEntity, `id="e-completed_on"`)

	wantStatus(t, c.post("/trainings/"+id+"/delete", nil), http.StatusOK, `id="ask-yes"`)
	wantRedirect(t, c.post("/trainings/"+id+"/delete", url.Values{"confirmed": {"yes"}}),
		"/cadres/"+itoa(e.rg)+"?undo=training/"+id+"&notice=training_deleted")
	if _, err := trainings.FindTrainingByID(ctx, trs[0].ID); chitieu.ErrorCode(err) != chitieu.ENOTFOUND {
		t.Fatalf("not deleted: %v", err)
	}
	wantRedirect(t, c.post("/trainings/"+id+"/restore", nil), "/cadres/"+itoa(e.rg)+"?notice=training_restored")
	if _, err := trainings.FindTrainingByID(ctx, trs[0].ID); err != nil {
		t.Fatalf("not restored: %v", err)
	}
	// Another unit's records are out of this editor's reach.
	wantStatus(t, c.get("/trainings/"+itoa(officeTraining(t, e))+"/edit"), http.StatusNotFound)
}

func officeTraining(t *testing.T, e *env) int64 {
	t.Helper()
	trs, _, err := sqlite.NewTrainingService(e.db).FindTrainings(context.Background(), chitieu.TrainingFilter{CadreID: e.office})
	if err != nil || len(trs) == 0 {
		t.Fatalf("office training: %v", err)
	}
	return trs[0].ID
}

// The audit names records and fields in the page's language, filters by who, what and when,
// hides sign-ins unless asked, and restores a deleted report.
func TestAuditPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.client()
	c.signIn("rg")
	wantRedirect(t, c.post("/youth", url.Values{"unit": {"rach-gia"}, "reported_on": {"30/06/2014"}, "youth_population": {"62000"},
		"union_members": {"14000"}, "association_members": {"26000"}, "gathered": {"33000"}}), "/youth?unit=rach-gia&notice=report_added")
	got, _, _ := sqlite.NewYouthReportService(e.db).FindYouthReports(ctx, chitieu.YouthReportFilter{})
	id := itoa(got[0].ID)
	c.post("/youth/"+id+"/delete", url.Values{"confirmed": {"yes"}})

	admin := e.client()
	admin.signIn("admin")
	p := admin.get("/audit?actor=rg")
	wantStatus(t, p, http.StatusOK, "Thành Đoàn Rạch Giá · 30/06/2014", "<th scope=\"row\">Số được tập hợp</th><td>33.000</td>",
		`action="/youth/`+id+`/restore"`)
	for _, raw := range []string{`"gathered"`, "youth_population", `<span class="muted small">Phiên đăng nhập</span>`} {
		if strings.Contains(p.body, raw) {
			t.Errorf("the audit shows %q", raw)
		}
	}
	wantStatus(t, admin.get("/audit?entity=session"), http.StatusOK, `<span class="muted small">Phiên đăng nhập</span>`)
	if p := admin.get("/audit?actor=rg&to=30/06/2014"); strings.Contains(p.body, "data-entry=") {
		t.Error("entries of 01/07/2014 shown up to 30/06/2014")
	}
	wantStatus(t, admin.get("/audit?actor=rg&from=1/7/14&to=1.7.2014"), http.StatusOK, "Thành Đoàn Rạch Giá · 30/06/2014")
	wantStatus(t, admin.get("/audit?from=hôm+qua"), http.StatusOK, "ngày phải viết dạng dd/mm/yyyy")
	wantRedirect(t, admin.post("/youth/"+id+"/restore", nil), "/youth?unit=rach-gia&notice=report_restored")
	admin.lang = "en"
	wantStatus(t, admin.get("/audit?actor=rg"), http.StatusOK, "<th scope=\"row\">Gathered</th>")
}

// What a hostile or mistyped address does to the new pages: refused plainly, never an internal
// error, never a link or a form to another site.
func TestPagesHostileInputs(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")
	for path, want := range map[string]int{
		"/units?target=%3Cscript%3E":                                         http.StatusNotFound,
		"/units?target=ly-luan&sort=ratio;DROP&dir=sideways":                 http.StatusOK,
		"/units?target=ly-luan&on=99/99/9999":                                http.StatusOK,
		"/units?target=ly-luan&on=1/1/0001":                                  http.StatusOK,
		"/units/rach-gia?target=khong-co&on=%00":                             http.StatusOK,
		"/youth?undo=javascript:alert(1)":                                    http.StatusOK,
		"/youth?undo=youth_report/1%2F..%2F..%2Fusers&notice=report_deleted": http.StatusOK,
		"/youth/99999999999999999999/edit":                                   http.StatusNotFound,
		"/youth/-1/edit":                                                     http.StatusNotFound,
		"/trainings/0/edit":                                                  http.StatusNotFound,
		"/audit?entity=sessions%27--&actor=%27&from=31/02/2014":              http.StatusOK,
	} {
		p := c.get(path)
		if p.status != want {
			t.Errorf("GET %s: %d, want %d", path, p.status, want)
		}
		for _, bad := range []string{"<script>", "javascript:", `action="/youth/1/../`} {
			if strings.Contains(p.body, bad) {
				t.Errorf("GET %s shows %q", path, bad)
			}
		}
	}
	for path, want := range map[string]int{
		"/youth/99999999999999999999/restore": http.StatusNotFound,
		"/youth/424242/restore":               http.StatusNotFound,
		"/trainings/424242/restore":           http.StatusNotFound,
		"/trainings/424242/delete":            http.StatusNotFound,
		"/youth/424242/delete":                http.StatusNotFound,
	} {
		if p := c.post(path, url.Values{"confirmed": {"yes"}}); p.status != want {
			t.Errorf("POST %s: %d, want %d", path, p.status, want)
		}
	}
}
