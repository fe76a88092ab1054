package web_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// A clerk downloads the cadres' template, fills two rows with units by name and how each cadre
// was recruited, and imports it: the dry run names the cadres, and after it no cadre is flagged
// as recruited without an exam. The untouched template imports nothing; a PDF is told as such.
func TestImportFilledTemplate(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("admin")
	resp := c.get("/import/cadres/template.xlsx")
	if resp.status != http.StatusOK {
		t.Fatalf("template: %d", resp.status)
	}
	blank := []byte(resp.body)
	f, err := excelize.OpenReader(bytes.NewReader(blank))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	header, _ := f.GetRows(sheet)
	if len(header) != 1 {
		t.Fatalf("the sheet to fill has %d rows, want the header alone", len(header))
	}
	col := map[string]int{}
	for i, h := range header[0] {
		col[h] = i + 1
	}
	for _, h := range []string{"Hình thức tuyển dụng", "Ngày thi tuyển", "Kết quả thi tuyển"} {
		if col[h] == 0 {
			t.Fatalf("no column %q in %v", h, header[0])
		}
	}
	set := func(row int, h string, v any) {
		cell, _ := excelize.CoordinatesToCellName(col[h], row)
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range []map[string]any{
		{"Họ và tên": "Võ Thị Hạnh", "Đơn vị": "Thành Đoàn Rạch Giá", "Ngày vào": "01/03/2015", "Hình thức tuyển dụng": "Thi tuyển",
			"Ngày thi tuyển": "15/1/15", "Kết quả thi tuyển": "Đạt"},
		{"Họ và tên": "Đặng Quốc Bảo", "Đơn vị": "Cơ quan Tỉnh Đoàn", "Ngày vào": "1-6-2015", "Hình thức tuyển dụng": "Điều động, luân chuyển"},
	} {
		for h, v := range r {
			set(i+2, h, v)
		}
	}
	var filled bytes.Buffer
	if _, err := f.WriteTo(&filled); err != nil {
		t.Fatal(err)
	}

	// Untouched: nothing to import.
	wantCounts(t, c.upload("/import/cadres", "Mẫu nhập cán bộ.xlsx", blank), map[string]string{"rows": "0", "created": "0"})
	p := c.upload("/import/cadres", "can-bo.xlsx", filled.Bytes())
	wantStatus(t, p, http.StatusOK, `id="import-names-create"`, "<li>Võ Thị Hạnh</li>", "<li>Đặng Quốc Bảo</li>")
	wantCounts(t, p, map[string]string{"rows": "2", "created": "2", "problems": "0"})
	wantStatus(t, c.post("/import/cadres/confirm", map[string][]string{"token": {confirmToken(p)}}), http.StatusOK, `id="import-names-create"`)

	failing := chitieu.RecruitmentCheckFailing
	list, _, err := sqlite.NewCadreService(e.db).FindCadres(context.Background(), chitieu.CadreFilter{RecruitmentCheck: failing, Page: chitieu.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, cd := range list {
		if cd.FullName == "Võ Thị Hạnh" || cd.FullName == "Đặng Quốc Bảo" {
			t.Errorf("%s flagged as recruited against the rule: %+v", cd.FullName, cd.Hiring)
		}
	}
	if h := e.cadreNamed("Võ Thị Hạnh"); h.ExamOn != chitieu.NewDate(2015, 1, 15) || h.Unit != "rach-gia" {
		t.Errorf("imported = %+v", h)
	}

	// A PDF sent by mistake is told by its type.
	wantStatus(t, c.upload("/import/cadres", "danh-sach.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj")), http.StatusUnprocessableEntity,
		"là tệp PDF, không phải bảng tính")
}
