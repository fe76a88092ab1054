package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"chitieu/internal/testenv"
)

const clerkPassword = "Văn thư Ban Tổ chức 2016"

// click clicks an element and waits for the page it leads to.
func (p *person) click(css string) {
	p.t.Helper()
	p.do(chromedp.Evaluate[chromedp.Void](`window.__old = true`), chromedp.Click(chromedp.CSS(css)))
	p.waitFor(`window.__old !== true && document.readyState === "complete"`)
}

// The clerk's, the leader's and the importer's whole jobs, in Chromium on the demo.
func TestBrowserFlows(t *testing.T) {
	s := startSite(t)
	s.api(http.MethodPost, "/api/v1/users", map[string]any{"username": "vanthu", "role": "editor", "password": clerkPassword}, nil)
	browser := newBrowser(t)

	t.Run("ClerkCorrectsAndUndoes", func(t *testing.T) {
		p := s.person(t, browser, browserVI)
		p.signIn("vanthu", clerkPassword)
		p.click(`nav.menu a[href="/youth"]`)
		// The page opens on a unit that has reports, newest first.
		if n := eval[int](p, `document.querySelectorAll("#youth-reports tbody tr").length`); n == 0 {
			t.Fatalf("the youth page opens on %q with no report", p.value("#unit"))
		}
		unit := p.value("#unit")
		id := eval[string](p, `document.querySelector("#youth-reports tbody tr").dataset.report`)
		day := p.text(`#youth-reports tbody tr td`)
		p.click(`#youth-reports tbody tr a[href$="/edit"]`)
		v := map[string]int{}
		for _, f := range []string{"youth_population", "union_members", "association_members", "gathered"} {
			n, err := strconv.Atoi(strings.ReplaceAll(p.value("#f-"+f), ".", ""))
			if err != nil {
				t.Fatalf("%s = %q", f, p.value("#f-"+f))
			}
			v[f] = n
		}
		gathered := max(v["union_members"], v["association_members"])
		if gathered == v["gathered"] {
			gathered = min(v["union_members"]+v["association_members"], v["youth_population"])
		}
		// The same day entered again: the page offers to correct the report instead.
		p.open("/youth?unit=" + url.QueryEscape(unit))
		p.fill(map[string]string{"#f-reported_on": day, "#f-youth_population": fmt.Sprint(v["youth_population"]),
			"#f-union_members": fmt.Sprint(v["union_members"]), "#f-association_members": fmt.Sprint(v["association_members"]),
			"#f-gathered": fmt.Sprint(gathered)})
		p.submit("#youth-form")
		if !p.has("#youth-replace") {
			t.Fatalf("re-entering %s offers no correction: %q", day, p.text(".alert"))
		}
		p.click("#youth-replace")
		if got := p.text(".notice span"); got != "Đã sửa báo cáo." {
			t.Fatalf("after the correction: %q, %q", got, p.text(".error"))
		}
		if got := p.text(fmt.Sprintf(`tr[data-report="%s"] td:nth-child(5)`, id)); got != strconv.Itoa(gathered) && got != fmtThousands(gathered) {
			t.Fatalf("gathered shows %q, want %d", got, gathered)
		}
		// Delete asks first; the undo brings the report back.
		p.deleteConfirmed(fmt.Sprintf(`tr[data-report="%s"] form[action$="/delete"] button`, id))
		if p.has(fmt.Sprintf(`tr[data-report="%s"]`, id)) {
			t.Fatal("deleted report still listed")
		}
		p.screenshot("youth-undo.png")
		if got := p.undo(); got != "Đã khôi phục báo cáo." || !p.has(fmt.Sprintf(`tr[data-report="%s"]`, id)) {
			t.Fatalf("after the undo: %q", got)
		}

		// A training record corrected on its cadre's page.
		var trainings struct {
			Items []struct {
				ID      int64 `json:"id"`
				CadreID int64 `json:"cadre_id"`
			} `json:"items"`
		}
		s.api(http.MethodGet, "/api/v1/trainings?limit=1", nil, &trainings)
		tr := trainings.Items[0]
		p.open(fmt.Sprintf("/cadres/%d", tr.CadreID))
		p.click(fmt.Sprintf(`#trainings a[href="/trainings/%d/edit"]`, tr.ID))
		p.fill(map[string]string{"#f-course": "Lớp sửa lại tên khóa"})
		p.submit("#training-form")
		if got := p.text(".notice span"); got != "Đã sửa hồ sơ đào tạo." {
			t.Fatalf("after correcting the record: %q, errors %q", got, p.text(".error"))
		}
		if !strings.Contains(p.text("#trainings"), "Lớp sửa lại tên khóa") {
			t.Fatal("the corrected course is not shown")
		}
	})

	t.Run("AdminUndoesPositionAndAssignment", func(t *testing.T) {
		var pos struct {
			Assignments []struct {
				ID int64 `json:"id"`
			} `json:"assignments"`
		}
		s.api(http.MethodGet, "/api/v1/positions/1", nil, &pos)
		p := s.person(t, browser, browserVI)
		p.signIn("admin", testenv.AdminPassword)
		// A position deleted after a confirmation comes back with its assignments.
		p.open("/positions/1")
		p.deleteConfirmed("#position-delete")
		if p.path() != "/positions" || p.has(`a[href="/positions/1"]`) {
			t.Fatalf("after the delete: %s", p.path())
		}
		if got := p.undo(); got != "Đã khôi phục chức danh cùng các lần bổ nhiệm." || p.path() != "/positions/1" {
			t.Fatalf("after the undo: %q at %s", got, p.path())
		}
		if n := eval[int](p, `document.querySelectorAll("#assignments tbody tr").length`); n != len(pos.Assignments) {
			t.Fatalf("%d assignments back, want %d", n, len(pos.Assignments))
		}
		// An assignment entered by mistake: deleted after a confirmation, then undone.
		a := pos.Assignments[0].ID
		p.deleteConfirmed(fmt.Sprintf("#delete-%d", a))
		if p.has(fmt.Sprintf(`tr[data-assignment="%d"]`, a)) {
			t.Fatal("deleted assignment still listed")
		}
		if got := p.undo(); got != "Đã khôi phục lần bổ nhiệm." || !p.has(fmt.Sprintf(`tr[data-assignment="%d"]`, a)) {
			t.Fatalf("after the undo: %q", got)
		}
	})

	t.Run("LeaderDrillsDown", func(t *testing.T) {
		p := s.person(t, browser, browserVI)
		p.signIn("thuongtruc", viewerPassword)
		// From the overview's card when it links there, else from the units page's header.
		if p.has(`a[href^="/units?target=` + ptTarget + `"]`) {
			p.click(`a[href^="/units?target=` + ptTarget + `"]`)
		} else {
			p.click(`nav.menu a[href="/units"]`)
			p.click(`#units-table thead a[href^="/units?target=` + ptTarget + `"]`)
		}
		if !p.has("#drill tbody tr") {
			t.Fatalf("no drill-down at %s", p.path())
		}
		// The units below the expected line come first.
		statuses := eval[[]string](p, `[...document.querySelectorAll("#drill tbody tr")].map(r => r.className)`)
		below := false
		for i, st := range statuses {
			lagging := st == "row-behind" || st == "row-missed" || st == "row-at_risk"
			if lagging && i > 0 && !below {
				t.Fatalf("a lagging unit after one on track: %v", statuses)
			}
			below = lagging
			if !lagging {
				break
			}
		}
		p.do(chromedp.EmulateViewport(1366, 900))
		p.screenshot("drilldown-desktop.png")
		// Sorted by ratio, highest first after the second click.
		p.click(`#drill thead a[href*="sort=ratio"]`)
		p.click(`#drill thead a[href*="sort=ratio"]`)
		ratios := eval[[]string](p, `[...document.querySelectorAll("#drill tbody td[data-ratio]")].map(td => td.textContent.trim())`)
		last := 2.0
		for _, r := range ratios {
			if r == "—" {
				continue
			}
			f, _ := strconv.ParseFloat(strings.Replace(strings.TrimSuffix(r, "%"), ",", ".", 1), 64)
			if f/100 > last+1e-9 {
				t.Fatalf("ratios not highest first: %v", ratios)
			}
			last = f / 100
		}
		// A lagging unit's trend.
		p.click(`#drill thead a[href*="sort=status"]`)
		if !p.has(`#drill tbody tr.row-behind th a, #drill tbody tr.row-missed th a, #drill tbody tr.row-at_risk th a`) {
			t.Fatal("no lagging unit on the drill-down: the demo has Châu Thành below the expected line")
		}
		p.click(`#drill tbody tr.row-behind th a, #drill tbody tr.row-missed th a, #drill tbody tr.row-at_risk th a`)
		if !p.has("#unit-trend svg.chart path.actual") {
			t.Fatalf("no trend on %s", p.path())
		}
		p.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
		p.screenshot("unit-trend-phone.png")
		p.do(chromedp.EmulateReset())
	})

	t.Run("ClerkImportsFilledTemplate", func(t *testing.T) {
		failingBefore := s.failing()
		blank := s.download("/api/v1/import/cadres/template.xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(blank))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		header, _ := f.GetRows(sheet)
		units, _ := f.GetRows("Danh mục")
		office := ""
		for _, u := range units {
			if len(u) > 1 && u[1] == officeUnit {
				office = u[0]
			}
		}
		row := map[string]string{"Họ và tên": "Lâm Thị Mỹ Duyên", "Đơn vị": office, "Ngày vào": "2/1/2024",
			"Hình thức tuyển dụng": "Thi tuyển", "Ngày thi tuyển": "15.12.23", "Kết quả thi tuyển": "Đạt"}
		for i, h := range header[0] {
			if v, ok := row[h]; ok {
				cell, _ := excelize.CoordinatesToCellName(i+1, 2)
				_ = f.SetCellValue(sheet, cell, v)
			}
		}
		file := filepath.Join(t.TempDir(), "Mẫu nhập cán bộ.xlsx")
		if err := f.SaveAs(file); err != nil {
			t.Fatal(err)
		}
		p := s.person(t, browser, browserVI)
		p.signIn("bantochuc", editorPassword)
		p.open("/import")
		p.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file-cadres"), []string{file}))
		p.submit("#import-form-cadres")
		if got := p.text("#import-names-create li"); got != "Lâm Thị Mỹ Duyên" {
			t.Fatalf("the dry run names %q; problems %q", got, p.text("#import-problems"))
		}
		p.submit("#import-confirm")
		if s.cadresNamed("Lâm Thị Mỹ Duyên") != 1 {
			t.Fatal("not imported")
		}
		if got := s.failing(); got != failingBefore {
			t.Fatalf("cadres recruited against the rule: %d, before the import %d", got, failingBefore)
		}
	})
}

// failing counts the cadres recruited against the rule, through the API.
func (s *site) failing() int {
	var list struct {
		Total int `json:"total"`
	}
	s.api(http.MethodGet, "/api/v1/cadres?recruitment_check=failing&limit=1", nil, &list)
	return list.Total
}

// download gets a file of the API as admin.
func (s *site) download(path string) []byte {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	req.SetBasicAuth("admin", testenv.AdminPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	buf, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		s.t.Fatalf("%s: %d %v", path, resp.StatusCode, err)
	}
	return buf
}

// fmtThousands writes n with Vietnamese thousands separators.
func fmtThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
