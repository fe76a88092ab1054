package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A4 is 210 mm by 297 mm: 595.28 by 841.89 points; the review's @page margins are 12 mm on
// each side, which leaves 186 mm, 703 CSS pixels (96 to the inch), for the text.
const (
	a4WidthPt     = 595.28
	a4PrintablePx = 703
)

var pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]`)

// TestBrowserAnnualReviewPrints: a leader opens the annual review from the menu, in each
// language, and prints it: with the print style sheet at the width of an A4 page's text no
// element reaches past the right margin, and the PDF has A4 portrait pages.
func TestBrowserAnnualReviewPrints(t *testing.T) {
	s := startSite(t)
	browser := newBrowser(t)
	p := s.person(t, browser, browserVI)
	p.signIn("thuongtruc", viewerPassword)
	for _, lang := range []string{"vi", "en"} {
		// A laptop's width, where the menu shows its items (on a phone they are behind a button).
		p.do(chromedp.EmulateViewport(1366, 900))
		p.open("/lang/" + lang + "?next=/")
		p.do(chromedp.Click(chromedp.CSS(`nav.menu a[href="/reports/annual"]`)))
		p.waitFor(`location.pathname === "/reports/annual" && document.readyState === "complete"`)
		if got := eval[string](p, `document.documentElement.lang`); got != lang {
			t.Fatalf("page language %q, want %q", got, lang)
		}
		if n := eval[int](p, `document.querySelectorAll("section.annual-target").length`); n != 5 {
			t.Fatalf("%s: %d targets, want the demo's 5", lang, n)
		}
		if lang == "vi" { // its first screen: the whole review is several screens long
			shot, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(screenshotDir(t), "annual-review-desktop.png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}

		// The page as printed, at the width of the text of an A4 page.
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.EmulateViewport(a4PrintablePx, 1000))
		over := eval[[]string](p, `[...document.querySelectorAll("main *")]
			.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
			.map(e => e.tagName + "." + e.className + ": " + Math.round(e.getBoundingClientRect().right))`)
		if len(over) > 0 {
			t.Errorf("%s: past the right margin of A4 (%d px): %q", lang, a4PrintablePx, over)
		}
		if w := eval[int](p, `document.documentElement.scrollWidth`); w > a4PrintablePx {
			t.Errorf("%s: printed page %d px wide, more than %d", lang, w, a4PrintablePx)
		}
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.EmulateReset())

		pdf, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatal(err)
		}
		boxes := pdfMediaBox.FindAllSubmatch(pdf, -1)
		for i, m := range boxes {
			x0, _ := strconv.ParseFloat(string(m[1]), 64)
			x1, _ := strconv.ParseFloat(string(m[3]), 64)
			y0, _ := strconv.ParseFloat(string(m[2]), 64)
			y1, _ := strconv.ParseFloat(string(m[4]), 64)
			if w, h := x1-x0, y1-y0; w < a4WidthPt-1 || w > a4WidthPt+1 || h < w {
				t.Errorf("%s: page %d is %.1f × %.1f pt, not A4 portrait", lang, i+1, w, h)
			}
		}
		// The demo's review: five targets, the year's training, recruitment and leadership on a
		// few pages, not one per table.
		if len(boxes) < 2 || len(boxes) > 8 {
			t.Errorf("%s: %d pages printed, want 2 to 8", lang, len(boxes))
		}
		t.Logf("%s: %d A4 pages", lang, len(boxes))
		if err := os.WriteFile(filepath.Join(screenshotDir(t), "annual-review-"+lang+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
