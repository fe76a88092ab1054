package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

var youthFields = []string{"unit", "reported_on", "youth_population", "union_members", "association_members", "gathered"}

type youthData struct {
	Units    []treeRow
	Unit     *chitieu.Unit
	Reports  []*chitieu.YouthReport
	Form     *form
	CanWrite bool
}

// youth shows a unit's youth reports, newest first, and the form to enter one.
func (h *Handler) youth(c *gin.Context) {
	f := newForm()
	f.Values["unit"] = c.Query("unit")
	f.Values["reported_on"] = h.locale(c).Date(h.Figures.Today())
	h.showYouth(c, http.StatusOK, f)
}

func (h *Handler) showYouth(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	tree, ok := h.pageTree(c)
	if !ok {
		return
	}
	d := youthData{Units: tree.visible(u), Form: f, CanWrite: u.CanWriteRecords()}
	code := f.V("unit")
	if !tree.within(u.Unit, code) {
		code = ""
		if len(d.Units) > 0 {
			code = d.Units[0].Unit.Code
		}
		f.Values["unit"] = code
	}
	if code != "" {
		d.Unit = tree.byCode[code]
		reports, err := h.latestReports(ctx, code, 40)
		if err != nil {
			h.fail(c, err)
			return
		}
		d.Reports = reports
	}
	h.render(c, status, "youth", "youth", h.locale(c).T("youth.title"), d)
}

// latestReports returns the unit's n latest reports, newest first (the store lists them
// oldest first).
func (h *Handler) latestReports(ctx context.Context, unit string, n int) ([]*chitieu.YouthReport, error) {
	_, total, err := h.YouthReports.FindYouthReports(ctx, chitieu.YouthReportFilter{Unit: unit, Page: chitieu.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	reports, _, err := h.YouthReports.FindYouthReports(ctx, chitieu.YouthReportFilter{Unit: unit, Page: chitieu.Page{Limit: n, Offset: max(total-n, 0)}})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(reports)-1; i < j; i, j = i+1, j-1 {
		reports[i], reports[j] = reports[j], reports[i]
	}
	return reports, nil
}

// youthCreate enters a report; the rules between the counts are the domain's, shown next to
// the field they concern.
func (h *Handler) youthCreate(c *gin.Context) {
	if !h.requireWriter(c) {
		return
	}
	l := h.locale(c)
	f := readForm(c, youthFields...)
	r := &chitieu.YouthReport{Unit: f.V("unit"), ReportedOn: f.date(l, "reported_on"),
		YouthPopulation: f.int(l, "youth_population", false), UnionMembers: f.int(l, "union_members", false),
		AssociationMembers: f.int(l, "association_members", false), Gathered: f.int(l, "gathered", false)}
	if h.submit(c, f, func() error { return h.YouthReports.CreateYouthReport(c.Request.Context(), r) },
		func() string { return "/youth?unit=" + url.QueryEscape(r.Unit) }, "report_added") {
		h.showYouth(c, http.StatusUnprocessableEntity, f)
	}
}
