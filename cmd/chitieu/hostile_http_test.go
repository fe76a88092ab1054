package main_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"chitieu/internal/testenv"
)

// The HTTP surface (issue 11, classes 3, 6, 7, 8, 9): cross-site requests, redirects off the
// site, metric labels, the read rule of unit-limited editors, numbers and JSON keys.

// scopedEditor is limited to ban-phong-trao, a board of the provincial office on the demo.
const scopedEditor, scopedPassword = "bien-tap-phong-trao", "mật khẩu riêng của ban phong trào 2026"

var scopedAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(scopedEditor+":"+scopedPassword))

// crossSite is what a browser adds to a request that a page of another site sends.
var crossSite = map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}

func with(h map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

var hostileHTTP = []hostileRequest{
	// Class 3: cross-site requests. The browser sends the admin's remembered credentials.
	{name: "cross-site text/plain form creating an admin", method: "POST", path: "/api/v1/users",
		header: with(crossSite, "Content-Type", "text/plain"), body: `{"username":"ke-gian","role":"admin","password":"mật khẩu kẻ gian rất dài"}`,
		want: http.StatusForbidden, check: wantJSONError("Origin")},
	{name: "cross-site JSON creating an admin", method: "POST", path: "/api/v1/users", header: crossSite,
		body: `{"username":"ke-gian","role":"admin","password":"mật khẩu kẻ gian rất dài"}`, want: http.StatusForbidden},
	{name: "cross-site delete by Sec-Fetch-Site alone", method: "DELETE", path: "/api/v1/cadres/1",
		header: map[string]string{"Sec-Fetch-Site": "cross-site"}, want: http.StatusForbidden},
	{name: "cross-site patch by Origin alone", method: "PATCH", path: "/api/v1/cadres/1",
		header: map[string]string{"Origin": "https://evil.example"}, body: `{"position":"x"}`, want: http.StatusForbidden},
	{name: "cross-site upload", method: "POST", path: "/api/v1/import/cadres",
		header: with(crossSite, "Content-Type", "text/csv"), body: "a,b\n", want: http.StatusForbidden},
	{name: "text/plain JSON from a program", method: "POST", path: "/api/v1/users", header: map[string]string{"Content-Type": "text/plain"},
		body: `{"username":"ke-gian","role":"admin","password":"mật khẩu kẻ gian rất dài"}`, want: http.StatusUnsupportedMediaType,
		check: wantJSONError("Content-Type")},
	{name: "urlencoded body", method: "POST", path: "/api/v1/units", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		body: `{"code":"x","name":"X"}`, want: http.StatusUnsupportedMediaType},
	{name: "no content type", method: "PATCH", path: "/api/v1/cadres/1", header: map[string]string{"Content-Type": ""},
		body: `{"position":"x"}`, want: http.StatusUnsupportedMediaType},
	{name: "json-ish content type", method: "POST", path: "/api/v1/units", header: map[string]string{"Content-Type": "application/jsonp"},
		body: `{"code":"x","name":"X"}`, want: http.StatusUnsupportedMediaType},
	{name: "401 without a Basic challenge", method: "GET", path: "/api/v1/cadres", header: map[string]string{"Authorization": ""},
		want: http.StatusUnauthorized, check: noBasicChallenge},
	{name: "401 on a wrong password without a Basic challenge", method: "DELETE", path: "/api/v1/cadres/1",
		header: map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:sai"))},
		want:   http.StatusUnauthorized, check: noBasicChallenge},
	{name: "annual report page sends to the sign-in page without a Basic challenge", method: "GET", path: "/reports/annual",
		header: map[string]string{"Authorization": ""}, want: http.StatusSeeOther,
		check: func(t *testing.T, resp *http.Response, _ []byte) {
			if loc, ch := resp.Header.Get("Location"), resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(loc, "/sign-in?") || ch != "" {
				t.Errorf("Location %q, WWW-Authenticate %q: want the sign-in page and no challenge", loc, ch)
			}
		}},
	{name: "export 401 without a Basic challenge", method: "GET", path: "/api/v1/export/cadres.xlsx",
		header: map[string]string{"Authorization": ""}, want: http.StatusUnauthorized, check: noBasicChallenge},

	// Class 6: redirects off the site.
	redirectHome("/lang/en?next=/%09/evil.example"),
	redirectHome("/lang/en?next=//evil.example"),
	redirectHome("/lang/vi?next=/%5Cevil.example"),
	redirectHome("/lang/vi?next=%5C%5Cevil.example"),
	redirectHome("/lang/en?next=%09//evil.example"),
	redirectHome("/lang/en?next=/%0d%0a/evil.example"),
	redirectHome("/lang/en?next=https://evil.example"),
	redirectHome("/lang/en?next=https:evil.example"),
	redirectHome("/lang/en?next=javascript:alert(1)"),
	redirectHome("/lang/en?next=%2F%2Fevil.example"),
	{name: "sign-in form keeps no foreign next", method: "GET", path: "/sign-in?next=/%09/evil.example",
		header: map[string]string{"Authorization": ""}, want: http.StatusOK,
		check: func(t *testing.T, _ *http.Response, body []byte) {
			if !bytes.Contains(body, []byte(`name="next" value="/"`)) {
				t.Error("the sign-in form carries the foreign next")
			}
		}},
	{name: "sign-in goes home, not to next=/\\evil", method: "POST", path: "/sign-in",
		header: map[string]string{"Authorization": "", "Content-Type": "application/x-www-form-urlencoded"},
		body:   url.Values{"username": {"admin"}, "password": {testenv.AdminPassword}, "next": {"/\\evil.example"}}.Encode(),
		want:   http.StatusSeeOther, check: wantLocation("/")},
	{name: "sign-in goes home, not to next=/\\t/evil", method: "POST", path: "/sign-in",
		header: map[string]string{"Authorization": "", "Content-Type": "application/x-www-form-urlencoded"},
		body:   url.Values{"username": {"admin"}, "password": {testenv.AdminPassword}, "next": {"/\t/evil.example"}}.Encode(),
		want:   http.StatusSeeOther, check: wantLocation("/")},

	// Class 7: made-up methods (TestHTTPSurface counts the series they leave).
	{name: "made-up method", method: "BREW", path: "/api/v1/cadres", want: http.StatusMethodNotAllowed},
	{name: "8,000-character method", method: strings.Repeat("M", 8000), path: "/api/v1/cadres", want: http.StatusMethodNotAllowed,
		check: func(t *testing.T, _ *http.Response, body []byte) {
			if len(body) > 1000 {
				t.Errorf("the answer repeats the method: %d bytes", len(body))
			}
		}},

	// Class 8: the read rule and the seat rule of an editor limited to a unit.
	hostileJSON("setup: an editor limited to ban-phong-trao", "POST", "/api/v1/users", http.StatusCreated,
		`{"username":%q,"role":"editor","unit":"ban-phong-trao","password":%q}`, scopedEditor, scopedPassword),
	{name: "another unit's cadre", method: "GET", path: "/api/v1/cadres/72", header: map[string]string{"Authorization": scopedAuth}, want: http.StatusNotFound},
	{name: "another unit's cadres", method: "GET", path: "/api/v1/cadres?unit=rach-gia", header: map[string]string{"Authorization": scopedAuth}, want: http.StatusForbidden},
	{name: "another unit's position", method: "GET", path: "/api/v1/positions/14", header: map[string]string{"Authorization": scopedAuth}, want: http.StatusNotFound},
	{name: "another unit's trainings", method: "GET", path: "/api/v1/trainings?cadre_id=72", header: map[string]string{"Authorization": scopedAuth}, want: http.StatusNotFound},
	{name: "every youth report", method: "GET", path: "/api/v1/youth-reports", header: map[string]string{"Authorization": scopedAuth}, want: http.StatusUnprocessableEntity},
	{name: "another unit's youth reports exported", method: "GET", path: "/api/v1/export/youth-reports.csv?unit=rach-gia",
		header: map[string]string{"Authorization": scopedAuth}, want: http.StatusForbidden},
	{name: "the export holds only the editor's cadres", method: "GET", path: "/api/v1/export/cadres.csv",
		header: map[string]string{"Authorization": scopedAuth}, want: http.StatusOK,
		check: func(t *testing.T, _ *http.Response, body []byte) {
			if bytes.Contains(body, []byte("Võ Trung Hiếu")) {
				t.Error("the export holds a cadre of Rạch Giá")
			}
		}},
	{name: "seating another unit's cadre", method: "POST", path: "/api/v1/positions/10/assignments",
		header: map[string]string{"Authorization": scopedAuth}, body: `{"cadre_id":72,"started_on":"2020-01-01"}`,
		want: http.StatusForbidden, check: wantJSONError("cadre_id")},

	// Class 9: numbers that overflow, JSON keys, read-only fields, headers.
	badParam("/api/v1/cadres?offset=9223372036854775807", "offset"),
	badParam("/api/v1/cadres?offset=9223372036854775808", "offset"),
	badParam("/api/v1/trainings?offset=-1", "offset"),
	badParam("/api/v1/youth-reports?limit=-9223372036854775808", "limit"),
	badParam("/api/v1/positions?offset=1e9", "offset"),
	badParam("/api/v1/units?limit=99999999999999999999", "limit"),
	badParam("/api/v1/targets?offset=9223372036854775807", "offset"),
	badParam("/api/v1/audit?offset=9223372036854775807", "offset"),
	badParam("/api/v1/users?offset=9223372036854775807", "offset"),
	badParam("/api/v1/trainings?cadre_id=-3", "cadre_id"),
	badParam("/api/v1/positions?cadre_id=-9223372036854775808", "cadre_id"),
	badBody("repeated key", "POST", "/api/v1/cadres", "full_name", `{"full_name":"A","unit":"van-phong","joined_on":"2014-01-01","full_name":"B"}`),
	badBody("key differing in case", "POST", "/api/v1/cadres", "Full_Name", `{"Full_Name":"A","unit":"van-phong","joined_on":"2014-01-01"}`),
	badBody("key repeated in another case", "POST", "/api/v1/cadres", "UNIT", `{"full_name":"A","unit":"van-phong","UNIT":"rach-gia","joined_on":"2014-01-01"}`),
	badBody("key with a Kelvin sign", "POST", "/api/v1/trainings", "\u212aind", `{"cadre_id":1,"\u212aind":"professional","status":"planned"}`),
	badBody("repeated key in an array's object", "PUT", "/api/v1/rules/recruitment", "exempt", `{"start_date":"2014-01-01","scope_unit":"kien-giang","exempt":["transfer"],"exempt":[]}`),
	badBody("id of a new cadre", "POST", "/api/v1/cadres", "id", `{"id":5,"full_name":"A","unit":"van-phong","joined_on":"2014-01-01"}`),
	badBody("current level of a new cadre", "POST", "/api/v1/cadres", "political_theory_level", `{"full_name":"A","unit":"van-phong","joined_on":"2014-01-01","political_theory_level":"cao_cap"}`),
	badBody("education level of a new cadre", "POST", "/api/v1/cadres", "education_level", `{"full_name":"A","unit":"van-phong","joined_on":"2014-01-01","education_level":"tien_si"}`),
	badBody("current level in a patch", "PATCH", "/api/v1/cadres/1", "political_theory_level", `{"political_theory_level":"cao_cap"}`),
	badBody("id of a new training", "POST", "/api/v1/trainings", "id", `{"id":1,"cadre_id":1,"kind":"professional","status":"planned"}`),
	badBody("id of a replaced youth report", "PUT", "/api/v1/youth-reports/1", "id", `{"id":1,"unit":"rach-gia","reported_on":"2014-01-01","youth_population":10,"union_members":5,"association_members":0,"gathered":5}`),
	badBody("created_at of a new user", "POST", "/api/v1/users", "created_at", `{"username":"moi","role":"viewer","password":"mật khẩu đủ dài cho người mới","created_at":"2000-01-01T00:00:00Z"}`),
	badBody("vacancy of a new position", "POST", "/api/v1/positions", "vacant_seats", `{"unit":"van-phong","title":"Mới","seats":1,"created_on":"2014-01-01","vacant_seats":0}`),
	{name: "annual report page not in a frame", method: "GET", path: "/reports/annual", want: http.StatusSeeOther, check: noFrames},
	{name: "JSON not in a frame", method: "GET", path: "/api/v1/units", want: http.StatusOK, check: noFrames},
}

func wantJSONError(field string) func(t *testing.T, resp *http.Response, body []byte) {
	return func(t *testing.T, resp *http.Response, body []byte) {
		t.Helper()
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !bytes.Contains(body, []byte(`"error":"`+field)) {
			t.Errorf("want a JSON error naming %s: %s %s", field, resp.Header.Get("Content-Type"), body)
		}
	}
}

func noBasicChallenge(t *testing.T, resp *http.Response, body []byte) {
	t.Helper()
	if ch := resp.Header.Get("WWW-Authenticate"); strings.Contains(strings.ToLower(ch), "basic") {
		t.Errorf("WWW-Authenticate %q makes a browser prompt for a password", ch)
	}
	if !bytes.Contains(body, []byte(`"error"`)) {
		t.Errorf("the 401 says nothing: %s", body)
	}
}

func noFrames(t *testing.T, resp *http.Response, _ []byte) {
	t.Helper()
	if resp.Header.Get("X-Frame-Options") != "DENY" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Frame-Options %q, X-Content-Type-Options %q", resp.Header.Get("X-Frame-Options"), resp.Header.Get("X-Content-Type-Options"))
	}
	if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/html") &&
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("an HTML page without frame-ancestors: %q", resp.Header.Get("Content-Security-Policy"))
	}
}

func wantLocation(want string) func(t *testing.T, resp *http.Response, body []byte) {
	return func(t *testing.T, resp *http.Response, _ []byte) {
		t.Helper()
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("Location %q, want %q", got, want)
		}
	}
}

// redirectHome is a language switch whose next leads off the site: it must go to the overview.
func redirectHome(path string) hostileRequest {
	return hostileRequest{name: "redirect " + path, method: "GET", path: path, header: map[string]string{"Authorization": ""},
		want: http.StatusSeeOther, check: wantLocation("/")}
}

func badParam(path, param string) hostileRequest {
	return hostileRequest{name: "parameter " + path, method: "GET", path: path, want: http.StatusBadRequest, check: wantJSONError(param)}
}

func badBody(name, method, path, field, body string) hostileRequest {
	return hostileRequest{name: name, method: method, path: path, body: body, want: http.StatusBadRequest, check: wantJSONError(field)}
}

// TestHTTPSurface runs the sequences of the HTTP surface through the binary, behind a trusted
// proxy on 127.0.0.1: what a refused cross-site request left (nothing), the series that made-up
// methods leave (none), the pages' page numbers, and the Secure cookie.
func TestHTTPSurface(t *testing.T) {
	srv := testenv.Start(t, "", "--demo", "--trusted-proxies", "127.0.0.1")
	do := func(method, path, body string, header ...string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth("admin", testenv.AdminPassword)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp, raw
	}

	t.Run("cross-site writes leave nothing", func(t *testing.T) {
		admin := `{"username":"ke-gian","role":"admin","password":"mật khẩu kẻ gian rất dài"}`
		if resp, _ := do("POST", "/api/v1/users", admin, "Content-Type", "text/plain", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site: %d", resp.StatusCode)
		}
		if resp, _ := do("POST", "/api/v1/users", admin, "Content-Type", "text/plain", "Sec-Fetch-Site", "same-origin"); resp.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("text/plain from this site: %d", resp.StatusCode)
		}
		if _, body := do("GET", "/api/v1/users", ""); bytes.Contains(body, []byte("ke-gian")) {
			t.Fatal("a refused request created the user")
		}
		// The same write from this site's own page, and from a program, goes through.
		if resp, body := do("POST", "/api/v1/units", `{"code":"moi","name":"Mới","parent":"kien-giang"}`, "Content-Type", "application/json; charset=utf-8",
			"Origin", srv.URL, "Sec-Fetch-Site", "same-origin"); resp.StatusCode != http.StatusCreated {
			t.Errorf("same-origin write: %d %s", resp.StatusCode, body)
		}
	})

	t.Run("made-up methods make no series", func(t *testing.T) {
		series := func() int {
			_, body := do("GET", "/metrics", "")
			return strings.Count(string(body), "\nchitieu_http_requests_total{")
		}
		do("BREW", "/api/v1/cadres", "")
		do("BREW", "/nowhere", "")
		series()
		before := series()
		for i := range 100 {
			do("M"+strings.Repeat("X", i), "/api/v1/cadres", "")
			do("Q"+strings.Repeat("Y", i), "/nowhere/"+strings.Repeat("z", i), "")
		}
		do(strings.Repeat("M", 8000), "/api/v1/cadres", "")
		if after := series(); after != before {
			t.Errorf("made-up methods added %d series", after-before)
		}
		if _, body := do("GET", "/metrics", ""); bytes.Contains(body, []byte("MMMMMMMM")) {
			t.Error("a made-up method is a label value")
		}
	})

	// Signed in on the pages through the trusted proxy, which says only X-Forwarded-Proto.
	resp, _ := do("POST", "/sign-in", url.Values{"username": {"admin"}, "password": {testenv.AdminPassword}}.Encode(),
		"Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-Proto", "https")
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "chitieu_session" {
			session = ck
		}
	}
	if resp.StatusCode != http.StatusSeeOther || session == nil {
		t.Fatalf("sign-in: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	t.Run("Secure cookie on X-Forwarded-Proto alone", func(t *testing.T) {
		if !session.Secure {
			t.Error("behind a trusted proxy saying https, the session cookie is not Secure")
		}
	})

	t.Run("page numbers", func(t *testing.T) {
		for path, want := range map[string]int{
			"/cadres?page=2":                   http.StatusOK,
			"/cadres?page=9223372036854775807": http.StatusBadRequest,
			"/cadres?page=9223372036854775808": http.StatusBadRequest,
			"/cadres?page=-1":                  http.StatusBadRequest,
			"/cadres?page=0":                   http.StatusBadRequest,
			"/cadres?page=abc":                 http.StatusBadRequest,
			"/cadres?page=1000001&pt=cao_cap":  http.StatusBadRequest,
			"/audit?page=9223372036854775807":  http.StatusBadRequest,
			"/audit?page=3":                    http.StatusOK,
		} {
			resp, body := do("GET", path, "", "Cookie", session.Name+"="+session.Value)
			if resp.StatusCode != want {
				t.Errorf("GET %s: %d, want %d: %.300s", path, resp.StatusCode, want, body)
			}
		}
	})
}
