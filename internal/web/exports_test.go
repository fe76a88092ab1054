package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
	"chitieu/internal/sqlite"
)

// exportRows opens a workbook the pages sent and returns its rows, the header first.
func exportRows(t *testing.T, p page, kind chitieu.ImportKind) [][]string {
	t.Helper()
	if p.status != http.StatusOK || !strings.Contains(p.header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("status %d, %q:\n%.300s", p.status, p.header.Get("Content-Disposition"), p.body)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(p.body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.GetRows(spreadsheet.SheetName(kind))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The lists' Excel buttons send the list a signed-in user sees: every cadre for a viewer, an
// editor's unit only, a search's cadres; the youth reports of the page's unit, never another's.
func TestExportButtons(t *testing.T) {
	e := newEnv(t)
	if err := sqlite.NewYouthReportService(e.db).CreateYouthReport(chitieu.NewContextWithUser(context.Background(), &chitieu.User{Username: "admin", Role: chitieu.RoleAdmin}),
		&chitieu.YouthReport{Unit: "co-quan", ReportedOn: chitieu.NewDate(2014, 6, 30), YouthPopulation: 100, UnionMembers: 20, AssociationMembers: 30, Gathered: 50}); err != nil {
		t.Fatal(err)
	}
	viewer := e.client()
	viewer.signIn("xem")
	wantStatus(t, viewer.get("/cadres"), http.StatusOK, `href="/cadres/export.xlsx?q=&amp;unit=&amp;all="`)
	if rows := exportRows(t, viewer.get("/cadres/export.xlsx"), chitieu.ImportCadres); len(rows) != 3 {
		t.Fatalf("viewer's cadres = %v, want the header and 2", rows)
	}
	rows := exportRows(t, viewer.get("/cadres/export.xlsx?q=bich"), chitieu.ImportCadres)
	if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], "|"), "Trần Thị Bích") {
		t.Fatalf("search = %v", rows)
	}
	wantStatus(t, viewer.get("/youth?unit=co-quan"), http.StatusOK, `href="/youth/export.xlsx?unit=co-quan"`)
	if rows := exportRows(t, viewer.get("/youth/export.xlsx?unit=co-quan"), chitieu.ImportYouthReports); len(rows) != 2 {
		t.Fatalf("youth = %v", rows)
	}

	rg := e.client()
	rg.signIn("rg")
	rows = exportRows(t, rg.get("/cadres/export.xlsx?unit=co-quan"), chitieu.ImportCadres)
	if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], "|"), "Trần Thị Bích") {
		t.Fatalf("editor of rach-gia = %v", rows)
	}
	wantStatus(t, rg.get("/youth/export.xlsx?unit=co-quan"), http.StatusNotFound)
	wantRedirect(t, e.client().get("/cadres/export.xlsx"), "/sign-in?next=%2Fcadres%2Fexport.xlsx")
}
