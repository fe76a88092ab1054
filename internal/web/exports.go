package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/sheetimport"
	"chitieu/internal/spreadsheet"
)

// ImportStore is the store's spreadsheet import with the exports of the lists, the ones the API
// sends (sqlite.ImportService is one).
type ImportStore interface {
	sheetimport.Store
	ExportCadres(ctx context.Context, f chitieu.CadreFilter, fn func(c *chitieu.Cadre, ptOn, eduOn chitieu.Date) error) error
	ExportYouthReports(ctx context.Context, f chitieu.YouthReportFilter, fn func(r *chitieu.YouthReport, unitName string) error) error
}

// cadresXLSX sends the cadres list as a workbook with every filter of the list (cadreListFilter),
// an editor's unit at most. The columns are the import's, in Vietnamese as the API's export, so
// that the file goes back in.
func (h *Handler) cadresXLSX(c *gin.Context) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	tree, ok := h.pageTree(c)
	if !ok {
		return
	}
	_, filter, floor := cadreListFilter(c, tree, u)
	h.sendExport(c, chitieu.ImportCadres, func(w *spreadsheet.Writer) error {
		return h.Imports.ExportCadres(ctx, filter, func(cd *chitieu.Cadre, pt, edu chitieu.Date) error {
			if !floor.meets(cd) {
				return nil
			}
			return w.Write(spreadsheet.CadreCells(cd, pt, edu))
		})
	})
}

// youthXLSX sends the youth reports of the page's unit as a workbook.
func (h *Handler) youthXLSX(c *gin.Context) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	tree, ok := h.pageTree(c)
	if !ok {
		return
	}
	unit := c.Query("unit")
	if unit == "" || !tree.within(u.Unit, unit) {
		h.errorPage(c, http.StatusNotFound, "error.not_found")
		return
	}
	h.sendExport(c, chitieu.ImportYouthReports, func(w *spreadsheet.Writer) error {
		return h.Imports.ExportYouthReports(ctx, chitieu.YouthReportFilter{Unit: unit}, func(r *chitieu.YouthReport, unitName string) error {
			return w.Write(spreadsheet.YouthReportCells(r, unitName))
		})
	})
}

// sendExport builds the workbook of kind whole, with rows written by write, then sends it.
func (h *Handler) sendExport(c *gin.Context, kind chitieu.ImportKind, write func(*spreadsheet.Writer) error) {
	h.sendWorkbook(c, string(kind), spreadsheet.SheetName(kind), spreadsheet.Headers(kind, "vi"), write)
}

// sendWorkbook builds a workbook of one sheet whole, with rows written by write, then sends it
// as NAME-DAY.xlsx.
func (h *Handler) sendWorkbook(c *gin.Context, name, sheet string, headers []string, write func(*spreadsheet.Writer) error) {
	var buf bytes.Buffer
	w, err := spreadsheet.NewWriter(&buf, spreadsheet.XLSX, sheet, headers)
	if err == nil {
		err = write(w)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	sheetimport.Send(c.Writer, fmt.Sprintf("%s-%s.xlsx", name, h.Figures.Today()), spreadsheet.XLSX, buf.Bytes())
}
