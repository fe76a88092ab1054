package web

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/sheetimport"
	"chitieu/internal/spreadsheet"
)

// maxProblemsShown bounds the row errors one page lists: a file of 200,000 bad rows would
// otherwise make a page of tens of megabytes. The page says how many more there are.
const maxProblemsShown = 1000

type importData struct {
	Kinds    []chitieu.ImportKind
	Errors   map[chitieu.ImportKind]string // what is wrong with the file sent for a kind
	MaxSize  string
	MaxBytes int64
	Outcome  *importOutcome // the dry run or the import just done; nil on a plain visit
}

// importOutcome is what an import did, or would do.
type importOutcome struct {
	Kind                              chitieu.ImportKind
	File                              string
	DryRun, Applied                   bool
	Rows, Created, Updated, Unchanged int64
	Problems                          []importProblem
	ProblemCount                      int64
	Token                             string // confirms the import, after a dry run with no problem
	ListPath                          string // where the records of the kind are listed
}

type importProblem struct {
	Row     int
	Column  string
	Message string
}

// listPath is the page where the records of a kind are: training records are on their cadres'.
func listPath(kind chitieu.ImportKind) string {
	if kind == chitieu.ImportYouthReports {
		return "/youth"
	}
	return "/cadres"
}

func (h *Handler) newImportData() *importData {
	maxBytes := h.Limits.MaxBytes
	size := fmt.Sprintf("%d MiB", maxBytes>>20)
	if maxBytes%(1<<20) != 0 {
		size = fmt.Sprintf("%d KiB", maxBytes>>10)
	}
	return &importData{Kinds: chitieu.ImportKinds, Errors: map[chitieu.ImportKind]string{}, MaxSize: size, MaxBytes: maxBytes}
}

func (h *Handler) showImport(c *gin.Context, status int, d *importData) {
	h.render(c, status, "import", "import", h.locale(c).T("import.title"), d)
}

// importKindParam reads the kind from the path; an unknown one is not found.
func (h *Handler) importKindParam(c *gin.Context) (chitieu.ImportKind, bool) {
	kind := chitieu.ImportKind(c.Param("kind"))
	if !kind.Valid() {
		h.errorPage(c, http.StatusNotFound, "error.not_found")
		return "", false
	}
	return kind, true
}

// importWrite refuses, before the body is read, a user who may not write records, and reads
// the kind of an import that is to run.
func (h *Handler) importWrite(c *gin.Context) (chitieu.ImportKind, bool) {
	if !h.requireWriter(c) {
		return "", false
	}
	return h.importKindParam(c)
}

// importPage lists the kinds, each with its template and its upload form.
func (h *Handler) importPage(c *gin.Context) {
	if !h.requireWriter(c) {
		return
	}
	h.showImport(c, http.StatusOK, h.newImportData())
}

// importTemplate downloads the template of a kind, as the API does, for a signed-in user
// (the API asks for credentials a browser does not have).
func (h *Handler) importTemplate(c *gin.Context) {
	kind, ok := h.importKindParam(c)
	if !ok {
		return
	}
	name, data, err := sheetimport.Template(c.Request.Context(), h.Imports, kind)
	if err != nil {
		h.fail(c, err)
		return
	}
	sheetimport.Send(c.Writer, name, spreadsheet.XLSX, data)
}

// importCheck takes an upload and runs it dry through the store: the page shows what would be
// created or updated and every row's problem, and writes nothing. A file with no problem is
// kept for the confirmation.
func (h *Handler) importCheck(c *gin.Context) {
	kind, ok := h.importWrite(c)
	if !ok {
		return
	}
	release, err := h.ImportGate.Enter() // before the upload is read: the gate bounds memory too
	if err != nil {
		h.importFailed(c, kind, err)
		return
	}
	defer release()
	file, err := sheetimport.Read(c.Writer, c.Request, h.Limits)
	var res *chitieu.ImportResult
	if err == nil {
		res, err = sheetimport.Import(c.Request.Context(), h.Imports, kind, file, h.Limits, false)
	}
	if err != nil {
		h.importFailed(c, kind, err)
		return
	}
	d := h.newImportData()
	d.Outcome = h.outcome(c, res, true)
	if len(res.Problems) == 0 {
		key, ok := sessionOf(c)
		if !ok {
			h.fail(c, chitieu.NewError(chitieu.EUNAUTHORIZED, "session", chitieu.RuleSessionNone))
			return
		}
		d.Outcome.Token = h.pending.put(key, kind, file)
	}
	h.showImport(c, http.StatusOK, d)
}

// importConfirm imports for real the file its dry run checked, and shows what was done. The
// store checks every row again: should the records have changed since, its problems are shown
// and nothing is written.
func (h *Handler) importConfirm(c *gin.Context) {
	kind, ok := h.importWrite(c)
	if !ok {
		return
	}
	release, err := h.ImportGate.Enter() // before the file is taken: refused, it stays kept
	if err != nil {
		h.importFailed(c, kind, err)
		return
	}
	defer release()
	key, ok := sessionOf(c)
	var file *sheetimport.File
	if ok {
		file = h.pending.take(c.PostForm("token"), key, kind)
	}
	if file == nil {
		d := h.newImportData()
		d.Errors[kind] = h.locale(c).T("import.expired", int(pendingTTL.Minutes()))
		h.showImport(c, http.StatusGone, d)
		return
	}
	res, err := sheetimport.Import(c.Request.Context(), h.Imports, kind, file, h.Limits, true)
	if err != nil {
		h.importFailed(c, kind, err)
		return
	}
	d := h.newImportData()
	d.Outcome = h.outcome(c, res, false)
	status := http.StatusOK
	if !res.Applied {
		status = http.StatusUnprocessableEntity
	}
	h.showImport(c, status, d)
}

// importFailed answers a file that cannot be read at all with its message next to the file
// field; any other error is the store's, answered as every page does.
func (h *Handler) importFailed(c *gin.Context, kind chitieu.ImportKind, err error) {
	l := h.locale(c)
	d := h.newImportData()
	var fe *spreadsheet.FileError
	var busy *sheetimport.BusyError
	switch {
	case errors.As(err, &busy):
		_, d.Errors[kind] = l.Refusal(err)
		c.Header("Retry-After", itoa(int64(sheetimport.RetryAfter)))
		c.Header("Connection", "close") // the upload left unread: answered at once (see httpapi)
		h.showImport(c, http.StatusServiceUnavailable, d)
	case errors.As(err, &fe) && fe.TooLarge:
		d.Errors[kind] = fe.Text(l.Lang)
		h.showImport(c, http.StatusRequestEntityTooLarge, d)
	case errors.As(err, &fe):
		d.Errors[kind] = fe.Text(l.Lang)
		h.showImport(c, http.StatusUnprocessableEntity, d)
	case errors.Is(err, sheetimport.ErrNoFile):
		d.Errors[kind] = l.T("import.no_file")
		h.showImport(c, http.StatusUnprocessableEntity, d)
	default:
		h.fail(c, err)
	}
}

// outcome puts an import's result in the page's language.
func (h *Handler) outcome(c *gin.Context, res *chitieu.ImportResult, dry bool) *importOutcome {
	lang := h.locale(c).Lang
	o := &importOutcome{Kind: res.Kind, File: res.File, DryRun: dry, Applied: res.Applied, Rows: int64(res.Rows),
		Created: int64(res.Created), Updated: int64(res.Updated), Unchanged: int64(res.Unchanged),
		ProblemCount: int64(len(res.Problems)), ListPath: listPath(res.Kind)}
	for _, p := range res.Problems[:min(len(res.Problems), maxProblemsShown)] {
		o.Problems = append(o.Problems, importProblem{Row: p.Row, Column: p.Column, Message: p.Message.In(lang)})
	}
	return o
}

// session of the request, to which an upload kept for confirmation is bound.
func sessionOf(c *gin.Context) ([sha256.Size]byte, bool) {
	ck, err := c.Request.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return [sha256.Size]byte{}, false
	}
	return sessionHash(ck.Value), true
}
