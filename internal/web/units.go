package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// unitRow is a unit of the tree with its share of each target today: the counts of its whole
// subtree, so that a district's row includes its communes'.
type unitRow struct {
	treeRow
	Shares []share
}

type share struct {
	Counts chitieu.Counts
	Ratio  *float64
	Status chitieu.Status // the status the unit's own ratio would have
}

type unitsData struct {
	Targets           []*chitieu.Target
	Rows              []unitRow
	Today             chitieu.Date // the day shown
	DayText, DayError string
}

// units shows the unit tree the user may see with each unit's contribution to each target.
func (h *Handler) units(c *gin.Context) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	targets, err := h.allTargets(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	if c.Query("target") != "" {
		h.drilldown(c, targets)
		return
	}
	d := unitsData{Targets: targets}
	d.Today, d.DayText, d.DayError = h.asOfDay(c)
	tree, ok := h.dayTree(c, d.Today)
	if !ok {
		return
	}
	rows := tree.visible(u)
	sums := make([]map[string]chitieu.Counts, len(targets))
	expected := make([]float64, len(targets))
	for i, t := range targets {
		p, err := h.Figures.TargetProgress(ctx, t.Code, d.Today)
		if err != nil {
			h.fail(c, err)
			return
		}
		sums[i], expected[i] = subtreeSums(tree, p.ByUnit), p.ExpectedRatio
	}
	for _, r := range rows {
		row := unitRow{treeRow: r}
		for i, t := range targets {
			cnt := sums[i][r.Unit.Code]
			s := share{Counts: cnt}
			if ratio, ok := cnt.Ratio(); ok {
				s.Ratio = &ratio
				s.Status = chitieu.StatusOf(t, ratio, true, expected[i], d.Today)
			}
			row.Shares = append(row.Shares, s)
		}
		d.Rows = append(d.Rows, row)
	}
	h.render(c, http.StatusOK, "units", "units", h.locale(c).T("units.title"), d)
}

// subtreeSums adds each unit's own counts to every unit above it.
func subtreeSums(tree *unitTree, own map[string]chitieu.Counts) map[string]chitieu.Counts {
	out := map[string]chitieu.Counts{}
	for code, cnt := range own {
		for seen := 0; code != "" && seen <= len(tree.units); seen++ {
			s := out[code]
			s.Numerator += cnt.Numerator
			s.Denominator += cnt.Denominator
			out[code] = s
			u := tree.byCode[code]
			if u == nil {
				break
			}
			code = u.Parent
		}
	}
	return out
}

type unitData struct {
	Today       chitieu.Date
	Unit        *chitieu.Unit
	Parent      string
	Children    []*chitieu.Unit
	Cadres      []*chitieu.Cadre
	Total       int
	WithoutExam int // cadres of the subtree who break the recruitment rule today
	Positions   []positionRow
	Reports     []*chitieu.YouthReport
	CanWrite    bool
	Trend       *unitTrend // the unit's part of a target over time
	Targets     []*chitieu.Target
	History     *chitieu.UnitHistory  // nil when the pages have no reorganisation service
	Versions    []chitieu.UnitVersion // the history's, the first day of records shown as none
	Names       map[string]string     // every unit's latest name, for the history
	IsAdmin     bool
}

// unit shows a unit's active cadres, how many of them break the recruitment rule, its own
// leadership positions with their vacancy today, and its youth reports.
func (h *Handler) unit(c *gin.Context) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	code := c.Param("code")
	if !tree.within(u.Unit, code) {
		h.errorPage(c, http.StatusNotFound, "error.not_found")
		return
	}
	d := unitData{Today: h.Figures.Today(), Unit: tree.byCode[code], CanWrite: u.CanWriteRecords()}
	if p := d.Unit.Parent; p != "" && tree.within(u.Unit, p) {
		d.Parent = p
	}
	for _, k := range tree.children[code] {
		d.Children = append(d.Children, tree.byCode[k])
	}
	active := true
	if d.Cadres, d.Total, err = h.Cadres.FindCadres(ctx, chitieu.CadreFilter{Unit: code, Active: &active, Page: chitieu.Page{Limit: 50}}); err != nil {
		h.fail(c, err)
		return
	}
	failing := chitieu.CadreFilter{Unit: code, RecruitmentCheck: chitieu.RecruitmentCheckFailing, Page: chitieu.Page{Limit: 1}}
	if _, d.WithoutExam, err = h.Cadres.FindCadres(ctx, failing); err != nil {
		h.fail(c, err)
		return
	}
	positions, err := h.allPositions(ctx, chitieu.PositionFilter{Unit: code})
	if err != nil {
		h.fail(c, err)
		return
	}
	d.Positions = positionRows(tree, positions)
	if d.Reports, err = h.latestReports(ctx, code, 20); err != nil {
		h.fail(c, err)
		return
	}
	if d.Trend, d.Targets, err = h.unitTrend(c, tree, d.Unit); err != nil {
		h.fail(c, err)
		return
	}
	if h.Reorganisations != nil {
		if d.History, err = h.Reorganisations.UnitHistory(ctx, code); err != nil {
			h.fail(c, err)
			return
		}
		d.Names, d.IsAdmin = map[string]string{}, u.IsAdmin()
		for _, v := range d.History.Versions {
			if v.From <= chitieu.MinDate {
				v.From = 0 // a unit older than the records, "from the start"
			}
			d.Versions = append(d.Versions, v)
		}
		for k, unit := range tree.byCode {
			d.Names[k] = unit.Name
		}
	}
	h.render(c, http.StatusOK, "unit", "units", d.Unit.Name, d)
}

// unitTrend is the trend of the target asked for (or else the first whose scope holds the
// unit) on the day asked for, and the targets whose scope holds the unit; nil when none does.
func (h *Handler) unitTrend(c *gin.Context, tree *unitTree, unit *chitieu.Unit) (*unitTrend, []*chitieu.Target, error) {
	ctx := c.Request.Context()
	all, err := h.allTargets(ctx)
	if err != nil {
		return nil, nil, err
	}
	var targets []*chitieu.Target
	var chosen *chitieu.Target
	for _, t := range all {
		if tree.within(t.ScopeUnit, unit.Code) {
			targets = append(targets, t)
			if chosen == nil || t.Code == c.Query("target") {
				chosen = t
			}
		}
	}
	if chosen == nil {
		return nil, nil, nil
	}
	day, _, _ := h.asOfDay(c)
	tr, err := h.trend(ctx, h.locale(c), tree, unit, chosen, day)
	if err != nil {
		return nil, nil, err
	}
	return &tr, targets, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
