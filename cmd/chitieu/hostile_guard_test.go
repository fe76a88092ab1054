package main_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"chitieu/internal/spreadsheet/spreadsheettest"
)

// hostileGuard is the catalogue's group for class 4 and 5 of issue 11: uploads that are not
// what they claim or would inflate past the bounds, and passwords a guesser tries first. The
// sequences (simultaneous guesses, a lock-out across the page and the API, imports past the
// gate) are in guard_test.go, and so are the uploads that take seconds to build.
var hostileGuard = []hostileRequest{
	hostileUpload("a PDF named .xlsx", "bao-cao.xlsx", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), http.StatusUnprocessableEntity, "is a PDF file, not a spreadsheet"),
	hostileUpload("random bytes named .xlsx", "bao-cao.xlsx", []byte("\x13\x99\x42\x00\xfe random"), http.StatusUnprocessableEntity, "named .xlsx but is not an .xlsx workbook"),
	hostileUpload("random bytes named .csv", "bao-cao.csv", []byte("\x13\x99\x42\xfe\xff random"), http.StatusUnprocessableEntity, "not UTF-8 text"),
	hostileUpload("a truncated zip", "hong.xlsx", append([]byte("PK\x03\x04"), make([]byte, 300)...), http.StatusUnprocessableEntity, "not a readable .xlsx"),
	hostileUpload("a zip that is no workbook", "tai-lieu.xlsx", spreadsheettest.Zip("word/document.xml", "<document/>"), http.StatusUnprocessableEntity, "a zip archive but not an .xlsx workbook"),
	hostileUpload("a cell past Excel's 32,767 characters", "dai.xlsx",
		spreadsheettest.Workbook(youthHeader+spreadsheettest.Row(2, strings.Repeat("x", 40_000)), ""), http.StatusUnprocessableEntity, "longer than 32,767 characters"),
	hostileUpload("a value of 2 MiB in one cell", "dai.xlsx",
		spreadsheettest.Workbook(youthHeader+`<row r="2"><c><v>`+strings.Repeat("1", 2<<20)+`</v></c></row>`, ""), http.StatusUnprocessableEntity, "longer than 1 MiB"),
	hostileUpload("a shared string that is not there", "thieu.xlsx",
		spreadsheettest.Workbook(youthHeader+`<row r="2"><c t="s"><v>7</v></c></row>`, "<si><t>a</t></si>"), http.StatusUnprocessableEntity, "no shared string 7"),
	hostileUpload("a sheet going on past a million rows", "xa.xlsx",
		spreadsheettest.Workbook(youthHeader+spreadsheettest.Row(1_048_576, "x"), ""), http.StatusUnprocessableEntity, "goes on past row"),
	hostileUpload("a body over the upload limit", "lon.csv", bytes.Repeat([]byte("a"), 21<<20), http.StatusRequestEntityTooLarge, "larger than the limit"),
	{name: "an upload without a file", method: "POST", path: "/api/v1/import/cadres?dry_run=true",
		header: map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, body: "--x--\r\n", want: http.StatusBadRequest},
	hostileJSON("the username as password", "POST", "/api/v1/users", http.StatusUnprocessableEntity,
		`{"username": "nguyen.van.an", "role": "viewer", "password": "Nguyen.Van.An"}`),
	hostileJSON("one character repeated", "POST", "/api/v1/users", http.StatusUnprocessableEntity,
		`{"username": "nguyen.van.an", "role": "viewer", "password": "1111111111111"}`),
	hostileJSON("a common password", "POST", "/api/v1/users", http.StatusUnprocessableEntity,
		`{"username": "nguyen.van.an", "role": "viewer", "password": "qwertyuiop"}`),
	{name: "an empty bearer token", method: "GET", path: "/api/v1/cadres", header: map[string]string{"Authorization": "Bearer "}, want: http.StatusUnauthorized},
}

// youthHeader is the header row of a youth-report import, as inline strings.
var youthHeader = spreadsheettest.Row(1, "Đơn vị", "Ngày báo cáo", "Số thanh niên", "Đoàn viên", "Hội viên", "Số tập hợp")

// hostileUpload is a dry run of a youth-report import of data named file, answered with want
// and a message (in English) containing text.
func hostileUpload(name, file string, data []byte, want int, text string) hostileRequest {
	body, contentType := multipartFile(file, data)
	return hostileRequest{name: name, method: "POST", path: "/api/v1/import/youth-reports?dry_run=true",
		header: map[string]string{"Content-Type": contentType, "Accept-Language": "en"}, body: body, want: want,
		check: func(t *testing.T, _ *http.Response, raw []byte) {
			if !strings.Contains(string(raw), text) {
				t.Errorf("the answer lacks %q: %.300s", text, raw)
			}
		}}
}

// multipartFile is a form with data as the file field, and its Content-Type.
func multipartFile(file string, data []byte) (body, contentType string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", file)
	w.Write(data)
	mw.Close()
	return buf.String(), mw.FormDataContentType()
}
