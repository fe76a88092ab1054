package web_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
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
	return sheetRows(t, p, ".xlsx", spreadsheet.SheetName(kind))
}

// sheetRows reads the rows of one sheet of the workbook a page sent, whose file name holds
// file.
func sheetRows(t *testing.T, p page, file, sheet string) [][]string {
	t.Helper()
	if p.status != http.StatusOK || !strings.Contains(p.header.Get("Content-Disposition"), file) {
		t.Fatalf("status %d, %q:\n%.300s", p.status, p.header.Get("Content-Disposition"), p.body)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(p.body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.GetRows(sheet)
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
	wantStatus(t, viewer.get("/cadres"), http.StatusOK, `href="/cadres/export.xlsx"`)
	if rows := exportRows(t, viewer.get("/cadres/export.xlsx"), chitieu.ImportCadres); len(rows) != 3 {
		t.Fatalf("viewer's cadres = %v, want the header and 2", rows)
	}
	rows := exportRows(t, viewer.get("/cadres/export.xlsx?q=bich"), chitieu.ImportCadres)
	if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], "|"), "Trần Thị Bích") {
		t.Fatalf("search = %v", rows)
	}
	// The minimum-level filter, computed by reads, applies to the workbook as to the list.
	wantStatus(t, viewer.get("/cadres?pt=trung_cap&q=&unit="), http.StatusOK, `href="/cadres/export.xlsx?pt=trung_cap"`)
	rows = exportRows(t, viewer.get("/cadres/export.xlsx?pt=trung_cap"), chitieu.ImportCadres)
	if len(rows) != 2 || strings.Contains(strings.Join(rows[1], "|"), "Trần Thị Bích") {
		t.Fatalf("at trung cấp at least = %v, want the header and the office's cadre", rows)
	}
	if rows := exportRows(t, viewer.get("/cadres/export.xlsx?pt=cao_cap"), chitieu.ImportCadres); len(rows) != 1 {
		t.Fatalf("at cao cấp at least = %v, want the header alone", rows)
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

// The positions list's Excel button sends the list with its unit filter, in the page's language;
// an editor's unit at most.
func TestExportPositions(t *testing.T) {
	e := newEnv(t)
	pc := e.withCommitments()
	viewer := e.client()
	viewer.signIn("xem")
	wantStatus(t, viewer.get("/positions"), http.StatusOK, `href="/positions/export.xlsx"`)
	wantStatus(t, viewer.get("/positions?unit=co-quan"), http.StatusOK, `href="/positions/export.xlsx?unit=co-quan"`)
	sheet := func(p page, name string) [][]string { t.Helper(); return sheetRows(t, p, "positions-", name) }
	all := sheet(viewer.get("/positions/export.xlsx"), "Chức danh lãnh đạo")
	if len(all) < 3 || all[0][0] != "Đơn vị" || all[0][1] != "Chức danh lãnh đạo" {
		t.Fatalf("all positions = %v", all)
	}
	office := sheet(viewer.get("/positions/export.xlsx?unit=co-quan"), "Chức danh lãnh đạo")
	if len(office) >= len(all) || !slices.ContainsFunc(office[1:], func(r []string) bool { return r[1] == pc.pho.Title }) {
		t.Fatalf("the office's positions = %v, all %v", office, all)
	}
	rg := e.client()
	rg.signIn("rg")
	for _, r := range sheet(rg.get("/positions/export.xlsx?unit=co-quan"), "Chức danh lãnh đạo")[1:] {
		if r[1] == pc.pho.Title {
			t.Fatalf("an editor of rach-gia got the office's position: %v", r)
		}
	}
	viewer.get("/lang/en")
	if en := sheet(viewer.get("/positions/export.xlsx"), "Leadership positions"); en[0][0] != "Unit" {
		t.Fatalf("in English = %v", en[0])
	}
	wantRedirect(t, e.client().get("/positions/export.xlsx"), "/sign-in?next=%2Fpositions%2Fexport.xlsx")
}

// The drill-down's Excel button sends the table as the page shows it: the same day and order,
// the scope's row first, ratios as percents, statuses in words, in the page's language.
func TestExportDrilldown(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("xem")
	p := c.get("/units?target=ly-luan&on=01/07/2014")
	wantStatus(t, p, http.StatusOK, `href="/units/export.xlsx?on=01%2F07%2F2014&amp;sort=status&amp;target=ly-luan"`)
	sheet := func(p page, name string) [][]string { t.Helper(); return sheetRows(t, p, "units-ly-luan-", name) }
	// As TestDrilldown works out: the province 1 of 2, Rạch Giá 0 of 1 (behind), the office 1 of 1.
	got := sheet(c.get("/units/export.xlsx?on=01%2F07%2F2014&sort=status&target=ly-luan"), "Đơn vị")
	want := [][]string{
		{"Đơn vị", "Tỷ lệ (%)", "Đạt", "Cán bộ", "Tình trạng"},
		{"Tỉnh Đoàn Kiên Giang", "50", "1", "2", "Chậm tiến độ"},
		{"Thành Đoàn Rạch Giá", "0", "0", "1", "Chậm tiến độ"},
		{"Cơ quan Tỉnh Đoàn", "100", "1", "1", "Đạt"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("rows = %q, want %q", got, want)
	}
	byName := sheet(c.get("/units/export.xlsx?on=01%2F07%2F2014&sort=name&target=ly-luan"), "Đơn vị")
	if byName[2][0] != "Cơ quan Tỉnh Đoàn" {
		t.Fatalf("sorted by name = %q", byName)
	}
	c.get("/lang/en")
	if en := sheet(c.get("/units/export.xlsx?target=ly-luan"), "Units"); en[0][0] != "Unit" || en[0][1] != "Ratio (%)" {
		t.Fatalf("in English = %q", en[0])
	}
	wantStatus(t, c.get("/units/export.xlsx?target=khong-co"), http.StatusNotFound)
	wantStatus(t, c.get("/units/export.xlsx?target=ly-luan&on=32/01/2014"), http.StatusUnprocessableEntity)
	wantRedirect(t, e.client().get("/units/export.xlsx?target=ly-luan"), "/sign-in?next=%2Funits%2Fexport.xlsx%3Ftarget%3Dly-luan")
}
