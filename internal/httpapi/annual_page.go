package httpapi

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
)

//go:embed templates/annual.html
var annualFS embed.FS

// annualTemplate is the printable annual review, parsed once at start.
var annualTemplate = template.Must(template.New("annual.html").Funcs(template.FuncMap{
	"dmy": func(d chitieu.Date) string {
		if d.IsZero() {
			return "—"
		}
		return d.Time().Format("02/01/2006")
	},
	"pct":  func(r float64) string { return fmt.Sprintf("%.1f %%", r*100) },
	"pctp": func(r *float64) string { return pctOrDash(r) },
	"ratio": func(c chitieu.Counts) string {
		r, ok := c.Ratio()
		if !ok {
			return "—"
		}
		return pctOrDash(&r)
	},
	"num":         groupDigits,
	"ordinal":     func(i int) int { return i + 1 },
	"status":      func(s chitieu.Status) string { return spreadsheet.StatusLabels[s] },
	"kind":        spreadsheet.KindLabel,
	"tkind":       func(k chitieu.TargetKind) string { return spreadsheet.TargetKindLabels[k] },
	"level":       spreadsheet.LevelLabel,
	"provider":    spreadsheet.ProviderLabel,
	"scope":       spreadsheet.ScopeLabel,
	"exempt":      spreadsheet.ExemptLabel,
	"recruitment": func(k chitieu.RecruitmentKind) string { return spreadsheet.RecruitmentLabels[k] },
	"examResult":  func(r chitieu.ExamResult) string { return spreadsheet.ExamResultLabels[r] },
}).ParseFS(annualFS, "templates/annual.html"))

// groupDigits writes a count the Vietnamese way, with dots between groups of three digits.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

func pctOrDash(r *float64) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f %%", *r*100)
}

// annualPage serves the annual review as a self-contained page to print, rendered into a
// buffer first so that a failed render never sends half a page.
func (h *sheets) annualPage(c *gin.Context) {
	d, err := h.reportDay(c)
	if err != nil {
		h.writeError(c, err)
		return
	}
	r, err := h.annualReport(c.Request.Context(), d)
	if err != nil {
		h.writeError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := annualTemplate.Execute(&buf, r); err != nil {
		h.writeError(c, fmt.Errorf("annual report page: %w", err))
		return
	}
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// annualReport is the annual review on day d as the request's user may read it (scope.go): the
// figures are the province's, but an editor limited to a unit sees by name only the cadres of its
// subtree who break the recruitment rule. The keeper's report is shared, so it is copied.
func (h *sheets) annualReport(ctx context.Context, d chitieu.Date) (*chitieu.AnnualReport, error) {
	r := h.Reporter.AnnualReport(d)
	if scopedUser(ctx) == nil {
		return r, nil
	}
	out := *r
	out.Recruitment.Failing = nil
	for _, f := range r.Recruitment.Failing {
		in, err := h.inScope(ctx, f.Cadre.Unit)
		if err != nil {
			return nil, err
		} else if in {
			out.Recruitment.Failing = append(out.Recruitment.Failing, f)
		}
	}
	return &out, nil
}
