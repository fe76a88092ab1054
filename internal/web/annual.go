package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/sheetimport"
	"chitieu/internal/spreadsheet"
)

// AnnualReporter computes the annual review (figures.Keeper).
type AnnualReporter interface {
	AnnualReport(d chitieu.Date) *chitieu.AnnualReport
}

type annualData struct {
	Report    *chitieu.AnnualReport
	DayText   string // the day as typed, kept when it is wrong
	DateError string
	Today     chitieu.Date
}

// annual shows the annual review (báo cáo sơ kết) on a day, today by default, to print or to
// download as a workbook.
func (h *Handler) annual(c *gin.Context) {
	l := h.locale(c)
	d := annualData{Today: h.Figures.Today()}
	day, text, bad := h.reportDay(c)
	d.DayText = text
	if bad {
		d.DateError = l.T("form.bad_date")
	}
	r, err := h.annualReport(c, day)
	if err != nil {
		h.fail(c, err)
		return
	}
	d.Report = r
	h.render(c, http.StatusOK, "annual", "annual", l.T("annual.title"), d)
}

// annualXLSX sends the review as a workbook in the page's language.
func (h *Handler) annualXLSX(c *gin.Context) {
	day, _, bad := h.reportDay(c)
	if bad {
		h.errorPage(c, http.StatusUnprocessableEntity, "form.bad_date")
		return
	}
	r, err := h.annualReport(c, day)
	if err != nil {
		h.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := spreadsheet.AnnualReport(&buf, r, h.locale(c).Lang); err != nil {
		h.fail(c, err)
		return
	}
	sheetimport.Send(c.Writer, fmt.Sprintf("bao-cao-so-ket-%s.xlsx", day), spreadsheet.XLSX, buf.Bytes())
}

// reportDay reads ?date= (dd/mm/yyyy, or yyyy-mm-dd as the old route took it): the day, the
// text to show in the field, and whether the text was not a day (then today).
func (h *Handler) reportDay(c *gin.Context) (day chitieu.Date, text string, bad bool) {
	day, text = h.Figures.Today(), c.Query("date")
	if text != "" {
		d, err := parseDay(text)
		if err != nil || d.IsZero() {
			return day, text, true
		}
		day = d
	}
	return day, h.locale(c).Date(day), false
}

// annualReport is the review on day as the user may read it, its targets grouped by plan: the
// province's figures, but by name only the failing cadres of an editor's own units.
func (h *Handler) annualReport(c *gin.Context, day chitieu.Date) (*chitieu.AnnualReport, error) {
	plans, err := chitieu.PlansOf(c.Request.Context(), h.Plans)
	if err != nil {
		return nil, err
	}
	r := h.Reports.AnnualReport(day).WithPlans(plans)
	u := chitieu.UserFromContext(c.Request.Context())
	if u.Unit == "" {
		return r, nil
	}
	tree, err := h.loadUnits(c.Request.Context())
	if err != nil {
		return nil, err
	}
	return r.Within(func(unit string) (bool, error) { return tree.within(u.Unit, unit), nil })
}
