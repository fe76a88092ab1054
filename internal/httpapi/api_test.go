package httpapi_test

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// province is the records every API test starts from, entered through the API as staff would:
//
//	tinh (Tỉnh Đoàn Kiên Giang)
//	├── huyen-a ── xa-a1
//	└── huyen-b
//
// Cadres, all full-time unless said (joined; left):
//
//	c1 Nguyễn Văn An   huyen-a 2012-01-01        political theory trung_cap completed 2013-06-01
//	c2 Trần Thị Bình   xa-a1   2012-03-01        so_cap completed 2012-06-01
//	c3 Lê Văn Cường    huyen-b 2012-05-01        trung_cap planned, expected 2015-06-01
//	c4 Phạm Thị Dung   huyen-b 2012-01-01        part-time, cao_cap completed 2011-01-01
//	c5 Hoàng Văn Em    huyen-a 2012-01-01; 2014-01-01
//
// Youth reports: huyen-a and huyen-b on 2014-01-01 (600 of 1000 and 700 of 1000 gathered),
// xa-a1 on 2013-06-01 (120 of 300).
//
// Targets: ltct (political theory trung_cap or higher, scope tinh, >= 0.6, 2013-01-01 to
// 2015-12-31) and tn (youth gathering, scope tinh, > 0.65, baseline ratio 0.5, same span).
type province struct {
	c1, c2, c3, c4, c5 string // cadre ids
	t1, t3             string // training ids
	rA, rB, rX         string // youth report ids
}

func seed(e *env) province {
	e.t.Helper()
	var p province
	for _, u := range []map[string]any{
		{"code": "tinh", "name": "Tỉnh Đoàn Kiên Giang"},
		{"code": "huyen-a", "name": "Huyện Đoàn A", "parent": "tinh"},
		{"code": "huyen-b", "name": "Huyện Đoàn B", "parent": "tinh"},
		{"code": "xa-a1", "name": "Xã Đoàn A1", "parent": "huyen-a"},
	} {
		e.must(admin, http.StatusCreated, "POST", "/api/v1/units", u)
	}
	cadre := func(name, unit, joined string, extra map[string]any) string {
		body := map[string]any{"full_name": name, "unit": unit, "position": "Bí thư", "joined_on": joined}
		for k, v := range extra {
			body[k] = v
		}
		return id(e.must(admin, http.StatusCreated, "POST", "/api/v1/cadres", body))
	}
	p.c1 = cadre("Nguyễn Văn An", "huyen-a", "2012-01-01", nil)
	p.c2 = cadre("Trần Thị Bình", "xa-a1", "2012-03-01", nil)
	p.c3 = cadre("Lê Văn Cường", "huyen-b", "2012-05-01", nil)
	p.c4 = cadre("Phạm Thị Dung", "huyen-b", "2012-01-01", map[string]any{"full_time": false})
	p.c5 = cadre("Hoàng Văn Em", "huyen-a", "2012-01-01", map[string]any{"left_on": "2014-01-01"})

	training := func(body map[string]any) string {
		return id(e.must(admin, http.StatusCreated, "POST", "/api/v1/trainings", body))
	}
	p.t1 = training(map[string]any{"cadre_id": num(p.c1), "kind": "political_theory", "level": "trung_cap",
		"status": "completed", "started_on": "2013-01-15", "completed_on": "2013-06-01"})
	training(map[string]any{"cadre_id": num(p.c2), "kind": "political_theory", "level": "so_cap",
		"status": "completed", "completed_on": "2012-06-01"})
	p.t3 = training(map[string]any{"cadre_id": num(p.c3), "kind": "political_theory", "level": "trung_cap",
		"status": "planned", "started_on": "2014-03-01", "expected_on": "2015-06-01"})
	training(map[string]any{"cadre_id": num(p.c4), "kind": "political_theory", "level": "cao_cap",
		"status": "completed", "completed_on": "2011-01-01"})
	training(map[string]any{"cadre_id": num(p.c1), "kind": "professional", "course": "Nghiệp vụ công tác Đoàn",
		"status": "completed", "started_on": "2013-08-01", "completed_on": "2013-09-01"})

	report := func(unit, day string, pop, union, assoc, gathered int) string {
		return id(e.must(admin, http.StatusCreated, "POST", "/api/v1/youth-reports", map[string]any{
			"unit": unit, "reported_on": day, "youth_population": pop, "union_members": union,
			"association_members": assoc, "gathered": gathered}))
	}
	p.rA = report("huyen-a", "2014-01-01", 1000, 500, 200, 600)
	p.rB = report("huyen-b", "2014-01-01", 1000, 600, 300, 700)
	p.rX = report("xa-a1", "2013-06-01", 300, 100, 50, 120)

	e.must(admin, http.StatusCreated, "POST", "/api/v1/targets", map[string]any{
		"code": "ltct", "name": "Cán bộ có trình độ lý luận chính trị từ trung cấp", "kind": "political_theory",
		"min_level": "trung_cap", "scope_unit": "tinh", "threshold": 0.6,
		"baseline_date": "2013-01-01", "deadline": "2015-12-31"})
	e.must(admin, http.StatusCreated, "POST", "/api/v1/targets", map[string]any{
		"code": "tn", "name": "Tập hợp thanh niên", "kind": "youth_gathering", "scope_unit": "tinh",
		"comparator": ">", "threshold": 0.65, "baseline_date": "2013-01-01", "baseline_ratio": 0.5,
		"deadline": "2015-12-31"})
	return p
}

// num turns an id back into a JSON number.
func num(id string) any {
	var n int64
	fmt.Sscan(id, &n)
	return n
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func wantField(t *testing.T, v map[string]any, field string, want any) {
	t.Helper()
	got := v[field]
	if w, ok := want.(float64); ok {
		if g, ok := got.(float64); ok && near(g, w) {
			return
		}
	} else if fmt.Sprint(got) == fmt.Sprint(want) {
		return
	}
	t.Errorf("%s = %v, want %v (in %v)", field, got, want, v)
}

func TestUnits(t *testing.T) {
	e := newEnv(t)
	seed(e)

	u := e.must(admin, http.StatusOK, "GET", "/api/v1/units/huyen-a", nil)
	wantField(t, u, "name", "Huyện Đoàn A")
	wantField(t, u, "parent", "tinh")

	list := e.must(admin, http.StatusOK, "GET", "/api/v1/units", nil)
	wantField(t, list, "total", 4.0)
	if n := len(items(t, list)); n != 4 {
		t.Errorf("%d units listed, want 4", n)
	}
	children := e.must(admin, http.StatusOK, "GET", "/api/v1/units?parent=tinh", nil)
	wantField(t, children, "total", 2.0)

	// Names are stored in NFC whatever the client sends.
	nfd := norm.NFD.String("  Huyện   Đoàn An Biên ")
	u = e.must(admin, http.StatusOK, "PUT", "/api/v1/units/huyen-a", map[string]any{"name": nfd, "parent": "tinh"})
	wantField(t, u, "name", "Huyện Đoàn An Biên")
	wantField(t, u, "code", "huyen-a")

	// Moving a unit under another one, then deleting a leaf.
	u = e.must(admin, http.StatusOK, "PUT", "/api/v1/units/xa-a1", map[string]any{"name": "Xã Đoàn A1", "parent": "huyen-b"})
	wantField(t, u, "parent", "huyen-b")
	e.must(admin, http.StatusCreated, "POST", "/api/v1/units", map[string]any{"code": "xa-moi", "name": "Xã mới", "parent": "huyen-b"})
	r := e.do(admin, "DELETE", "/api/v1/units/xa-moi", nil)
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("DELETE unit: %d %s, want 204 and no body", r.status, r.body)
	}
	e.must(admin, http.StatusNotFound, "GET", "/api/v1/units/xa-moi", nil)
}

func TestCadres(t *testing.T) {
	e := newEnv(t)
	p := seed(e)

	c := e.must(admin, http.StatusOK, "GET", "/api/v1/cadres/"+p.c1, nil)
	wantField(t, c, "full_name", "Nguyễn Văn An")
	wantField(t, c, "full_time", true) // absent from the request: defaults to true
	wantField(t, c, "joined_on", "2012-01-01")
	wantField(t, c, "left_on", nil)
	wantField(t, c, "political_theory_level", "trung_cap")
	wantField(t, c, "education_level", "")
	wantField(t, e.must(admin, http.StatusOK, "GET", "/api/v1/cadres/"+p.c4, nil), "full_time", false)

	// The create answers the cadre with its id; a Vietnamese name sent decomposed comes back NFC.
	created := e.must(admin, http.StatusCreated, "POST", "/api/v1/cadres", map[string]any{
		"full_name": norm.NFD.String("Đặng Thị Hồng"), "unit": "xa-a1", "joined_on": "2014-02-01",
		"birth_date": "1990-05-06", "gender": "female"})
	if created["id"] == nil || id(created) == "0" {
		t.Fatalf("created cadre has no id: %v", created)
	}
	wantField(t, created, "full_name", "Đặng Thị Hồng")
	wantField(t, created, "full_time", true)

	// PATCH changes what it names, and null clears an optional date.
	upd := e.must(admin, http.StatusOK, "PATCH", "/api/v1/cadres/"+id(created), map[string]any{"position": "Phó Bí thư", "left_on": "2014-06-01"})
	wantField(t, upd, "position", "Phó Bí thư")
	wantField(t, upd, "left_on", "2014-06-01")
	wantField(t, upd, "full_name", "Đặng Thị Hồng")
	upd = e.must(admin, http.StatusOK, "PATCH", "/api/v1/cadres/"+id(created), map[string]any{"left_on": nil})
	wantField(t, upd, "left_on", nil)
	wantField(t, upd, "birth_date", "1990-05-06")

	names := func(path string) string {
		var out []string
		for _, it := range items(t, e.must(admin, http.StatusOK, "GET", path, nil)) {
			out = append(out, it["full_name"].(string))
		}
		return strings.Join(out, ", ")
	}
	total := func(path string) float64 {
		return e.must(admin, http.StatusOK, "GET", path, nil)["total"].(float64)
	}
	if n := total("/api/v1/cadres"); n != 6 {
		t.Errorf("total cadres %v, want 6", n)
	}
	if n := total("/api/v1/cadres?unit=huyen-a"); n != 4 { // c1, c5, c2 and the new one in xa-a1
		t.Errorf("cadres of huyen-a's subtree: %v, want 4", n)
	}
	if got := names("/api/v1/cadres?active=false"); got != "Hoàng Văn Em" {
		t.Errorf("inactive cadres: %q, want Hoàng Văn Em", got)
	}
	if n := total("/api/v1/cadres?active=true"); n != 5 {
		t.Errorf("active cadres: %v, want 5", n)
	}
	if got := names("/api/v1/cadres?q=nguyen+van+an"); got != "Nguyễn Văn An" {
		t.Errorf("q=nguyen van an: %q", got)
	}
	if got := names("/api/v1/cadres?q=" + url.QueryEscape("ĐẶNG")); got != "Đặng Thị Hồng" {
		t.Errorf("q=ĐẶNG: %q", got)
	}

	r := e.do(admin, "DELETE", "/api/v1/cadres/"+id(created), nil)
	if r.status != http.StatusNoContent {
		t.Fatalf("DELETE cadre: %d %s", r.status, r.body)
	}
	e.must(admin, http.StatusNotFound, "GET", "/api/v1/cadres/"+id(created), nil)
	if n := total("/api/v1/cadres"); n != 5 {
		t.Errorf("total after delete %v, want 5", n)
	}
}

func TestTrainings(t *testing.T) {
	e := newEnv(t)
	p := seed(e)

	tr := e.must(admin, http.StatusOK, "GET", "/api/v1/trainings/"+p.t3, nil)
	wantField(t, tr, "status", "planned")
	wantField(t, tr, "expected_on", "2015-06-01")
	wantField(t, tr, "completed_on", nil)

	// Completing the planned record raises the cadre's level.
	tr = e.must(admin, http.StatusOK, "PATCH", "/api/v1/trainings/"+p.t3, map[string]any{"status": "completed", "completed_on": "2014-06-15"})
	wantField(t, tr, "status", "completed")
	wantField(t, tr, "completed_on", "2014-06-15")
	wantField(t, tr, "level", "trung_cap")
	wantField(t, e.must(admin, http.StatusOK, "GET", "/api/v1/cadres/"+p.c3, nil), "political_theory_level", "trung_cap")

	total := func(path string) float64 {
		return e.must(admin, http.StatusOK, "GET", path, nil)["total"].(float64)
	}
	for path, want := range map[string]float64{
		"/api/v1/trainings":                                      5,
		"/api/v1/trainings?cadre_id=" + p.c1:                     2,
		"/api/v1/trainings?kind=professional":                    1,
		"/api/v1/trainings?status=completed":                     5,
		"/api/v1/trainings?kind=political_theory&status=planned": 0,
	} {
		if got := total(path); got != want {
			t.Errorf("GET %s: total %v, want %v", path, got, want)
		}
	}

	created := e.must(admin, http.StatusCreated, "POST", "/api/v1/trainings", map[string]any{
		"cadre_id": num(p.c5), "kind": "education", "level": "dai_hoc", "status": "in_progress",
		"provider": "Đại học Kiên Giang", "started_on": "2013-09-01", "expected_on": "2017-06-30"})
	wantField(t, created, "provider", "Đại học Kiên Giang")
	if r := e.do(admin, "DELETE", "/api/v1/trainings/"+id(created), nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE training: %d %s", r.status, r.body)
	}
	e.must(admin, http.StatusNotFound, "GET", "/api/v1/trainings/"+id(created), nil)
}

func TestYouthReports(t *testing.T) {
	e := newEnv(t)
	p := seed(e)

	r := e.must(admin, http.StatusOK, "GET", "/api/v1/youth-reports/"+p.rA, nil)
	wantField(t, r, "unit", "huyen-a")
	wantField(t, r, "reported_on", "2014-01-01")
	wantField(t, r, "gathered", 600.0)

	list := e.must(admin, http.StatusOK, "GET", "/api/v1/youth-reports?unit=huyen-a", nil)
	wantField(t, list, "total", 1.0)
	if got := items(t, list); len(got) != 1 || id(got[0]) != p.rA {
		t.Errorf("reports of huyen-a: %v", got)
	}
	wantField(t, e.must(admin, http.StatusOK, "GET", "/api/v1/youth-reports", nil), "total", 3.0)

	r = e.must(admin, http.StatusOK, "PUT", "/api/v1/youth-reports/"+p.rA, map[string]any{
		"unit": "huyen-a", "reported_on": "2014-01-01", "youth_population": 1000, "union_members": 550,
		"association_members": 200, "gathered": 650})
	wantField(t, r, "gathered", 650.0)
	wantField(t, r, "id", num(p.rA))

	if resp := e.do(admin, "DELETE", "/api/v1/youth-reports/"+p.rX, nil); resp.status != http.StatusNoContent {
		t.Fatalf("DELETE report: %d %s", resp.status, resp.body)
	}
	e.must(admin, http.StatusNotFound, "GET", "/api/v1/youth-reports/"+p.rX, nil)
}

func TestTargets(t *testing.T) {
	e := newEnv(t)
	seed(e)

	// Today (2014-07-01): c1, c2, c3 are the active full-time cadres (c4 is part-time, c5 left
	// on 2014-01-01); only c1 holds trung_cap or higher. Expected: 0 at the baseline (nobody
	// qualified on 2013-01-01) rising to 0.6 over the 1094 days to the deadline, 546 of them
	// gone. Projected: c3's planned record is expected by the deadline, so 2 of 3.
	ltct := e.must(viewerOf(e), http.StatusOK, "GET", "/api/v1/targets/ltct", nil)
	wantField(t, ltct, "code", "ltct")
	wantField(t, ltct, "full_time_only", true) // defaults of NewTarget
	wantField(t, ltct, "comparator", ">=")
	wantField(t, ltct, "tolerance", 0.05)
	wantField(t, ltct, "as_of", "2014-07-01")
	wantField(t, ltct, "numerator", 1.0)
	wantField(t, ltct, "denominator", 3.0)
	wantField(t, ltct, "ratio", 1.0/3)
	wantField(t, ltct, "expected_ratio", 0.6*546/1094)
	wantField(t, ltct, "projected_ratio", 2.0/3)
	wantField(t, ltct, "status", "on_track")

	// As of 2013-03-01 c5 was still in post and nobody had trung_cap.
	past := e.must(admin, http.StatusOK, "GET", "/api/v1/targets/ltct?as_of=2013-03-01", nil)
	wantField(t, past, "as_of", "2013-03-01")
	wantField(t, past, "numerator", 0.0)
	wantField(t, past, "denominator", 4.0)

	// Youth: huyen-a and huyen-b each report, so the province is their sum: 1300 of 2000, which
	// is not over 0.65. Expected: 0.5 + 0.15·546/1094.
	tn := e.must(admin, http.StatusOK, "GET", "/api/v1/targets/tn", nil)
	wantField(t, tn, "numerator", 1300.0)
	wantField(t, tn, "denominator", 2000.0)
	wantField(t, tn, "ratio", 0.65)
	wantField(t, tn, "baseline_ratio", 0.5)
	wantField(t, tn, "expected_ratio", 0.5+0.15*546/1094)
	wantField(t, tn, "status", "on_track")
	// On 2013-07-01 huyen-a had no report of its own: its value is xa-a1's.
	tnPast := e.must(admin, http.StatusOK, "GET", "/api/v1/targets/tn?as_of=2013-07-01", nil)
	wantField(t, tnPast, "numerator", 120.0)
	wantField(t, tnPast, "denominator", 300.0)

	list := e.must(admin, http.StatusOK, "GET", "/api/v1/targets?as_of=2013-03-01", nil)
	wantField(t, list, "total", 2.0)
	got := items(t, list)
	if len(got) != 2 {
		t.Fatalf("targets listed: %v", got)
	}
	for _, it := range got {
		wantField(t, it, "as_of", "2013-03-01")
		if it["status"] == nil || it["name"] == nil {
			t.Errorf("list item lacks fields: %v", it)
		}
	}

	// History: monthly from the baseline to today by default, today included.
	h := e.must(admin, http.StatusOK, "GET", "/api/v1/targets/ltct/history", nil)
	wantField(t, h, "from", "2013-01-01")
	wantField(t, h, "to", "2014-07-01")
	wantField(t, h, "step", "month")
	points := items(t, h)
	if len(points) != 19 {
		t.Fatalf("%d monthly points from 2013-01-01 to 2014-07-01, want 19", len(points))
	}
	wantField(t, points[0], "as_of", "2013-01-01")
	wantField(t, points[4], "as_of", "2013-05-01")
	wantField(t, points[4], "numerator", 0.0)
	wantField(t, points[5], "as_of", "2013-06-01") // c1 completed trung_cap that day
	wantField(t, points[5], "numerator", 1.0)
	wantField(t, points[18], "as_of", "2014-07-01")
	wantField(t, points[18], "denominator", 3.0)

	weekly := items(t, e.must(admin, http.StatusOK, "GET", "/api/v1/targets/ltct/history?from=2014-06-01&to=2014-07-01&step=week", nil))
	var days []string
	for _, p := range weekly {
		days = append(days, p["as_of"].(string))
	}
	if got, want := strings.Join(days, " "), "2014-06-01 2014-06-08 2014-06-15 2014-06-22 2014-06-29 2014-07-01"; got != want {
		t.Errorf("weekly days %s, want %s", got, want)
	}
	daily := items(t, e.must(admin, http.StatusOK, "GET", "/api/v1/targets/tn/history?from=2013-12-30&to=2014-01-02&step=day", nil))
	if len(daily) != 4 {
		t.Fatalf("daily points: %v", daily)
	}
	wantField(t, daily[1], "ratio", 0.4)  // 2013-12-31: xa-a1's 120 of 300
	wantField(t, daily[2], "ratio", 0.65) // 2014-01-01: the districts' reports

	// PUT replaces every field but the code; what it leaves out takes the defaults.
	put := e.must(admin, http.StatusOK, "PUT", "/api/v1/targets/ltct", map[string]any{
		"name": "Lý luận chính trị (toàn bộ cán bộ)", "kind": "political_theory", "min_level": "trung_cap",
		"scope_unit": "tinh", "full_time_only": false, "threshold": 0.5,
		"baseline_date": "2013-01-01", "deadline": "2015-12-31"})
	wantField(t, put, "code", "ltct")
	wantField(t, put, "full_time_only", false)
	wantField(t, put, "denominator", 4.0) // c4, part-time with cao_cap, now counts
	wantField(t, put, "numerator", 2.0)
	wantField(t, put, "ratio", 0.5)
	wantField(t, put, "status", "achieved")

	created := e.must(admin, http.StatusCreated, "POST", "/api/v1/targets", map[string]any{
		"code": "dh-2020", "name": "Ví dụ: cán bộ có trình độ đại học", "kind": "education",
		"min_level": "dai_hoc", "scope_unit": "huyen-a", "threshold": 0.8,
		"baseline_date": "2014-01-01", "deadline": "2020-12-31"})
	wantField(t, created, "code", "dh-2020")
	wantField(t, created, "as_of", "2014-07-01")
	wantField(t, created, "denominator", 2.0) // c1 and c2; c5 has left
	wantField(t, created, "ratio", 0.0)
	wantField(t, created, "status", "behind")
	if r := e.do(admin, "DELETE", "/api/v1/targets/dh-2020", nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE target: %d %s", r.status, r.body)
	}
	e.must(admin, http.StatusNotFound, "GET", "/api/v1/targets/dh-2020", nil)
	e.must(admin, http.StatusNotFound, "GET", "/api/v1/targets/dh-2020/history", nil)
}

// viewerOf adds a viewer and returns its credentials.
func viewerOf(e *env) cred { return e.addUser("viewer", "viewer", "") }

func TestUsersAndAudit(t *testing.T) {
	e := newEnv(t)
	p := seed(e)

	created := e.must(admin, http.StatusCreated, "POST", "/api/v1/users", map[string]any{
		"username": "bien-tap", "role": "editor", "unit": "huyen-a", "password": "mật khẩu dài đủ mười"})
	wantField(t, created, "username", "bien-tap")
	wantField(t, created, "role", "editor")
	wantField(t, created, "unit", "huyen-a")
	if _, ok := created["password"]; ok {
		t.Errorf("the answer shows the password: %v", created)
	}
	list := e.must(admin, http.StatusOK, "GET", "/api/v1/users", nil)
	wantField(t, list, "total", 2.0)

	upd := e.must(admin, http.StatusOK, "PATCH", "/api/v1/users/bien-tap", map[string]any{"role": "viewer", "unit": ""})
	wantField(t, upd, "role", "viewer")
	wantField(t, upd, "unit", "")
	e.must(cred{user: "bien-tap", pass: "mật khẩu dài đủ mười"}, http.StatusOK, "GET", "/api/v1/units", nil)

	if r := e.do(admin, "DELETE", "/api/v1/users/bien-tap", nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE user: %d %s", r.status, r.body)
	}
	e.must(cred{user: "bien-tap", pass: "mật khẩu dài đủ mười"}, http.StatusUnauthorized, "GET", "/api/v1/units", nil)

	// Every write left an audit row; the filters narrow them.
	all := e.must(admin, http.StatusOK, "GET", "/api/v1/audit", nil)
	if n := all["total"].(float64); n < 18 { // 4 units, 5 cadres, 5 trainings, 3 reports, 2 targets, ...
		t.Errorf("audit total %v, want at least 18", n)
	}
	c1 := e.must(admin, http.StatusOK, "GET", "/api/v1/audit?entity=cadre&key="+p.c1, nil)
	entries := items(t, c1)
	if len(entries) != 1 {
		t.Fatalf("audit of cadre %s: %v", p.c1, entries)
	}
	wantField(t, entries[0], "action", "create")
	wantField(t, entries[0], "actor", "admin")
	wantField(t, entries[0], "entity", "cadre")
	wantField(t, e.must(admin, http.StatusOK, "GET", "/api/v1/audit?actor=nobody", nil), "total", 0.0)
	if n := e.must(admin, http.StatusOK, "GET", "/api/v1/audit?entity=user", nil)["total"].(float64); n < 3 {
		t.Errorf("audit of users: %v, want at least 3 (create, update, delete)", n)
	}
}
