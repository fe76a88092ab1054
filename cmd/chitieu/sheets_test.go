package main_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"chitieu/internal/testenv"
)

// upload posts a file to an import route and returns the status and the JSON answer.
func upload(t *testing.T, url, name string, data []byte, lang string) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", url, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.SetBasicAuth("admin", testenv.AdminPassword)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %v in %s", url, err, raw)
	}
	return resp.StatusCode, out
}

// get downloads a file as the admin.
func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.SetBasicAuth("admin", testenv.AdminPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return resp, b
}

// TestSpreadsheetsEndToEnd runs the real binary: a cadre list made in Excel goes in through a
// dry run and then for real, the figures follow, the same file again changes nothing, bad files
// are refused in the user's language, and the exports, templates and the annual review come out.
func TestSpreadsheetsEndToEnd(t *testing.T) {
	srv := testenv.Start(t, "", "--max-upload-mib", "1")
	admin := &testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}
	admin.Do("POST", "/units", map[string]string{"code": "co-quan", "name": "Cơ quan Tỉnh Đoàn"}, http.StatusCreated, nil)
	admin.Do("POST", "/units", map[string]string{"code": "ban-to-chuc", "name": "Ban Tổ chức – Kiểm tra", "parent": "co-quan"}, http.StatusCreated, nil)
	admin.Do("POST", "/targets", map[string]any{"code": "llct", "name": "Trung cấp LLCT trở lên", "kind": "political_theory",
		"min_level": "trung_cap", "scope_unit": "co-quan", "comparator": ">=", "threshold": 0.8,
		"baseline_date": "2013-01-01", "deadline": "2015-12-31"}, http.StatusCreated, nil)

	// The file as staff keep it: Vietnamese headers, one name decomposed (NFD), an Excel date
	// cell, a unit by its name, levels abbreviated.
	f := excelize.NewFile()
	rows := [][]any{
		{"Họ và tên", "Đơn vị", "Chức vụ", "Ngày vào", "Trình độ LLCT", "Năm đạt LLCT", "Trình độ chuyên môn"},
		{norm.NFD.String("Nguyễn Thị Ánh"), "ban to chuc - kiem tra", "Trưởng ban", time.Date(2010, 5, 3, 0, 0, 0, 0, time.UTC), "TC", 2009, "ĐH"},
		{"Trần Văn Bình", "co-quan", "Chuyên viên", "01/02/2012", "", "", "ThS"},
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	f.SetCellStyle("Sheet1", "D2", "D2", dateStyle)
	var buf bytes.Buffer
	f.WriteTo(&buf)
	file := buf.Bytes()

	status, res := upload(t, admin.Base+"/import/cadres?dry_run=true", "can-bo.xlsx", file, "")
	if status != 200 || res["dry_run"] != true || res["applied"] != false || res["created"] != 2.0 {
		t.Fatalf("dry run: %d %v", status, res)
	}
	var list struct{ Total int }
	admin.Do("GET", "/cadres", nil, 200, &list)
	if list.Total != 0 {
		t.Fatalf("the dry run wrote %d cadres", list.Total)
	}
	status, res = upload(t, admin.Base+"/import/cadres", "can-bo.xlsx", file, "")
	if status != 200 || res["applied"] != true || res["created"] != 2.0 {
		t.Fatalf("apply: %d %v", status, res)
	}
	// The figures follow the import: one of two cadres holds trung cấp.
	var target struct {
		Numerator, Denominator int
	}
	admin.Do("GET", "/targets/llct?as_of=2014-01-01", nil, 200, &target)
	if target.Numerator != 1 || target.Denominator != 2 {
		t.Fatalf("target after import: %+v", target)
	}
	status, res = upload(t, admin.Base+"/import/cadres", "can-bo.xlsx", file, "")
	if status != 200 || res["unchanged"] != 2.0 || res["created"] != 0.0 || res["updated"] != 0.0 {
		t.Fatalf("re-import: %d %v", status, res)
	}

	// Bad files: nothing changes, and the message is in the user's language.
	bad := []byte("Họ và tên,Đơn vị,Ngày vào\nLê Văn C,khong-co,01/01/2013\nLê Văn D,co-quan,hôm qua\n")
	status, res = upload(t, admin.Base+"/import/cadres", "x.csv", bad, "en-US,en;q=0.9")
	problems, _ := res["problems"].([]any)
	if status != 422 || len(problems) != 2 || !strings.Contains(res["error"].(string), "nothing was written") ||
		!strings.Contains(problems[1].(map[string]any)["message"].(string), "is not a date") {
		t.Fatalf("bad rows (en): %d %v", status, res)
	}
	status, res = upload(t, admin.Base+"/import/cadres", "x.csv", bad, "vi")
	problems, _ = res["problems"].([]any)
	if status != 422 || !strings.Contains(problems[0].(map[string]any)["message"].(string), "không có đơn vị") {
		t.Fatalf("bad rows (vi): %d %v", status, res)
	}
	status, res = upload(t, admin.Base+"/import/cadres", "x.xlsx", append([]byte("PK\x03\x04"), make([]byte, 100)...), "")
	if status != 422 || !strings.Contains(res["error"].(string), "không phải bảng tính") {
		t.Fatalf("corrupt: %d %v", status, res)
	}
	status, res = upload(t, admin.Base+"/import/cadres", "big.csv", bytes.Repeat([]byte("a"), 2<<20), "en")
	if status != 413 || !strings.Contains(res["error"].(string), "larger than the limit of 1 MiB") {
		t.Fatalf("too large: %d %v", status, res)
	}
	admin.Do("GET", "/cadres", nil, 200, &list)
	if list.Total != 2 {
		t.Fatalf("bad files changed the cadres: %d", list.Total)
	}

	// Exports with the list filters; CSV opens in Excel as UTF-8.
	resp, csv := get(t, admin.Base+"/export/cadres.csv?unit=ban-to-chuc")
	if !bytes.HasPrefix(csv, []byte("\xEF\xBB\xBFMã cán bộ,Họ và tên")) || !strings.Contains(string(csv), "Nguyễn Thị Ánh,ban-to-chuc,Trưởng ban,Có,03/05/2010") ||
		strings.Contains(string(csv), "Trần Văn Bình") || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv export:\n%s", csv)
	}
	_, xlsx := get(t, admin.Base+"/export/trainings.xlsx")
	wb, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := wb.GetRows("Đào tạo"); len(got) != 4 { // header and three qualifications
		t.Fatalf("trainings export rows = %v", got)
	}
	// Exported and imported again: nothing changes.
	status, res = upload(t, admin.Base+"/import/trainings", "dao-tao.xlsx", xlsx, "")
	if status != 200 || res["unchanged"] != 3.0 {
		t.Fatalf("trainings round trip: %d %v", status, res)
	}
	_, tpl := get(t, admin.Base+"/import/trainings/template.xlsx")
	if wb, err := excelize.OpenReader(bytes.NewReader(tpl)); err != nil {
		t.Fatal(err)
	} else if dvs, _ := wb.GetDataValidations("Đào tạo"); len(dvs) < 3 {
		t.Fatalf("template drop-downs: %d", len(dvs))
	}

	// The annual review: a sheet per target, one of the year's training, one of the
	// recruitment rule and one of the leadership positions.
	_, rep := get(t, admin.Base+"/reports/annual.xlsx?date=2013-12-31")
	wb, err = excelize.OpenReader(bytes.NewReader(rep))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := wb.GetSheetList(); !slices.Equal(sheets, []string{"llct", "Đào tạo 2013", "Tuyển dụng", "Chức danh lãnh đạo"}) {
		t.Fatalf("report sheets = %v", sheets)
	}
	if v, _ := wb.GetCellValue("llct", "B13"); v != "1" {
		rowsOut, _ := wb.GetRows("llct")
		t.Fatalf("report numerator = %q; sheet %v", v, rowsOut)
	}

	// Roles and bad requests.
	admin.Do("POST", "/users", map[string]any{"username": "xem", "password": "Chỉ xem thôi 2015", "role": "viewer"}, http.StatusCreated, nil)
	viewer := &testenv.Client{T: t, Base: admin.Base, Auth: testenv.Basic("xem", "Chỉ xem thôi 2015"), Label: "viewer"}
	viewer.Do("POST", "/import/cadres", nil, http.StatusForbidden, nil)
	viewer.Do("GET", "/export/youth-reports.csv", nil, http.StatusOK, nil)
	admin.Do("POST", "/import/units", nil, http.StatusNotFound, nil)
	admin.Do("GET", "/export/cadres.pdf", nil, http.StatusNotFound, nil)
	admin.Do("GET", "/import/targets/template.xlsx", nil, http.StatusNotFound, nil)
	admin.Do("GET", "/reports/annual.xlsx?date=31/12/2013", nil, http.StatusUnprocessableEntity, nil)
	admin.Do("POST", "/import/cadres", map[string]any{"file": "x"}, http.StatusBadRequest, nil) // not multipart
	// The review's page is the pages' (internal/web), for a signed-in user: Basic credentials
	// are sent to the sign-in page.
	if resp, err := noRedirects.Get(srv.URL + "/reports/annual"); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("annual page without a session: %v %v", resp.StatusCode, err)
	}

	// The command line on a database of its own: a dry run, then --apply, then an export.
	db := filepath.Join(t.TempDir(), "cli.db")
	bin := testenv.Binary(t)
	youth := filepath.Join(t.TempDir(), "thanh-nien.csv")
	os.WriteFile(youth, []byte("Đơn vị;Ngày báo cáo;Số thanh niên;Đoàn viên;Hội viên;Số tập hợp\nco-quan;31/12/2013;120;52;41;70\n"), 0o644)
	if out, err := exec.Command(bin, "import", "--db", db, "--kind", "youth-reports", youth).CombinedOutput(); err == nil ||
		!strings.Contains(string(out), "không có đơn vị \"co-quan\"") {
		t.Fatalf("cli import without units: %v %s", err, out)
	}
	os.WriteFile(youth, []byte("Đơn vị;Ngày báo cáo;Số thanh niên;Đoàn viên;Hội viên;Số tập hợp\n"), 0o644)
	if out, err := exec.Command(bin, "import", "--db", db, "--kind", "youth-reports", youth, "--apply").CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "Đã ghi") {
		t.Fatalf("cli import: %v %s", err, out)
	}
	if out, err := exec.Command(bin, "export", "--db", srv.DB, "--kind", "cadres", "--format", "csv").CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "Trần Văn Bình") {
		t.Fatalf("cli export: %v %s", err, out)
	}
	rp := filepath.Join(t.TempDir(), "so-ket.xlsx")
	if out, err := exec.Command(bin, "export", "--db", srv.DB, "--kind", "annual-report", "--date", "2015-12-31", "--out", rp).CombinedOutput(); err != nil {
		t.Fatalf("cli report: %v %s", err, out)
	}
	if wb, err := excelize.OpenFile(rp); err != nil || len(wb.GetSheetList()) != 4 {
		t.Fatalf("cli report: %v", err)
	}
}

// TestUploadLimitOverTheRequestDefault: a --max-upload-mib above the default bound of every
// request body (32 MiB) is the one that holds: a 33 MiB file reaches the spreadsheet reader,
// and one over the flag is refused as too large (by the reader under the requests' bound, by
// the bound past it: both 413).
func TestUploadLimitOverTheRequestDefault(t *testing.T) {
	srv := testenv.Start(t, "", "--max-upload-mib", "40")
	base := srv.URL + "/api/v1"
	corrupt := append([]byte("PK\x03\x04"), make([]byte, 33<<20)...)
	status, res := upload(t, base+"/import/cadres?dry_run=true", "x.xlsx", corrupt, "en")
	if status != 422 || !strings.Contains(res["error"].(string), "not a readable .xlsx workbook") {
		t.Fatalf("33 MiB under a 40 MiB limit: %d %v; want the reader's verdict", status, res)
	}
	status, res = upload(t, base+"/import/cadres?dry_run=true", "big.csv", bytes.Repeat([]byte("a"), 40<<20+512<<10), "en")
	if status != 413 || !strings.Contains(res["error"].(string), "larger than the limit of 40 MiB") {
		t.Fatalf("41 MiB: %d %v", status, res)
	}
}
