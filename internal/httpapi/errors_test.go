package httpapi_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gin-gonic/gin"
	_ "github.com/mattn/go-sqlite3"

	"chitieu/internal/chitieu"
	"chitieu/internal/httpapi"
)

// state is everything the API can show, to check that a refused write changed nothing: every
// list, in full, and the audit log's length.
func (e *env) state() string {
	e.t.Helper()
	var b strings.Builder
	for _, path := range []string{"/api/v1/units", "/api/v1/cadres", "/api/v1/trainings", "/api/v1/youth-reports",
		"/api/v1/targets", "/api/v1/users", "/api/v1/audit"} {
		r := e.do(admin, "GET", path+"?limit=1000", nil)
		if r.status != http.StatusOK {
			e.t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		b.WriteString(path + " " + string(r.body) + "\n")
	}
	return b.String()
}

// TestBadInput goes through the bad inputs of every route: each gets its 4xx with a message
// that names the field or parameter at fault, never a 500, and leaves nothing behind.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	p := seed(e)
	editor := e.addUser("editor", chitieu.RoleEditor, "")

	cadre := func(fields string) string {
		return withFields(`{"full_name":"Ngô Văn Hải","unit":"huyen-a","joined_on":"2014-01-01"}`, fields)
	}
	training := func(fields string) string {
		return withFields(fmt.Sprintf(`{"cadre_id":%s,"kind":"political_theory","level":"trung_cap","status":"planned"}`, p.c3), fields)
	}
	report := func(unit, day string, pop, union, assoc, gathered int) string {
		return fmt.Sprintf(`{"unit":%q,"reported_on":%q,"youth_population":%d,"union_members":%d,"association_members":%d,"gathered":%d}`,
			unit, day, pop, union, assoc, gathered)
	}
	target := func(fields string) string {
		return withFields(`{"code":"moi","name":"Chỉ tiêu mới","kind":"education","min_level":"dai_hoc","scope_unit":"tinh",`+
			`"threshold":0.7,"baseline_date":"2013-01-01","deadline":"2016-01-01"}`, fields)
	}

	tests := []badInput{
		// Bodies that cannot be read.
		{"syntax error", admin, "POST", "/api/v1/cadres", `{"full_name": "A",}`, 400, "request body"},
		{"truncated", admin, "POST", "/api/v1/cadres", `{"full_name": "A"`, 400, "request body"},
		{"empty body", admin, "POST", "/api/v1/units", ``, 415, "Content-Type"},
		{"not an object", admin, "POST", "/api/v1/units", `["tinh"]`, 400, "request body"},
		{"null body", admin, "PATCH", "/api/v1/cadres/" + p.c1, `null`, 400, "request body"},
		{"two values", admin, "POST", "/api/v1/units", `{"code":"x1","name":"X"} {"code":"x2","name":"Y"}`, 400, "request body"},
		{"unknown field", admin, "POST", "/api/v1/cadres", cadre(`,"salary":5000000`), 400, "salary"},
		{"unknown field in a patch", admin, "PATCH", "/api/v1/cadres/" + p.c1, `{"fullname":"A"}`, 400, "fullname"},
		{"read-only field in a patch", admin, "PATCH", "/api/v1/cadres/" + p.c1, `{"id":7}`, 400, "id"},
		{"string for a bool", admin, "POST", "/api/v1/cadres", cadre(`,"full_time":"yes"`), 400, "full_time"},
		{"number for a string", admin, "POST", "/api/v1/units", `{"code":"x1","name":12}`, 400, "name"},
		{"string for an integer", admin, "POST", "/api/v1/youth-reports", `{"unit":"huyen-a","reported_on":"2014-03-01","youth_population":"nhiều"}`, 400, "youth_population"},
		{"fraction for an integer", admin, "POST", "/api/v1/youth-reports", `{"unit":"huyen-a","reported_on":"2014-03-01","youth_population":10.5}`, 400, "youth_population"},
		{"string for an id", admin, "POST", "/api/v1/trainings", `{"cadre_id":"1","kind":"professional","status":"planned"}`, 400, "cadre_id"},
		{"string for a ratio", admin, "POST", "/api/v1/targets", target(`,"tolerance":"5%"`), 400, "tolerance"},
		{"number for a date", admin, "POST", "/api/v1/cadres", `{"full_name":"A","unit":"huyen-a","joined_on":20140101}`, 400, "joined_on"},

		// Dates that are not dates.
		{"month 13", admin, "POST", "/api/v1/cadres", `{"full_name":"A","unit":"huyen-a","joined_on":"2015-13-01"}`, 422, "joined_on: must be a date YYYY-MM-DD"},
		{"30 February", admin, "POST", "/api/v1/cadres", `{"full_name":"A","unit":"huyen-a","joined_on":"2014-02-30"}`, 422, "joined_on: must be a date YYYY-MM-DD"},
		{"day first", admin, "PATCH", "/api/v1/cadres/" + p.c1, `{"left_on":"01/06/2014"}`, 422, "left_on: must be a date YYYY-MM-DD"},
		{"unpadded", admin, "POST", "/api/v1/targets", target(`,"baseline_date":"2013-1-1"`), 422, "baseline_date: must be a date YYYY-MM-DD"},
		{"bad date in a training patch", admin, "PATCH", "/api/v1/trainings/" + p.t3, `{"expected_on":"sắp tới"}`, 422, "expected_on: must be a date YYYY-MM-DD"},
		{"bad report day", admin, "POST", "/api/v1/youth-reports", report("huyen-a", "2014-06-31", 10, 1, 1, 1), 422, "reported_on: must be a date YYYY-MM-DD"},

		// Units.
		{"unit code with capitals", admin, "POST", "/api/v1/units", `{"code":"Huyen-C","name":"Huyện C"}`, 422, "code"},
		{"unit without a name", admin, "POST", "/api/v1/units", `{"code":"huyen-c","name":"   "}`, 422, "name"},
		{"unit with a missing parent", admin, "POST", "/api/v1/units", `{"code":"huyen-c","name":"Huyện C","parent":"khong-co"}`, 422, "parent"},
		{"duplicate unit", admin, "POST", "/api/v1/units", `{"code":"huyen-a","name":"Huyện A lần hai","parent":"tinh"}`, 409, "~huyen-a"},
		{"unit its own parent", admin, "PUT", "/api/v1/units/huyen-b", `{"name":"Huyện Đoàn B","parent":"huyen-b"}`, 422, "parent"},
		{"unit cycle", admin, "PUT", "/api/v1/units/tinh", `{"name":"Tỉnh Đoàn","parent":"xa-a1"}`, 422, "parent"},
		{"unit code changed", admin, "PUT", "/api/v1/units/huyen-b", `{"code":"huyen-c","name":"Huyện Đoàn B","parent":"tinh"}`, 422, "code"},
		{"missing unit", admin, "PUT", "/api/v1/units/khong-co", `{"name":"Không có"}`, 404, "~khong-co"},
		{"delete a unit with children", admin, "DELETE", "/api/v1/units/huyen-a", ``, 409, "~huyen-a"},
		{"delete a unit with records", admin, "DELETE", "/api/v1/units/huyen-b", ``, 409, "~huyen-b"},
		{"delete a missing unit", admin, "DELETE", "/api/v1/units/khong-co", ``, 404, "~khong-co"},

		// Cadres.
		{"cadre without a name", admin, "POST", "/api/v1/cadres", `{"unit":"huyen-a","joined_on":"2014-01-01"}`, 422, "full_name"},
		{"cadre without joined_on", admin, "POST", "/api/v1/cadres", `{"full_name":"A","unit":"huyen-a"}`, 422, "joined_on"},
		{"cadre left before joining", admin, "POST", "/api/v1/cadres", cadre(`,"left_on":"2013-12-31"`), 422, "left_on"},
		{"cadre left the day joining", admin, "POST", "/api/v1/cadres", cadre(`,"left_on":"2014-01-01"`), 422, "left_on"},
		{"cadre born after joining", admin, "POST", "/api/v1/cadres", cadre(`,"birth_date":"2015-01-01"`), 422, "birth_date"},
		{"cadre gender", admin, "POST", "/api/v1/cadres", cadre(`,"gender":"nam"`), 422, "gender"},
		{"cadre of a missing unit", admin, "POST", "/api/v1/cadres", `{"full_name":"A","unit":"khong-co","joined_on":"2014-01-01"}`, 422, "unit"},
		{"patch left_on before joined_on", admin, "PATCH", "/api/v1/cadres/" + p.c1, `{"left_on":"2011-12-31"}`, 422, "left_on"},
		{"patch joined_on after left_on", admin, "PATCH", "/api/v1/cadres/" + p.c5, `{"joined_on":"2014-02-01"}`, 422, "left_on"},
		{"patch a missing cadre", admin, "PATCH", "/api/v1/cadres/999999", `{"position":"Bí thư"}`, 404, "~999999"},
		{"cadre id not a number", admin, "PATCH", "/api/v1/cadres/abc", `{"position":"Bí thư"}`, 400, "id"},
		{"cadre id zero", admin, "DELETE", "/api/v1/cadres/0", ``, 400, "id"},
		{"get a cadre id not a number", admin, "GET", "/api/v1/cadres/1x", ``, 400, "id"},
		{"get a missing cadre", admin, "GET", "/api/v1/cadres/999999", ``, 404, "~999999"},
		{"active=maybe", admin, "GET", "/api/v1/cadres?active=maybe", ``, 400, "active"},

		// Training records.
		{"level of another kind", admin, "POST", "/api/v1/trainings", training(`,"kind":"education","level":"cao_cap"`), 422, "level"},
		{"unknown level", admin, "POST", "/api/v1/trainings", training(`,"level":"tien_si"`), 422, "level"},
		{"political theory without a level", admin, "POST", "/api/v1/trainings", training(`,"level":""`), 422, "level"},
		{"level on professional", admin, "POST", "/api/v1/trainings", training(`,"kind":"professional","level":"so_cap"`), 422, "level"},
		{"unknown kind", admin, "POST", "/api/v1/trainings", training(`,"kind":"sports"`), 422, "kind"},
		{"unknown status", admin, "POST", "/api/v1/trainings", training(`,"status":"done"`), 422, "status"},
		{"completed without completed_on", admin, "POST", "/api/v1/trainings", training(`,"status":"completed"`), 422, "completed_on"},
		{"completed_on before started_on", admin, "POST", "/api/v1/trainings", training(`,"status":"completed","started_on":"2014-03-01","completed_on":"2014-02-28"`), 422, "completed_on"},
		{"completed_on while planned", admin, "POST", "/api/v1/trainings", training(`,"completed_on":"2014-02-28"`), 422, "completed_on"},
		{"expected_on before started_on", admin, "POST", "/api/v1/trainings", training(`,"started_on":"2014-03-01","expected_on":"2014-01-01"`), 422, "expected_on"},
		{"training of a missing cadre", admin, "POST", "/api/v1/trainings", `{"cadre_id":999999,"kind":"professional","status":"planned"}`, 422, "cadre_id"},
		{"training without a cadre", admin, "POST", "/api/v1/trainings", `{"kind":"professional","status":"planned"}`, 422, "cadre_id"},
		{"patch completed without completed_on", admin, "PATCH", "/api/v1/trainings/" + p.t3, `{"status":"completed"}`, 422, "completed_on"},
		{"patch completed_on before started_on", admin, "PATCH", "/api/v1/trainings/" + p.t3, `{"status":"completed","completed_on":"2014-01-01"}`, 422, "completed_on"},
		{"patch level onto professional", admin, "PATCH", "/api/v1/trainings/" + p.t1, `{"kind":"professional"}`, 422, "level"},
		{"patch a missing record", admin, "PATCH", "/api/v1/trainings/999999", `{"course":"X"}`, 404, "~999999"},
		{"training id not a number", admin, "GET", "/api/v1/trainings/mot", ``, 400, "id"},
		{"filter kind", admin, "GET", "/api/v1/trainings?kind=sports", ``, 422, "kind"},
		{"filter status", admin, "GET", "/api/v1/trainings?status=done", ``, 422, "status"},
		{"filter cadre_id", admin, "GET", "/api/v1/trainings?cadre_id=mot", ``, 400, "cadre_id"},

		// Youth reports.
		{"gathered below union members", admin, "POST", "/api/v1/youth-reports", report("huyen-a", "2014-03-01", 1000, 500, 100, 400), 422, "gathered"},
		{"gathered below association members", admin, "POST", "/api/v1/youth-reports", report("huyen-a", "2014-03-01", 1000, 100, 500, 450), 422, "gathered"},
		{"gathered above both together", admin, "POST", "/api/v1/youth-reports", report("huyen-a", "2014-03-01", 1000, 300, 200, 600), 422, "gathered"},
		{"gathered above the population", admin, "POST", "/api/v1/youth-reports", report("huyen-a", "2014-03-01", 500, 400, 300, 600), 422, "gathered"},
		{"negative count", admin, "POST", "/api/v1/youth-reports", report("huyen-a", "2014-03-01", 500, -1, 300, 300), 422, "union_members"},
		{"report without a day", admin, "POST", "/api/v1/youth-reports", `{"unit":"huyen-a","youth_population":10}`, 422, "reported_on"},
		{"report of a missing unit", admin, "POST", "/api/v1/youth-reports", report("khong-co", "2014-03-01", 10, 1, 1, 1), 422, "unit"},
		{"second report same unit and day", admin, "POST", "/api/v1/youth-reports", report("huyen-a", "2014-01-01", 1000, 500, 200, 600), 409, "~reported_on"},
		{"put onto another report's day", admin, "PUT", "/api/v1/youth-reports/" + p.rX, report("huyen-a", "2014-01-01", 300, 100, 50, 120), 409, "~reported_on"},
		{"put inconsistent counts", admin, "PUT", "/api/v1/youth-reports/" + p.rA, report("huyen-a", "2014-01-01", 100, 500, 200, 600), 422, "gathered"},
		{"put a missing report", admin, "PUT", "/api/v1/youth-reports/999999", report("huyen-a", "2014-05-01", 10, 1, 1, 1), 404, "~999999"},
		{"report id not a number", admin, "DELETE", "/api/v1/youth-reports/abc", ``, 400, "id"},

		// Targets.
		{"threshold 0", admin, "POST", "/api/v1/targets", target(`,"threshold":0`), 422, "threshold"},
		{"threshold above 1", admin, "POST", "/api/v1/targets", target(`,"threshold":1.5`), 422, "threshold"},
		{"threshold negative", admin, "POST", "/api/v1/targets", target(`,"threshold":-0.5`), 422, "threshold"},
		{"comparator", admin, "POST", "/api/v1/targets", target(`,"comparator":"=>"`), 422, "comparator"},
		{"min_level of another kind", admin, "POST", "/api/v1/targets", target(`,"min_level":"so_cap"`), 422, "min_level"},
		{"min_level on youth", admin, "POST", "/api/v1/targets", target(`,"kind":"youth_gathering"`), 422, "min_level"},
		{"target kind", admin, "POST", "/api/v1/targets", target(`,"kind":"professional"`), 422, "kind"},
		{"deadline before baseline", admin, "POST", "/api/v1/targets", target(`,"deadline":"2012-12-31"`), 422, "deadline"},
		{"baseline ratio above 1", admin, "POST", "/api/v1/targets", target(`,"baseline_ratio":1.2`), 422, "baseline_ratio"},
		{"tolerance 1", admin, "POST", "/api/v1/targets", target(`,"tolerance":1`), 422, "tolerance"},
		{"scope of a missing unit", admin, "POST", "/api/v1/targets", target(`,"scope_unit":"khong-co"`), 422, "scope_unit"},
		{"target code", admin, "POST", "/api/v1/targets", target(`,"code":"Mới"`), 422, "code"},
		{"duplicate target", admin, "POST", "/api/v1/targets", target(`,"code":"ltct"`), 409, "~ltct"},
		{"target code changed", admin, "PUT", "/api/v1/targets/ltct", target(``), 422, "code"},
		{"put a bad threshold", admin, "PUT", "/api/v1/targets/ltct", target(`,"code":"ltct","threshold":2`), 422, "threshold"},
		{"missing target", admin, "GET", "/api/v1/targets/khong-co", ``, 404, "~khong-co"},
		{"as_of month 13", admin, "GET", "/api/v1/targets/ltct?as_of=2015-13-01", ``, 422, "as_of"},
		{"as_of in a list", admin, "GET", "/api/v1/targets?as_of=hom-nay", ``, 422, "as_of"},
		{"history step", admin, "GET", "/api/v1/targets/ltct/history?step=year", ``, 422, "step"},
		{"history from", admin, "GET", "/api/v1/targets/ltct/history?from=2013-02-29", ``, 422, "from"},
		{"history to before from", admin, "GET", "/api/v1/targets/ltct/history?from=2014-01-01&to=2013-01-01", ``, 422, "to"},
		{"history too many points", admin, "GET", "/api/v1/targets/ltct/history?from=1900-01-01&to=2014-01-01&step=day", ``, 422, "step"},

		// Users.
		{"user role", admin, "POST", "/api/v1/users", `{"username":"moi","role":"owner","password":"mật khẩu đủ dài"}`, 422, "role"},
		{"user password", admin, "POST", "/api/v1/users", `{"username":"moi","role":"viewer","password":"ngắn"}`, 422, "password"},
		{"username", admin, "POST", "/api/v1/users", `{"username":"Người Mới","role":"viewer","password":"mật khẩu đủ dài"}`, 422, "username"},
		{"unit on a viewer", admin, "POST", "/api/v1/users", `{"username":"moi","role":"viewer","unit":"huyen-a","password":"mật khẩu đủ dài"}`, 422, "unit"},
		{"editor of a missing unit", admin, "POST", "/api/v1/users", `{"username":"moi","role":"editor","unit":"khong-co","password":"mật khẩu đủ dài"}`, 422, "unit"},
		{"duplicate user", admin, "POST", "/api/v1/users", `{"username":"editor","role":"viewer","password":"mật khẩu đủ dài"}`, 409, "~editor"},
		{"patch user role", admin, "PATCH", "/api/v1/users/editor", `{"role":"owner"}`, 422, "role"},
		{"patch missing user", admin, "PATCH", "/api/v1/users/khong-co", `{"disabled":true}`, 404, "~khong-co"},
		{"delete missing user", admin, "DELETE", "/api/v1/users/khong-co", ``, 404, "~khong-co"},

		// Pages.
		{"limit not a number", admin, "GET", "/api/v1/cadres?limit=abc", ``, 400, "limit"},
		{"limit above 1000", admin, "GET", "/api/v1/units?limit=1001", ``, 400, "limit"},
		{"limit 0", admin, "GET", "/api/v1/trainings?limit=0", ``, 400, "limit"},
		{"offset negative", admin, "GET", "/api/v1/youth-reports?offset=-1", ``, 400, "offset"},
		{"offset not a number", admin, "GET", "/api/v1/audit?offset=x", ``, 400, "offset"},
		{"limit on users", admin, "GET", "/api/v1/users?limit=5000", ``, 400, "limit"},
		{"limit on targets", admin, "GET", "/api/v1/targets?limit=-3", ``, 400, "limit"},

		// An editor's bad input is refused the same way.
		{"editor bad date", editor, "POST", "/api/v1/cadres", `{"full_name":"A","unit":"huyen-a","joined_on":"2014-02-30"}`, 422, "joined_on: must be a date YYYY-MM-DD"},
	}
	checkBadInputs(t, e, tests, e.state)
}

// badInput is a request that must be refused.
type badInput struct {
	name   string
	who    cred
	method string
	path   string
	body   string
	status int
	field  string // the message must start with it, or hold it when it starts with "~"
}

// checkRefusal checks that a refusal carries the code of its status, a rule the domain declares,
// and a message that starts with its field and has no key left untranslated.
func checkRefusal(t *testing.T, r response, msg string) {
	t.Helper()
	body := r.json(t)
	if code, _ := body["code"].(string); httpapi.ErrorStatus(chitieu.NewError(code, "", "")) != r.status && r.status != http.StatusUnsupportedMediaType {
		t.Errorf("code %q for status %d: %s", code, r.status, r.body)
	}
	rule, _ := body["rule"].(string)
	if !slices.Contains(chitieu.Rules, chitieu.Rule(rule)) {
		t.Errorf("rule %q is not declared: %s", rule, r.body)
	}
	if field, _ := body["field"].(string); field != "" && !strings.HasPrefix(msg, field+": ") {
		t.Errorf("message %q does not start with field %q", msg, field)
	}
	if strings.Contains(msg, "«") || strings.Contains(msg, "%!") {
		t.Errorf("message %q is not worded whole", msg)
	}
}

// checkBadInputs sends each request and checks its status, that its message names the field,
// that a refused write leaves state() as it was, and that nothing was logged as an internal
// error.
func checkBadInputs(t *testing.T, e *env, tests []badInput, state func() string) {
	t.Helper()
	before := state()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := e.t
			e.t = t
			defer func() { e.t = parent }()
			var body any
			if tt.body != "" {
				body = tt.body
			}
			r := e.do(tt.who, tt.method, tt.path, body)
			if r.status != tt.status {
				t.Fatalf("%s %s %s: status %d, want %d: %s", tt.method, tt.path, tt.body, r.status, tt.status, r.body)
			}
			msg := r.errorMessage(t)
			if want, ok := strings.CutPrefix(tt.field, "~"); ok {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not name %q", msg, want)
				}
			} else if !strings.HasPrefix(msg, tt.field) {
				t.Errorf("message %q does not start with %q", msg, tt.field)
			}
			checkRefusal(t, r, msg)
			if vi := e.doIn("vi", tt.who, tt.method, tt.path, body); vi.status != tt.status {
				t.Errorf("in Vietnamese: status %d: %s", vi.status, vi.body)
			} else if checkRefusal(t, vi, vi.errorMessage(t)); vi.errorMessage(t) == msg {
				t.Errorf("the message is the same in both languages: %q", msg)
			}
			if tt.method != "GET" {
				if after := state(); after != before {
					t.Errorf("the refused %s %s changed the records:\nbefore: %s\nafter:  %s", tt.method, tt.path, before, after)
					before = after
				}
			}
		})
	}
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("bad input was logged as an internal error:\n%s", e.logs.String())
	}
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	seed(e)
	viewer := e.addUser("viewer", chitieu.RoleViewer, "")

	for _, tt := range []struct {
		name   string
		header string
	}{
		{"none", ""},
		{"bad password", basic("admin", "sai mật khẩu")},
		{"unknown user", basic("khong-co", adminPassword)},
		{"empty user", basic("", "")},
		{"bad token", "Bearer khong-phai-token"},
		{"empty token", "Bearer "},
		{"another scheme", "Digest username=\"admin\""},
		{"garbled basic", "Basic !!!"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/units", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", resp.StatusCode)
			}
			// A Basic challenge would make a browser prompt, then send the password to
			// every request of this site, a cross-site page's too.
			if got := resp.Header.Get("WWW-Authenticate"); strings.Contains(strings.ToLower(got), "basic") {
				t.Errorf("WWW-Authenticate %q asks a browser for a password", got)
			}
			if tt.header == "" && !(strings.Contains(string(raw), "Basic") && strings.Contains(string(raw), "Bearer")) {
				t.Errorf("the 401 does not say how to authenticate: %s", raw)
			}
		})
	}
	r := e.do(anonymous, "POST", "/api/v1/units", `{"code":"x","name":"X"}`)
	if r.status != http.StatusUnauthorized || !strings.HasPrefix(r.errorMessage(t), "Authorization") {
		t.Errorf("anonymous POST: %d %s", r.status, r.body)
	}

	// An API token signs in as its user.
	token, err := e.users.CreateToken(context.Background(), "viewer")
	if err != nil {
		t.Fatal(err)
	}
	e.must(cred{token: token}, http.StatusOK, "GET", "/api/v1/cadres", nil)
	e.must(cred{token: token}, http.StatusForbidden, "POST", "/api/v1/cadres", `{}`)
	e.must(viewer, http.StatusOK, "GET", "/api/v1/targets", nil)

	// A disabled user is turned away, by password and by token.
	e.must(admin, http.StatusOK, "PATCH", "/api/v1/users/viewer", map[string]any{"disabled": true})
	e.must(viewer, http.StatusUnauthorized, "GET", "/api/v1/targets", nil)
	e.must(cred{token: token}, http.StatusUnauthorized, "GET", "/api/v1/targets", nil)

	// Authenticate is what the web pages use.
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth("admin", adminPassword)
	if u, err := e.api.Authenticate(req); err != nil || u.Username != "admin" || u.Role != chitieu.RoleAdmin {
		t.Errorf("Authenticate: %v, %v", u, err)
	}
}

func basic(user, pass string) string {
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(user, pass)
	return req.Header.Get("Authorization")
}

// TestRoles checks the router's role rules: a viewer reads, an editor also writes records, an
// admin also manages units, targets and users and reads the audit log. The refused writes
// leave nothing behind.
func TestRoles(t *testing.T) {
	e := newEnv(t)
	p := seed(e)
	viewer := e.addUser("viewer", chitieu.RoleViewer, "")
	editor := e.addUser("editor", chitieu.RoleEditor, "")

	cadre := `{"full_name":"Võ Thị Lan","unit":"huyen-b","joined_on":"2014-02-01"}`
	report := `{"unit":"huyen-b","reported_on":"2014-06-01","youth_population":10,"union_members":5,"association_members":0,"gathered":5}`
	unit := `{"code":"huyen-c","name":"Huyện C","parent":"tinh"}`
	target := `{"code":"moi","name":"Mới","kind":"youth_gathering","scope_unit":"tinh","threshold":0.7,"baseline_date":"2013-01-01","deadline":"2016-01-01"}`
	user := `{"username":"moi","role":"viewer","password":"mật khẩu đủ dài"}`
	type req struct{ method, path, body string }
	reads := []req{
		{"GET", "/api/v1/units", ""}, {"GET", "/api/v1/units/tinh", ""},
		{"GET", "/api/v1/cadres", ""}, {"GET", "/api/v1/cadres/" + p.c1, ""},
		{"GET", "/api/v1/trainings", ""}, {"GET", "/api/v1/trainings/" + p.t1, ""},
		{"GET", "/api/v1/youth-reports", ""}, {"GET", "/api/v1/youth-reports/" + p.rA, ""},
		{"GET", "/api/v1/targets", ""}, {"GET", "/api/v1/targets/ltct", ""}, {"GET", "/api/v1/targets/ltct/history", ""},
	}
	recordWrites := []req{
		{"POST", "/api/v1/cadres", cadre}, {"PATCH", "/api/v1/cadres/" + p.c3, `{"position":"Ủy viên"}`},
		{"POST", "/api/v1/trainings", fmt.Sprintf(`{"cadre_id":%s,"kind":"professional","status":"planned"}`, p.c3)},
		{"PATCH", "/api/v1/trainings/" + p.t3, `{"provider":"Trường Chính trị tỉnh"}`},
		{"POST", "/api/v1/youth-reports", report}, {"PUT", "/api/v1/youth-reports/" + p.rB, strings.Replace(report, "2014-06-01", "2014-01-01", 1)},
		{"DELETE", "/api/v1/trainings/" + p.t3, ""}, {"DELETE", "/api/v1/youth-reports/" + p.rB, ""}, {"DELETE", "/api/v1/cadres/" + p.c3, ""},
	}
	adminOnly := []req{
		{"POST", "/api/v1/units", unit}, {"PUT", "/api/v1/units/huyen-b", `{"name":"Huyện B mới","parent":"tinh"}`},
		{"DELETE", "/api/v1/units/huyen-c", ""},
		{"POST", "/api/v1/targets", target}, {"PUT", "/api/v1/targets/tn", strings.Replace(target, `"moi"`, `"tn"`, 1)},
		{"DELETE", "/api/v1/targets/tn", ""},
		{"GET", "/api/v1/users", ""}, {"POST", "/api/v1/users", user}, {"PATCH", "/api/v1/users/viewer", `{"disabled":false}`},
		{"DELETE", "/api/v1/users/editor", ""},
		{"GET", "/api/v1/audit", ""},
	}

	check := func(who cred, role string, reqs []req, want int) {
		t.Helper()
		for _, r := range reqs {
			before := e.state()
			var body any
			if r.body != "" {
				body = r.body
			}
			resp := e.do(who, r.method, r.path, body)
			if resp.status != want {
				t.Errorf("%s: %s %s: status %d, want %d: %s", role, r.method, r.path, resp.status, want, resp.body)
				continue
			}
			if want == http.StatusForbidden {
				if msg := resp.errorMessage(t); !strings.HasPrefix(msg, "role") {
					t.Errorf("%s: %s %s: message %q does not name the role", role, r.method, r.path, msg)
				}
				if e.state() != before {
					t.Errorf("%s: the refused %s %s changed the records", role, r.method, r.path)
				}
			}
		}
	}
	check(viewer, "viewer", reads, http.StatusOK)
	check(viewer, "viewer", recordWrites, http.StatusForbidden)
	check(viewer, "viewer", adminOnly, http.StatusForbidden)
	check(editor, "editor", reads, http.StatusOK)
	check(editor, "editor", adminOnly, http.StatusForbidden)
	for _, r := range recordWrites { // the editor may write records: none is refused
		var body any
		if r.body != "" {
			body = r.body
		}
		if resp := e.do(editor, r.method, r.path, body); resp.status >= 300 {
			t.Errorf("editor: %s %s: status %d: %s", r.method, r.path, resp.status, resp.body)
		}
	}
	for _, r := range adminOnly {
		var body any
		if r.body != "" {
			body = r.body
		}
		if resp := e.do(admin, r.method, r.path, body); resp.status >= 300 {
			t.Errorf("admin: %s %s: status %d: %s", r.method, r.path, resp.status, resp.body)
		}
	}
}

// TestEditorLimitedToAUnit: an editor of huyen-a writes inside its subtree and is refused
// outside it, whatever the route.
func TestEditorLimitedToAUnit(t *testing.T) {
	e := newEnv(t)
	p := seed(e)
	ed := e.addUser("bien-tap-a", chitieu.RoleEditor, "huyen-a")

	// Inside: huyen-a and xa-a1 below it.
	c := e.must(ed, http.StatusCreated, "POST", "/api/v1/cadres", `{"full_name":"Đỗ Văn Phúc","unit":"xa-a1","joined_on":"2014-03-01"}`)
	e.must(ed, http.StatusOK, "PATCH", "/api/v1/cadres/"+p.c1, `{"position":"Phó Bí thư"}`)
	e.must(ed, http.StatusCreated, "POST", "/api/v1/trainings", fmt.Sprintf(`{"cadre_id":%s,"kind":"professional","status":"planned"}`, id(c)))
	e.must(ed, http.StatusCreated, "POST", "/api/v1/youth-reports", `{"unit":"huyen-a","reported_on":"2014-06-01","youth_population":1000,"union_members":500,"association_members":200,"gathered":650}`)
	// It reads only its subtree's records (scope_test.go): another unit's do not exist for it.
	e.must(ed, http.StatusNotFound, "GET", "/api/v1/cadres/"+p.c3, nil)

	before := e.state()
	for _, r := range []struct{ method, path, body string }{
		{"POST", "/api/v1/cadres", `{"full_name":"Võ Thị Lan","unit":"huyen-b","joined_on":"2014-02-01"}`},
		{"POST", "/api/v1/cadres", `{"full_name":"Võ Thị Lan","unit":"tinh","joined_on":"2014-02-01"}`},
		{"PATCH", "/api/v1/cadres/" + p.c3, `{"position":"Ủy viên"}`},
		{"PATCH", "/api/v1/cadres/" + p.c1, `{"unit":"huyen-b"}`}, // moving one of its own out
		{"DELETE", "/api/v1/cadres/" + p.c3, ``},
		{"POST", "/api/v1/trainings", fmt.Sprintf(`{"cadre_id":%s,"kind":"professional","status":"planned"}`, p.c3)},
		{"PATCH", "/api/v1/trainings/" + p.t3, `{"provider":"X"}`},
		{"DELETE", "/api/v1/trainings/" + p.t3, ``},
		{"POST", "/api/v1/youth-reports", `{"unit":"huyen-b","reported_on":"2014-06-01","youth_population":10,"union_members":5,"association_members":0,"gathered":5}`},
		{"PUT", "/api/v1/youth-reports/" + p.rB, `{"unit":"huyen-b","reported_on":"2014-01-01","youth_population":10,"union_members":5,"association_members":0,"gathered":5}`},
		{"PUT", "/api/v1/youth-reports/" + p.rA, `{"unit":"huyen-b","reported_on":"2014-02-01","youth_population":10,"union_members":5,"association_members":0,"gathered":5}`},
		{"DELETE", "/api/v1/youth-reports/" + p.rB, ``},
	} {
		var body any
		if r.body != "" {
			body = r.body
		}
		resp := e.do(ed, r.method, r.path, body)
		if resp.status != http.StatusForbidden {
			t.Errorf("%s %s %s: status %d, want 403: %s", r.method, r.path, r.body, resp.status, resp.body)
			continue
		}
		if msg := resp.errorMessage(t); !strings.Contains(msg, "unit") {
			t.Errorf("%s %s: message %q does not name the unit", r.method, r.path, msg)
		}
	}
	if e.state() != before {
		t.Errorf("refused writes outside the editor's unit changed the records")
	}
}

func TestPagination(t *testing.T) {
	e := newEnv(t)
	e.must(admin, http.StatusCreated, "POST", "/api/v1/units", `{"code":"tinh","name":"Tỉnh"}`)
	for i := 1; i <= 104; i++ {
		e.must(admin, http.StatusCreated, "POST", "/api/v1/units", fmt.Sprintf(`{"code":"xa-%03d","name":"Xã %d","parent":"tinh"}`, i, i))
	}
	codes := func(v map[string]any) []string {
		var out []string
		for _, it := range items(t, v) {
			out = append(out, it["code"].(string))
		}
		return out
	}
	all := e.must(admin, http.StatusOK, "GET", "/api/v1/units", nil)
	wantField(t, all, "total", 105.0)
	if n := len(items(t, all)); n != 100 {
		t.Errorf("default page holds %d units, want 100", n)
	}
	full := codes(e.must(admin, http.StatusOK, "GET", "/api/v1/units?limit=1000", nil))
	if len(full) != 105 {
		t.Fatalf("limit=1000 gives %d units, want 105", len(full))
	}
	page := e.must(admin, http.StatusOK, "GET", "/api/v1/units?limit=3&offset=2", nil)
	wantField(t, page, "total", 105.0)
	if got, want := strings.Join(codes(page), " "), strings.Join(full[2:5], " "); got != want {
		t.Errorf("limit=3&offset=2: %s, want %s", got, want)
	}
	last := e.must(admin, http.StatusOK, "GET", "/api/v1/units?limit=10&offset=100", nil)
	if n := len(items(t, last)); n != 5 {
		t.Errorf("the last page holds %d, want 5", n)
	}
	beyond := e.must(admin, http.StatusOK, "GET", "/api/v1/units?offset=500", nil)
	if got := beyond["items"].([]any); len(got) != 0 {
		t.Errorf("beyond the end: %v, want an empty list", got)
	}
	wantField(t, beyond, "total", 105.0)
	// An empty list is [], never null.
	if r := e.do(admin, "GET", "/api/v1/cadres", nil); !strings.Contains(string(r.body), `"items":[]`) {
		t.Errorf("empty list: %s", r.body)
	}
}

func TestHealthReadyAndMetrics(t *testing.T) {
	var notReady atomic.Pointer[chitieu.Error]
	e := newEnv(t, func(c *httpapi.Config) {
		ready := c.Ready
		c.Ready = func(ctx context.Context) error {
			if err := notReady.Load(); err != nil {
				return fmt.Errorf("%w: disk I/O error", err)
			}
			return ready(ctx)
		}
	})
	p := seed(e)
	e.must(anonymous, http.StatusOK, "GET", "/healthz", nil)
	e.must(anonymous, http.StatusOK, "GET", "/readyz", nil)
	notReady.Store(chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleDatabaseUnwritable))
	r := e.do(anonymous, "GET", "/readyz", nil)
	if r.status != http.StatusServiceUnavailable || r.errorMessage(t) != "not ready: database: cannot be written" {
		t.Errorf("/readyz when not ready: %d %s", r.status, r.body)
	}
	notReady.Store(nil)
	e.must(anonymous, http.StatusOK, "GET", "/readyz", nil)

	e.must(admin, http.StatusOK, "GET", "/api/v1/cadres/"+p.c1, nil)
	r = e.do(anonymous, "GET", "/metrics", nil)
	if r.status != http.StatusOK {
		t.Fatalf("/metrics: %d %s", r.status, r.body)
	}
	for _, want := range []string{
		`chitieu_http_requests_total{code="200",method="GET",route="/api/v1/cadres/:id"} 1`,
		`chitieu_http_requests_total{code="201",method="POST",route="/api/v1/units"} 4`,
		`chitieu_build_info{`,
	} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(r.body), `route="/api/v1/cadres/1"`) {
		t.Errorf("/metrics labels a raw path")
	}
}

func TestMetricsToken(t *testing.T) {
	// The remote read of the history stands here for any handler: its route and its guard.
	read := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	e := newEnv(t, func(c *httpapi.Config) { c.MetricsToken, c.RemoteRead = "bí-mật-của-prometheus", read })
	for _, tt := range []struct {
		name string
		c    cred
		want int
	}{
		{"none", anonymous, http.StatusUnauthorized},
		{"wrong token", cred{token: "doan-mo"}, http.StatusUnauthorized},
		{"a user's password", admin, http.StatusUnauthorized},
		{"the token", cred{token: "bí-mật-của-prometheus"}, http.StatusOK},
	} {
		for _, req := range [][2]string{{"GET", "/metrics"}, {"POST", "/api/v1/read"}} {
			r := e.do(tt.c, req[0], req[1], nil)
			if r.status != tt.want {
				t.Errorf("%s %s: status %d, want %d: %.200s", tt.name, req[1], r.status, tt.want, r.body)
			}
			if tt.want == http.StatusUnauthorized && !strings.HasPrefix(r.errorMessage(t), "Authorization") {
				t.Errorf("%s %s: message %s", tt.name, req[1], r.body)
			}
		}
	}
	// Without a token, the remote read is open: Prometheus has no user.
	open := newEnv(t, func(c *httpapi.Config) { c.RemoteRead = read })
	open.must(anonymous, http.StatusOK, "POST", "/api/v1/read", nil)
	// The other probes stay open.
	e.must(anonymous, http.StatusOK, "GET", "/healthz", nil)
	e.must(anonymous, http.StatusOK, "GET", "/readyz", nil)
}

func TestNoRouteAndNoMethod(t *testing.T) {
	e := newEnv(t)
	r := e.do(admin, "GET", "/api/v1/khong-co", nil)
	if r.status != http.StatusNotFound || !strings.Contains(r.errorMessage(t), "/api/v1/khong-co") {
		t.Errorf("unknown path: %d %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("404 Content-Type %q", ct)
	}
	r = e.do(admin, "PUT", "/api/v1/cadres", `{}`)
	if r.status != http.StatusMethodNotAllowed || !strings.Contains(r.errorMessage(t), "PUT") {
		t.Errorf("PUT /api/v1/cadres: %d %s", r.status, r.body)
	}
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("Allow %q", allow)
	}
	if r := e.do(admin, "POST", "/api/v1/audit", `{}`); r.status != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/v1/audit: %d %s", r.status, r.body)
	}
}

// TestInternalErrors: a panic and a failing store answer 500 with nothing but "internal
// error", and the details go to the log.
func TestInternalErrors(t *testing.T) {
	e := newEnv(t)
	e.api.Engine().GET("/boom", func(*gin.Context) { panic("secret detail of the crash") })
	r := e.do(anonymous, "GET", "/boom", nil)
	if r.status != http.StatusInternalServerError || string(r.body) != `{"code":"internal","error":"internal error"}` {
		t.Errorf("panic: %d %s", r.status, r.body)
	}
	if !strings.Contains(e.logs.String(), "secret detail of the crash") {
		t.Errorf("the panic was not logged")
	}

	// A store that fails: the cadres table is gone from under the service.
	other, err := sql.Open("sqlite3", e.db.Path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`ALTER TABLE cadres RENAME TO cadres_gone`); err != nil {
		t.Fatal(err)
	}
	r = e.do(admin, "GET", "/api/v1/cadres", nil)
	if r.status != http.StatusInternalServerError || string(r.body) != `{"code":"internal","error":"internal error"}` {
		t.Errorf("failing store: %d %s", r.status, r.body)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "cadres") || !strings.Contains(logs, `msg="internal error" method=GET path=/api/v1/cadres`) {
		t.Errorf("the store's error was not logged:\n%s", logs)
	}
	// Bad input is still bad input, not logged.
	before := strings.Count(e.logs.String(), "level=ERROR")
	e.must(admin, http.StatusBadRequest, "GET", "/api/v1/cadres?limit=x", nil)
	if strings.Count(e.logs.String(), "level=ERROR") != before {
		t.Errorf("a 400 was logged as an error")
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.MaxBodyBytes = 100 })
	r := e.do(admin, "POST", "/api/v1/units", fmt.Sprintf(`{"code":"tinh","name":%q}`, strings.Repeat("Đoàn ", 50)))
	if r.status != http.StatusBadRequest || !strings.HasPrefix(r.errorMessage(t), "request body") {
		t.Errorf("oversized body: %d %s", r.status, r.body)
	}
	e.must(admin, http.StatusCreated, "POST", "/api/v1/units", `{"code":"tinh","name":"Tỉnh"}`)
}

func TestClientAddressIgnoresForwardedFor(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("GET", e.srv.URL+"/healthz", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	logs := e.logs.String()
	if strings.Contains(logs, "203.0.113.9") || !strings.Contains(logs, "client=127.0.0.1") {
		t.Errorf("with no trusted proxy the client is the connection's address; log:\n%s", logs)
	}
}
