package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
	"chitieu/internal/sqlite"
)

// uploadLimit is the pages' upload limit in these tests: small, so that a file over it is
// quick to make.
const uploadLimit = 1 << 20

// upload posts a file as the import form sends it: multipart, in the field "file".
func (c *client) upload(path, name string, data []byte) page {
	c.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		c.e.t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// confirmToken is the token of the page's confirm form, "" when it has none.
func confirmToken(p page) string {
	if m := tokenField.FindStringSubmatch(p.body); m != nil {
		return m[1]
	}
	return ""
}

// counts are the figures of an import's outcome, as the page shows them.
func counts(t *testing.T, p page) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<dd data-(\w+)>([^<]*)</dd>`).FindAllStringSubmatch(section(t, p, "import-outcome"), -1) {
		out[m[1]] = m[2]
	}
	return out
}

func wantCounts(t *testing.T, p page, want map[string]string) {
	t.Helper()
	got := counts(t, p)
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

// xlsxFile writes rows under a header as an .xlsx workbook, with the package's own writer.
func xlsxFile(t *testing.T, header []string, rows ...[]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := spreadsheet.NewWriter(&buf, spreadsheet.XLSX, "Cán bộ", header)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var cadreHeader = []string{"STT", "Họ và tên", "Đơn vị", "Chức vụ", "Ngày vào", "Trình độ LLCT", "Năm đạt LLCT"}

// goodCadres is a cadre list as staff keep it: two new cadres (one with a political-theory
// level, which makes a completed record) and one the service has (Trần Thị Bích of Rạch Giá,
// matched by name and unit), whose position it fills in.
func goodCadres(t *testing.T) []byte {
	return xlsxFile(t, cadreHeader,
		[]any{1, "Lê Văn Cường", "rach-gia", "Phó Bí thư", chitieu.NewDate(2012, 3, 15), "TC", 2011},
		[]any{2, "Trần Thị Bích", "Thành Đoàn Rạch Giá", "Bí thư", "01/01/2010", "", ""},
		[]any{3, "Phạm Minh Đức", "co-quan", "Chuyên viên", "01/09/2013", "", ""},
	)
}

// records is what the services hold: live cadres, training records, import audit entries.
type records struct{ cadres, trainings, imports int }

func (e *env) records() records {
	e.t.Helper()
	ctx := context.Background()
	_, cadres, err := sqlite.NewCadreService(e.db).FindCadres(ctx, chitieu.CadreFilter{Page: chitieu.Page{Limit: 1}})
	if err != nil {
		e.t.Fatal(err)
	}
	_, trainings, err := sqlite.NewTrainingService(e.db).FindTrainings(ctx, chitieu.TrainingFilter{Page: chitieu.Page{Limit: 1}})
	if err != nil {
		e.t.Fatal(err)
	}
	_, imports, err := sqlite.NewAuditService(e.db).FindAuditEntries(ctx, chitieu.AuditFilter{Entity: "import", Page: chitieu.Page{Limit: 1}})
	if err != nil {
		e.t.Fatal(err)
	}
	return records{cadres, trainings, imports}
}

// fresh is what newEnv holds: two cadres, one training record, no import.
var fresh = records{cadres: 2, trainings: 1}

// wantNothingWritten fails when the records are no longer those newEnv made.
func (e *env) wantNothingWritten(what string) {
	e.t.Helper()
	if got := e.records(); got != fresh {
		e.t.Fatalf("%s wrote: %+v, want %+v", what, got, fresh)
	}
}

// signedIn is a new client signed in as the user.
func (e *env) signedIn(username string) *client {
	e.t.Helper()
	c := e.client()
	c.signIn(username)
	return c
}

// cadreNamed finds the one live cadre of that name.
func (e *env) cadreNamed(name string) *chitieu.Cadre {
	e.t.Helper()
	list, n, err := sqlite.NewCadreService(e.db).FindCadres(context.Background(), chitieu.CadreFilter{Query: name, Page: chitieu.Page{Limit: 10}})
	if err != nil || n != 1 {
		e.t.Fatalf("cadres named %s: %d (%v)", name, n, err)
	}
	return list[0]
}

func TestImportPage(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("rg")
	wantStatus(t, c.get("/"), http.StatusOK, `href="/import"`)
	p := c.get("/import")
	wantStatus(t, p, http.StatusOK, "Nhập từ Excel", "tối đa 1 MiB")
	for _, kind := range []string{"cadres", "trainings", "youth-reports"} {
		wantIn(t, kind, section(t, p, "import-"+kind), `href="/import/`+kind+`/template.xlsx"`,
			`action="/import/`+kind+`" enctype="multipart/form-data"`, `type="file"`)
	}
	wantIn(t, "titles", p.body, "Cán bộ", "Quá trình đào tạo", "Báo cáo tập hợp thanh niên")

	// The template is the API's, downloaded with the session.
	resp, err := c.http.Get(e.srv.URL + "/import/cadres/template.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	wb, err := excelize.OpenReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	header, _ := wb.GetRows(wb.GetSheetList()[0])
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "Mau-nhap-can-bo.xlsx") ||
		len(header) == 0 || header[0][1] != "Họ và tên" {
		t.Fatalf("template: %d %s %v", resp.StatusCode, resp.Header.Get("Content-Disposition"), header)
	}
	wantStatus(t, c.get("/import/units/template.xlsx"), http.StatusNotFound)
}

func TestImportDryRunThenConfirm(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("admin")
	e.wantNothingWritten("newEnv")

	// The dry run: two cadres to create and one to update, nothing written.
	p := c.upload("/import/cadres", "can-bo.xlsx", goodCadres(t))
	wantStatus(t, p, http.StatusOK, "Kết quả chạy thử", "can-bo.xlsx", "Chưa có gì được ghi", "Xác nhận nhập")
	wantCounts(t, p, map[string]string{"rows": "3", "created": "2", "updated": "1", "unchanged": "0", "problems": "0"})
	token := confirmToken(p)
	if token == "" || !strings.Contains(p.body, `action="/import/cadres/confirm"`) {
		t.Fatalf("no confirm form:\n%s", p.body)
	}
	e.wantNothingWritten("the dry run")
	if pos := e.cadreNamed("Trần Thị Bích").Position; pos != "" {
		t.Fatalf("the dry run updated a cadre: position %q", pos)
	}

	// The confirmation imports exactly that.
	p = c.post("/import/cadres/confirm", url.Values{"token": {token}})
	wantStatus(t, p, http.StatusOK, "Đã nhập", "Đã ghi vào cơ sở dữ liệu: tạo mới 2, cập nhật 1, không đổi 0.", `href="/cadres"`)
	wantCounts(t, p, map[string]string{"rows": "3", "created": "2", "updated": "1", "unchanged": "0", "problems": "0"})
	if got, want := e.records(), (records{cadres: 4, trainings: 2, imports: 1}); got != want {
		t.Fatalf("after the import: %+v, want %+v", got, want)
	}
	cuong := e.cadreNamed("Lê Văn Cường")
	if cuong.Unit != "rach-gia" || cuong.Position != "Phó Bí thư" || cuong.JoinedOn != chitieu.NewDate(2012, 3, 15) || !cuong.FullTime {
		t.Fatalf("Lê Văn Cường: %+v", cuong)
	}
	trainings, _, err := sqlite.NewTrainingService(e.db).FindTrainings(context.Background(), chitieu.TrainingFilter{CadreID: cuong.ID})
	if err != nil || len(trainings) != 1 {
		t.Fatalf("Lê Văn Cường's records: %v %v", trainings, err)
	}
	if tr := trainings[0]; tr.Kind != chitieu.PoliticalTheory || tr.Level != "trung_cap" || tr.Status != chitieu.Completed ||
		tr.CompletedOn != chitieu.NewDate(2011, 12, 31) {
		t.Fatalf("Lê Văn Cường's record: %+v", tr)
	}
	if bich := e.cadreNamed("Trần Thị Bích"); bich.ID != e.rg || bich.Position != "Bí thư" {
		t.Fatalf("Trần Thị Bích: %+v", bich)
	}
	if duc := e.cadreNamed("Phạm Minh Đức"); duc.Unit != "co-quan" || duc.Position != "Chuyên viên" || duc.JoinedOn != chitieu.NewDate(2013, 9, 1) {
		t.Fatalf("Phạm Minh Đức: %+v", duc)
	}

	// The token was good once.
	wantStatus(t, c.post("/import/cadres/confirm", url.Values{"token": {token}}), http.StatusGone, "không còn được giữ")
	if got := e.records(); got.cadres != 4 || got.imports != 1 {
		t.Fatalf("a second confirmation wrote: %+v", got)
	}
	// The same file again changes nothing, and says so.
	p = c.upload("/import/cadres", "can-bo.xlsx", goodCadres(t))
	wantCounts(t, p, map[string]string{"created": "0", "updated": "0", "unchanged": "3"})
}

func TestImportBadRows(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("admin")
	bad := []byte("Họ và tên;Đơn vị;Ngày vào\nLê Văn C;khong-co;01/01/2013\nLê Văn D;co-quan;hôm qua\nLê Văn E;co-quan;02/01/2013\n")

	p := c.upload("/import/cadres", "x.csv", bad)
	wantStatus(t, p, http.StatusOK, "Tệp có 2 lỗi, chưa ghi gì")
	wantCounts(t, p, map[string]string{"rows": "3", "created": "1", "problems": "2"})
	rows := regexp.MustCompile(`<tr><td class="num">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>`).FindAllStringSubmatch(section(t, p, "import-problems"), -1)
	if len(rows) != 2 || rows[0][1] != "2" || rows[0][2] != "Đơn vị" || !strings.Contains(rows[0][3], "không có đơn vị") ||
		rows[1][1] != "3" || rows[1][2] != "Ngày vào" || !strings.Contains(rows[1][3], "không phải ngày: viết dd/mm/yyyy hoặc yyyy-mm-dd") {
		t.Fatalf("row errors: %q", rows)
	}
	if confirmToken(p) != "" || strings.Contains(p.body, "import-confirm") {
		t.Fatal("a file with errors can be confirmed")
	}
	// In English with the switch.
	c.get("/lang/en?next=/import")
	p = c.upload("/import/cadres", "x.csv", bad)
	wantStatus(t, p, http.StatusOK, "Problems in the file: 2", "no unit has the code or name", "is not a date: write dd/mm/yyyy or yyyy-mm-dd")
	e.wantNothingWritten("a file with errors")
}

func TestImportEditorOutsideUnit(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("rg") // an editor of Rạch Giá
	p := c.upload("/import/cadres", "can-bo.xlsx", goodCadres(t))
	wantStatus(t, p, http.StatusOK)
	// Rạch Giá's two rows would go in; the office's is the store's refusal, as a row error.
	wantCounts(t, p, map[string]string{"rows": "3", "created": "1", "updated": "1", "problems": "1"})
	wantIn(t, "problems", section(t, p, "import-problems"), `<td class="num">4</td><td>Đơn vị</td>`, "chỉ được ghi hồ sơ của đơn vị &#34;rach-gia&#34;")
	if confirmToken(p) != "" {
		t.Fatal("a file with a row outside the editor's unit can be confirmed")
	}
	e.wantNothingWritten("the editor's import")
}

func TestImportViewerRefused(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("xem")
	if p := c.get("/"); strings.Contains(p.body, `href="/import"`) {
		t.Fatal("the viewer's menu offers the import")
	}
	wantStatus(t, c.get("/import"), http.StatusForbidden, "không có quyền")
	wantStatus(t, c.upload("/import/cadres", "can-bo.xlsx", goodCadres(t)), http.StatusForbidden, "không có quyền")
	wantStatus(t, c.post("/import/cadres/confirm", url.Values{"token": {"x"}}), http.StatusForbidden)
	e.wantNothingWritten("the viewer's POST")
}

func TestImportBadFiles(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("admin")
	for _, tt := range []struct {
		name   string
		data   []byte
		status int
		want   string
	}{
		{"lon.csv", bytes.Repeat([]byte("a"), uploadLimit+1), http.StatusRequestEntityTooLarge, "tệp lớn hơn giới hạn 1 MiB"},
		{"rat-lon.csv", bytes.Repeat([]byte("a"), 2*uploadLimit), http.StatusRequestEntityTooLarge, "tệp lớn hơn giới hạn 1 MiB"},
		{"bao-cao.pdf", []byte("%PDF-1.7\n\x00\x01\x02 obj"), http.StatusUnprocessableEntity, "là tệp PDF, không phải bảng tính"},
		{"hong.xlsx", append([]byte("PK\x03\x04"), make([]byte, 100)...), http.StatusUnprocessableEntity, "không phải bảng tính .xlsx đọc được"},
		{"rong.csv", nil, http.StatusUnprocessableEntity, "rỗng"},
		{"", nil, http.StatusUnprocessableEntity, "Hãy chọn một tệp .xlsx hoặc .csv."}, // no file chosen
	} {
		p := c.upload("/import/youth-reports", tt.name, tt.data)
		wantStatus(t, p, tt.status)
		// The message is next to the file field of the kind sent, and nowhere else.
		wantIn(t, tt.name, section(t, p, "import-youth-reports"), `aria-invalid="true"`, `<small class="error" id="e-file-youth-reports">`, tt.want)
		if strings.Count(p.body, `class="error"`) != 1 || strings.Contains(p.body, "import-outcome") {
			t.Fatalf("%s: the message is not only by its field:\n%s", tt.name, p.body)
		}
	}
	wantStatus(t, c.upload("/import/units", "x.csv", []byte("a")), http.StatusNotFound)
	e.wantNothingWritten("a bad file")
}

// The file kept for confirmation is good only from the session that uploaded it, for its kind
// and for 15 minutes.
func TestImportConfirmationBound(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("admin")
	token := confirmToken(c.upload("/import/cadres", "can-bo.xlsx", goodCadres(t)))
	if token == "" {
		t.Fatal("no token")
	}
	other := e.signedIn("admin") // the same user in another session
	wantStatus(t, other.post("/import/cadres/confirm", url.Values{"token": {token}}), http.StatusGone)
	wantStatus(t, c.post("/import/trainings/confirm", url.Values{"token": {token}}), http.StatusGone)
	e.now = e.now.Add(15*time.Minute + time.Second)
	wantStatus(t, c.post("/import/cadres/confirm", url.Values{"token": {token}}), http.StatusGone, "quá 15 phút")
	e.wantNothingWritten("a refused confirmation")
	// Uploaded again, it goes in.
	token = confirmToken(c.upload("/import/cadres", "can-bo.xlsx", goodCadres(t)))
	wantStatus(t, c.post("/import/cadres/confirm", url.Values{"token": {token}}), http.StatusOK, "tạo mới 2, cập nhật 1")
}

// The store checks every row again on the confirmed import: what changed since the dry run is
// refused there, and nothing is written.
func TestImportConfirmChecksAgain(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("rg")
	rows := xlsxFile(t, cadreHeader, []any{1, "Lê Văn Cường", "rach-gia", "Phó Bí thư", "15/03/2012", "", ""})
	p := c.upload("/import/cadres", "can-bo.xlsx", rows)
	wantCounts(t, p, map[string]string{"created": "1", "problems": "0"})
	// Meanwhile an admin moves the editor to the office.
	office := "co-quan"
	if _, err := sqlite.NewUserService(e.db).UpdateUser(context.Background(), "rg", chitieu.UserUpdate{Unit: &office}); err != nil {
		t.Fatal(err)
	}
	p = c.post("/import/cadres/confirm", url.Values{"token": {confirmToken(p)}})
	wantStatus(t, p, http.StatusUnprocessableEntity, "Không nhập được", "Khi nhập thật có 1 lỗi", "chỉ được ghi hồ sơ của đơn vị")
	wantCounts(t, p, map[string]string{"created": "0", "problems": "1"})
	e.wantNothingWritten("a refused confirmation")
}
