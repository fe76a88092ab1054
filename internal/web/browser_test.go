package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"chitieu/internal/i18n"
	"chitieu/internal/testenv"
)

// The browser tests drive Debian's Chromium, headless, against the real binary on the demo
// plan: what an editor, a viewer and a forging site can and cannot do, and screenshots of the
// overview at a desktop and a phone width.

const (
	editorPassword = "Ban Tổ chức – Kiểm tra 2014"
	viewerPassword = "Thường trực Tỉnh Đoàn 2015"
	officeUnit     = "co-quan-tinh-doan"
	ptTarget       = "ly-luan-chinh-tri"
)

// site is the real binary on the demo plan, with an editor of the provincial office and a
// viewer made through the API.
type site struct {
	*testenv.Server
	t *testing.T
}

func startSite(t *testing.T) *site {
	t.Helper()
	s := &site{Server: testenv.Start(t, "", "--demo"), t: t}
	s.api(http.MethodPost, "/api/v1/users", map[string]any{"username": "bantochuc", "role": "editor", "unit": officeUnit, "password": editorPassword}, nil)
	s.api(http.MethodPost, "/api/v1/users", map[string]any{"username": "thuongtruc", "role": "viewer", "password": viewerPassword}, nil)
	return s
}

// api calls the JSON API as admin and decodes the answer into out.
func (s *site) api(method, path string, body, out any) {
	s.t.Helper()
	var r io.Reader
	if body != nil {
		buf, _ := json.Marshal(body)
		r = bytes.NewReader(buf)
	}
	req, _ := http.NewRequest(method, s.URL+path, r)
	req.SetBasicAuth("admin", testenv.AdminPassword)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	buf, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		s.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, buf)
	}
	if out != nil {
		if err := json.Unmarshal(buf, out); err != nil {
			s.t.Fatal(err)
		}
	}
}

type targetFigures struct {
	Numerator   int64  `json:"numerator"`
	Denominator int64  `json:"denominator"`
	AsOf        string `json:"as_of"`
}

func (s *site) target(code string) targetFigures {
	var f targetFigures
	s.api(http.MethodGet, "/api/v1/targets/"+code, nil, &f)
	return f
}

// cadresNamed counts the cadres whose name matches q, through the API.
func (s *site) cadresNamed(q string) int {
	var list struct {
		Total int `json:"total"`
	}
	s.api(http.MethodGet, "/api/v1/cadres?q="+url.QueryEscape(q), nil, &list)
	return list.Total
}

// newBrowser starts Chromium with exactly the flags this machine needs and a new, empty
// profile, and returns a context for its first tab.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	chromium := testenv.Command(t, "chromium", "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return browser
}

// person is one browser profile (its own cookies) on the site.
type person struct {
	t    *testing.T
	ctx  context.Context
	site *site
}

// person opens a new profile whose browser asks for the languages given, as Accept-Language.
func (s *site) person(t *testing.T, browser context.Context, languages string) *person {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &person{t: t, ctx: ctx, site: s}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Accept-Language": languages}}); err != nil {
		t.Fatal(err)
	}
	return p
}

// A browser set up in Vietnam asks for Vietnamese; many are left in English.
const (
	browserVI = "vi-VN,vi;q=0.9,en;q=0.8"
	browserEN = "en-GB,en;q=0.9"
)

// vietnamese picks Vietnamese with the language switch when the pages came in English.
func (p *person) vietnamese() {
	p.t.Helper()
	p.open("/sign-in")
	if p.text("h1") == "Sign in" {
		p.do(chromedp.Click(chromedp.CSS(`a.lang[hreflang="vi"]`)))
		p.waitFor(`document.documentElement.lang === "vi" && document.readyState === "complete"`)
	}
}

func (p *person) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

// eval runs a script on the page and decodes its result.
func eval[T any](p *person, script string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: %v", script, err)
	}
	return v
}

func (p *person) text(css string) string {
	p.t.Helper()
	return strings.TrimSpace(eval[string](p, fmt.Sprintf(`(document.querySelector(%q) || {textContent: "«none»"}).textContent`, css)))
}

func (p *person) has(css string) bool {
	p.t.Helper()
	return eval[bool](p, fmt.Sprintf(`document.querySelector(%q) !== null`, css))
}

// deleteConfirmed clicks a delete button and answers yes to the question the page must ask
// first; the page must then offer an undo.
func (p *person) deleteConfirmed(button string) {
	p.t.Helper()
	p.click(button)
	if !p.has("#ask-yes") {
		p.t.Fatalf("%s deleted without asking", button)
	}
	p.click("#ask-yes")
	if !p.has("#undo") {
		p.t.Fatalf("no undo offered after %s", button)
	}
}

// undo clicks the undo a delete offered and returns the page's notice.
func (p *person) undo() string {
	p.t.Helper()
	p.click("#undo")
	return p.text(".notice span")
}

func (p *person) value(css string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, css))
}

func (p *person) path() string {
	p.t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.t.Fatal(err)
	}
	u, _ := url.Parse(loc)
	return u.Path
}

// submit clicks a form's submit button and waits for the page that answers.
func (p *person) submit(form string) {
	p.t.Helper()
	p.do(chromedp.Evaluate[chromedp.Void](`window.__old = true`),
		chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)))
	p.waitFor(`window.__old !== true && document.readyState === "complete"`)
}

// waitFor evaluates a condition until it holds; errors while the page changes are retried.
func (p *person) waitFor(cond string) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("waiting for %s: %v", cond, last)
}

func (p *person) open(path string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.site.URL + path))
}

// signIn goes to the overview, is sent to the sign-in page, and signs in.
func (p *person) signIn(username, password string) {
	p.t.Helper()
	p.vietnamese()
	p.open("/")
	if got := p.path(); got != "/sign-in" {
		p.t.Fatalf("a signed-out visitor of / is at %s, want /sign-in", got)
	}
	p.do(chromedp.SendKeys(chromedp.CSS("#f-username"), username), chromedp.SendKeys(chromedp.CSS("#f-password"), password))
	p.submit(`form[action="/sign-in"]`)
	if got := p.path(); got != "/" {
		p.t.Fatalf("after signing in %s is at %s (%s)", username, got, p.text(".alert"))
	}
}

// fill types into text fields and sets selects, by CSS selector.
func (p *person) fill(fields map[string]string) {
	p.t.Helper()
	for sel, v := range fields {
		set := fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("change")); return e.tagName; })()`, sel, v)
		if eval[string](p, set) == "SELECT" {
			continue
		}
		// Text is typed, key by key, as a person would (Vietnamese letters included).
		p.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)), chromedp.SendKeys(chromedp.CSS(sel), v))
	}
}

// screenshot saves the whole page in the screenshot folder.
func (p *person) screenshot(name string) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir(p.t), name), buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// screenshotDir is the folder named by CHITIEU_SCREENSHOTS, or a temporary one.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CHITIEU_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBrowser(t *testing.T) {
	s := startSite(t)
	browser := newBrowser(t)

	t.Run("LanguageFromBrowserAndSwitch", func(t *testing.T) {
		p := s.person(t, browser, browserEN)
		p.open("/")
		if p.path() != "/sign-in" || p.text("h1") != "Sign in" {
			t.Fatalf("with an English Accept-Language: at %s, %q", p.path(), p.text("h1"))
		}
		p.vietnamese()
		if got := p.text("h1"); got != "Đăng nhập" {
			t.Fatalf("after the switch: %q", got)
		}
		// A browser that asks for Vietnamese gets it without the switch.
		vi := s.person(t, browser, browserVI)
		vi.open("/sign-in")
		if got := vi.text("h1"); got != "Đăng nhập" {
			t.Fatalf("with a Vietnamese Accept-Language: %q", got)
		}
	})

	t.Run("OverviewScreenshots", func(t *testing.T) {
		dir := screenshotDir(t)
		p := s.person(t, browser, browserVI)
		for _, shot := range []struct {
			name          string
			width, height int64
			mobile        bool
		}{
			{"overview-desktop.png", 1366, 900, false},
			{"overview-phone.png", 390, 844, true},
		} {
			opts := []chromedp.EmulateViewportOption{}
			if shot.mobile {
				opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			p.do(chromedp.EmulateViewport(shot.width, shot.height, opts...))
			if shot.name == "overview-desktop.png" {
				p.signIn("thuongtruc", viewerPassword)
			}
			p.open("/")
			if n := eval[int](p, `document.querySelectorAll(".card svg.chart:not(.key)").length`); n != 2 {
				// the current plan's two targets; the 2013 plan's are on its page
				t.Fatalf("%s: %d charts, want 2 (one per target of the plan in force)", shot.name, n)
			}
			// Issue 14: the charts' letters at least 12 px as shown (their size in user units
			// scaled by the drawing's width on the page, 480 units).
			if px := eval[float64](p, `Math.min(...[...document.querySelectorAll(".card svg.chart:not(.key) text")].map(t =>
				parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getBoundingClientRect().width / 480))`); px < 12 {
				t.Errorf("%s: chart text of %.1f px, want at least 12", shot.name, px)
			}
			buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if shot.mobile {
				// The whole long page too; the README shows the first screen.
				if err := os.WriteFile(filepath.Join(dir, strings.Replace(shot.name, ".png", "-full.png", 1)), buf, 0o644); err != nil {
					t.Fatal(err)
				}
				if buf, err = chromedp.Run(p.ctx, chromedp.CaptureScreenshot()); err != nil {
					t.Fatal(err)
				}
			}
			img, err := png.Decode(bytes.NewReader(buf))
			if err != nil {
				t.Fatalf("%s: %v", shot.name, err)
			}
			scale := int64(1)
			if shot.mobile {
				scale = 2
			}
			// A desktop page loses the width of its scroll bar.
			if w := int64(img.Bounds().Dx()); w > shot.width*scale || w < (shot.width-20)*scale {
				t.Fatalf("%s is %d pixels wide, want about %d", shot.name, w, shot.width*scale)
			}
			if err := os.WriteFile(filepath.Join(dir, shot.name), buf, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", filepath.Join(dir, shot.name))
		}
		// What leadership prints for a meeting: A4, with the print style sheet.
		p.do(chromedp.EmulateReset())
		pdf, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(), chromedp.PDFMargin(0.4)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatal("the print is not a PDF")
		}
		if err := os.WriteFile(filepath.Join(dir, "overview-print.pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("EditorAddsCadreAndTraining", func(t *testing.T) {
		p := s.person(t, browser, browserVI)
		p.signIn("bantochuc", editorPassword)
		before := s.target(ptTarget)

		p.open("/cadres/new")
		p.fill(map[string]string{"#f-full_name": "Nguyễn Thị Ánh Tuyết", "#f-unit": officeUnit, "#f-position": "Chuyên viên Ban Tổ chức",
			"#f-joined_on": "01/03/2020", "#f-gender": "female"})
		p.submit("#cadre-form")
		if !strings.HasPrefix(p.path(), "/cadres/") || p.text(".notice") != "Đã thêm cán bộ." {
			t.Fatalf("after adding the cadre: at %s, notice %q, alert %q", p.path(), p.text(".notice"), p.text(".alert"))
		}
		if got := p.text("h1"); got != "Nguyễn Thị Ánh Tuyết" {
			t.Fatalf("cadre page title = %q", got)
		}
		// The little script offers no level for a professional course, and the levels of the
		// kind chosen otherwise.
		p.fill(map[string]string{"#f-kind": "professional"})
		if !eval[bool](p, `document.getElementById("f-level").disabled`) {
			t.Fatal("a professional course is offered a level")
		}
		p.fill(map[string]string{"#f-kind": "political_theory"})
		if eval[bool](p, `document.getElementById("f-level").disabled || !document.querySelectorAll("#f-level optgroup")[1].disabled`) {
			t.Fatal("political theory is not offered its levels alone")
		}
		p.fill(map[string]string{"#f-kind": "political_theory", "#f-level": "trung_cap", "#f-status": "completed",
			"#f-course": "Trung cấp lý luận chính trị – hành chính", "#f-started_on": "05/09/2021", "#f-completed_on": "15/06/2022"})
		p.submit("#training-form")
		if got := p.text(".notice"); got != "Đã thêm hồ sơ đào tạo." {
			t.Fatalf("after adding the record: notice %q, errors %q", got, p.text(".error"))
		}
		if got := p.text("#pt-level"); got != "Trung cấp" {
			t.Fatalf("political theory level = %q, want Trung cấp", got)
		}

		after := s.target(ptTarget)
		if after.Numerator != before.Numerator+1 || after.Denominator != before.Denominator+1 {
			t.Fatalf("API figures %+v -> %+v, want one more of each", before, after)
		}
		want := i18n.Percent(i18n.VI, float64(before.Numerator+1)/float64(before.Denominator+1))
		p.open("/plans/ke-hoach-2013?as_of=" + after.AsOf)
		if got := p.text("#target-" + ptTarget + " [data-ratio]"); got != want {
			t.Fatalf("overview shows %q for %s, want %q (%d/%d)", got, ptTarget, want, before.Numerator+1, before.Denominator+1)
		}

		// The search ignores diacritics.
		p.open("/cadres?q=" + url.QueryEscape("nguyen thi anh tuyet"))
		if got := p.text("table.data tbody td a"); got != "Nguyễn Thị Ánh Tuyết" {
			t.Fatalf("search without diacritics found %q", got)
		}
	})

	t.Run("EditorImportsSpreadsheet", func(t *testing.T) {
		// A cadre list made in Excel: one new cadre of the office with a trung cấp.
		file := filepath.Join(t.TempDir(), "can-bo-moi.xlsx")
		wb := excelize.NewFile()
		for i, row := range [][]any{
			{"STT", "Họ và tên", "Đơn vị", "Chức vụ", "Ngày vào", "Trình độ LLCT", "Năm đạt LLCT"},
			{1, "Võ Thị Hồng Nhung", officeUnit, "Chuyên viên Ban Thanh niên", "01/06/2021", "Trung cấp", 2020},
		} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := wb.SetSheetRow("Sheet1", cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		if err := wb.SaveAs(file); err != nil {
			t.Fatal(err)
		}
		before := s.target(ptTarget)

		p := s.person(t, browser, browserVI)
		p.signIn("bantochuc", editorPassword)
		p.do(chromedp.Evaluate[chromedp.Void](`window.__old = true`), chromedp.Click(chromedp.CSS(`nav.menu a[href="/import"]`)))
		p.waitFor(`window.__old !== true && document.readyState === "complete"`)
		if got := p.text("h1"); p.path() != "/import" || got != "Nhập từ Excel" {
			t.Fatalf("the menu's import entry leads to %s, %q", p.path(), got)
		}
		p.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file-cadres"), []string{file}))
		p.submit("#import-form-cadres")
		if got := p.text("#import-outcome h2"); got != "Kết quả chạy thử: Cán bộ" {
			t.Fatalf("after the upload: %q, errors %q", got, p.text(".error"))
		}
		for sel, want := range map[string]string{"[data-rows]": "1", "[data-created]": "1", "[data-updated]": "0", "[data-problems]": "0"} {
			if got := p.text("#import-outcome " + sel); got != want {
				t.Errorf("dry run %s = %q, want %q", sel, got, want)
			}
		}
		if n := s.cadresNamed("Võ Thị Hồng Nhung"); n != 0 {
			t.Fatal("the dry run wrote the cadre")
		}
		p.screenshot("import-dry-run.png")

		p.submit("#import-confirm")
		if got := p.text("#import-outcome .notice"); got != "Đã ghi vào cơ sở dữ liệu: tạo mới 1, cập nhật 0, không đổi 0." {
			t.Fatalf("after the confirmation: %q, %q", got, p.text("#import-outcome"))
		}
		if n := s.cadresNamed("Võ Thị Hồng Nhung"); n != 1 {
			t.Fatalf("%d cadres imported", n)
		}
		p.screenshot("import-done.png")
		after := s.target(ptTarget)
		if after.Numerator != before.Numerator+1 || after.Denominator != before.Denominator+1 {
			t.Fatalf("API figures %+v -> %+v, want one more of each", before, after)
		}
		// The outcome leads to the list, where the cadre is.
		p.do(chromedp.Evaluate[chromedp.Void](`window.__old = true`), chromedp.Click(chromedp.CSS("#import-list")))
		p.waitFor(`window.__old !== true && document.readyState === "complete"`)
		if p.path() != "/cadres" {
			t.Fatalf("the outcome's link leads to %s", p.path())
		}
		p.open("/cadres?q=" + url.QueryEscape("vo thi hong nhung"))
		if got := p.text("table.data tbody td a"); got != "Võ Thị Hồng Nhung" {
			t.Fatalf("the list shows %q", got)
		}
	})

	t.Run("RefusedFormKeepsValues", func(t *testing.T) {
		p := s.person(t, browser, browserVI)
		p.signIn("bantochuc", editorPassword)
		p.open("/youth?unit=" + officeUnit)
		p.fill(map[string]string{"#f-reported_on": "31/12/2015", "#f-youth_population": "100", "#f-union_members": "80",
			"#f-association_members": "30", "#f-gathered": "105"})
		p.submit("#youth-form")
		if got := p.text("#e-gathered"); got != "không được lớn hơn số thanh niên" {
			t.Fatalf("message next to gathered = %q", got)
		}
		for sel, want := range map[string]string{"#f-reported_on": "31/12/2015", "#f-youth_population": "100", "#f-union_members": "80",
			"#f-association_members": "30", "#f-gathered": "105"} {
			if got := p.value(sel); got != want {
				t.Errorf("%s = %q after the refusal, want %q", sel, got, want)
			}
		}

		p.open("/cadres/new")
		p.fill(map[string]string{"#f-full_name": "Trần Văn Bình", "#f-unit": officeUnit, "#f-joined_on": "01/06/2014", "#f-left_on": "01/01/2014"})
		p.submit("#cadre-form")
		if got := p.text("#e-left_on"); got != "phải sau ngày vào công tác" {
			t.Fatalf("message next to left_on = %q", got)
		}
		if p.value("#f-full_name") != "Trần Văn Bình" || p.value("#f-left_on") != "01/01/2014" || p.value("#f-unit") != officeUnit {
			t.Fatalf("the form lost what was typed: %q %q %q", p.value("#f-full_name"), p.value("#f-left_on"), p.value("#f-unit"))
		}
		if n := s.cadresNamed("Trần Văn Bình"); n != 0 {
			t.Fatalf("a refused cadre was written: %d", n)
		}
	})

	t.Run("ViewerSeesNoFormsAndCannotForge", func(t *testing.T) {
		p := s.person(t, browser, browserVI)
		p.signIn("thuongtruc", viewerPassword)
		p.open("/cadres")
		if p.has(`a[href="/cadres/new"]`) || p.has("form[method=post]:not([action='/sign-out'])") {
			t.Fatal("the viewer's cadre list has a write form or link")
		}
		p.do(chromedp.Click(chromedp.CSS("table.data tbody td a")))
		p.waitFor(`location.pathname.startsWith("/cadres/") && document.readyState === "complete"`)
		if p.has("#training-form") || p.has(`form[action^="/trainings/"]`) || p.has(`a[href$="/edit"]`) {
			t.Fatal("the viewer's cadre page has write forms")
		}
		p.open("/youth?unit=" + officeUnit)
		if p.has("#youth-form") {
			t.Fatal("the viewer's youth page has the report form")
		}
		// A POST made from the viewer's own session, as a form would send it, is refused by
		// the role, whatever the page showed.
		p.do(chromedp.Evaluate[chromedp.Void](`(() => {
			const f = document.createElement("form");
			f.method = "post"; f.action = "/cadres/new"; f.id = "forged";
			for (const [k, v] of Object.entries({full_name: "Lê Giả Mạo", unit: "co-quan-tinh-doan", joined_on: "01/01/2020", full_time: "on"})) {
				const i = document.createElement("input"); i.name = k; i.value = v; f.appendChild(i);
			}
			const b = document.createElement("button"); b.type = "submit"; f.appendChild(b);
			document.body.appendChild(f);
		})()`))
		p.submit("#forged")
		if got := p.text("main p"); got != "Tài khoản của bạn không có quyền thực hiện thao tác này." {
			t.Fatalf("viewer's forged POST answered %q", got)
		}
		if n := s.cadresNamed("Lê Giả Mạo"); n != 0 {
			t.Fatalf("the viewer's POST wrote a cadre")
		}
	})

	t.Run("CrossSiteFormRefused", func(t *testing.T) {
		// Another origin (another port of the loopback) with a form aimed at the site; the
		// editor is signed in, so the browser sends the session cookie (same site, Lax).
		evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `<!doctype html><form method="post" action="%s/cadres/new" id="evil">
				<input name="full_name" value="Kẻ Giả Mạo"><input name="unit" value="%s"><input name="joined_on" value="01/01/2020">
				<button type="submit">Nhận quà</button></form>`, s.URL, officeUnit)
		}))
		defer evil.Close()
		p := s.person(t, browser, browserVI)
		p.signIn("bantochuc", editorPassword)
		p.do(chromedp.Navigate(evil.URL))
		p.submit("#evil")
		if got := p.text("main p"); got != "Yêu cầu gửi từ trang web khác đã bị từ chối." {
			t.Fatalf("cross-site POST answered %q", got)
		}
		if n := s.cadresNamed("Kẻ Giả Mạo"); n != 0 {
			t.Fatal("the cross-site POST wrote a cadre")
		}
	})

	t.Run("EveryPageInBothLanguages", func(t *testing.T) {
		dir := filepath.Join(screenshotDir(t), "pages")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		p := s.person(t, browser, browserVI)
		p.signIn("admin", testenv.AdminPassword)
		p.do(chromedp.EmulateViewport(1280, 800))
		pages := map[string]string{
			"overview": "/", "overview-2015": "/?as_of=31/12/2015", "units": "/units", "unit": "/units/" + officeUnit,
			"cadres": "/cadres?pt=trung_cap", "cadre": "/cadres/1", "cadre-edit": "/cadres/1/edit", "cadre-new": "/cadres/new",
			"youth": "/youth?unit=rach-gia", "targets": "/targets", "target-new": "/targets/new", "target-edit": "/targets/" + ptTarget + "/edit",
			"users": "/users", "user": "/users/bantochuc", "audit": "/audit", "not-found": "/khong-co",
			"positions": "/positions", "position": "/positions/1", "cadres-failing": "/cadres?recruitment_check=failing",
			"import": "/import", "plans": "/plans", "plan-2013": "/plans/ke-hoach-2013",
			"annual": "/reports/annual", "annual-2015": "/reports/annual?date=31/12/2015",
		}
		for _, lang := range []string{"vi", "en"} {
			p.do(chromedp.Navigate(s.URL + "/lang/" + lang + "?next=/"))
			for name, path := range pages {
				resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(s.URL+path))
				if err != nil {
					t.Fatal(err)
				}
				wantStatus := int64(http.StatusOK)
				if name == "not-found" {
					wantStatus = http.StatusNotFound
				}
				if resp.Status != wantStatus {
					t.Errorf("%s %s: status %d, want %d", lang, path, resp.Status, wantStatus)
				}
				if got := eval[string](p, `document.documentElement.lang`); got != lang {
					t.Errorf("%s %s: page language %q", lang, path, got)
				}
				// A key missing from a catalogue shows as «key».
				if body := p.text("body"); strings.Contains(body, "«") {
					i := strings.Index(body, "«")
					t.Errorf("%s %s: a message is missing: %s", lang, path, body[i:min(len(body), i+60)])
				}
				buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name+"-"+lang+".png"), buf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	})

	t.Run("CommitmentsOnThePages", func(t *testing.T) {
		// What the API says of the demo today, which the pages must show.
		var failing struct {
			Items []struct {
				FullName string `json:"full_name"`
			} `json:"items"`
			Total int `json:"total"`
		}
		s.api(http.MethodGet, "/api/v1/cadres?recruitment_check=failing&limit=1000", nil, &failing)
		var positions struct {
			Items []struct {
				ID          int64  `json:"id"`
				Unit        string `json:"unit"`
				Title       string `json:"title"`
				Seats       int    `json:"seats"`
				AsOf        string `json:"as_of"`
				VacantSeats int    `json:"vacant_seats"`
				VacantSince string `json:"vacant_since"`
			} `json:"items"`
		}
		s.api(http.MethodGet, "/api/v1/positions?limit=1000", nil, &positions)
		seats, vacant, longest := 0, 0, -1
		for i, p := range positions.Items {
			seats += p.Seats
			vacant += p.VacantSeats
			if p.VacantSeats > 0 && (longest < 0 || p.VacantSince < positions.Items[longest].VacantSince) {
				longest = i
			}
		}
		if failing.Total == 0 || vacant == 0 || longest < 0 {
			t.Fatalf("the demo has %d cadres recruited without an exam and %d vacant seats; the test needs some of each", failing.Total, vacant)
		}
		long := positions.Items[longest]
		asOf, _ := time.Parse(time.DateOnly, long.AsOf)
		since, _ := time.Parse(time.DateOnly, long.VacantSince)
		days := int(asOf.Sub(since).Hours() / 24)

		p := s.person(t, browser, browserVI)
		p.signIn("thuongtruc", viewerPassword)
		if got := p.text("#card-recruitment [data-count]"); got != strconv.Itoa(failing.Total) {
			t.Errorf("recruitment card: %q cadres, the API %d", got, failing.Total)
		}
		if got, want := p.text("#card-leadership [data-vacant]"), strconv.Itoa(vacant); got != want {
			t.Errorf("leadership card: %q vacant, the API %s", got, want)
		}
		if got, want := p.text("#card-leadership [data-seats]"), fmt.Sprintf("còn thiếu, trên %d người theo quy định của %d chức danh", seats, len(positions.Items)); got != want {
			t.Errorf("leadership card: %q, want %q", got, want)
		}
		if got, want := p.text("#longest-vacancy [data-days]"), fmt.Sprintf("%d ngày", days); got != want || !strings.Contains(p.text("#longest-vacancy"), long.Title) {
			t.Errorf("longest vacancy: %q (%s), want %s of %s", p.text("#longest-vacancy"), got, want, long.Title)
		}

		// The card's link opens the list of those cadres, with the rule above it.
		p.do(chromedp.Evaluate[chromedp.Void](`window.__old = true`), chromedp.Click(chromedp.CSS("#failing-link")))
		p.waitFor(`window.__old !== true && document.readyState === "complete"`)
		if got, want := p.text("#cadre-count"), fmt.Sprintf("%d cán bộ", failing.Total); p.path() != "/cadres" || got != want {
			t.Fatalf("after the card's link: at %s, %q, want %q", p.path(), got, want)
		}
		if rule := p.text("#recruitment-rule"); !strings.Contains(rule, "từ ngày 01/01/2014") || !strings.Contains(rule, "Cơ quan Tỉnh Đoàn") {
			t.Errorf("the rule reads %q", rule)
		}
		names := eval[[]string](p, `[...document.querySelectorAll("table.data tbody td:first-child a")].map(a => a.textContent)`)
		for _, c := range failing.Items {
			if !slices.Contains(names, c.FullName) {
				t.Errorf("the list %v lacks %s", names, c.FullName)
			}
		}

		// The positions page puts the longest vacancy first; its unit's page shows it vacant.
		p.open("/")
		p.do(chromedp.Evaluate[chromedp.Void](`window.__old = true`), chromedp.Click(chromedp.CSS("#positions-link")))
		p.waitFor(`window.__old !== true && document.readyState === "complete"`)
		if got := p.text("table.positions tbody tr td:nth-child(2)"); got != long.Title {
			t.Errorf("the first position listed is %q, want %q", got, long.Title)
		}
		var unitPositions struct {
			Total int `json:"total"`
		}
		s.api(http.MethodGet, "/api/v1/positions?unit="+long.Unit, nil, &unitPositions)
		p.open("/units/" + long.Unit)
		if n := eval[int](p, `document.querySelectorAll("#unit-positions tbody tr").length`); n != unitPositions.Total {
			t.Errorf("the unit's page lists %d positions, the API %d", n, unitPositions.Total)
		}
		row := fmt.Sprintf(`#unit-positions tr[data-position="%d"]`, long.ID)
		if !p.has(row+".vacant") || p.text(row+" [data-vacant]") != strconv.Itoa(long.VacantSeats) {
			t.Errorf("the unit's page shows %s with %q vacant, want %d", long.Title, p.text(row+" [data-vacant]"), long.VacantSeats)
		}
	})

	t.Run("AdminMakesEditorViewer", func(t *testing.T) {
		const username, pw = "bientap", "Biên tập viên Tỉnh Đoàn 2014"
		s.api(http.MethodPost, "/api/v1/users", map[string]any{"username": username, "role": "editor", "unit": officeUnit, "password": pw}, nil)
		editLinks := func(p *person) bool {
			p.open("/cadres")
			return p.has(`a[href="/cadres/new"]`) || p.has("form[method=post]:not([action='/sign-out'])")
		}
		editor := s.person(t, browser, browserVI)
		editor.signIn(username, pw)
		if !editLinks(editor) {
			t.Fatal("the editor sees no editing links before the change: the check below would prove nothing")
		}

		admin := s.person(t, browser, browserVI)
		admin.signIn("admin", testenv.AdminPassword)
		admin.open("/users")
		admin.do(chromedp.Evaluate[chromedp.Void](`window.__old = true`), chromedp.Click(chromedp.CSS(`a[href="/users/`+username+`"]`)))
		admin.waitFor(`window.__old !== true && document.readyState === "complete"`)
		if got := admin.value("#f-role"); got != "editor" {
			t.Fatalf("the user's page shows role %q, want editor", got)
		}
		admin.fill(map[string]string{"#f-role": "viewer"})
		admin.submit("#role-form")
		row := `#users tr[data-user="` + username + `"]`
		if admin.path() != "/users" || admin.text(".notice") != "Đã lưu người dùng." || admin.text(row+" [data-role]") != "xem" {
			t.Fatalf("after the change: at %s, notice %q, role in the list %q, alert %q", admin.path(), admin.text(".notice"), admin.text(row+" [data-role]"), admin.text(".alert"))
		}

		viewer := s.person(t, browser, browserVI)
		viewer.signIn(username, pw)
		if got := viewer.text(".who .user"); got != username+" · xem" {
			t.Fatalf("signed in as %q", got)
		}
		if editLinks(viewer) {
			t.Fatal("the user made a viewer still sees editing links")
		}
		viewer.do(chromedp.Evaluate[chromedp.Void](`window.__old = true`), chromedp.Click(chromedp.CSS("table.data tbody td a")))
		viewer.waitFor(`window.__old !== true && document.readyState === "complete"`)
		if viewer.has("#training-form") || viewer.has(`a[href$="/edit"]`) {
			t.Fatal("the user made a viewer has write forms on a cadre's page")
		}
		// The session opened as an editor follows the change at its next page.
		if editLinks(editor) {
			t.Fatal("the session opened before the change still shows editing links")
		}
	})

	t.Run("AdminEditsTarget", func(t *testing.T) {
		p := s.person(t, browser, browserVI)
		p.signIn("admin", testenv.AdminPassword)
		p.open("/targets/" + ptTarget + "/edit")
		// The level of the target's kind stays chosen, though education has a trung_cap too.
		if got := p.value("#f-min_level"); got != "trung_cap" {
			t.Fatalf("min_level = %q, want trung_cap", got)
		}
		p.fill(map[string]string{"#f-threshold": "82,5"})
		p.submit(`form[action$="/edit"]`)
		if got := p.text(".notice"); got != "Đã lưu chỉ tiêu." {
			t.Fatalf("notice %q, alert %q, errors %q", got, p.text(".alert"), p.text(".error"))
		}
		var tg struct {
			Threshold float64 `json:"threshold"`
			MinLevel  string  `json:"min_level"`
		}
		s.api(http.MethodGet, "/api/v1/targets/"+ptTarget, nil, &tg)
		if math.Abs(tg.Threshold-0.825) > 1e-9 || tg.MinLevel != "trung_cap" {
			t.Fatalf("target after the edit: %+v", tg)
		}
		p.open("/plans/ke-hoach-2013")
		if got := p.text("#target-" + ptTarget + " .facts dd"); got != "từ 82,5\u00a0%" {
			t.Fatalf("overview threshold = %q", got)
		}
	})
}
