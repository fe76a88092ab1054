package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"chitieu/internal/testenv"
)

// currentTarget is a target of the demo's current plan over the provincial office.
const currentTarget = "cao-cap-2027"

// counts reads the cadres behind each unit's part of a target on a day, from the drill-down.
func (p *person) counts(target, day string) map[string]int {
	p.t.Helper()
	p.open("/units?target=" + target + "&on=" + url.QueryEscape(day))
	raw := eval[map[string]string](p, `Object.fromEntries([...document.querySelectorAll("#drill tbody tr[data-unit]")].map(r => [r.dataset.unit, r.querySelector("td:nth-of-type(3)").textContent.trim()]))`)
	out := map[string]int{}
	for unit, s := range raw {
		n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
		if err != nil {
			p.t.Fatalf("%s on %s: count %q", unit, day, s)
		}
		out[unit] = n
	}
	return out
}

// unitsOn lists the codes of the units alive on a day, through the API.
func (s *site) unitsOn(day time.Time) []string {
	var list struct {
		Items []struct {
			Code string `json:"code"`
		} `json:"items"`
	}
	s.api(http.MethodGet, "/api/v1/units?limit=1000&as_of="+day.Format("2006-01-02"), nil, &list)
	var codes []string
	for _, u := range list.Items {
		codes = append(codes, u.Code)
	}
	return codes
}

// reorganise submits one of the reorganisation page's forms and checks that its dry run wrote
// nothing, then applies it.
func (p *person) reorganise(form string, fields map[string]string, check func()) {
	p.t.Helper()
	p.open("/reorganise")
	p.fill(fields)
	p.submit(form)
	if !p.has("#reorg-preview") {
		p.t.Fatalf("%s: no preview: %q", form, p.text(".alert"))
	}
	check()
	p.submit("#reorg-confirm")
	if got := p.text(".notice span"); got != "Đã áp dụng việc tổ chức lại đơn vị." {
		p.t.Fatalf("%s: after confirming %q (%q)", form, got, p.text(".alert"))
	}
}

// The pages of issue 16: a clerk's move from a date, an admin's changes to the units, and a
// merger previewed then applied, on the tree of the day.
func TestBrowserOrganisation(t *testing.T) {
	s := startSite(t)
	browser := newBrowser(t)
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(hcm)
	moveDay, dayBefore := today.AddDate(0, 0, -7).Format("02/01/2006"), today.AddDate(0, 0, -8).Format("02/01/2006")
	fromUnit, toUnit := "van-phong", "ban-tuyen-giao"

	t.Run("ClerkMovesACadre", func(t *testing.T) {
		var cadres struct {
			Items []struct {
				ID       int64 `json:"id"`
				FullTime bool  `json:"full_time"`
			} `json:"items"`
		}
		s.api(http.MethodGet, "/api/v1/cadres?active=true&limit=50&unit="+fromUnit, nil, &cadres)
		var id int64
		for _, c := range cadres.Items {
			if c.FullTime {
				id = c.ID
				break
			}
		}
		if id == 0 {
			t.Fatalf("no full-time cadre in %s", fromUnit)
		}
		p := s.person(t, browser, browserVI)
		p.signIn("bantochuc", editorPassword)
		before, on := p.counts(currentTarget, dayBefore), p.counts(currentTarget, moveDay)
		if on[fromUnit] == 0 {
			t.Fatalf("%s counts nobody on %s: %v", fromUnit, moveDay, on)
		}

		p.open(fmt.Sprintf("/cadres/%d", id))
		p.click("#cadre-move")
		p.fill(map[string]string{"#f-unit": toUnit, "#f-from": moveDay})
		p.submit("#move-form")
		if got := p.text(".notice span"); got != "Đã ghi nhận chuyển công tác." {
			t.Fatalf("after the move: %q, errors %q", got, p.text(".error"))
		}
		// The postings, newest first: the new unit from the day, the old one until the day before.
		rows := eval[[]string](p, `[...document.querySelectorAll("#postings tbody tr")].map(r => r.dataset.unit + " " + r.cells[3].textContent + " " + r.cells[4].textContent)`)
		if len(rows) < 2 || rows[0] != toUnit+" "+moveDay+" Hiện nay" || !strings.HasPrefix(rows[1], fromUnit+" ") || !strings.HasSuffix(rows[1], " "+dayBefore) {
			t.Fatalf("postings after the move: %q", rows)
		}
		p.screenshot("cadre-move.png")

		after, onAfter := p.counts(currentTarget, dayBefore), p.counts(currentTarget, moveDay)
		for _, u := range []string{fromUnit, toUnit} {
			if after[u] != before[u] {
				t.Errorf("%s on %s, the day before the move: %d cadres, was %d", u, dayBefore, after[u], before[u])
			}
		}
		if onAfter[fromUnit] != on[fromUnit]-1 || onAfter[toUnit] != on[toUnit]+1 {
			t.Errorf("on %s: %s %d (was %d), %s %d (was %d)", moveDay, fromUnit, onAfter[fromUnit], on[fromUnit], toUnit, onAfter[toUnit], on[toUnit])
		}
	})

	t.Run("AdminChangesUnits", func(t *testing.T) {
		p := s.person(t, browser, browserVI)
		p.signIn("admin", testenv.AdminPassword)
		p.open("/units")
		p.click("#units-reorganise")
		day := today.AddDate(0, 0, -3).Format("02/01/2006")
		p.reorganise("#reorg-create", map[string]string{"#create-effective_on": day, "#create-code": "ban-chuyen-doi-so",
			"#create-name": "Ban Chuyển đổi số", "#create-parent": officeUnit}, func() {
			if got := p.text("#preview-created"); got != "ban-chuyen-doi-so" {
				t.Fatalf("the preview founds %q", got)
			}
			if slices.Contains(s.unitsOn(today), "ban-chuyen-doi-so") {
				t.Fatal("the dry run founded the unit")
			}
		})
		p.reorganise("#reorg-rename", map[string]string{"#rename-effective_on": today.Format("02/01/2006"), "#rename-unit": "ban-chuyen-doi-so",
			"#rename-name": "Ban Chuyển đổi số và Truyền thông"}, func() {})
		// A move under its own child is refused, in Vietnamese, with the units' names.
		p.open("/reorganise")
		p.fill(map[string]string{"#move-effective_on": today.Format("02/01/2006"), "#move-unit": officeUnit, "#move-parent": "ban-chuyen-doi-so"})
		p.submit("#reorg-move")
		if got := p.text(".alert"); !strings.Contains(got, "vòng lặp") || !strings.Contains(got, "Ban Chuyển đổi số và Truyền thông") {
			t.Fatalf("a cycle: %q", got)
		}
		p.reorganise("#reorg-move", map[string]string{"#move-effective_on": today.Format("02/01/2006"), "#move-unit": "ban-chuyen-doi-so",
			"#move-parent": "an-giang-moi"}, func() {
			if got := p.text("#preview-changed"); !strings.Contains(got, "Ban Chuyển đổi số và Truyền thông") {
				t.Fatalf("the preview changes %q", got)
			}
		})
		p.open("/units/ban-chuyen-doi-so")
		versions := eval[[]string](p, `[...document.querySelectorAll("#unit-versions tbody tr")].map(r => [...r.cells].map(c => c.textContent.trim()).join(" | "))`)
		want := []string{day + " | Ban Chuyển đổi số | Cơ quan Tỉnh Đoàn An Giang", today.Format("02/01/2006") + " | Ban Chuyển đổi số và Truyền thông | Tỉnh Đoàn An Giang"}
		if strings.Join(versions, "\n") != strings.Join(want, "\n") {
			t.Fatalf("versions:\n%s\nwant:\n%s", strings.Join(versions, "\n"), strings.Join(want, "\n"))
		}
		p.screenshot("unit-history.png")
	})

	t.Run("AdminPreviewsAndAppliesAMerger", func(t *testing.T) {
		p := s.person(t, browser, browserVI)
		p.signIn("admin", testenv.AdminPassword)
		day := today.AddDate(0, 0, -1)
		body := fmt.Sprintf(`{"effective_on": %q, "note": "Quyết định hợp nhất các ban", "changes": [`+
			`{"op": "create", "unit": {"code": "ban-tong-hop", "name": "Ban Tổng hợp", "parent": %q}},`+
			`{"op": "merge", "units": ["ban-phong-trao", "ban-tuyen-giao"], "into": "ban-tong-hop"}]}`, day.Format("2006-01-02"), officeUnit)
		before := s.unitsOn(today)
		p.reorganise("#reorg-body", map[string]string{"#reorg-body-text": body}, func() {
			if got := p.text("#preview-ended"); got != "Ban Phong trào, Ban Tuyên giáo" {
				t.Errorf("the preview ends %q", got)
			}
			if n, err := strconv.Atoi(p.text("#preview-postings")); err != nil || n == 0 {
				t.Errorf("the preview moves %q cadres", p.text("#preview-postings"))
			}
			if got := s.unitsOn(today); !slices.Equal(got, before) {
				t.Fatalf("the dry run changed the units: %v, was %v", got, before)
			}
			p.screenshot("merger-preview.png")
		})
		after := s.unitsOn(today)
		if slices.Contains(after, "ban-phong-trao") || slices.Contains(after, "ban-tuyen-giao") || !slices.Contains(after, "ban-tong-hop") {
			t.Fatalf("after the merger: %v", after)
		}
		// The tree of the day before still has the two departments, on the API and the pages.
		if was := s.unitsOn(day.AddDate(0, 0, -1)); !slices.Contains(was, "ban-phong-trao") || slices.Contains(was, "ban-tong-hop") {
			t.Fatalf("the day before the merger: %v", was)
		}
		p.open("/units?on=" + day.AddDate(0, 0, -1).Format("02/01/2006"))
		if !p.has(`a[href="/units/ban-phong-trao"]`) || p.has(`a[href="/units/ban-tong-hop"]`) {
			t.Fatal("the units page of the day before shows the tree after the merger")
		}
		p.open("/units?on=" + day.Format("02/01/2006"))
		if p.has(`a[href="/units/ban-phong-trao"]`) || !p.has(`a[href="/units/ban-tong-hop"]`) {
			t.Fatal("the units page of the merger's day shows the tree before it")
		}
		p.open("/units/ban-phong-trao")
		if got := p.text("#unit-events"); !strings.Contains(got, "Quyết định hợp nhất các ban") {
			t.Fatalf("the merged unit's events: %q", got)
		}
	})
}
