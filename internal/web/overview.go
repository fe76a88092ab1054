package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// targetCard is one target on the overview.
type targetCard struct {
	Target      *chitieu.Target
	Progress    chitieu.Progress
	Bar         any
	Chart       any
	Legend      any
	DaysLeft    int
	DaysPast    int
	Rows        []historyRow
	ScopeName   string
	ExpectedNow float64
	// Units is the drill-down into the units' parts of the target on the same day.
	Units string
}

// historyRow is one point of a chart, for its table.
type historyRow struct {
	Day      chitieu.Date
	Ratio    *float64
	Expected float64
	Num, Den int64
}

// planSection is a plan with its targets' cards; Plan is nil for the targets outside any plan.
type planSection struct {
	Plan      *chitieu.Plan
	ScopeName string
	Cards     []targetCard
}

type overviewData struct {
	AsOf        chitieu.Date
	AsOfText    string
	Today       chitieu.Date
	Sections    []planSection
	Commitments commitmentCards
	DateError   string
	// Others counts the plans not in force on the day, which /plans lists.
	Others   int
	HasPlans bool
}

// overview shows the plans in force on a day (today, or the day picked), each with its
// targets, the most urgent first, and the targets outside any plan.
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
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	plans, targets, err := h.plansAndTargets(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	d.HasPlans = len(plans) > 0
	for _, p := range append(plans, nil) {
		if p != nil && !p.InForce(d.AsOf) {
			d.Others++
			continue
		}
		sec, err := h.section(ctx, l, tree, p, targets, d.AsOf)
		if err != nil {
			h.fail(c, err)
			return
		}
		if p != nil || len(sec.Cards) > 0 {
			d.Sections = append(d.Sections, sec)
		}
	}
	if d.Commitments, err = h.commitmentCards(ctx, tree, d.AsOf); err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, http.StatusOK, "overview", "overview", l.T("overview.title"), d)
}

// plansAndTargets reads every plan (none without a PlanService) and every target.
func (h *Handler) plansAndTargets(ctx context.Context) ([]*chitieu.Plan, []*chitieu.Target, error) {
	var plans []*chitieu.Plan
	if h.Plans != nil {
		var err error
		if plans, err = h.Plans.FindPlans(ctx); err != nil {
			return nil, nil, err
		}
	}
	targets, err := h.allTargets(ctx)
	return plans, targets, err
}

// section computes the cards of a plan's targets on day (p nil: of the targets outside every
// plan known), the most urgent first.
func (h *Handler) section(ctx context.Context, l *Locale, tree *unitTree, p *chitieu.Plan, targets []*chitieu.Target, day chitieu.Date) (planSection, error) {
	sec := planSection{Plan: p}
	if p != nil {
		sec.ScopeName = tree.name(p.ScopeUnit)
	}
	for _, t := range targets {
		if (p != nil && t.Plan != p.Code) || (p == nil && t.Plan != "" && h.Plans != nil) {
			continue
		}
		card, err := h.card(ctx, l, t, day)
		if err != nil {
			return planSection{}, err
		}
		card.ScopeName = tree.name(t.ScopeUnit)
		sec.Cards = append(sec.Cards, card)
	}
	sortCards(sec.Cards)
	return sec, nil
}

// urgency ranks the statuses: a missed or behind target first, an achieved one last.
var urgency = map[chitieu.Status]int{chitieu.Missed: 0, chitieu.Behind: 1, chitieu.AtRisk: 2, chitieu.OnTrack: 3,
	chitieu.NotStarted: 4, chitieu.Achieved: 5}

// sortCards orders cards by urgency, then the nearest deadline, then code.
func sortCards(cards []targetCard) {
	slices.SortFunc(cards, func(a, b targetCard) int {
		return cmp.Or(cmp.Compare(urgency[a.Progress.Status], urgency[b.Progress.Status]),
			cmp.Compare(a.Target.Deadline, b.Target.Deadline), cmp.Compare(a.Target.Code, b.Target.Code))
	})
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
		Threshold: t.Threshold, Deadline: t.Deadline, AsOf: day, From: t.BaselineDate, To: end,
		Labels: chartLabels{Actual: l.T("chart.actual"), Expected: l.T("chart.expected"), Threshold: l.T("chart.threshold"),
			ThresholdValue: l.T("comparator."+string(t.Comparator)) + " " + l.Percent(t.Threshold),
			Deadline:       l.T("chart.after_deadline", l.Date(t.Deadline))},
	}
	card := targetCard{Target: t, Progress: p, DaysLeft: int(t.Deadline - day), DaysPast: int(day - t.Deadline), ExpectedNow: p.ExpectedRatio,
		Units: "/units?" + url.Values{"target": {t.Code}, "on": {day.String()}}.Encode()}
	tip := func(d chitieu.Date, ratio *float64, num, den int64, expected float64) string {
		if d > t.Deadline {
			return l.T("chart.tip_after", l.Date(d), l.PercentPtr(ratio), l.Int(num), l.Int(den))
		}
		return l.T("chart.tip", l.Date(d), l.PercentPtr(ratio), l.Int(num), l.Int(den), l.Percent(expected))
	}
	for _, hp := range hist {
		ch.Expected = append(ch.Expected, chartPoint{Day: hp.AsOf, Ratio: hp.ExpectedRatio, Defined: true})
		if hp.AsOf > day {
			continue // the chart shows what was known on the day picked
		}
		pt := chartPoint{Day: hp.AsOf, Defined: hp.Ratio != nil, Tip: tip(hp.AsOf, hp.Ratio, hp.Numerator, hp.Denominator, hp.ExpectedRatio)}
		if hp.Ratio != nil {
			pt.Ratio = *hp.Ratio
		}
		ch.Actual = append(ch.Actual, pt)
		card.Rows = append(card.Rows, historyRow{Day: hp.AsOf, Ratio: hp.Ratio, Expected: hp.ExpectedRatio, Num: hp.Numerator, Den: hp.Denominator})
	}
	if len(ch.Actual) == 0 || ch.Actual[len(ch.Actual)-1].Day != day {
		pt := chartPoint{Day: day, Defined: p.Ratio != nil, Tip: tip(day, p.Ratio, p.Numerator, p.Denominator, p.ExpectedRatio)}
		if p.Ratio != nil {
			pt.Ratio = *p.Ratio
		}
		ch.Actual = append(ch.Actual, pt)
	}
	card.Legend = ch.Legend()
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
