package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/figures"
	"chitieu/internal/httpapi"
	"chitieu/internal/spreadsheet"
	"chitieu/internal/sqlite"
	"chitieu/internal/web"
)

// These tests serve the pages in the test process, on real SQLite services and the figures
// keeper, with a clock the test sets.

var (
	hcm   = time.FixedZone("ICT", 7*60*60)
	today = time.Date(2014, time.July, 1, 10, 0, 0, 0, hcm)
)

const password = "mật khẩu thử nghiệm dài"

type env struct {
	t      *testing.T
	db     *sqlite.DB
	srv    *httptest.Server
	now    time.Time // the clock of the pages and of the store's password guard
	office int64     // a cadre of the provincial office
	rg     int64     // a cadre of Rạch Giá
	keeper *figures.Keeper
}

// newEnv serves a province of three units, two cadres, a target and a user of each role (the
// editor limited to Rạch Giá); trusted, when given, are the proxies the engine believes.
func newEnv(t *testing.T, trusted ...string) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, now: today}
	e.db = sqlite.NewDB(filepath.Join(t.TempDir(), "chitieu.db"))
	e.db.Now = func() time.Time { return e.now }
	e.db.Location = hcm
	if err := e.db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.db.Close() })
	units, cadres, trainings := sqlite.NewUnitService(e.db), sqlite.NewCadreService(e.db), sqlite.NewTrainingService(e.db)
	users, targets := sqlite.NewUserService(e.db), sqlite.NewTargetService(e.db)
	for _, u := range []chitieu.Unit{{Code: "kien-giang", Name: "Tỉnh Đoàn Kiên Giang"}, {Code: "co-quan", Name: "Cơ quan Tỉnh Đoàn", Parent: "kien-giang"},
		{Code: "rach-gia", Name: "Thành Đoàn Rạch Giá", Parent: "kien-giang"}} {
		if err := units.CreateUnit(ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		id         *int64
		name, unit string
	}{{&e.office, "Nguyễn Văn Ân", "co-quan"}, {&e.rg, "Trần Thị Bích", "rach-gia"}} {
		cd := chitieu.Cadre{FullName: c.name, Unit: c.unit, FullTime: true, JoinedOn: chitieu.NewDate(2010, 1, 1)}
		if err := cadres.CreateCadre(ctx, &cd); err != nil {
			t.Fatal(err)
		}
		*c.id = cd.ID
	}
	if err := trainings.CreateTraining(ctx, &chitieu.Training{CadreID: e.office, Kind: chitieu.PoliticalTheory, Level: "trung_cap",
		Status: chitieu.Completed, CompletedOn: chitieu.NewDate(2012, 6, 1)}); err != nil {
		t.Fatal(err)
	}
	tg := chitieu.NewTarget()
	tg.Code, tg.Name, tg.Kind, tg.MinLevel, tg.ScopeUnit = "ly-luan", "Lý luận chính trị từ trung cấp", chitieu.TargetPoliticalTheory, "trung_cap", "kien-giang"
	tg.Threshold, tg.BaselineDate, tg.Deadline = 0.8, chitieu.NewDate(2013, 1, 1), chitieu.NewDate(2015, 12, 31)
	if err := targets.CreateTarget(ctx, &tg); err != nil {
		t.Fatal(err)
	}
	for _, u := range []chitieu.User{{Username: "admin", Role: chitieu.RoleAdmin}, {Username: "rg", Role: chitieu.RoleEditor, Unit: "rach-gia"},
		{Username: "xem", Role: chitieu.RoleViewer}} {
		if err := users.CreateUser(ctx, &chitieu.UserCreate{User: u, Password: password}); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := e.db.LoadDataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keeper := figures.New(ds, e.db.Now, hcm, nil)
	e.db.Listener = keeper
	e.keeper = keeper
	go keeper.Run(t.Context())

	rule, positions := sqlite.NewRecruitmentRuleService(e.db), sqlite.NewPositionService(e.db)
	api, err := httpapi.NewServer(httpapi.Config{Units: units, Cadres: cadres, Trainings: trainings,
		YouthReports: sqlite.NewYouthReportService(e.db), Targets: targets, Users: users, Audit: sqlite.NewAuditService(e.db),
		Figures: keeper, RecruitmentRule: rule, Positions: positions, TrustedProxies: trusted})
	if err != nil {
		t.Fatal(err)
	}
	pages, err := web.New(web.Config{Units: units, Cadres: cadres, Trainings: trainings,
		YouthReports: sqlite.NewYouthReportService(e.db), Targets: targets, Users: users, Audit: sqlite.NewAuditService(e.db),
		Sessions: sqlite.NewSessionService(e.db), Figures: keeper, Reports: keeper, RecruitmentRule: rule, Positions: positions,
		Imports: sqlite.NewImportService(e.db), Restore: sqlite.NewRestoreService(e.db), Limits: spreadsheet.Limits{MaxBytes: uploadLimit},
		Postings: sqlite.NewPostingService(e.db), Reorganisations: sqlite.NewReorganisationService(e.db),
		Location: hcm, Now: func() time.Time { return e.now }, TrustedProxies: trusted})
	if err != nil {
		t.Fatal(err)
	}
	pages.Mount(api.Engine())
	api.MountSheets(httpapi.SheetsConfig{Store: sqlite.NewImportService(e.db), Reporter: keeper})
	e.srv = httptest.NewServer(api.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// client is a browser without JavaScript: it keeps cookies and does not follow redirects.
type client struct {
	e    *env
	http *http.Client
	lang string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, lang: "vi", http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(method, path string, form url.Values, header ...string) page {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.send(req, header...)
}

// send sends a request in the client's language, with the header's name-value pairs.
func (c *client) send(req *http.Request, header ...string) page {
	c.e.t.Helper()
	req.Header.Set("Accept-Language", c.lang)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	buf, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, header: resp.Header, body: string(buf)}
}

func (c *client) get(path string, header ...string) page {
	return c.do(http.MethodGet, path, nil, header...)
}
func (c *client) post(path string, form url.Values, header ...string) page {
	return c.do(http.MethodPost, path, form, header...)
}

func (c *client) signIn(username string) page {
	c.e.t.Helper()
	p := c.post("/sign-in", url.Values{"username": {username}, "password": {password}, "next": {"/"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
		c.e.t.Fatalf("sign in %s: %d %s", username, p.status, p.body)
	}
	return p
}

func wantStatus(t *testing.T, p page, status int, contains ...string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d:\n%s", p.status, status, p.body)
	}
	for _, s := range contains {
		if !strings.Contains(p.body, s) {
			t.Fatalf("the page lacks %q:\n%s", s, p.body)
		}
	}
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	p := c.get("/cadres?q=an")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/sign-in?next=%2Fcadres%3Fq%3Dan" {
		t.Fatalf("signed out: %d to %q", p.status, p.header.Get("Location"))
	}
	wantStatus(t, c.get("/sign-in?next=%2Fcadres"), http.StatusOK, `name="next" value="/cadres"`, "Đăng nhập")

	p = c.post("/sign-in", url.Values{"username": {"xem"}, "password": {"sai mật khẩu rồi"}})
	wantStatus(t, p, http.StatusUnauthorized, "Sai tên đăng nhập hoặc mật khẩu", `value="xem"`)
	if strings.Contains(p.body, "sai mật khẩu rồi") {
		t.Fatal("the refused password was sent back")
	}

	p = c.post("/sign-in", url.Values{"username": {"xem"}, "password": {password}, "next": {"//evil.example/"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
		t.Fatalf("sign in: %d to %q (an outside next must not be followed)", p.status, p.header.Get("Location"))
	}
	ck := sessionCookie(t, p)
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/" || !strings.HasPrefix(ck.Value, sqlite.SessionPrefix) {
		t.Fatalf("session cookie %+v", ck)
	}
	if ck.MaxAge != int(chitieu.SessionTTL.Seconds()) {
		t.Fatalf("cookie Max-Age %d, want %v", ck.MaxAge, chitieu.SessionTTL)
	}
	wantStatus(t, c.get("/"), http.StatusOK, "Tổng quan chỉ tiêu", "xem · xem")
}

func sessionCookie(t *testing.T, p page) *http.Cookie {
	t.Helper()
	for _, line := range p.header.Values("Set-Cookie") {
		ck, err := http.ParseSetCookie(line)
		if err == nil && ck.Name == "chitieu_session" {
			return ck
		}
	}
	t.Fatalf("no session cookie in %v", p.header.Values("Set-Cookie"))
	return nil
}

func TestSignIn_SecureBehindTrustedProxy(t *testing.T) {
	// httptest serves on 127.0.0.1: as a trusted proxy, its X-Forwarded-Proto is believed.
	e := newEnv(t, "127.0.0.1/32")
	p := e.client().post("/sign-in", url.Values{"username": {"xem"}, "password": {password}}, "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https")
	if ck := sessionCookie(t, p); !ck.Secure {
		t.Fatalf("behind a trusted TLS proxy the cookie is not Secure: %+v", ck)
	}
	// A proxy that says only X-Forwarded-Proto (no X-Forwarded-For) is believed as well.
	p = e.client().post("/sign-in", url.Values{"username": {"xem"}, "password": {password}}, "X-Forwarded-Proto", "https")
	if ck := sessionCookie(t, p); !ck.Secure {
		t.Fatalf("behind a trusted TLS proxy sending X-Forwarded-Proto alone the cookie is not Secure: %+v", ck)
	}
	// Not trusted, the same headers are anybody's words.
	e = newEnv(t)
	p = e.client().post("/sign-in", url.Values{"username": {"xem"}, "password": {password}}, "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https")
	if ck := sessionCookie(t, p); ck.Secure {
		t.Fatal("an untrusted X-Forwarded-Proto made the cookie Secure")
	}
}

func TestSignIn_RateLimit(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for i := range 5 {
		p := c.post("/sign-in", url.Values{"username": {"xem"}, "password": {"sai " + strings.Repeat("x", i+10)}})
		wantStatus(t, p, http.StatusUnauthorized)
	}
	// Locked for this user from this address, even with the right password.
	p := c.post("/sign-in", url.Values{"username": {"xem"}, "password": {password}})
	wantStatus(t, p, http.StatusTooManyRequests, "Vui lòng thử lại sau 15 phút")
	if p.header.Get("Retry-After") != "900" {
		t.Fatalf("Retry-After = %q", p.header.Get("Retry-After"))
	}
	// Another user from the same address may still sign in.
	c2 := e.client()
	c2.signIn("admin")
	// A quarter of an hour later the user may try again.
	e.now = e.now.Add(15*time.Minute + time.Second)
	c.signIn("xem")
}

func TestSession_EndsAtOnce(t *testing.T) {
	e := newEnv(t)
	viewer := e.client()
	ck := sessionCookie(t, viewer.signIn("xem"))
	wantStatus(t, viewer.get("/cadres"), http.StatusOK)

	// Signing out ends the session in the store: the old cookie, replayed, is worth nothing.
	p := viewer.post("/sign-out", nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/sign-in" {
		t.Fatalf("sign out: %d %q", p.status, p.header.Get("Location"))
	}
	replay := e.client()
	u, _ := url.Parse(e.srv.URL)
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: ck.Name, Value: ck.Value}})
	if p := replay.get("/cadres"); p.status != http.StatusSeeOther {
		t.Fatalf("a signed-out session still reads: %d", p.status)
	}

	// An admin disabling a user ends its sessions at the next request.
	editor := e.client()
	editor.signIn("rg")
	wantStatus(t, editor.get("/cadres"), http.StatusOK)
	admin := e.client()
	admin.signIn("admin")
	if p := admin.post("/users/rg", url.Values{"disabled": {"true"}, "confirmed": {"yes"}}); p.status != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", p.status, p.body)
	}
	if p := editor.get("/cadres"); p.status != http.StatusSeeOther {
		t.Fatalf("a disabled user's session still reads: %d", p.status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")
	for _, path := range []string{"/", "/sign-in", "/cadres", "/cadres/new", "/units", "/youth", "/targets/new", "/users", "/users/rg", "/users/admin", "/audit", "/khong-co"} {
		p := c.get(path)
		csp := p.header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		if p.header.Get("X-Content-Type-Options") != "nosniff" || p.header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, p.header)
		}
		// What the CSP would block must not be in the page: inline script, handlers, style.
		if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|\son[a-z]+=|\sstyle=|<style`).MatchString(p.body) {
			t.Errorf("%s: inline script or style in the page", path)
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")
	form := url.Values{"full_name": {"Kẻ Giả Mạo"}, "unit": {"co-quan"}, "joined_on": {"01/01/2014"}, "full_time": {"on"}}
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", "http://evil.example"},
	} {
		wantStatus(t, c.post("/cadres/new", form, h...), http.StatusForbidden, "Yêu cầu gửi từ trang web khác đã bị từ chối.")
	}
	cadres, _, err := sqlite.NewCadreService(e.db).FindCadres(context.Background(), chitieu.CadreFilter{Query: "Kẻ Giả Mạo"})
	if err != nil || len(cadres) != 0 {
		t.Fatalf("a cross-origin POST wrote: %v %v", cadres, err)
	}
	// The same form from the site itself goes through.
	p := c.post("/cadres/new", form, "Sec-Fetch-Site", "same-origin", "Origin", e.srv.URL)
	if p.status != http.StatusSeeOther {
		t.Fatalf("same-origin POST: %d %s", p.status, p.body)
	}
}

func TestRoles(t *testing.T) {
	e := newEnv(t)
	viewer := e.client()
	viewer.signIn("xem")
	p := viewer.get("/cadres/" + itoa(e.office))
	wantStatus(t, p, http.StatusOK, "Nguyễn Văn Ân")
	if strings.Contains(p.body, `id="training-form"`) || strings.Contains(p.body, "/edit") {
		t.Fatal("a viewer's cadre page has write forms")
	}
	for _, tt := range []struct {
		path string
		form url.Values
	}{
		{"/cadres/new", url.Values{"full_name": {"Lê Giả"}, "unit": {"co-quan"}, "joined_on": {"01/01/2014"}}},
		{"/cadres/" + itoa(e.office) + "/edit", url.Values{"full_name": {"Lê Giả"}, "unit": {"co-quan"}, "joined_on": {"01/01/2014"}}},
		{"/cadres/" + itoa(e.office) + "/trainings", url.Values{"kind": {"professional"}, "status": {"planned"}}},
		{"/youth", url.Values{"unit": {"co-quan"}, "reported_on": {"01/01/2014"}, "youth_population": {"10"}, "union_members": {"5"}, "association_members": {"5"}, "gathered": {"8"}}},
		{"/targets/new", url.Values{"code": {"x"}}},
		{"/users", url.Values{"username": {"moi"}, "role": {"admin"}, "password": {password}}},
	} {
		wantStatus(t, viewer.post(tt.path, tt.form), http.StatusForbidden, "không có quyền")
	}
	for _, path := range []string{"/users", "/audit", "/targets/new", "/cadres/new", "/cadres/" + itoa(e.office) + "/edit"} {
		wantStatus(t, viewer.get(path), http.StatusForbidden)
	}
	// Nothing of the refused writes was kept.
	if _, n, _ := sqlite.NewCadreService(e.db).FindCadres(context.Background(), chitieu.CadreFilter{Query: "Lê Giả"}); n != 0 {
		t.Fatal("a viewer's POST wrote a cadre")
	}
}

func TestEditorUnitLimit(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("rg")
	p := c.get("/cadres")
	wantStatus(t, p, http.StatusOK, "Trần Thị Bích")
	if strings.Contains(p.body, "Nguyễn Văn Ân") {
		t.Fatal("an editor of Rạch Giá sees the office's cadre")
	}
	// Asking for another unit's cadres, or its page, shows nothing of it.
	if p := c.get("/cadres?unit=co-quan"); strings.Contains(p.body, "Nguyễn Văn Ân") {
		t.Fatal("the unit filter reached outside the editor's unit")
	}
	wantStatus(t, c.get("/cadres/"+itoa(e.office)), http.StatusNotFound)
	wantStatus(t, c.get("/units/co-quan"), http.StatusNotFound)
	wantStatus(t, c.get("/units/rach-gia"), http.StatusOK, "Trần Thị Bích")
	if p := c.get("/units"); strings.Contains(p.body, "Cơ quan Tỉnh Đoàn") {
		t.Fatal("the unit tree shows a unit outside the editor's")
	}
	// A write outside the unit is refused by the service, whatever the form offered.
	wantStatus(t, c.post("/cadres/new", url.Values{"full_name": {"Lê Văn Cường"}, "unit": {"co-quan"}, "joined_on": {"01/01/2014"}}),
		http.StatusForbidden)
	if p := c.post("/cadres/new", url.Values{"full_name": {"Lê Văn Cường"}, "unit": {"rach-gia"}, "joined_on": {"01/01/2014"}}); p.status != http.StatusSeeOther {
		t.Fatalf("a write inside the unit: %d %s", p.status, p.body)
	}
}

func TestForms(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")
	reports := sqlite.NewYouthReportService(e.db)

	// Words where numbers go, and a bad date: each named next to its field, nothing written.
	p := c.post("/youth", url.Values{"unit": {"rach-gia"}, "reported_on": {"31/13/2014"}, "youth_population": {"nhiều"},
		"union_members": {"5"}, "association_members": {"3"}, "gathered": {"7"}})
	wantStatus(t, p, http.StatusUnprocessableEntity, `id="e-reported_on">ngày phải viết dạng dd/mm/yyyy`,
		`id="e-youth_population">phải là số nguyên không âm`, `value="nhiều"`, `value="31/13/2014"`)
	if _, n, _ := reports.FindYouthReports(context.Background(), chitieu.YouthReportFilter{}); n != 0 {
		t.Fatalf("%d reports written", n)
	}
	// Counts that break the domain's rule.
	p = c.post("/youth", url.Values{"unit": {"rach-gia"}, "reported_on": {"30/06/2014"}, "youth_population": {"62.000"},
		"union_members": {"14000"}, "association_members": {"26000"}, "gathered": {"13000"}})
	wantStatus(t, p, http.StatusUnprocessableEntity, `id="e-gathered">không được nhỏ hơn số đoàn viên và số hội viên`, `value="62.000"`)
	// Right, with thousands written the Vietnamese way.
	p = c.post("/youth", url.Values{"unit": {"rach-gia"}, "reported_on": {"30/06/2014"}, "youth_population": {"62.000"},
		"union_members": {"14.000"}, "association_members": {"26.000"}, "gathered": {"33.000"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("report: %d %s", p.status, p.body)
	}
	got, _, _ := reports.FindYouthReports(context.Background(), chitieu.YouthReportFilter{})
	if len(got) != 1 || got[0].YouthPopulation != 62000 || got[0].Gathered != 33000 || got[0].ReportedOn != chitieu.NewDate(2014, 6, 30) {
		t.Fatalf("reports = %+v", got)
	}
	// A second report on the same day is a conflict, told above the form.
	p = c.post("/youth", url.Values{"unit": {"rach-gia"}, "reported_on": {"30/06/2014"}, "youth_population": {"62000"},
		"union_members": {"14000"}, "association_members": {"26000"}, "gathered": {"33000"}})
	wantStatus(t, p, http.StatusUnprocessableEntity, "đơn vị này đã có báo cáo vào ngày này")

	// A training record completed: the cadre's level and the overview follow.
	p = c.post("/cadres/"+itoa(e.rg)+"/trainings", url.Values{"kind": {"political_theory"}, "level": {"trung_cap"}, "status": {"in_progress"},
		"started_on": {"01/09/2013"}, "expected_on": {"30/06/2015"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("training: %d %s", p.status, p.body)
	}
	wantStatus(t, c.get("/"), http.StatusOK, "data-ratio>50,0\u00a0%</span>", "Nếu các lớp đang học hoàn thành đúng hạn: 100,0\u00a0%")
	trs, _, _ := sqlite.NewTrainingService(e.db).FindTrainings(context.Background(), chitieu.TrainingFilter{CadreID: e.rg})
	id := itoa(trs[0].ID)
	wantStatus(t, c.post("/trainings/"+id+"/status", url.Values{"status": {"completed"}, "completed_on": {""}}), http.StatusUnprocessableEntity,
		"Ngày hoàn thành: bắt buộc")
	if p := c.post("/trainings/"+id+"/status", url.Values{"status": {"completed"}, "completed_on": {"20/06/2014"}}); p.status != http.StatusSeeOther {
		t.Fatalf("complete: %d %s", p.status, p.body)
	}
	wantStatus(t, c.get("/"), http.StatusOK, "data-ratio>100,0\u00a0%</span>", "Đạt")
	// As of a day before, the overview shows the ratio then.
	wantStatus(t, c.get("/?as_of=19/06/2014"), http.StatusOK, "data-ratio>50,0\u00a0%</span>", `value="19/06/2014"`)
	wantStatus(t, c.get("/?as_of="+url.QueryEscape("hôm qua")), http.StatusOK, "ngày phải viết dạng dd/mm/yyyy")
	wantStatus(t, c.get("/?as_of=01/06/2012"), http.StatusOK, "Ngày xem trước ngày mốc của chỉ tiêu (01/01/2013)", "Chưa bắt đầu")
	// From the deadline on, the card quotes the deadline's figure, which gives the verdict.
	wantStatus(t, c.get("/?as_of=01/01/2016"), http.StatusOK, "Tỷ lệ tại thời hạn", "data-deadline-ratio>100,0\u00a0%</dd>", "Đạt")

	// Editing a cadre writes every field of the form; an emptied date is cleared.
	cadres := sqlite.NewCadreService(e.db)
	edit := url.Values{"full_name": {"  Trần   Thị Bích  "}, "unit": {"rach-gia"}, "position": {"Bí thư Thành Đoàn"}, "joined_on": {"01/01/2010"},
		"left_on": {"30/06/2014"}, "gender": {"female"}}
	if p := c.post("/cadres/"+itoa(e.rg)+"/edit", edit); p.status != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", p.status, p.body)
	}
	cd, _ := cadres.FindCadreByID(context.Background(), e.rg)
	if cd.FullName != "Trần Thị Bích" || cd.Position != "Bí thư Thành Đoàn" || cd.FullTime || cd.LeftOn != chitieu.NewDate(2014, 6, 30) || cd.Gender != "female" {
		t.Fatalf("after the edit: %+v", cd)
	}
	edit.Set("left_on", "")
	edit.Set("full_time", "on")
	if p := c.post("/cadres/"+itoa(e.rg)+"/edit", edit); p.status != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", p.status, p.body)
	}
	if cd, _ = cadres.FindCadreByID(context.Background(), e.rg); !cd.LeftOn.IsZero() || !cd.FullTime {
		t.Fatalf("the emptied date was kept: %+v", cd)
	}
	wantStatus(t, c.get("/cadres/"+itoa(e.rg)+"/edit"), http.StatusOK, `value="Trần Thị Bích"`, `value="01/01/2010"`)

	// Dropping a planned course.
	p = c.post("/cadres/"+itoa(e.rg)+"/trainings", url.Values{"kind": {"professional"}, "course": {"Bồi dưỡng nghiệp vụ công tác Đoàn"}, "status": {"planned"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("course: %d %s", p.status, p.body)
	}
	trs, _, _ = sqlite.NewTrainingService(e.db).FindTrainings(context.Background(), chitieu.TrainingFilter{CadreID: e.rg, Kind: chitieu.Professional})
	// "Bỏ học" asks first, and acts once confirmed.
	wantStatus(t, c.post("/trainings/"+itoa(trs[0].ID)+"/status", url.Values{"status": {"dropped"}}), http.StatusOK, `id="ask-yes"`)
	if trs, _, _ := sqlite.NewTrainingService(e.db).FindTrainings(context.Background(), chitieu.TrainingFilter{CadreID: e.rg, Kind: chitieu.Professional}); trs[0].Status != chitieu.Planned {
		t.Fatalf("dropped before the confirmation: %s", trs[0].Status)
	}
	if p := c.post("/trainings/"+itoa(trs[0].ID)+"/status", url.Values{"status": {"dropped"}, "confirmed": {"yes"}}); p.status != http.StatusSeeOther {
		t.Fatalf("drop: %d %s", p.status, p.body)
	}
	wantStatus(t, c.get("/cadres/"+itoa(e.rg)), http.StatusOK, "Bỏ học", "Bồi dưỡng nghiệp vụ công tác Đoàn")

	// A user made from the page; a short password is refused next to its field.
	wantStatus(t, c.post("/users", url.Values{"username": {"to-chuc"}, "role": {"editor"}, "unit": {"rach-gia"}, "password": {"ngắn"}}),
		http.StatusUnprocessableEntity, `id="e-password">phải có ít nhất 10 ký tự`, `value="to-chuc"`)
	if p := c.post("/users", url.Values{"username": {"to-chuc"}, "role": {"editor"}, "unit": {"rach-gia"}, "password": {password}}); p.status != http.StatusSeeOther {
		t.Fatalf("user: %d %s", p.status, p.body)
	}
	wantStatus(t, c.get("/users"), http.StatusOK, "to-chuc", "Thành Đoàn Rạch Giá")

	// A target form in percentages.
	p = c.post("/targets/new", url.Values{"code": {"dai-hoc"}, "name": {"Đại học trở lên"}, "kind": {"education"}, "min_level": {"dai_hoc"},
		"scope_unit": {"kien-giang"}, "comparator": {">="}, "threshold": {"95"}, "baseline_date": {"01/01/2013"}, "deadline": {"01/01/2013"}})
	wantStatus(t, p, http.StatusUnprocessableEntity, `id="e-deadline">phải sau ngày mốc`, `value="95"`)
	p = c.post("/targets/new", url.Values{"code": {"dai-hoc"}, "name": {"Đại học trở lên"}, "kind": {"education"}, "min_level": {"dai_hoc"},
		"scope_unit": {"kien-giang"}, "comparator": {">="}, "threshold": {"95"}, "baseline_date": {"01/01/2013"}, "deadline": {"31/12/2015"},
		"baseline_ratio": {"72,5"}, "full_time_only": {"on"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("target: %d %s", p.status, p.body)
	}
	tg, err := sqlite.NewTargetService(e.db).FindTarget(context.Background(), "dai-hoc")
	if err != nil || tg.Threshold != 0.95 || tg.BaselineRatio == nil || *tg.BaselineRatio != 0.725 || tg.Tolerance != chitieu.DefaultTolerance ||
		!tg.FullTimeOnly || tg.Deadline != chitieu.NewDate(2015, 12, 31) {
		t.Fatalf("target = %+v, %v", tg, err)
	}
	wantStatus(t, c.get("/targets"), http.StatusOK, "Đại học trở lên", "từ 95,0\u00a0%")
}

func TestLanguageAndNotFound(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.lang = "en-GB,en;q=0.9"
	wantStatus(t, c.get("/sign-in"), http.StatusOK, `<html lang="en">`, "Sign in")
	c.lang = "fr-FR, de"
	wantStatus(t, c.get("/sign-in"), http.StatusOK, `<html lang="vi">`, "Đăng nhập")
	// The switch remembers the choice over the header, and goes back to a local page only.
	c.lang = "en"
	p := c.get("/lang/vi?next=" + url.QueryEscape("//evil.example/"))
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
		t.Fatalf("switch: %d %q", p.status, p.header.Get("Location"))
	}
	wantStatus(t, c.get("/sign-in"), http.StatusOK, `<html lang="vi">`)

	wantStatus(t, c.get("/khong-co-trang-nay"), http.StatusNotFound, "Không tìm thấy trang hoặc hồ sơ này.")
	p = c.get("/api/v1/khong-co")
	if p.status != http.StatusNotFound || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
		t.Fatalf("an unknown API path: %d %s", p.status, p.header.Get("Content-Type"))
	}

	// Static files: at a hashed URL, kept for a year; any other name is not found.
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(c.get("/sign-in").body)
	if css == nil {
		t.Fatal("no hashed stylesheet URL")
	}
	p = c.get(css[1])
	if p.status != http.StatusOK || !strings.Contains(p.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(p.header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %v", p.status, p.header)
	}
	wantStatus(t, c.get("/static/app.css"), http.StatusNotFound)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCadreList(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cadres := sqlite.NewCadreService(e.db)
	for i := range 53 {
		cd := chitieu.Cadre{FullName: "Lê Văn Số " + strconv.Itoa(i+1), Unit: "rach-gia", FullTime: true, JoinedOn: chitieu.NewDate(2012, 1, 1)}
		if err := cadres.CreateCadre(ctx, &cd); err != nil {
			t.Fatal(err)
		}
	}
	left := chitieu.Cadre{FullName: "Phạm Đã Nghỉ", Unit: "co-quan", FullTime: true, JoinedOn: chitieu.NewDate(2010, 1, 1), LeftOn: chitieu.NewDate(2013, 1, 1)}
	if err := cadres.CreateCadre(ctx, &left); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	c.signIn("xem")
	rows := regexp.MustCompile(`<td><a href="/cadres/\d+">`)

	// 55 in post, 50 a page; the next page keeps the filters.
	p := c.get("/cadres")
	wantStatus(t, p, http.StatusOK, "55 cán bộ", "Trang 1 / 2", `href="/cadres?page=2"`)
	if n := len(rows.FindAllString(p.body, -1)); n != 50 {
		t.Fatalf("page 1 has %d rows", n)
	}
	p = c.get("/cadres?page=2")
	if n := len(rows.FindAllString(p.body, -1)); n != 5 {
		t.Fatalf("page 2 has %d rows", n)
	}
	p = c.get("/cadres?unit=rach-gia&q=" + url.QueryEscape("le van so"))
	wantStatus(t, p, http.StatusOK, "53 cán bộ", `href="/cadres?page=2&amp;q=le&#43;van&#43;so&amp;unit=rach-gia"`)

	// A minimum level: only the office's cadre holds trung cấp.
	p = c.get("/cadres?pt=trung_cap")
	wantStatus(t, p, http.StatusOK, "1 cán bộ", "Nguyễn Văn Ân")
	wantStatus(t, c.get("/cadres?pt=cao_cap"), http.StatusOK, "0 cán bộ", "Không có cán bộ nào.")
	wantStatus(t, c.get("/cadres?pt=khong-co"), http.StatusOK, "55 cán bộ") // an unknown level filters nothing

	// Those who left, on request.
	if p := c.get("/cadres?q=" + url.QueryEscape("pham da nghi")); !strings.Contains(p.body, "0 cán bộ") {
		t.Fatal("a cadre who left is listed by default")
	}
	wantStatus(t, c.get("/cadres?all=1&q="+url.QueryEscape("pham da nghi")), http.StatusOK, "1 cán bộ", "Phạm Đã Nghỉ", "nghỉ 01/01/2013")
}

// planCommitments are the records of the plan's other commitments that withCommitments adds.
type planCommitments struct {
	noExam, failedExam, passed, transferred, partTime, left int64 // cadres hired in 2014
	chanh, pho, biThu                                       *chitieu.Position
}

// withCommitments adds, on 2014-07-01 under the default rule (from 2014-01-01, every unit,
// elections and transfers exempt), cadres hired in 2014 and three leadership positions:
//
//   - breaking the rule today: noExam (the office, not recorded) and failedExam (Rạch Giá, a failed
//     exam); not breaking it: passed, transferred, partTime (Rạch Giá), and left (the office, not
//     recorded, left on 2014-06-01: breaking it on 2014-05-01);
//   - chanh: the office's Chánh Văn phòng, 1 seat from 2014-01-01, held by Nguyễn Văn Ân from
//     then on; pho: the office's Phó Chánh Văn phòng, 2 seats from 2014-01-01, one held by passed
//     from 2014-04-01, so one vacant since 2014-01-01 (181 days today, 120 on 2014-05-01); biThu:
//     Rạch Giá's Bí thư Thành Đoàn, 1 seat from 2013-01-01, held by Trần Thị Bích until
//     2014-05-15, so vacant since then (47 days today).
func (e *env) withCommitments() planCommitments {
	e.t.Helper()
	ctx := context.Background()
	cadres, positions := sqlite.NewCadreService(e.db), sqlite.NewPositionService(e.db)
	var pc planCommitments
	for _, c := range []struct {
		id     *int64
		name   string
		unit   string
		joined chitieu.Date
		left   chitieu.Date
		part   bool
		hiring chitieu.Hiring
	}{
		{&pc.noExam, "Lê Văn Không Thi", "co-quan", chitieu.NewDate(2014, 3, 1), 0, false, chitieu.Hiring{}},
		{&pc.failedExam, "Phạm Thị Thi Trượt", "rach-gia", chitieu.NewDate(2014, 2, 1), 0, false,
			chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: chitieu.NewDate(2014, 1, 10), ExamResult: chitieu.ExamFailed}},
		{&pc.passed, "Võ Minh Thi Đỗ", "co-quan", chitieu.NewDate(2014, 4, 1), 0, false,
			chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: chitieu.NewDate(2014, 3, 1), ExamResult: chitieu.ExamPassed}},
		{&pc.transferred, "Đặng Văn Điều Động", "co-quan", chitieu.NewDate(2014, 5, 1), 0, false, chitieu.Hiring{Recruitment: chitieu.RecruitedByTransfer}},
		{&pc.partTime, "Huỳnh Thị Hợp Đồng", "rach-gia", chitieu.NewDate(2014, 5, 1), 0, true, chitieu.Hiring{}},
		{&pc.left, "Ngô Văn Đã Nghỉ", "co-quan", chitieu.NewDate(2014, 2, 1), chitieu.NewDate(2014, 6, 1), false, chitieu.Hiring{}},
	} {
		cd := chitieu.Cadre{FullName: c.name, Unit: c.unit, FullTime: !c.part, JoinedOn: c.joined, LeftOn: c.left, Hiring: c.hiring}
		if err := cadres.CreateCadre(ctx, &cd); err != nil {
			e.t.Fatal(err)
		}
		*c.id = cd.ID
	}
	for _, p := range []struct {
		pos   **chitieu.Position
		unit  string
		title string
		seats int
		from  chitieu.Date
	}{
		{&pc.chanh, "co-quan", "Chánh Văn phòng", 1, chitieu.NewDate(2014, 1, 1)},
		{&pc.pho, "co-quan", "Phó Chánh Văn phòng", 2, chitieu.NewDate(2014, 1, 1)},
		{&pc.biThu, "rach-gia", "Bí thư Thành Đoàn", 1, chitieu.NewDate(2013, 1, 1)},
	} {
		*p.pos = &chitieu.Position{Unit: p.unit, Title: p.title, Seats: p.seats, CreatedOn: p.from}
		if err := positions.CreatePosition(ctx, *p.pos); err != nil {
			e.t.Fatal(err)
		}
	}
	for _, a := range []chitieu.Assignment{
		{PositionID: pc.chanh.ID, CadreID: e.office, StartedOn: chitieu.NewDate(2014, 1, 1)},
		{PositionID: pc.pho.ID, CadreID: pc.passed, StartedOn: chitieu.NewDate(2014, 4, 1)},
		{PositionID: pc.biThu.ID, CadreID: e.rg, StartedOn: chitieu.NewDate(2013, 1, 1), EndedOn: chitieu.NewDate(2014, 5, 15)},
	} {
		if err := positions.CreateAssignment(ctx, &a); err != nil {
			e.t.Fatal(err)
		}
	}
	// Written by the system, read by the users: in the figures from the next snapshot.
	if err := e.keeper.WaitCurrent(ctx); err != nil {
		e.t.Fatal(err)
	}
	return pc
}

// section returns the part of a page from the element with the id to the end of its tag name's
// element, for assertions about one card or table.
func section(t *testing.T, p page, id string) string {
	t.Helper()
	i := strings.Index(p.body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("the page has no element %q:\n%s", id, p.body)
	}
	start := strings.LastIndex(p.body[:i], "<")
	tag := strings.Fields(p.body[start+1 : i])[0]
	end := strings.Index(p.body[i:], "</"+tag+">")
	return p.body[start : i+end]
}

func wantIn(t *testing.T, what, text string, contains ...string) {
	t.Helper()
	for _, s := range contains {
		if !strings.Contains(text, s) {
			t.Fatalf("%s lacks %q:\n%s", what, s, text)
		}
	}
}

func TestOverviewCommitments(t *testing.T) {
	e := newEnv(t)
	e.withCommitments()
	admin := e.client()
	admin.signIn("admin")

	p := admin.get("/")
	wantStatus(t, p, http.StatusOK, "Các cam kết khác của kế hoạch")
	// Today: noExam in the office and failedExam in Rạch Giá.
	wantIn(t, "the recruitment card", section(t, p, "card-recruitment"),
		`<span class="big" data-count>2</span>`, "Cơ quan Tỉnh Đoàn: <strong>1</strong>", "Thành Đoàn Rạch Giá: <strong>1</strong>",
		"Quy định: từ ngày 01/01/2014, cán bộ chuyên trách tuyển dụng vào mọi đơn vị phải qua thi tuyển và đạt.",
		"Trừ: Bầu cử, Điều động/luân chuyển.", `href="/cadres?recruitment_check=failing"`, "Có trường hợp trái quy định")
	// 1 + 2 + 1 seats; pho's and biThu's vacant, pho's the longer: 181 days since 1 January.
	wantIn(t, "the leadership card", section(t, p, "card-leadership"),
		`<span class="big" data-vacant>2</span>`, "còn thiếu, trên 4 người theo quy định của 3 chức danh",
		"Thiếu lâu nhất: Phó Chánh Văn phòng — Cơ quan Tỉnh Đoàn, từ 01/01/2014:", "<strong data-days>181 ngày</strong>",
		"Bí thư Thành Đoàn — Thành Đoàn Rạch Giá: từ 15/05/2014 (47 ngày)", `href="/positions"`)

	// On 2014-05-01: left was still in post; biThu was held, pho vacant for 120 days.
	p = admin.get("/?as_of=01/05/2014")
	wantIn(t, "the recruitment card on 2014-05-01", section(t, p, "card-recruitment"),
		`<span class="big" data-count>3</span>`, "Cơ quan Tỉnh Đoàn: <strong>2</strong>", "(danh sách tính đến hôm nay)")
	wantIn(t, "the leadership card on 2014-05-01", section(t, p, "card-leadership"),
		`<span class="big" data-vacant>1</span>`, "<strong data-days>120 ngày</strong>")

	// An editor of Rạch Giá sees its units' figures, those of the lists it may open.
	editor := e.client()
	editor.signIn("rg")
	p = editor.get("/")
	wantIn(t, "the editor's recruitment card", section(t, p, "card-recruitment"), `<span class="big" data-count>1</span>`)
	leadership := section(t, p, "card-leadership")
	wantIn(t, "the editor's leadership card", leadership, `<span class="big" data-vacant>1</span>`,
		"còn thiếu, trên 1 người theo quy định của 1 chức danh", "Thiếu lâu nhất: Bí thư Thành Đoàn — Thành Đoàn Rạch Giá, từ 15/05/2014:",
		"<strong data-days>47 ngày</strong>")
	if strings.Contains(leadership, "Văn phòng") {
		t.Fatal("the editor's leadership card shows the office's positions")
	}

	// In English, the same figures.
	admin.lang = "en"
	wantIn(t, "the English leadership card", section(t, admin.get("/"), "card-leadership"),
		"vacant, of 4 seats in 3 positions", "Vacant longest: Phó Chánh Văn phòng — Cơ quan Tỉnh Đoàn, since 01/01/2014:", "181 days")
}

func TestRecruitmentListAndUnitPage(t *testing.T) {
	e := newEnv(t)
	pc := e.withCommitments()
	c := e.client()
	c.signIn("xem")

	p := c.get("/cadres?recruitment_check=failing")
	wantStatus(t, p, http.StatusOK, "2 cán bộ", `id="recruitment_check" name="recruitment_check" type="checkbox" value="failing" checked`)
	wantIn(t, "the rule", section(t, p, "recruitment-rule"), "từ ngày 01/01/2014", "vào mọi đơn vị", "Trừ: Bầu cử, Điều động/luân chuyển.",
		"Cán bộ chưa ghi nhận hình thức tuyển dụng được tính là chưa qua thi tuyển.")
	wantIn(t, "the list", p.body, `<a href="/cadres/`+itoa(pc.noExam)+`">Lê Văn Không Thi</a>`, "Chưa ghi nhận",
		`<a href="/cadres/`+itoa(pc.failedExam)+`">Phạm Thị Thi Trượt</a>`, `Thi tuyển · <span class="tag exam-failed">Không đạt</span>`)
	for _, name := range []string{"Võ Minh Thi Đỗ", "Đặng Văn Điều Động", "Huỳnh Thị Hợp Đồng", "Ngô Văn Đã Nghỉ", "Nguyễn Văn Ân"} {
		if strings.Contains(p.body, name) {
			t.Fatalf("%s is listed as breaking the rule", name)
		}
	}
	wantStatus(t, c.get("/cadres?recruitment_check=failing&unit=rach-gia"), http.StatusOK, "1 cán bộ", "Phạm Thị Thi Trượt")
	// Without the filter, neither the rule nor the column.
	if p := c.get("/cadres"); strings.Contains(p.body, `id="recruitment-rule"`) || strings.Contains(p.body, "Hình thức tuyển dụng") {
		t.Fatal("the plain list shows the recruitment rule")
	}

	// The office's page: its own two positions, and its one cadre breaking the rule.
	p = c.get("/units/co-quan")
	wantStatus(t, p, http.StatusOK)
	wantIn(t, "the office's failing count", section(t, p, "unit-failing"),
		`<a href="/cadres?unit=co-quan&amp;recruitment_check=failing">1 cán bộ tuyển dụng không qua thi tuyển (trái quy định)</a>`)
	positions := section(t, p, "unit-positions")
	wantIn(t, "the office's positions", positions, "Chánh Văn phòng", `<tr class="vacant" data-position="`+itoa(pc.pho.ID)+`">`,
		`<td class="num" data-vacant><span class="tag vacancy">1</span></td>`, `01/01/2014 <span class="muted">(181 ngày)</span>`,
		`href="/positions?unit=co-quan"`)
	if strings.Contains(positions, "Bí thư Thành Đoàn") {
		t.Fatal("the office's page shows Rạch Giá's position")
	}
	p = c.get("/units/rach-gia")
	wantIn(t, "Rạch Giá's positions", section(t, p, "unit-positions"), "Bí thư Thành Đoàn", `15/05/2014 <span class="muted">(47 ngày)</span>`)
	// The province: both its subtree's cadres, and no position of its own.
	p = c.get("/units/kien-giang")
	wantIn(t, "the province's failing count", section(t, p, "unit-failing"), "2 cán bộ tuyển dụng không qua thi tuyển")
	wantIn(t, "the province's positions", section(t, p, "unit-positions"), "Chưa có chức danh lãnh đạo nào.")
}

func TestCadrePageCommitments(t *testing.T) {
	e := newEnv(t)
	pc := e.withCommitments()
	c := e.client()
	c.signIn("xem")

	p := c.get("/cadres/" + itoa(pc.failedExam))
	wantStatus(t, p, http.StatusOK, `<dd id="recruitment">Thi tuyển</dd>`, `<dd id="exam-on">10/01/2014</dd>`, `<dd id="exam-result">Không đạt</dd>`,
		"Cán bộ này được tuyển dụng không qua thi tuyển đạt, trái quy định tuyển dụng.", "Không giữ chức danh lãnh đạo nào.")
	p = c.get("/cadres/" + itoa(pc.passed))
	wantStatus(t, p, http.StatusOK, `<dd id="exam-result">Đạt</dd>`)
	if strings.Contains(p.body, `id="fails-rule"`) {
		t.Fatal("a cadre who passed the exam is said to break the rule")
	}
	wantIn(t, "the positions held", section(t, p, "held-positions"),
		`<a href="/positions/`+itoa(pc.pho.ID)+`">Phó Chánh Văn phòng</a></td><td>Cơ quan Tỉnh Đoàn</td>`, "01/04/2014", "Đang giữ")
	wantIn(t, "an ended assignment", section(t, c.get("/cadres/"+itoa(e.rg)), "held-positions"),
		"Bí thư Thành Đoàn", "<td>01/01/2013</td><td>15/05/2014</td>", "Hiện không giữ")
	p = c.get("/cadres/" + itoa(pc.transferred))
	wantStatus(t, p, http.StatusOK, `<dd id="recruitment">Điều động/luân chuyển</dd>`)
	if strings.Contains(p.body, `id="fails-rule"`) || strings.Contains(p.body, `id="exam-on"`) {
		t.Fatal("a transferred cadre is shown an exam or a breach")
	}
	// Part-time, the rule does not apply; left, it no longer does.
	for _, id := range []int64{pc.partTime, pc.left} {
		if p := c.get("/cadres/" + itoa(id)); strings.Contains(p.body, `id="fails-rule"`) {
			t.Fatalf("cadre %d is said to break the rule", id)
		}
	}
	wantStatus(t, c.get("/cadres/"+itoa(pc.noExam)), http.StatusOK, `id="fails-rule"`, `<dd id="recruitment">Chưa ghi nhận</dd>`)
}

func TestCadreFormRecruitment(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")
	cadres := sqlite.NewCadreService(e.db)
	form := func(recruitment, examOn, result string) url.Values {
		return url.Values{"full_name": {"Phạm Thi Tuyển"}, "unit": {"co-quan"}, "joined_on": {"01/03/2014"}, "full_time": {"on"},
			"recruitment": {recruitment}, "exam_on": {examOn}, "exam_result": {result}}
	}
	// Each refusal is the API's rule, next to its field, with what was typed kept.
	for _, tc := range []struct {
		form url.Values
		want []string
	}{
		{form("exam", "", "passed"), []string{`id="e-exam_on">bắt buộc khi hình thức tuyển dụng là thi tuyển`}},
		{form("exam", "15/02/2014", ""), []string{`id="e-exam_result">bắt buộc khi hình thức tuyển dụng là thi tuyển: đạt hoặc không đạt`}},
		{form("exam", "02/03/2014", "passed"), []string{`id="e-exam_on">không được sau ngày vào công tác (thi tuyển trước rồi mới tuyển dụng)`, `value="02/03/2014"`}},
		{form("exam", "31/02/2014", "passed"), []string{`id="e-exam_on">ngày phải viết dạng dd/mm/yyyy`, `value="31/02/2014"`}},
		{form("transfer", "", "passed"), []string{`id="e-exam_result">chỉ ghi khi hình thức tuyển dụng là thi tuyển`, `<option value="transfer" selected>`}},
		{form("hop-dong", "", ""), []string{`id="e-recruitment">phải là thi tuyển, điều động/luân chuyển, bầu cử, hình thức khác, hoặc để trống khi chưa ghi nhận`}},
	} {
		wantStatus(t, c.post("/cadres/new", tc.form), http.StatusUnprocessableEntity,
			append(tc.want, `value="Phạm Thi Tuyển"`, `<option value="co-quan" selected>`)...)
	}
	if _, n, _ := cadres.FindCadres(context.Background(), chitieu.CadreFilter{Query: "Phạm Thi Tuyển"}); n != 0 {
		t.Fatalf("a refused form wrote %d cadres", n)
	}
	wantStatus(t, c.post("/cadres/new", form("exam", "15/02/2014", "passed")), http.StatusSeeOther)
	list, _, _ := cadres.FindCadres(context.Background(), chitieu.CadreFilter{Query: "Phạm Thi Tuyển"})
	if len(list) != 1 || list[0].Hiring != (chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: chitieu.NewDate(2014, 2, 15), ExamResult: chitieu.ExamPassed}) {
		t.Fatalf("created %+v", list)
	}
	id := itoa(list[0].ID)

	// The edit form shows them; a change to a transfer clears the exam.
	wantStatus(t, c.get("/cadres/"+id+"/edit"), http.StatusOK, `<option value="exam" selected>`, `value="15/02/2014"`, `<option value="passed" selected>`)
	wantStatus(t, c.post("/cadres/"+id+"/edit", form("transfer", "15/02/2014", "passed")), http.StatusUnprocessableEntity,
		`id="e-exam_on">chỉ ghi khi hình thức tuyển dụng là thi tuyển`)
	wantStatus(t, c.post("/cadres/"+id+"/edit", form("transfer", "", "")), http.StatusSeeOther)
	if cd, _ := cadres.FindCadreByID(context.Background(), list[0].ID); cd.Hiring != (chitieu.Hiring{Recruitment: chitieu.RecruitedByTransfer}) {
		t.Fatalf("after the edit %+v", cd.Hiring)
	}
	// In English, the rule as the API words it.
	c.lang = "en"
	wantStatus(t, c.post("/cadres/new", form("exam", "", "passed")), http.StatusUnprocessableEntity, `id="e-exam_on">is required when recruitment is exam`)
}

func TestPositionPagesAndForms(t *testing.T) {
	e := newEnv(t)
	pc := e.withCommitments()
	ctx := context.Background()
	positions := sqlite.NewPositionService(e.db)
	posURL := func(p *chitieu.Position) string { return "/positions/" + itoa(p.ID) }

	// Everyone reads the list: vacancies first, the longest first, then the rest.
	viewer := e.client()
	viewer.signIn("xem")
	p := viewer.get("/positions")
	wantStatus(t, p, http.StatusOK, "3 chức danh, 4 người theo quy định, còn thiếu 2 (ngày 01/07/2014).")
	order := []int{strings.Index(p.body, `data-position="`+itoa(pc.pho.ID)+`"`), strings.Index(p.body, `data-position="`+itoa(pc.biThu.ID)+`"`),
		strings.Index(p.body, `data-position="`+itoa(pc.chanh.ID)+`"`)}
	if order[0] < 0 || order[0] > order[1] || order[1] > order[2] {
		t.Fatalf("positions at %v, want pho (vacant since 2014-01-01), biThu (since 2014-05-15), chanh (held)", order)
	}
	wantStatus(t, viewer.get("/positions?unit=rach-gia"), http.StatusOK, "1 chức danh, 1 người theo quy định, còn thiếu 1", "Bí thư Thành Đoàn")
	p = viewer.get(posURL(pc.pho))
	wantStatus(t, p, http.StatusOK, `<dd id="seats">2</dd>`, `<dd id="vacant">1</dd>`, `<dd id="vacant-since">01/01/2014 (181 ngày)</dd>`,
		`<a href="/cadres/`+itoa(pc.passed)+`">Võ Minh Thi Đỗ</a>`, "Đang giữ")
	// A viewer has no form, and its POSTs are refused whatever it sends.
	for _, path := range []string{"/positions", posURL(pc.pho)} {
		if p := viewer.get(path); strings.Contains(p.body, `method="post" action="/positions`) {
			t.Fatalf("a viewer's %s has a write form", path)
		}
	}
	for _, tt := range []struct {
		path string
		form url.Values
	}{
		{"/positions", url.Values{"unit": {"co-quan"}, "title": {"Trưởng ban"}, "seats": {"1"}, "created_on": {"01/01/2014"}}},
		{posURL(pc.pho) + "/assignments", url.Values{"cadre_id": {itoa(pc.noExam)}, "started_on": {"01/06/2014"}}},
		{posURL(pc.chanh) + "/assignments/1/end", url.Values{"ended_on": {"01/06/2014"}}},
	} {
		wantStatus(t, viewer.post(tt.path, tt.form), http.StatusForbidden, "không có quyền")
	}
	if _, n, _ := positions.FindPositions(ctx, chitieu.PositionFilter{}); n != 3 {
		t.Fatalf("%d positions after the refused POSTs", n)
	}
	if got, _ := positions.FindPositionByID(ctx, pc.pho.ID, 0); len(got.Assignments) != 1 {
		t.Fatalf("the refused assignment was written: %+v", got.Assignments)
	}

	// An admin creates a position; what is wrong shows by its field, with what was typed kept.
	admin := e.client()
	admin.signIn("admin")
	wantStatus(t, admin.get("/positions"), http.StatusOK, `id="position-form"`)
	create := func(unit, title, seats, from string) url.Values {
		return url.Values{"unit": {unit}, "title": {title}, "seats": {seats}, "created_on": {from}}
	}
	for _, tc := range []struct {
		form url.Values
		want []string
	}{
		{create("co-quan", "Trưởng Ban Tổ chức", "hai", "01/01/2014"), []string{`id="e-seats">phải là số nguyên không âm`, `value="hai"`, `value="Trưởng Ban Tổ chức"`}},
		{create("co-quan", "Trưởng Ban Tổ chức", "0", "01/01/2014"), []string{`id="e-seats">phải từ 1 trở lên`}},
		{create("co-quan", "Trưởng Ban Tổ chức", "1", ""), []string{`id="e-created_on">bắt buộc`}},
		{create("co-quan", "Chánh Văn phòng", "1", "01/01/2014"), []string{`id="e-title">đơn vị này đã có chức danh &#34;Chánh Văn phòng&#34;`}},
		{create("", "Trưởng Ban Tổ chức", "1", "01/01/2014"), []string{`id="e-unit">bắt buộc`}},
	} {
		wantStatus(t, admin.post("/positions", tc.form), http.StatusUnprocessableEntity, tc.want...)
	}
	p = admin.post("/positions", create("co-quan", "Trưởng Ban Tổ chức", "1", "01/06/2014"))
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/positions/") {
		t.Fatalf("create: %d to %q", p.status, p.header.Get("Location"))
	}
	wantStatus(t, admin.get(p.header.Get("Location")), http.StatusOK, "Đã thêm chức danh.", `<dd id="vacant">1</dd>`, `<dd id="vacant-since">01/06/2014 (30 ngày)</dd>`)
	if _, n, _ := positions.FindPositions(ctx, chitieu.PositionFilter{}); n != 4 {
		t.Fatalf("%d positions, want 4: the refused forms wrote", n)
	}

	// An editor of Rạch Giá sees and assigns only there, and may not create a position.
	editor := e.client()
	editor.signIn("rg")
	p = editor.get("/positions")
	if strings.Contains(p.body, "Văn phòng") || strings.Contains(p.body, `id="position-form"`) || !strings.Contains(p.body, "Bí thư Thành Đoàn") {
		t.Fatalf("the editor's positions page:\n%s", p.body)
	}
	wantStatus(t, editor.post("/positions", create("rach-gia", "Phó Bí thư", "1", "01/01/2014")), http.StatusForbidden)
	wantStatus(t, editor.get(posURL(pc.chanh)), http.StatusNotFound)
	wantStatus(t, editor.post(posURL(pc.chanh)+"/assignments", url.Values{"cadre_id": {itoa(pc.failedExam)}, "started_on": {"01/06/2014"}}), http.StatusNotFound)
	wantStatus(t, editor.get(posURL(pc.biThu)), http.StatusOK, `id="assign-form"`, `<option value="`+itoa(pc.failedExam)+`">Phạm Thị Thi Trượt</option>`)

	assign := func(cadre int64, from string) url.Values {
		return url.Values{"cadre_id": {itoa(cadre)}, "started_on": {from}, "ended_on": {""}}
	}
	wantStatus(t, editor.post(posURL(pc.biThu)+"/assignments", assign(pc.failedExam, "01/12/2012")), http.StatusUnprocessableEntity,
		`id="e-started_on">không được trước ngày có chức danh (01/01/2013)`, `value="01/12/2012"`,
		`<option value="`+itoa(pc.failedExam)+`" selected>`)
	wantStatus(t, editor.post(posURL(pc.biThu)+"/assignments", assign(pc.failedExam, "01/01/2014")), http.StatusUnprocessableEntity,
		`id="e-started_on">không được trước ngày vào công tác của cán bộ (01/02/2014)`)
	// On 2014-05-01 Trần Thị Bích still held the one seat.
	wantStatus(t, editor.post(posURL(pc.biThu)+"/assignments", assign(pc.failedExam, "01/05/2014")), http.StatusUnprocessableEntity,
		`Số lượng theo quy định: chức danh &#34;Bí thư Thành Đoàn&#34; sẽ có 2 người giữ vào ngày 01/05/2014, quá số lượng theo quy định (1)`)
	wantStatus(t, editor.post(posURL(pc.biThu)+"/assignments", url.Values{"started_on": {"01/06/2014"}}), http.StatusUnprocessableEntity,
		`id="e-cadre_id">bắt buộc`)
	if got, _ := positions.FindPositionByID(ctx, pc.biThu.ID, 0); len(got.Assignments) != 1 {
		t.Fatalf("refused assignments were written: %+v", got.Assignments)
	}
	if p := editor.post(posURL(pc.biThu)+"/assignments", assign(pc.failedExam, "01/06/2014")); p.status != http.StatusSeeOther {
		t.Fatalf("assign: %d %s", p.status, p.body)
	}
	wantStatus(t, editor.get(posURL(pc.biThu)+"?notice=assignment_added"), http.StatusOK, "Đã bố trí cán bộ.", `<dd id="vacant">0</dd>`)

	// Ending it: a day before it began, or none, is refused above the list; then it ends.
	got, _ := positions.FindPositionByID(ctx, pc.biThu.ID, 0)
	newest := got.Assignments[len(got.Assignments)-1]
	end := posURL(pc.biThu) + "/assignments/" + itoa(newest.ID) + "/end"
	wantStatus(t, editor.post(end, url.Values{"ended_on": {"01/05/2014"}}), http.StatusUnprocessableEntity, "Ngày thôi giữ: phải sau ngày bắt đầu")
	wantStatus(t, editor.post(end, url.Values{"ended_on": {""}}), http.StatusUnprocessableEntity, "Ngày thôi giữ: bắt buộc")
	wantStatus(t, editor.post(posURL(pc.pho)+"/assignments/"+itoa(newest.ID)+"/end", url.Values{"ended_on": {"30/06/2014"}}), http.StatusNotFound)
	if p := editor.post(end, url.Values{"ended_on": {"30/06/2014"}}); p.status != http.StatusSeeOther {
		t.Fatalf("end: %d %s", p.status, p.body)
	}
	wantStatus(t, editor.get(posURL(pc.biThu)), http.StatusOK, `<dd id="vacant">1</dd>`, `<dd id="vacant-since">30/06/2014 (1 ngày)</dd>`)
}

func TestProfessionalTrainingTargetForm(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")
	targets := sqlite.NewTargetService(e.db)
	form := func(window string) url.Values {
		return url.Values{"code": {"nghiep-vu"}, "name": {"Bồi dưỡng nghiệp vụ tại Trung ương Đoàn"}, "kind": {"professional_training"},
			"min_level": {"trung_cap"}, "scope_unit": {"co-quan"}, "comparator": {">="}, "threshold": {"60"}, "baseline_date": {"01/01/2013"},
			"deadline": {"31/12/2015"}, "full_time_only": {"on"}, "window_days": {window}, "provider": {"Trung ương Đoàn"}}
	}
	wantStatus(t, c.get("/targets/new"), http.StatusOK, `<option value="professional_training">Bồi dưỡng nghiệp vụ</option>`, `id="f-window_days"`)
	wantStatus(t, c.post("/targets/new", form("hai năm")), http.StatusUnprocessableEntity, `id="e-window_days">phải là số nguyên không âm`,
		`value="hai năm"`, `value="Trung ương Đoàn"`)
	wantStatus(t, c.post("/targets/new", form("40000")), http.StatusUnprocessableEntity, `id="e-window_days">phải là số ngày từ 1 đến 36.600`)
	// The level a professional target has no use for is dropped, not refused.
	wantStatus(t, c.post("/targets/new", form("365")), http.StatusSeeOther)
	tg, err := targets.FindTarget(context.Background(), "nghiep-vu")
	if err != nil || tg.Kind != chitieu.TargetProfessionalTraining || tg.WindowDays != 365 || tg.Provider != "Trung ương Đoàn" || tg.MinLevel != "" {
		t.Fatalf("target %+v, %v", tg, err)
	}
	// The edit form keeps them, and saving it unchanged changes nothing.
	wantStatus(t, c.get("/targets/nghiep-vu/edit"), http.StatusOK, `<option value="professional_training" selected>`, `value="365"`, `value="Trung ương Đoàn"`)
	wantStatus(t, c.post("/targets/nghiep-vu/edit", form("365")), http.StatusSeeOther)
	if tg, _ = targets.FindTarget(context.Background(), "nghiep-vu"); tg.WindowDays != 365 || tg.Provider != "Trung ương Đoàn" {
		t.Fatalf("after saving the edit form %+v", tg)
	}
	// Empty, the window is the default two years.
	wantStatus(t, c.post("/targets/nghiep-vu/edit", form("")), http.StatusSeeOther)
	if tg, _ = targets.FindTarget(context.Background(), "nghiep-vu"); tg.WindowDays != chitieu.DefaultWindowDays {
		t.Fatalf("an empty window gave %d days", tg.WindowDays)
	}
	wantIn(t, "the card", section(t, c.get("/"), "target-nghiep-vu"), "<dd>730 ngày gần nhất</dd>", "<dd>Trung ương Đoàn</dd>")
	wantStatus(t, c.get("/targets"), http.StatusOK, "730 ngày gần nhất · Trung ương Đoàn")
	// Another kind drops the window and the provider the form still holds.
	youth := form("365")
	youth.Set("code", "thanh-nien")
	youth.Set("kind", "youth_gathering")
	wantStatus(t, c.post("/targets/new", youth), http.StatusSeeOther)
	if tg, _ = targets.FindTarget(context.Background(), "thanh-nien"); tg.WindowDays != 0 || tg.Provider != "" {
		t.Fatalf("a youth target kept %d days and %q", tg.WindowDays, tg.Provider)
	}
}

// storedUser is the live user as the store has it, or nil when there is none.
func (e *env) storedUser(username string) *chitieu.User {
	e.t.Helper()
	u, err := sqlite.NewUserService(e.db).FindUser(context.Background(), username)
	if chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
		return nil
	} else if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// signsInWith tells whether the user's password is the one given.
func (e *env) signsInWith(username, pw string) bool {
	_, err := sqlite.NewUserService(e.db).Authenticate(context.Background(), username, pw)
	return err == nil
}

func wantRedirect(t *testing.T, p page, location string) {
	t.Helper()
	if p.status != http.StatusSeeOther || p.header.Get("Location") != location {
		t.Fatalf("%d to %q, want 303 to %q:\n%s", p.status, p.header.Get("Location"), location, p.body)
	}
}

func TestUserPage(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")

	// The list leads to each user's page; the admin's own row has no quick disable.
	p := c.get("/users")
	wantStatus(t, p, http.StatusOK, `<a href="/users/rg">rg</a>`, `<form method="post" action="/users/rg" class="inline">`)
	if strings.Contains(p.body, `action="/users/admin"`) {
		t.Fatal("the admin's own row offers a quick disable, without the confirmation")
	}
	p = c.get("/users/rg")
	wantStatus(t, p, http.StatusOK, `<option value="editor" selected>`, `<option value="rach-gia" selected>`,
		`action="/users/rg/role"`, `action="/users/rg/password"`, `action="/users/rg"`, `action="/users/rg/delete"`, `id="f-delete-confirm"`)
	if strings.Contains(p.body, `id="f-role-confirm"`) || strings.Contains(p.body, `id="f-state-confirm"`) {
		t.Fatal("another user's page asks the admin to confirm a lock-out of themself")
	}
	wantStatus(t, c.get("/users/khong-co"), http.StatusNotFound)

	t.Run("Role", func(t *testing.T) {
		// An editor made a viewer: the unit the select still shows is dropped, not refused.
		wantRedirect(t, c.post("/users/rg/role", url.Values{"role": {"viewer"}, "unit": {"rach-gia"}}), "/users?notice=user_saved")
		if u := e.storedUser("rg"); u.Role != chitieu.RoleViewer || u.Unit != "" {
			t.Fatalf("after the change to viewer: %+v", u)
		}
		wantStatus(t, c.get("/users"), http.StatusOK, `<td data-role>xem</td>`)
		wantRedirect(t, c.post("/users/rg/role", url.Values{"role": {"editor"}, "unit": {"co-quan"}}), "/users?notice=user_saved")
		if u := e.storedUser("rg"); u.Role != chitieu.RoleEditor || u.Unit != "co-quan" {
			t.Fatalf("after the change to an editor of co-quan: %+v", u)
		}
		// Refused by the store: next to the field, with what was chosen kept, nothing changed.
		wantStatus(t, c.post("/users/rg/role", url.Values{"role": {"editor"}, "unit": {"khong-co"}}), http.StatusUnprocessableEntity,
			`id="e-unit">không có đơn vị &#34;khong-co&#34;</small>`, `<option value="editor" selected>`)
		wantStatus(t, c.post("/users/rg/role", url.Values{"role": {"chu-tich"}}), http.StatusUnprocessableEntity,
			`id="e-role">phải là xem, cập nhật hoặc quản trị</small>`)
		if u := e.storedUser("rg"); u.Role != chitieu.RoleEditor || u.Unit != "co-quan" {
			t.Fatalf("a refused change changed the user: %+v", u)
		}
	})

	t.Run("Password", func(t *testing.T) {
		const newPassword = "mật khẩu mới của rg 2014"
		p := c.post("/users/rg/password", url.Values{"password": {newPassword}, "password_confirm": {newPassword + "x"}})
		wantStatus(t, p, http.StatusUnprocessableEntity, `id="e-password_confirm">hai lần nhập mật khẩu không giống nhau`)
		p = c.post("/users/rg/password", url.Values{"password": {"ngắn quá"}, "password_confirm": {"ngắn quá"}})
		wantStatus(t, p, http.StatusUnprocessableEntity, `id="e-password">phải có ít nhất 10 ký tự`)
		if strings.Contains(p.body, "ngắn quá") {
			t.Fatal("a refused password was sent back")
		}
		if !e.signsInWith("rg", password) {
			t.Fatal("a refused password changed the password")
		}
		wantRedirect(t, c.post("/users/rg/password", url.Values{"password": {newPassword}, "password_confirm": {newPassword}}),
			"/users?notice=password_saved")
		if !e.signsInWith("rg", newPassword) || e.signsInWith("rg", password) {
			t.Fatal("the new password is not the one that signs in")
		}
	})

	t.Run("DisableAndEnable", func(t *testing.T) {
		wantStatus(t, c.post("/users/rg", url.Values{"disabled": {"true"}}), http.StatusOK, `id="ask-yes"`)
		if e.storedUser("rg").Disabled {
			t.Fatal("disabled before the confirmation")
		}
		wantRedirect(t, c.post("/users/rg", url.Values{"disabled": {"true"}, "confirmed": {"yes"}}), "/users?notice=user_saved")
		if !e.storedUser("rg").Disabled {
			t.Fatal("not disabled")
		}
		wantStatus(t, c.get("/users/rg"), http.StatusOK, `<input type="hidden" name="disabled" value="false">`, "Mở khóa")
		wantRedirect(t, c.post("/users/rg", url.Values{"disabled": {"false"}}), "/users?notice=user_saved")
		if e.storedUser("rg").Disabled {
			t.Fatal("not enabled again")
		}
	})

	t.Run("Delete", func(t *testing.T) {
		wantStatus(t, c.post("/users/xem/delete", nil), http.StatusUnprocessableEntity,
			`id="e-delete-confirm">hãy đánh dấu ô này để xác nhận`)
		if e.storedUser("xem") == nil {
			t.Fatal("deleted without the confirmation")
		}
		wantRedirect(t, c.post("/users/xem/delete", url.Values{"confirm": {"on"}}), "/users?notice=user_deleted")
		if e.storedUser("xem") != nil {
			t.Fatal("still there after the delete")
		}
		wantStatus(t, c.get("/users?notice=user_deleted"), http.StatusOK, "Đã xóa người dùng.")
		wantStatus(t, c.post("/users/xem/delete", url.Values{"confirm": {"on"}}), http.StatusNotFound)
	})
}

// TestUserPage_Self: what would lock the admin out of the pages asks for the checkbox first,
// and the store keeps the last enabled admin whatever is ticked.
func TestUserPage_Self(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")
	wantStatus(t, c.get("/users/admin"), http.StatusOK, `id="f-role-confirm"`, `id="f-state-confirm"`, `id="f-delete-confirm"`)
	stillAdmin := func() {
		t.Helper()
		if u := e.storedUser("admin"); u == nil || u.Role != chitieu.RoleAdmin || u.Disabled {
			t.Fatalf("the admin is now %+v", u)
		}
	}
	const lastAdmin = `<p class="alert" role="alert">&#34;admin&#34; là quản trị viên cuối cùng còn hoạt động; hãy tạo quản trị viên khác trước</p>`

	// Unconfirmed: the checkbox says what is missing, the role chosen stays chosen.
	wantStatus(t, c.post("/users/admin/role", url.Values{"role": {"viewer"}}), http.StatusUnprocessableEntity,
		`id="e-role-confirm">hãy đánh dấu ô này để xác nhận`, `<option value="viewer" selected>`)
	wantStatus(t, c.post("/users/admin", url.Values{"disabled": {"true"}}), http.StatusUnprocessableEntity,
		`id="e-state-confirm">hãy đánh dấu ô này để xác nhận`)
	// Confirmed, but the last enabled admin: the store's refusal, above the form.
	wantStatus(t, c.post("/users/admin/role", url.Values{"role": {"viewer"}, "confirm": {"on"}}), http.StatusUnprocessableEntity,
		lastAdmin, `id="f-role-confirm" name="confirm" type="checkbox" checked`)
	wantStatus(t, c.post("/users/admin", url.Values{"disabled": {"true"}, "confirm": {"on"}}), http.StatusUnprocessableEntity, lastAdmin)
	wantStatus(t, c.post("/users/admin/delete", url.Values{"confirm": {"on"}}), http.StatusUnprocessableEntity, lastAdmin)
	stillAdmin()
	// Changing one's own password, or saving one's own role unchanged, needs no confirmation.
	wantRedirect(t, c.post("/users/admin/role", url.Values{"role": {"admin"}}), "/users?notice=user_saved")
	stillAdmin()

	// With another admin, the confirmed self-demotion goes through and leads out of the admin pages.
	if err := sqlite.NewUserService(e.db).CreateUser(context.Background(), &chitieu.UserCreate{
		User: chitieu.User{Username: "admin2", Role: chitieu.RoleAdmin}, Password: password}); err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, c.post("/users/admin/role", url.Values{"role": {"editor"}, "unit": {"co-quan"}, "confirm": {"on"}}), "/?notice=user_saved")
	if u := e.storedUser("admin"); u.Role != chitieu.RoleEditor || u.Unit != "co-quan" {
		t.Fatalf("after demoting themself: %+v", u)
	}
	wantStatus(t, c.get("/users"), http.StatusForbidden)

	// The other admin disables themself, confirmed: the session ends at once.
	other := e.client()
	other.signIn("admin2")
	wantStatus(t, other.post("/users/admin2", url.Values{"disabled": {"true"}}), http.StatusUnprocessableEntity, `id="e-state-confirm"`)
	if e.storedUser("admin2").Disabled {
		t.Fatal("disabled without the confirmation")
	}
	// admin2 is the last enabled admin now: first make admin one again.
	wantRedirect(t, other.post("/users/admin/role", url.Values{"role": {"admin"}}), "/users?notice=user_saved")
	wantRedirect(t, other.post("/users/admin2", url.Values{"disabled": {"true"}, "confirm": {"on"}}), "/?notice=user_saved")
	if !e.storedUser("admin2").Disabled {
		t.Fatal("not disabled after the confirmation")
	}
	if p := other.get("/"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/sign-in") {
		t.Fatalf("a disabled admin's session still reads: %d", p.status)
	}
}

// TestUserPage_OnlyAdmins: a viewer's or an editor's POST to any user form is refused before
// anything is read, and changes nothing.
func TestUserPage_OnlyAdmins(t *testing.T) {
	e := newEnv(t)
	for _, username := range []string{"xem", "rg"} {
		c := e.client()
		c.signIn(username)
		wantStatus(t, c.get("/users/admin"), http.StatusForbidden)
		for _, tt := range []struct {
			path string
			form url.Values
		}{
			{"/users/admin/role", url.Values{"role": {"viewer"}, "confirm": {"on"}}},
			{"/users/" + username + "/role", url.Values{"role": {"admin"}}},
			{"/users/admin", url.Values{"disabled": {"true"}, "confirm": {"on"}}},
			{"/users/admin/password", url.Values{"password": {"mật khẩu kẻ gian 123"}, "password_confirm": {"mật khẩu kẻ gian 123"}}},
			{"/users/admin/delete", url.Values{"confirm": {"on"}}},
		} {
			wantStatus(t, c.post(tt.path, tt.form), http.StatusForbidden, "không có quyền")
		}
		if u := e.storedUser(username); u.Role == chitieu.RoleAdmin {
			t.Fatalf("%s made themself admin", username)
		}
	}
	if u := e.storedUser("admin"); u == nil || u.Role != chitieu.RoleAdmin || u.Disabled || !e.signsInWith("admin", password) {
		t.Fatalf("a refused POST changed the admin: %+v", u)
	}
}
