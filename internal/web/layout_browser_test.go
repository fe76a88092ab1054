package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"chitieu/internal/testenv"
)

// A list answered by the API: its items' ids or codes.
type apiList struct {
	Items []struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
	} `json:"items"`
}

func (s *site) firstID(path string) string {
	s.t.Helper()
	var l apiList
	s.api(http.MethodGet, path, nil, &l)
	if len(l.Items) == 0 {
		s.t.Fatalf("%s: empty", path)
	}
	if l.Items[0].Code != "" {
		return l.Items[0].Code
	}
	return fmt.Sprint(l.Items[0].ID)
}

// Every page, at a phone's width and a laptop's, in both languages, fits the window: nothing
// makes the page scroll sideways (a wide table scrolls in its own box or reflows), and the
// menu shows every item (behind its button on a phone).
func TestBrowserLayout(t *testing.T) {
	s := startSite(t)
	browser := newBrowser(t)
	cadre := s.firstID("/api/v1/cadres?limit=1&unit=" + officeUnit)
	training := s.firstID("/api/v1/trainings?limit=1")
	report := s.firstID("/api/v1/youth-reports?limit=1")
	position := s.firstID("/api/v1/positions?limit=1")
	var unit struct {
		Items []struct {
			Code string `json:"code"`
		} `json:"items"`
	}
	s.api(http.MethodGet, "/api/v1/units?limit=3", nil, &unit)
	pages := []string{"/", "/?as_of=31/12/2017", "/units", "/units?target=" + ptTarget, "/units?target=" + ptTarget + "&sort=ratio&dir=desc",
		"/units/" + unit.Items[len(unit.Items)-1].Code, "/units/" + officeUnit + "?target=" + ptTarget,
		"/cadres", "/cadres/new", "/cadres/" + cadre, "/cadres/" + cadre + "/edit", "/cadres/" + cadre + "/move", "/reorganise", "/units?on=30/06/2025", "/trainings/" + training + "/edit",
		"/positions", "/positions/" + position, "/youth", "/youth/" + report + "/edit", "/import",
		"/targets", "/targets/new", "/targets/" + ptTarget + "/edit", "/users", "/users/admin", "/audit", "/no-such-page"}

	p := s.person(t, browser, browserVI)
	p.signIn("admin", testenv.AdminPassword)
	for _, lang := range []string{"vi", "en"} {
		p.open("/lang/" + lang + "?next=/")
		for _, w := range []int64{360, 1366} {
			p.do(chromedp.EmulateViewport(w, 800))
			for _, path := range pages {
				p.open(path)
				if got := eval[string](p, "document.documentElement.lang"); got != lang {
					t.Fatalf("%s: lang %q, want %q", path, got, lang)
				}
				if over := eval[int](p, `document.scrollingElement.scrollWidth - innerWidth`); over > 0 {
					wide := eval[string](p, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest(".scroll") && !e.closest(".menu")).slice(0, 4).map(e => e.tagName + "." + e.className + "#" + e.id + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`)
					t.Errorf("%s at %d px (%s): %d px wider than the window: %s", path, w, lang, over, wide)
				}
			}
			// The menu shows each of its items: on a phone once its button is pressed; at a
			// laptop's width on one line.
			p.open("/")
			if w < 700 {
				if !eval[bool](p, `getComputedStyle(document.querySelector(".menu")).display === "none"`) {
					t.Errorf("at %d px the menu is open before its button is pressed", w)
				}
				p.do(chromedp.Click(chromedp.CSS("#menu-button")))
				p.waitFor(`getComputedStyle(document.querySelector(".menu")).display !== "none"`)
			}
			hidden := eval[int](p, `[...document.querySelectorAll(".menu a")].filter(a => { const r = a.getBoundingClientRect(); return r.width === 0 || r.right > innerWidth || r.bottom > innerHeight }).length`)
			if hidden > 0 {
				t.Errorf("at %d px (%s), %d menu items out of sight", w, lang, hidden)
			}
			if w >= 1366 {
				if rows := eval[int](p, `new Set([...document.querySelectorAll(".menu a")].map(a => Math.round(a.getBoundingClientRect().top))).size`); rows != 1 {
					t.Errorf("at %d px (%s) the admin menu wraps on %d lines: %s", w, lang, rows,
						eval[string](p, `[...document.querySelectorAll(".top > *, .menu a")].map(e => e.className + " " + Math.round(e.getBoundingClientRect().width)).join(", ")`))
				}
			}
		}
	}
	// The favicon is served.
	resp, err := http.Get(s.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("favicon: %d", resp.StatusCode)
	}
}
