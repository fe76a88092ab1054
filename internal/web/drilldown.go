package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
)

// The drill-down answers a leader's next question after an overview card: which units hold
// the target back. /units?target=CODE&on=DATE lists every unit of the target's scope that the
// user may see, with its part (its own and its subunits' records) on the day, coloured by the
// status its own ratio would have, units below the expected line first.

// drillRow is a unit's part of the target on the day.
type drillRow struct {
	Unit   *chitieu.Unit
	Counts chitieu.Counts
	Ratio  *float64
	Status chitieu.Status // "" when the unit has no one the target counts
}

type drillData struct {
	Target    *chitieu.Target
	Targets   []*chitieu.Target
	Day       chitieu.Date
	DayText   string
	DayError  string
	Progress  chitieu.Progress
	Total     *drillRow // the scope's own row: the target's figures
	Rows      []drillRow
	Sort      string
	Desc      bool
	Below     int // units below the expected line
	Links     map[string]string
	ExportURL string
}

// drillSorts are the columns a drill-down sorts by; the first is the default.
var drillSorts = []string{"status", "name", "ratio", "count"}

// statusRank orders the statuses from the most urgent; a unit with no data comes last.
var statusRank = map[chitieu.Status]int{chitieu.Missed: 0, chitieu.Behind: 1, chitieu.AtRisk: 2, chitieu.OnTrack: 3,
	chitieu.Achieved: 4, chitieu.NotStarted: 5, "": 6}

// asOfDay reads the day of a page's "on" parameter; today when absent. A bad one is told and
// today used.
func (h *Handler) asOfDay(c *gin.Context) (day chitieu.Date, text, bad string) {
	l := h.locale(c)
	day, text = h.Figures.Today(), c.Query("on")
	if text != "" {
		if d, err := parseDay(text); err != nil || d.IsZero() {
			return day, text, l.T("form.bad_date")
		} else {
			day = d
		}
	}
	return day, l.Date(day), ""
}

// drilldown shows the units' parts of one target.
func (h *Handler) drilldown(c *gin.Context, targets []*chitieu.Target) {
	d, ok := h.drillUnits(c, targets)
	if !ok {
		return
	}
	d.Links = map[string]string{}
	for _, s := range drillSorts {
		q := url.Values{"target": {d.Target.Code}, "on": {d.DayText}, "sort": {s}}
		if s == d.Sort && !d.Desc {
			q.Set("dir", "desc") // a second click turns the order round
		}
		d.Links[s] = "/units?" + q.Encode()
	}
	q := url.Values{"target": {d.Target.Code}, "on": {d.DayText}, "sort": {d.Sort}}
	if d.Desc {
		q.Set("dir", "desc")
	}
	d.ExportURL = "/units/export.xlsx?" + q.Encode()
	h.render(c, http.StatusOK, "drilldown", "units", d.Target.Name, d)
}

// drilldownXLSX sends the drill-down as the page shows it (its target, day and order) as a
// workbook in the page's language: the scope's own row first, then each unit's.
func (h *Handler) drilldownXLSX(c *gin.Context) {
	targets, err := h.allTargets(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	d, ok := h.drillUnits(c, targets)
	if !ok {
		return
	}
	if d.DayError != "" { // a file has no field to say it beside; today's figures would mislead
		h.errorPage(c, http.StatusUnprocessableEntity, "form.bad_date")
		return
	}
	l, kind := h.locale(c), d.Target.Kind
	headers := []string{l.T("drill.col_unit"), l.T("drill.col_ratio_pct"), l.T(fmt.Sprint("drill.col_met.", kind)),
		l.T(fmt.Sprint("drill.col_count.", kind)), l.T("drill.col_status")}
	rows := d.Rows
	if d.Total != nil {
		total := *d.Total
		total.Status = d.Progress.Status // the target's own status, as the page's last row
		rows = append([]drillRow{total}, rows...)
	}
	h.sendWorkbook(c, "units-"+d.Target.Code, l.T("units.title"), headers, func(w *spreadsheet.Writer) error {
		for _, r := range rows {
			var ratio any
			if r.Ratio != nil {
				ratio = math.Round(*r.Ratio*1000) / 10 // percent, one decimal as on the page
			}
			status := l.T("drill.no_data")
			if r.Status != "" {
				status = l.T(fmt.Sprint("status.", r.Status))
			}
			if err := w.Write([]any{r.Unit.Name, ratio, r.Counts.Numerator, r.Counts.Denominator, status}); err != nil {
				return err
			}
		}
		return nil
	})
}

// drillUnits computes the drill-down the request asks for: its target, day and order. It has
// answered the request when it returns false.
func (h *Handler) drillUnits(c *gin.Context, targets []*chitieu.Target) (drillData, bool) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	i := slices.IndexFunc(targets, func(t *chitieu.Target) bool { return t.Code == c.Query("target") })
	if i < 0 {
		h.errorPage(c, http.StatusNotFound, "error.not_found")
		return drillData{}, false
	}
	day, dayText, dayError := h.asOfDay(c)
	tree, ok := h.dayTree(c, day)
	if !ok {
		return drillData{}, false
	}
	d := drillData{Target: targets[i], Targets: targets, Sort: c.Query("sort"), Desc: c.Query("dir") == "desc"}
	if !slices.Contains(drillSorts, d.Sort) {
		d.Sort = drillSorts[0]
	}
	d.Day, d.DayText, d.DayError = day, dayText, dayError
	var err error
	if d.Progress, err = h.Figures.TargetProgress(ctx, d.Target.Code, d.Day); err != nil {
		h.fail(c, err)
		return drillData{}, false
	}
	sums := subtreeSums(tree, d.Progress.ByUnit)
	t := d.Target
	for _, r := range tree.visible(u) {
		if !tree.within(t.ScopeUnit, r.Unit.Code) {
			continue
		}
		row := drillRow{Unit: r.Unit, Counts: sums[r.Unit.Code]}
		if ratio, ok := row.Counts.Ratio(); ok {
			row.Ratio = &ratio
			row.Status = chitieu.StatusOf(t, ratio, true, d.Progress.ExpectedRatio, d.Day)
		}
		if r.Unit.Code == t.ScopeUnit {
			d.Total = &row
			continue
		}
		if row.Ratio != nil && *row.Ratio < d.Progress.ExpectedRatio-1e-9 {
			d.Below++
		}
		d.Rows = append(d.Rows, row)
	}
	sortDrill(d.Rows, d.Sort, d.Desc)
	return d, true
}

// sortDrill orders the rows by the column; ties by name. By status, the most urgent first and,
// within a status, the lowest ratio first.
func sortDrill(rows []drillRow, by string, desc bool) {
	ratio := func(r drillRow) float64 {
		if r.Ratio == nil {
			return 2 // no data after every ratio
		}
		return *r.Ratio
	}
	names := collate.New(language.Vietnamese)
	slices.SortStableFunc(rows, func(a, b drillRow) int {
		var c int
		switch by {
		case "status":
			c = cmp.Or(cmp.Compare(statusRank[a.Status], statusRank[b.Status]), cmp.Compare(ratio(a), ratio(b)))
		case "name":
			c = names.CompareString(a.Unit.Name, b.Unit.Name)
		case "ratio":
			c = cmp.Compare(ratio(a), ratio(b))
		case "count":
			c = cmp.Compare(a.Counts.Denominator, b.Counts.Denominator)
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, names.CompareString(a.Unit.Name, b.Unit.Name))
	})
}

// unitTrend is a unit's part of one target over time, for the unit's page.
type unitTrend struct {
	Target *chitieu.Target
	Chart  any
	Rows   []historyRow
	Day    chitieu.Date
}

// trend draws the unit's ratio of the target month by month from the baseline to the day (or
// the deadline, if later), against the target's expected trajectory and threshold: the same
// chart as the overview's card, with the unit's counts.
func (h *Handler) trend(ctx context.Context, l *Locale, tree *unitTree, unit *chitieu.Unit, t *chitieu.Target, day chitieu.Date) (unitTrend, error) {
	end := max(t.Deadline, day)
	days, err := chitieu.HistoryDays(t.BaselineDate, end, chitieu.StepMonth)
	if err != nil {
		return unitTrend{}, err
	}
	days = thin(days, maxChartPoints)
	if days[len(days)-1] < day {
		days = append(days, day)
	}
	hist, err := h.Figures.TargetHistory(ctx, t.Code, days)
	if err != nil {
		return unitTrend{}, err
	}
	ch := &lineChart{
		ID: "trend-" + t.Code, Title: l.T("trend.title", t.Name, unit.Name), Desc: l.T("chart.desc", l.Date(t.BaselineDate), l.Date(end)),
		Threshold: t.Threshold, AsOf: day, From: t.BaselineDate, To: end,
		Labels: chartLabels{Actual: l.T("trend.unit"), Expected: l.T("chart.expected"), Threshold: l.T("chart.threshold")},
	}
	tr := unitTrend{Target: t, Day: day}
	for _, hp := range hist {
		ch.Expected = append(ch.Expected, chartPoint{Day: hp.AsOf, Ratio: hp.ExpectedRatio, Defined: true})
		if hp.AsOf > day {
			continue
		}
		cnt := subtreeSums(tree, hp.ByUnit)[unit.Code]
		ratio, ok := cnt.Ratio()
		ch.Actual = append(ch.Actual, chartPoint{Day: hp.AsOf, Ratio: ratio, Defined: ok})
		row := historyRow{Day: hp.AsOf, Expected: hp.ExpectedRatio, Num: cnt.Numerator, Den: cnt.Denominator}
		if ok {
			row.Ratio = &ratio
		}
		tr.Rows = append(tr.Rows, row)
	}
	slices.Reverse(tr.Rows) // newest first
	tr.Chart = ch.SVG()
	return tr, nil
}
