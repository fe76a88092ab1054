package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Only an admin reorganises units; a body over the bound is refused before it is read whole.
func TestReorganisePage_Guards(t *testing.T) {
	e := newEnv(t)
	for _, who := range []string{"rg", "xem"} {
		c := e.client()
		c.signIn(who)
		wantStatus(t, c.get("/reorganise"), http.StatusForbidden)
		p := c.post("/reorganise", url.Values{"op": {"rename"}, "effective_on": {"01/01/2020"}, "unit": {"rach-gia"}, "name": {"X"}, "confirm": {"1"}})
		wantStatus(t, p, http.StatusForbidden)
	}
	admin := e.client()
	admin.signIn("admin")
	wantStatus(t, admin.get("/reorganise"), http.StatusOK, `id="reorg-body"`)
	wantStatus(t, admin.post("/reorganise", url.Values{"op": {"body"}, "body": {strings.Repeat(" ", 2<<20)}}), http.StatusRequestEntityTooLarge)
	wantStatus(t, admin.post("/reorganise", url.Values{"op": {"body"}, "body": {`{"effective_on": "2020-01-01", "salary": 1}`}}),
		http.StatusUnprocessableEntity, "Nội dung không phải một đề án tổ chức lại hợp lệ (JSON).")
	// A dry run answers its preview and writes nothing; the same form confirmed renames.
	rename := url.Values{"op": {"rename"}, "effective_on": {"01/01/2020"}, "note": {"QĐ 7"}, "unit": {"rach-gia"}, "name": {"Thành Đoàn Rạch Giá mới"}}
	wantStatus(t, admin.post("/reorganise", rename), http.StatusOK, `id="reorg-preview"`, "Thành Đoàn Rạch Giá")
	wantStatus(t, admin.get("/units/rach-gia"), http.StatusOK, "Chưa có lần tổ chức lại nào.")
	rename.Set("confirm", "1")
	wantStatus(t, admin.post("/reorganise", rename), http.StatusSeeOther)
	wantStatus(t, admin.get("/units/rach-gia"), http.StatusOK, "01/01/2020: QĐ 7", "Thành Đoàn Rạch Giá mới")
	wantStatus(t, admin.get("/units?on=31/12/2019"), http.StatusOK, ">Thành Đoàn Rạch Giá<")
}

// A move from a day is listed among the cadre's postings; an editor moves only the cadres it
// may see.
func TestMovePage(t *testing.T) {
	e := newEnv(t)
	rg := e.client()
	rg.signIn("rg")
	wantStatus(t, rg.get("/cadres/"+itoa(e.office)+"/move"), http.StatusNotFound)
	admin := e.client()
	admin.signIn("admin")
	path := "/cadres/" + itoa(e.office) + "/move"
	wantStatus(t, admin.get(path), http.StatusOK, `id="move-form"`)
	wantStatus(t, admin.post(path, url.Values{"unit": {"rach-gia"}, "from": {"31/02/2014"}, "full_time": {"on"}}), http.StatusUnprocessableEntity, `class="error"`)
	p := admin.post(path, url.Values{"unit": {"rach-gia"}, "from": {"01/03/2014"}, "full_time": {"on"}, "position": {"Phó Bí thư"}})
	wantStatus(t, p, http.StatusSeeOther)
	cadre := admin.get("/cadres/" + itoa(e.office))
	wantStatus(t, cadre, http.StatusOK, `id="postings"`)
	rows := section(t, cadre, "postings")
	wantIn(t, "postings", rows, "Thành Đoàn Rạch Giá", "Phó Bí thư", "01/03/2014", "Hiện nay", "Cơ quan Tỉnh Đoàn", "01/01/2010", "28/02/2014")
	if strings.Index(rows, "01/03/2014") > strings.Index(rows, "01/01/2010") {
		t.Fatalf("postings not newest first:\n%s", rows)
	}
}
