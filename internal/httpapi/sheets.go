package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
	"chitieu/internal/sheetimport"
	"chitieu/internal/spreadsheet"
)

// SheetStore is what the spreadsheet routes need of the store: imports, the exports' reads and
// the units for the templates (sqlite.ImportService).
type SheetStore interface {
	sheetimport.Store
	ExportCadres(ctx context.Context, f chitieu.CadreFilter, fn func(c *chitieu.Cadre, ptOn, eduOn chitieu.Date) error) error
	ExportTrainings(ctx context.Context, f chitieu.TrainingFilter, fn func(t *chitieu.Training, c *chitieu.Cadre) error) error
	ExportYouthReports(ctx context.Context, f chitieu.YouthReportFilter, fn func(r *chitieu.YouthReport, unitName string) error) error
	Units(ctx context.Context) ([]*chitieu.Unit, error)
}

// Reporter computes the annual review (figures.Keeper).
type Reporter interface {
	Today() chitieu.Date
	AnnualReport(d chitieu.Date) *chitieu.AnnualReport
}

// SheetsConfig is what MountSheets needs.
type SheetsConfig struct {
	Store    SheetStore
	Reporter Reporter
	Limits   spreadsheet.Limits // the upload size, row and unzip limits
	// Gate bounds the imports running at once, shared with the pages; nil is a gate of
	// sheetimport.DefaultConcurrentImports for the API alone.
	Gate *sheetimport.Gate
}

// MountSheets adds the spreadsheet routes: imports (with dry run) and their templates, exports
// of the record lists, and the annual review as a workbook. (Its printable page is the pages',
// internal/web, for a signed-in user.)
func (s *Server) MountSheets(cfg SheetsConfig) {
	if cfg.Gate == nil {
		cfg.Gate = sheetimport.NewGate(sheetimport.DefaultConcurrentImports)
	}
	h := &sheets{Server: s, SheetsConfig: cfg}
	records := s.requireRole("editor or admin", (*chitieu.User).CanWriteRecords)
	api := s.engine.Group("/api/v1", s.RequireUser)
	api.POST("/import/:kind", records, h.importFile)
	api.GET("/import/:kind/template.xlsx", h.template)
	api.GET("/export/:file", h.export)
	api.GET("/reports/annual.xlsx", h.annualXLSX)
}

type sheets struct {
	*Server
	SheetsConfig
}

// lang is the user's language from Accept-Language, the catalogue's choice.
func lang(c *gin.Context) string { return i18n.Match(c.GetHeader("Accept-Language")) }

func importKind(c *gin.Context) (chitieu.ImportKind, error) {
	kind := chitieu.ImportKind(c.Param("kind"))
	if !kind.Valid() {
		return "", chitieu.NewError(chitieu.ENOTFOUND, "kind", chitieu.RuleSheetKindPath, c.Param("kind"))
	}
	return kind, nil
}

// importResult is the JSON of an import's outcome.
type importResult struct {
	Kind      chitieu.ImportKind `json:"kind"`
	File      string             `json:"file"`
	Rows      int                `json:"rows"`
	Created   int                `json:"created"`
	Updated   int                `json:"updated"`
	Unchanged int                `json:"unchanged"`
	DryRun    bool               `json:"dry_run"`
	Applied   bool               `json:"applied"`
	Error     string             `json:"error,omitempty"`
	Results   []rowResult        `json:"results"`
	Problems  []problem          `json:"problems"`
}

type rowResult struct {
	Row    int    `json:"row"`
	Action string `json:"action"`
	ID     int64  `json:"id,omitempty"`
}

type problem struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func (h *sheets) importFile(c *gin.Context) {
	kind, err := importKind(c)
	if err != nil {
		h.writeError(c, err)
		return
	}
	q := query{c: c}
	dry := q.bool("dry_run")
	if q.err != nil {
		h.writeError(c, q.err)
		return
	}
	apply := dry == nil || !*dry
	release, err := h.Gate.Enter() // before the upload is read: the gate bounds memory too
	if err != nil {
		c.Header("Retry-After", strconv.Itoa(sheetimport.RetryAfter))
		// The upload is left unread: answered at once, and the connection dropped, rather than
		// the server reading up to 256 KiB of it first.
		c.Header("Connection", "close")
		h.writeError(c, err)
		return
	}
	defer release()
	file, err := sheetimport.Read(c.Writer, c.Request, h.Limits)
	var res *chitieu.ImportResult
	if err == nil {
		res, err = sheetimport.Import(c.Request.Context(), h.Store, kind, file, h.Limits, apply)
	}
	var fe *spreadsheet.FileError
	switch {
	case errors.As(err, &fe) && fe.TooLarge:
		h.writeError(c, &statusError{status: http.StatusRequestEntityTooLarge, err: fe})
		return
	case errors.Is(err, sheetimport.ErrNoFile):
		h.writeError(c, malformed("file", chitieu.RuleNoFile))
		return
	case err != nil:
		h.writeError(c, err)
		return
	}
	out := newImportResult(res, !apply, lang(c))
	status := http.StatusOK
	if apply && !res.Applied {
		status = http.StatusUnprocessableEntity
		out.Error = i18n.Text(lang(c), "import.not_applied", len(res.Problems))
	}
	c.JSON(status, out)
}

func newImportResult(res *chitieu.ImportResult, dry bool, lang string) importResult {
	out := importResult{Kind: res.Kind, File: res.File, Rows: res.Rows, Created: res.Created, Updated: res.Updated,
		Unchanged: res.Unchanged, DryRun: dry, Applied: res.Applied, Results: []rowResult{}, Problems: []problem{}}
	for _, r := range res.Results {
		out.Results = append(out.Results, rowResult{Row: r.Row, Action: r.Action, ID: r.ID})
	}
	for _, p := range res.Problems {
		out.Problems = append(out.Problems, problem{Row: p.Row, Column: p.Column, Message: p.Message.In(lang)})
	}
	return out
}

func (h *sheets) template(c *gin.Context) {
	kind, err := importKind(c)
	if err != nil {
		h.writeError(c, err)
		return
	}
	name, data, err := sheetimport.Template(c.Request.Context(), h.Store, kind)
	if err != nil {
		h.writeError(c, err)
		return
	}
	sendFile(c, name, spreadsheet.XLSX, data)
}

func (h *sheets) export(c *gin.Context) {
	name, ext, _ := strings.Cut(c.Param("file"), ".")
	kind, format := chitieu.ImportKind(name), spreadsheet.Format(ext)
	if !kind.Valid() || (format != spreadsheet.XLSX && format != spreadsheet.CSV) {
		h.writeError(c, chitieu.NewError(chitieu.ENOTFOUND, "export", chitieu.RuleExportFile, c.Param("file")))
		return
	}
	var buf bytes.Buffer
	w, err := spreadsheet.NewWriter(&buf, format, spreadsheet.SheetName(kind), spreadsheet.Headers(kind, "vi"))
	if err != nil {
		h.writeError(c, err)
		return
	}
	q := query{c: c}
	ctx := c.Request.Context()
	switch kind {
	case chitieu.ImportCadres:
		f := chitieu.CadreFilter{Unit: q.string("unit"), Active: q.bool("active"), Query: q.string("q")}
		if q.err == nil {
			q.fail(h.scopeCadres(ctx, &f)) // the read rule of the lists (scope.go)
		}
		if q.err == nil {
			err = h.Store.ExportCadres(ctx, f, func(cd *chitieu.Cadre, pt, edu chitieu.Date) error {
				return w.Write(spreadsheet.CadreCells(cd, pt, edu))
			})
		}
	case chitieu.ImportTrainings:
		f := chitieu.TrainingFilter{CadreID: q.int("cadre_id", 0), Kind: chitieu.TrainingKind(q.string("kind")),
			Status: chitieu.TrainingStatus(q.string("status"))}
		if q.err == nil {
			q.fail(h.scopeTrainings(ctx, &f))
		}
		if q.err == nil {
			err = h.Store.ExportTrainings(ctx, f, func(t *chitieu.Training, cd *chitieu.Cadre) error {
				return w.Write(spreadsheet.TrainingCells(t, cd))
			})
		}
	case chitieu.ImportYouthReports:
		f := chitieu.YouthReportFilter{Unit: q.string("unit")}
		if q.fail(h.scopeYouthReports(ctx, &f)); q.err == nil {
			err = h.Store.ExportYouthReports(ctx, f, func(r *chitieu.YouthReport, unitName string) error {
				return w.Write(spreadsheet.YouthReportCells(r, unitName))
			})
		}
	}
	if q.err != nil {
		err = q.err
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		h.writeError(c, err)
		return
	}
	sendFile(c, fmt.Sprintf("%s-%s.%s", kind, h.Reporter.Today(), format), format, buf.Bytes())
}

// sendFile answers a download, built whole before the first byte is sent.
func sendFile(c *gin.Context, name string, format spreadsheet.Format, data []byte) {
	sheetimport.Send(c.Writer, name, format, data)
}

// reportDay reads ?date=YYYY-MM-DD, today by default.
func (h *sheets) reportDay(c *gin.Context) (chitieu.Date, error) {
	q := query{c: c}
	d := q.date("date")
	if q.err != nil {
		return 0, q.err
	}
	if d.IsZero() {
		d = h.Reporter.Today()
	}
	return d, nil
}

func (h *sheets) annualXLSX(c *gin.Context) {
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
	if err := spreadsheet.AnnualReport(&buf, r, lang(c)); err != nil {
		h.writeError(c, err)
		return
	}
	sendFile(c, fmt.Sprintf("bao-cao-so-ket-%s.xlsx", d), spreadsheet.XLSX, buf.Bytes())
}

// annualReport is the annual review on day d as the request's user may read it (scope.go): the
// figures are the province's, but an editor limited to a unit sees by name only the cadres of its
// subtree who break the recruitment rule. Its targets are grouped by plan when plans are kept.
func (h *sheets) annualReport(ctx context.Context, d chitieu.Date) (*chitieu.AnnualReport, error) {
	plans, err := chitieu.PlansOf(ctx, h.Plans)
	if err != nil {
		return nil, err
	}
	r := h.Reporter.AnnualReport(d).WithPlans(plans)
	if scopedUser(ctx) == nil {
		return r, nil
	}
	return r.Within(func(unit string) (bool, error) { return h.inScope(ctx, unit) })
}
