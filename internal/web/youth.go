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
	EditID   int64                // the report the form corrects; 0 enters a new one
	Existing *chitieu.YouthReport // the report already entered for the form's day, offered for correction
}

// youth shows a unit's youth reports, newest first, and the form to enter one.
func (h *Handler) youth(c *gin.Context) {
	f := newForm()
	f.Values["unit"] = c.Query("unit")
	f.Values["reported_on"] = h.locale(c).Date(h.Figures.Today())
	h.showYouthPage(c, http.StatusOK, youthData{Form: f})
}

func (h *Handler) showYouth(c *gin.Context, status int, f *form) {
	h.showYouthPage(c, status, youthData{Form: f})
}

func (h *Handler) showYouthEdit(c *gin.Context, status int, f *form, id int64) {
	h.showYouthPage(c, status, youthData{Form: f, EditID: id})
}

// showYouthPage shows d's unit, or else the first unit the user may see that has reports, so
// that the page does not open on a province that reports nothing itself.
func (h *Handler) showYouthPage(c *gin.Context, status int, d youthData) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	tree, ok := h.pageTree(c)
	if !ok {
		return
	}
	f := d.Form
	d.Units, d.CanWrite = tree.visible(u), u.CanWriteRecords()
	code := f.V("unit")
	if !tree.within(u.Unit, code) {
		var err error
		if code, err = h.firstReportingUnit(ctx, d.Units); err != nil {
			h.fail(c, err)
			return
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

// firstReportingUnit is the first of the units, in the tree's order, with a report; the first
// unit when none has one.
func (h *Handler) firstReportingUnit(ctx context.Context, units []treeRow) (string, error) {
	if len(units) == 0 {
		return "", nil
	}
	for _, row := range units {
		_, n, err := h.YouthReports.FindYouthReports(ctx, chitieu.YouthReportFilter{Unit: row.Unit.Code, Page: chitieu.Page{Limit: 1}})
		if err != nil {
			return "", err
		}
		if n > 0 {
			return row.Unit.Code, nil
		}
	}
	return units[0].Unit.Code, nil
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
	err := error(nil)
	if h.submit(c, f, func() error { err = h.YouthReports.CreateYouthReport(c.Request.Context(), r); return err },
		func() string { return "/youth?unit=" + url.QueryEscape(r.Unit) }, "report_added") {
		d := youthData{Form: f}
		if chitieu.ErrorCode(err) == chitieu.ECONFLICT {
			// The day has a report: offer to correct it with what was typed.
			if d.Existing, err = h.reportOn(c.Request.Context(), r.Unit, r.ReportedOn); err != nil {
				h.fail(c, err)
				return
			}
		}
		h.showYouthPage(c, http.StatusUnprocessableEntity, d)
	}
}

// reportOn returns the unit's live report of day d, or nil.
func (h *Handler) reportOn(ctx context.Context, unit string, d chitieu.Date) (*chitieu.YouthReport, error) {
	reports, err := everyPage(func(p chitieu.Page) ([]*chitieu.YouthReport, int, error) {
		return h.YouthReports.FindYouthReports(ctx, chitieu.YouthReportFilter{Unit: unit, Page: p})
	})
	if err != nil {
		return nil, err
	}
	for _, r := range reports {
		if r.ReportedOn == d {
			return r, nil
		}
	}
	return nil, nil
}
