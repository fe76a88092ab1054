package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"chitieu/internal/chitieu"
)

// Charts are SVG drawn here, on the server: no script, no inline style (the CSP forbids both),
// only presentation attributes and classes from the stylesheet. Each has a <title> and a
// description; the pages show the same figures in a table beside the chart.

// progressBar draws a ratio as a bar from 0 to 100 %, with a tick at the threshold and a
// marker at the ratio expected today.
func progressBar(status chitieu.Status, ratio *float64, threshold, expected float64, title string) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="bar" viewBox="0 0 200 16" preserveAspectRatio="none" role="img" aria-label="%s">`, template.HTMLEscapeString(title))
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(title))
	b.WriteString(`<rect class="bar-bg" x="0" y="3" width="200" height="10" rx="3"/>`)
	if ratio != nil {
		fmt.Fprintf(&b, `<rect class="bar-fill st-%s" x="0" y="3" width="%.2f" height="10" rx="3"/>`, status, 200*clamp01(*ratio))
	}
	fmt.Fprintf(&b, `<rect class="bar-expected" x="%.2f" y="0" width="2" height="16"/>`, 200*clamp01(expected)-1)
	fmt.Fprintf(&b, `<rect class="bar-threshold" x="%.2f" y="0" width="1.2" height="16"/>`, 200*clamp01(threshold)-0.6)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// chartPoint is a day and a ratio; Defined is false while the ratio is undefined. Tip, when
// set, is what a pointer resting on the point shows (an SVG <title>).
type chartPoint struct {
	Day     chitieu.Date
	Ratio   float64
	Defined bool
	Tip     string
}

// lineChart is a target's ratio over time with its expected trajectory, which ends at the
// deadline, and its threshold, labelled at its right end so that the two stay apart after the
// deadline, when the trajectory would lie on the threshold.
type lineChart struct {
	ID, Title, Desc  string
	Actual, Expected []chartPoint
	Threshold        float64
	Deadline         chitieu.Date
	AsOf             chitieu.Date
	From, To         chitieu.Date
	Labels           chartLabels
}

// chartLabels are the words a chart shows, in the page's language: the legend's, under the
// chart in HTML (Legend), and the threshold's value beside its line.
type chartLabels struct {
	Actual, Expected, Threshold, ThresholdValue, Deadline string
}

// Geometry of the drawing, in user units. The chart is drawn 480 units wide, about as wide as
// a card shows it on a desktop, so that its 16-unit letters are at least 12 px there; the
// stylesheet enlarges them on a phone.
const (
	chartW, chartH         = 480.0, 220.0
	padL, padR, padT, padB = 52.0, 12.0, 14.0, 30.0
	plotW, plotH           = chartW - padL - padR, chartH - padT - padB
)

func (ch *lineChart) x(d chitieu.Date) float64 {
	span := float64(ch.To - ch.From)
	if span <= 0 {
		return padL
	}
	return padL + plotW*float64(d-ch.From)/span
}

func (ch *lineChart) y(r float64) float64 { return padT + plotH*(1-clamp01(r)) }

// path draws points as a polyline, broken where the ratio is undefined.
func (ch *lineChart) path(points []chartPoint) string {
	var b strings.Builder
	pen := false
	for _, p := range points {
		if !p.Defined {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&b, "%s%.1f %.1f ", cmd, ch.x(p.Day), ch.y(p.Ratio))
		pen = true
	}
	return strings.TrimSpace(b.String())
}

// SVG draws the chart.
func (ch *lineChart) SVG() template.HTML {
	esc := template.HTMLEscapeString
	var b strings.Builder
	id := esc(ch.ID)
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d">`, chartW, chartH, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(ch.Title), id, esc(ch.Desc))
	// Grid every 20 %, labelled.
	for i := 0; i <= 5; i++ {
		r := float64(i) / 5
		y := ch.y(r)
		fmt.Fprintf(&b, `<line class="grid" x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f"/>`, padL, y, chartW-padR, y)
		fmt.Fprintf(&b, `<text class="axis" x="%.0f" y="%.1f" text-anchor="end">%d%%</text>`, padL-6, y+5, i*20)
	}
	// A label at each 1 January in the span, fewer when the years are many.
	from, to := ch.From.Year(), ch.To.Year()
	stride := 1 + (to-from)/6
	for yr := from; yr <= to+1; yr += stride {
		d := chitieu.NewDate(yr, 1, 1)
		if d < ch.From || d > ch.To {
			continue
		}
		x := ch.x(d)
		fmt.Fprintf(&b, `<line class="grid-v" x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f"/>`, x, padT, x, padT+plotH)
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.0f" text-anchor="middle">%d</text>`, x, padT+plotH+20, yr)
	}
	// After the deadline: a shaded span, the trajectory ended, the verdict standing.
	if ch.Deadline > ch.From && ch.Deadline < ch.To {
		x := ch.x(ch.Deadline)
		fmt.Fprintf(&b, `<rect class="after-deadline" x="%.1f" y="%.0f" width="%.1f" height="%.0f"><title>%s</title></rect>`,
			x, padT, chartW-padR-x, plotH, esc(ch.Labels.Deadline))
		fmt.Fprintf(&b, `<line class="deadline" x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f"/>`, x, padT, x, padT+plotH)
	}
	ty := ch.y(ch.Threshold)
	fmt.Fprintf(&b, `<line class="threshold" x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f"><title>%s</title></line>`,
		padL, ty, chartW-padR, ty, esc(ch.Labels.Threshold+" "+ch.Labels.ThresholdValue))
	var expected []chartPoint
	for _, p := range ch.Expected {
		if ch.Deadline.IsZero() || p.Day <= ch.Deadline {
			expected = append(expected, p)
		}
	}
	fmt.Fprintf(&b, `<path class="expected" d="%s"/>`, ch.path(expected))
	fmt.Fprintf(&b, `<path class="actual" d="%s"/>`, ch.path(ch.Actual))
	if ch.AsOf >= ch.From && ch.AsOf <= ch.To {
		x := ch.x(ch.AsOf)
		fmt.Fprintf(&b, `<line class="asof" x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f"/>`, x, padT, x, padT+plotH)
	}
	// Each point's values on hover.
	for _, p := range append(expected, ch.Actual...) {
		if p.Defined && p.Tip != "" {
			fmt.Fprintf(&b, `<circle class="pt" cx="%.1f" cy="%.1f" r="5"><title>%s</title></circle>`, ch.x(p.Day), ch.y(p.Ratio), esc(p.Tip))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Legend is the chart's key, in HTML under it, where its words keep the page's size.
func (ch *lineChart) Legend() template.HTML {
	esc := template.HTMLEscapeString
	key := func(class, label string) string {
		return `<li><svg class="chart key" viewBox="0 0 24 8" aria-hidden="true"><line class="` + class +
			`" x1="0" y1="4" x2="24" y2="4"/></svg>` + esc(label) + `</li>`
	}
	return template.HTML(`<ul class="legend">` + key("actual", ch.Labels.Actual) + key("expected", ch.Labels.Expected) +
		key("threshold", ch.Labels.Threshold+" "+ch.Labels.ThresholdValue) + `</ul>`)
}

func clamp01(r float64) float64 {
	if math.IsNaN(r) {
		return 0
	}
	return math.Max(0, math.Min(1, r))
}
