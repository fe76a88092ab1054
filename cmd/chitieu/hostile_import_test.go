package main_test

import (
	"net/http"
	"strings"
	"testing"
)

// hostileImport is the catalogue's group for the import's reads of issue 17: the names and
// courses a file gives, and the cadre ids it names, go to SQLite as JSON lists. Names and courses
// that are JSON or SQL themselves, or quote, escape and repeat, must match their own records
// exactly the second time and nothing else; an id that is no cadre's is the row's problem.
var hostileImport = []hostileRequest{
	hostileImportCSV("cadres named in JSON and SQL, created", "cadres", false, hostileCadres, `"created":5,"updated":0,"unchanged":0`),
	hostileImportCSV("the same cadres again: each matched, none created", "cadres", true, hostileCadres, `"created":0,"updated":0,"unchanged":5`),
	hostileImportCSV("their records, by name, courses in JSON and SQL", "trainings", false, hostileRecords, `"created":5,"updated":0,"unchanged":0`),
	hostileImportCSV("the same records again: each matched by its course", "trainings", true, hostileRecords, `"created":0,"updated":0,"unchanged":5`),
	hostileImportCSV("records of cadre ids that are none", "trainings", true,
		"Mã cán bộ,Loại,Khóa học,Trạng thái,Ngày hoàn thành\n"+
			"999999999,professional,x,completed,30/06/2014\n"+
			"-1,professional,\"[1,2]\",completed,30/06/2014\n", `no cadre has the id 999999999`),
}

// hostileNames are cadres' names that a JSON list or an SQL string would break if built by hand.
var hostileNames = []string{`"], ["x`, `\", 1) --`, `' OR 1=1 --`, `Nguyễn \u0000 Văn \\ A`, `[{"value": 1}]`}

var hostileCadres = func() string {
	var b strings.Builder
	b.WriteString("Họ và tên,Đơn vị,Ngày vào\n")
	for _, n := range hostileNames {
		b.WriteString(csvField(n) + ",van-phong,02/01/2013\n")
	}
	return b.String()
}()

var hostileRecords = func() string {
	var b strings.Builder
	b.WriteString("Họ và tên,Đơn vị,Loại,Khóa học,Trạng thái,Ngày hoàn thành\n")
	for _, n := range hostileNames {
		b.WriteString(csvField(n) + ",van-phong,professional," + csvField(n) + ",completed,30/06/2014\n")
	}
	return b.String()
}()

// csvField quotes a CSV field, its quotes doubled.
func csvField(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// hostileImportCSV imports data as a CSV of kind, applied or as a dry run, answered 200 with
// text in the JSON.
func hostileImportCSV(name, kind string, dryRun bool, data, text string) hostileRequest {
	body, contentType := multipartFile(kind+".csv", []byte(data))
	path := "/api/v1/import/" + kind
	if dryRun {
		path += "?dry_run=true"
	}
	return hostileRequest{name: name, method: "POST", path: path,
		header: map[string]string{"Content-Type": contentType, "Accept-Language": "en"}, body: body, want: http.StatusOK,
		check: func(t *testing.T, _ *http.Response, raw []byte) {
			if !strings.Contains(string(raw), text) {
				t.Errorf("the answer lacks %q: %.600s", text, raw)
			}
		}}
}
