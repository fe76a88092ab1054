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

// chartPoint is a day and a ratio; Defined is false while the ratio is undefined.
type chartPoint struct {
	Day     chitieu.Date
	Ratio   float64
	Defined bool
}

// lineChart is a target's ratio over time with its expected trajectory and threshold.
type lineChart struct {
	ID, Title, Desc  string
	Actual, Expected []chartPoint
	Threshold        float64
	AsOf             chitieu.Date
	From, To         chitieu.Date
	Labels           chartLabels
}

// chartLabels are the words a chart shows, in the page's language.
type chartLabels struct {
	Actual, Expected, Threshold string
}

// Geometry of the drawing, in user units.
const (
	chartW, chartH         = 640.0, 260.0
	padL, padR, padT, padB = 58.0, 16.0, 16.0, 48.0
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
		fmt.Fprintf(&b, `<text class="axis" x="%.0f" y="%.1f" text-anchor="end">%d%%</text>`, padL-6, y+4, i*20)
	}
	// A label at each 1 January in the span (every other year when there are many).
	from, to := ch.From.Year(), ch.To.Year()
	stride := 1
	if to-from > 8 {
		stride = 2
	}
	for yr := from; yr <= to+1; yr += stride {
		d := chitieu.NewDate(yr, 1, 1)
		if d < ch.From || d > ch.To {
			continue
		}
		x := ch.x(d)
		fmt.Fprintf(&b, `<line class="grid-v" x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f"/>`, x, padT, x, padT+plotH)
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.0f" text-anchor="middle">%d</text>`, x, padT+plotH+18, yr)
	}
	ty := ch.y(ch.Threshold)
	fmt.Fprintf(&b, `<line class="threshold" x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f"/>`, padL, ty, chartW-padR, ty)
	fmt.Fprintf(&b, `<path class="expected" d="%s"/>`, ch.path(ch.Expected))
	fmt.Fprintf(&b, `<path class="actual" d="%s"/>`, ch.path(ch.Actual))
	if ch.AsOf >= ch.From && ch.AsOf <= ch.To {
		x := ch.x(ch.AsOf)
		fmt.Fprintf(&b, `<line class="asof" x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f"/>`, x, padT, x, padT+plotH)
	}
	// Legend under the axis.
	ly := chartH - 6
	fmt.Fprintf(&b, `<line class="actual" x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f"/><text class="legend" x="%.0f" y="%.0f">%s</text>`,
		padL, ly-4, padL+24, ly-4, padL+30, ly, esc(ch.Labels.Actual))
	fmt.Fprintf(&b, `<line class="expected" x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f"/><text class="legend" x="%.0f" y="%.0f">%s</text>`,
		padL+200, ly-4, padL+224, ly-4, padL+230, ly, esc(ch.Labels.Expected))
	fmt.Fprintf(&b, `<line class="threshold" x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f"/><text class="legend" x="%.0f" y="%.0f">%s</text>`,
		padL+400, ly-4, padL+424, ly-4, padL+430, ly, esc(ch.Labels.Threshold))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func clamp01(r float64) float64 {
	if math.IsNaN(r) {
		return 0
	}
	return math.Max(0, math.Min(1, r))
}
