package main_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/testenv"
)

// hostilePages are the page routes of issue 14 (corrections, restores and undos, exports, the
// drill-down and the annual review) asked with a session as an attacker or a careless clerk
// would: ids out of range, another unit's records for an editor, a request from another site
// (the pages have no CSRF token: Go's cross-origin protection refuses a cross-site or a forged
// Origin), absurd days and huge query strings. Each is refused, and the last entries read the
// records back through the API: nothing changed.
//
// Demo records used: position 1 (Bí thư Tỉnh Đoàn, its assignments 1–3) and 14 of the
// provincial office, youth report 10 of an-bien, training 1 and cadre 1 of the office; the
// editor is limited to phuong-rach-gia.
var hostilePages = []hostileRequest{
	// Ids out of range or of another record.
	pageForm("delete a report beyond int64", "admin", "/youth/99999999999999999999/delete", "confirmed=yes", http.StatusNotFound),
	pageForm("restore position 0", "admin", "/positions/0/restore", "", http.StatusNotFound),
	pageForm("restore a negative assignment", "admin", "/assignments/-1/restore", "", http.StatusNotFound),
	pageForm("restore a cadre never deleted", "admin", "/cadres/1/restore", "", http.StatusNotFound),
	pageForm("restore an id with letters", "admin", "/trainings/1e3/restore", "", http.StatusNotFound),
	pageForm("delete an assignment of no such id", "admin", "/positions/1/assignments/999999/delete", "confirmed=yes", http.StatusNotFound),
	pageForm("delete another position's assignment", "admin", "/positions/14/assignments/1/delete", "confirmed=yes", http.StatusNotFound),
	pageGet("correct a training of no such id", "admin", "/trainings/9223372036854775807/edit", http.StatusNotFound),

	// Another unit's records, for an editor limited to a unit.
	pageForm("editor deletes the office's assignment", "editor", "/positions/1/assignments/1/delete", "confirmed=yes", http.StatusNotFound),
	pageForm("editor corrects another unit's report", "editor", "/youth/10/edit",
		"reported_on=31/12/2012&youth_population=1&union_members=1&association_members=1&gathered=1", http.StatusNotFound),
	pageForm("editor deletes another unit's report", "editor", "/youth/10/delete", "confirmed=yes", http.StatusNotFound),
	pageForm("editor deletes the office's training record", "editor", "/trainings/1/delete", "confirmed=yes", http.StatusNotFound),
	pageForm("editor deletes the office's cadre", "editor", "/cadres/1/delete", "confirmed=yes", http.StatusNotFound),
	pageForm("editor deletes a position", "editor", "/positions/14/delete", "confirmed=yes", http.StatusForbidden),
	pageGet("editor exports another unit's youth reports", "editor", "/youth/export.xlsx?unit=an-bien", http.StatusNotFound),
	{name: "editor exports the office's positions", method: "GET", path: "/positions/export.xlsx?unit=co-quan-tinh-doan", as: "editor",
		want: http.StatusOK, check: workbookWithout("Chức danh lãnh đạo", "Bí thư Tỉnh Đoàn")},
	{name: "editor exports the office's cadres", method: "GET", path: "/cadres/export.xlsx?unit=co-quan-tinh-doan&all=1", as: "editor",
		want: http.StatusOK, check: workbookWithout("Cán bộ", "Huỳnh Quốc Dũng")},

	// Restores of another unit's records: the admin deletes, the editor may not bring back.
	pageForm("admin deletes a report", "admin", "/youth/10/delete", "confirmed=yes", http.StatusSeeOther),
	pageForm("editor restores another unit's report", "editor", "/youth/10/restore", "", http.StatusForbidden),
	pageForm("admin deletes a position", "admin", "/positions/14/delete", "confirmed=yes", http.StatusSeeOther),
	pageForm("editor restores a position", "editor", "/positions/14/restore", "", http.StatusForbidden),
	pageForm("admin deletes an assignment", "admin", "/positions/1/assignments/3/delete", "confirmed=yes", http.StatusSeeOther),
	pageForm("editor restores the office's assignment", "editor", "/assignments/3/restore", "", http.StatusForbidden),

	// From another site, or with no session.
	crossSitePage("cross-site restore of a report", "/youth/10/restore", ""),
	crossSitePage("cross-site restore of a position", "/positions/14/restore", ""),
	crossSitePage("cross-site restore of an assignment", "/assignments/3/restore", ""),
	crossSitePage("cross-site delete of a cadre", "/cadres/1/delete", "confirmed=yes"),
	crossSitePage("cross-site correction of a report", "/youth/38/edit", "reported_on=30/06/2013&youth_population=1&union_members=1&association_members=1&gathered=1"),
	{name: "forged Origin deletes an assignment", method: "POST", path: "/positions/1/assignments/2/delete", as: "admin", body: "confirmed=yes",
		header: map[string]string{"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"}, want: http.StatusForbidden},
	{name: "restore without a session", method: "POST", path: "/youth/10/restore",
		header: map[string]string{"Authorization": "", "Content-Type": "application/x-www-form-urlencoded"}, body: "x=1", want: http.StatusSeeOther},
	{name: "positions export without a session", method: "GET", path: "/positions/export.xlsx", header: map[string]string{"Authorization": ""},
		want: http.StatusSeeOther, check: wantLocation("/sign-in?next=%2Fpositions%2Fexport.xlsx")},

	// The admin's own restores still work: the refusals above changed nothing.
	pageForm("admin restores the report", "admin", "/youth/10/restore", "", http.StatusSeeOther),
	pageForm("admin restores the position", "admin", "/positions/14/restore", "", http.StatusSeeOther),
	pageForm("admin restores the assignment", "admin", "/assignments/3/restore", "", http.StatusSeeOther),

	// Absurd days: a form refuses them (422); a page's day is told beside its field and the
	// page shows today.
	pageForm("a report on 32/13/2020", "admin", "/youth/38/edit",
		"reported_on=32/13/2020&youth_population=1&union_members=1&association_members=1&gathered=1", http.StatusUnprocessableEntity),
	pageForm("an assignment from the year 10000", "admin", "/positions/1/assignments/2/edit", "started_on=01/01/10000&ended_on=", http.StatusUnprocessableEntity),
	pageForm("an assignment ending on day 0", "admin", "/positions/1/assignments/2/edit", "started_on=01/11/2017&ended_on=00/00/0000", http.StatusUnprocessableEntity),
	pageDayRefused("drill-down on 99999-99-99", "/units?target=tap-hop-thanh-nien&on=99999-99-99"),
	{name: "a unit's trend on 99/99/9999", method: "GET", path: "/units/rach-gia?target=tap-hop-thanh-nien&on=99/99/9999", as: "admin",
		want: http.StatusOK, check: answerLacks("99/99/9999")}, // the trend up to today
	pageDayRefused("annual review on 31/02/2025", "/reports/annual?date=31/02/2025"),
	pageDayRefused("annual review on 0001-01-01", "/reports/annual?date=0001-01-01"),
	pageDayRefused("audit from 99/99/9999", "/audit?from=99/99/9999&to=00/00/0000"),
	pageGet("annual workbook on 31/02/2025", "admin", "/reports/annual.xlsx?date=31/02/2025", http.StatusUnprocessableEntity),
	pageGet("drill-down of no target", "admin", "/units?target=%00", http.StatusNotFound),
	pageGet("drill-down workbook on 99/99/9999", "admin", "/units/export.xlsx?target=tap-hop-thanh-nien&on=99/99/9999", http.StatusUnprocessableEntity),
	pageGet("drill-down workbook of no target", "editor", "/units/export.xlsx?target=..%2F..%2Fetc", http.StatusNotFound),
	pageGet("drill-down sorted by SQL", "admin", "/units?target=tap-hop-thanh-nien&sort=%27%3Bdrop%20table%20cadres&dir=sideways", http.StatusOK),

	// Huge query strings: within the header limit they are only a long search; beyond it the
	// server refuses the request before any handler.
	pageGet("a 40 kB search", "admin", "/cadres?q="+strings.Repeat("a", 40_000), http.StatusOK),
	pageGet("a 40 kB export search", "admin", "/cadres/export.xlsx?q="+strings.Repeat("%C3%A1", 6_000), http.StatusOK),
	pageGet("a 40 kB drill-down day", "admin", "/units?target=tap-hop-thanh-nien&on="+strings.Repeat("9", 40_000), http.StatusOK),
	pageGet("a 100 kB annual review day", "admin", "/reports/annual?date="+strings.Repeat("1", 100_000), http.StatusRequestHeaderFieldsTooLarge),
	pageGet("a 100 kB positions filter", "admin", "/positions/export.xlsx?unit="+strings.Repeat("x", 100_000), http.StatusRequestHeaderFieldsTooLarge),

	// Nothing changed: the records read back as the demo made them.
	{name: "position 1 keeps its three assignments", method: "GET", path: "/api/v1/positions/1", want: http.StatusOK, check: jsonCount("assignments", 3)},
	{name: "position 14 is back", method: "GET", path: "/api/v1/positions/14", want: http.StatusOK},
	{name: "report 10 is back", method: "GET", path: "/api/v1/youth-reports/10", want: http.StatusOK},
	{name: "report 38 is unchanged", method: "GET", path: "/api/v1/youth-reports/38", want: http.StatusOK, check: answerHas(`"youth_population":30908`)},
	{name: "cadre 1 is there", method: "GET", path: "/api/v1/cadres/1", want: http.StatusOK},
	{name: "training 1 is there", method: "GET", path: "/api/v1/trainings/1", want: http.StatusOK},
}

// pageUsers are the users the page entries sign in as: the admin, and an editor made on first
// use (username, role and unit for POST /api/v1/users).
var pageUsers = map[string]map[string]string{
	"editor": {"username": "hostile.editor", "role": "editor", "unit": "phuong-rach-gia"},
}

const pageUserPassword = "mật khẩu biên tập thử nghiệm"

var (
	sessionsMu sync.Mutex
	sessions   = map[string]*http.Cookie{} // by server and user
)

// pageSession signs the user in on the pages of the server at base, once, and returns its
// session cookie.
func pageSession(t *testing.T, base, who string) *http.Cookie {
	t.Helper()
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	if ck := sessions[base+" "+who]; ck != nil {
		return ck
	}
	username, password := "admin", testenv.AdminPassword
	if u := pageUsers[who]; u != nil {
		body, _ := json.Marshal(map[string]string{"username": u["username"], "role": u["role"], "unit": u["unit"], "password": pageUserPassword})
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/users", bytes.NewReader(body))
		req.SetBasicAuth("admin", testenv.AdminPassword)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create %s: status %d", u["username"], resp.StatusCode)
		}
		username, password = u["username"], pageUserPassword
	}
	resp, err := noRedirects.PostForm(base+"/sign-in", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "chitieu_session" && ck.Value != "" {
			sessions[base+" "+who] = ck
			return ck
		}
	}
	t.Fatalf("sign-in of %s: status %d, no session", username, resp.StatusCode)
	return nil
}

var formHeader = map[string]string{"Content-Type": "application/x-www-form-urlencoded"}

// pageForm posts a form of the pages as the user.
func pageForm(name, as, path, body string, want int) hostileRequest {
	return hostileRequest{name: name, method: "POST", path: path, as: as, header: formHeader, body: body, want: want}
}

// pageGet reads a page as the user.
func pageGet(name, as, path string, want int) hostileRequest {
	return hostileRequest{name: name, method: "GET", path: path, as: as, want: want}
}

// crossSitePage posts a form of the pages from another site, with the admin's session.
func crossSitePage(name, path, body string) hostileRequest {
	return hostileRequest{name: name, method: "POST", path: path, as: "admin", body: body, want: http.StatusForbidden,
		header: with(crossSite, "Content-Type", "application/x-www-form-urlencoded")}
}

// pageDayRefused reads a page with an absurd day: the page tells it beside the day's field and
// shows today's figures (200, as a filter form answers).
func pageDayRefused(name, path string) hostileRequest {
	return hostileRequest{name: name, method: "GET", path: path, as: "admin", want: http.StatusOK, check: answerHas("ngày phải viết dạng dd/mm/yyyy")}
}

// answerHas checks that the answer contains text.
func answerHas(text string) func(t *testing.T, resp *http.Response, body []byte) {
	return func(t *testing.T, _ *http.Response, body []byte) {
		t.Helper()
		if !bytes.Contains(body, []byte(text)) {
			t.Errorf("the answer lacks %q: %.300s", text, body)
		}
	}
}

// answerLacks checks that the answer does not contain text.
func answerLacks(text string) func(t *testing.T, resp *http.Response, body []byte) {
	return func(t *testing.T, _ *http.Response, body []byte) {
		t.Helper()
		if bytes.Contains(body, []byte(text)) {
			t.Errorf("the answer holds %q", text)
		}
	}
}

// jsonCount checks the length of a list field of a JSON answer.
func jsonCount(field string, n int) func(t *testing.T, resp *http.Response, body []byte) {
	return func(t *testing.T, _ *http.Response, body []byte) {
		t.Helper()
		var v map[string]json.RawMessage
		var list []any
		err := json.Unmarshal(body, &v)
		if err == nil {
			err = json.Unmarshal(v[field], &list)
		}
		if err != nil || len(list) != n {
			t.Errorf("%s: %d items (%v), want %d: %.300s", field, len(list), err, n, body)
		}
	}
}

// workbookWithout checks that no cell of the workbook's sheet holds text.
func workbookWithout(sheet, text string) func(t *testing.T, resp *http.Response, body []byte) {
	return func(t *testing.T, _ *http.Response, body []byte) {
		t.Helper()
		wb, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := wb.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if strings.Contains(strings.Join(r, "|"), text) {
				t.Errorf("the workbook holds %q: %v", text, r)
			}
		}
	}
}
