package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// targetCard is one target on the overview.
type targetCard struct {
	Target      *chitieu.Target
	Progress    chitieu.Progress
	Bar         any
	Chart       any
	DaysLeft    int
	DaysPast    int
	Rows        []historyRow
	ScopeName   string
	ExpectedNow float64
}

// historyRow is one point of a chart, for its table.
type historyRow struct {
	Day      chitieu.Date
	Ratio    *float64
	Expected float64
	Num, Den int64
}

type overviewData struct {
	AsOf        chitieu.Date
	AsOfText    string
	Today       chitieu.Date
	Cards       []targetCard
	Commitments commitmentCards
	DateError   string
}

// overview shows every target on a day (today, or the day picked).
func (h *Handler) overview(c *gin.Context) {
	l := h.locale(c)
	ctx := c.Request.Context()
	d := overviewData{Today: h.Figures.Today()}
	d.AsOf = d.Today
	d.AsOfText = c.Query("as_of")
	if d.AsOfText != "" {
		if day, err := parseDay(d.AsOfText); err != nil || day.IsZero() {
			d.DateError = l.T("form.bad_date")
		} else {
			d.AsOf = day
		}
	}
	if d.DateError == "" {
		d.AsOfText = l.Date(d.AsOf)
	}
	targets, err := h.allTargets(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, t := range targets {
		card, err := h.card(ctx, l, t, d.AsOf)
		if err != nil {
			h.fail(c, err)
			return
		}
		card.ScopeName = tree.name(t.ScopeUnit)
		d.Cards = append(d.Cards, card)
	}
	if d.Commitments, err = h.commitmentCards(ctx, tree, d.AsOf); err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, http.StatusOK, "overview", "overview", l.T("overview.title"), d)
}

func (h *Handler) allTargets(ctx context.Context) ([]*chitieu.Target, error) {
	targets, _, err := h.Targets.FindTargets(ctx, chitieu.Page{Limit: chitieu.MaxLimit})
	return targets, err
}

// card computes a target's figures on day and its chart: the ratio month by month from the
// baseline to the day (or the deadline, if later), and the expected trajectory over the same span.
func (h *Handler) card(ctx context.Context, l *Locale, t *chitieu.Target, day chitieu.Date) (targetCard, error) {
	p, err := h.Figures.TargetProgress(ctx, t.Code, day)
	if err != nil {
		return targetCard{}, err
	}
	end := max(t.Deadline, day)
	days, err := chitieu.HistoryDays(t.BaselineDate, end, chitieu.StepMonth)
	if err != nil {
		return targetCard{}, err
	}
	days = thin(days, maxChartPoints)
	hist, err := h.Figures.TargetHistory(ctx, t.Code, days)
	if err != nil {
		return targetCard{}, err
	}
	ch := &lineChart{
		ID: "chart-" + t.Code, Title: l.T("chart.title", t.Name), Desc: l.T("chart.desc", l.Date(t.BaselineDate), l.Date(end)),
		Threshold: t.Threshold, AsOf: day, From: t.BaselineDate, To: end,
		Labels: chartLabels{Actual: l.T("chart.actual"), Expected: l.T("chart.expected"), Threshold: l.T("chart.threshold")},
	}
	card := targetCard{Target: t, Progress: p, DaysLeft: int(t.Deadline - day), DaysPast: int(day - t.Deadline), ExpectedNow: p.ExpectedRatio}
	for _, hp := range hist {
		ch.Expected = append(ch.Expected, chartPoint{Day: hp.AsOf, Ratio: hp.ExpectedRatio, Defined: true})
		if hp.AsOf > day {
			continue // the chart shows what was known on the day picked
		}
		pt := chartPoint{Day: hp.AsOf, Defined: hp.Ratio != nil}
		if hp.Ratio != nil {
			pt.Ratio = *hp.Ratio
		}
		ch.Actual = append(ch.Actual, pt)
		card.Rows = append(card.Rows, historyRow{Day: hp.AsOf, Ratio: hp.Ratio, Expected: hp.ExpectedRatio, Num: hp.Numerator, Den: hp.Denominator})
	}
	if len(ch.Actual) == 0 || ch.Actual[len(ch.Actual)-1].Day != day {
		pt := chartPoint{Day: day, Defined: p.Ratio != nil}
		if p.Ratio != nil {
			pt.Ratio = *p.Ratio
		}
		ch.Actual = append(ch.Actual, pt)
	}
	card.Chart = ch.SVG()
	card.Bar = progressBar(p.Status, p.Ratio, t.Threshold, p.ExpectedRatio, l.T("card.bar", l.PercentPtr(p.Ratio), l.Percent(t.Threshold)))
	return card, nil
}

// maxChartPoints bounds the points of a chart: each is a computation over every record, and a
// plan reviewed years after its deadline would otherwise have hundreds of months.
const maxChartPoints = 60

// thin keeps at most about n of days, evenly: the first, every k-th after it, and the last.
func thin(days []chitieu.Date, n int) []chitieu.Date {
	if len(days) <= n {
		return days
	}
	k := (len(days) + n - 1) / n
	out := make([]chitieu.Date, 0, n+1)
	for i := 0; i < len(days)-1; i += k {
		out = append(out, days[i])
	}
	return append(out, days[len(days)-1])
}
