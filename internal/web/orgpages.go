package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// maxReorganisationBytes bounds a reorganisation posted on the pages, pasted or uploaded: the
// 2025 merger of a province is a few tens of kilobytes.
const maxReorganisationBytes = 1 << 20

// orgRoutes mounts the moves of cadres and the reorganisations of units (issue 16) when their
// services are given.
func (h *Handler) orgRoutes(g *gin.RouterGroup) {
	if h.Postings != nil {
		g.GET("/cadres/:id/move", h.requireUser, h.moveForm)
		g.POST("/cadres/:id/move", h.requireUser, h.moveCreate)
	}
	if h.Reorganisations != nil {
		g.GET("/reorganise", h.requireUser, h.reorganiseForm)
		g.POST("/reorganise", h.requireUser, h.reorganise)
	}
}

// postingRow is a posting with the last day it lasts to (the day before the next, or the day
// the cadre left; none while it lasts).
type postingRow struct {
	chitieu.Posting
	UnitName string
	Until    chitieu.Date
}

// postingRows lists a cadre's postings, newest first, each with the day it ends.
func postingRows(tree *unitTree, cd *chitieu.Cadre, postings []chitieu.Posting) []postingRow {
	rows := make([]postingRow, len(postings))
	for i, p := range postings {
		rows[len(postings)-1-i] = postingRow{Posting: p, UnitName: tree.name(p.Unit)}
		if i+1 < len(postings) {
			rows[len(postings)-1-i].Until = postings[i+1].From.AddDays(-1)
		} else if !cd.LeftOn.IsZero() {
			rows[len(postings)-1-i].Until = cd.LeftOn
		}
	}
	return rows
}

var moveFields = []string{"unit", "full_time", "position", "from"}

type moveData struct {
	Cadre *chitieu.Cadre
	Units []treeRow
	Form  *form
}

// moveForm offers a move (chuyển công tác) from a day, apart from the correction of the current
// posting on the edit page.
func (h *Handler) moveForm(c *gin.Context) {
	_, cd, ok := recordToWrite(h, c, h.findVisibleCadre)
	if !ok {
		return
	}
	f := newForm()
	f.Values["unit"], f.Values["position"] = cd.Unit, cd.Position
	if cd.FullTime {
		f.Values["full_time"] = "on"
	}
	f.Values["from"] = h.locale(c).Date(h.Figures.Today())
	h.showMove(c, http.StatusOK, cd, f)
}

func (h *Handler) moveCreate(c *gin.Context) {
	id, cd, ok := recordToWrite(h, c, h.findVisibleCadre)
	if !ok {
		return
	}
	l := h.locale(c)
	f := readForm(c, moveFields...)
	p := &chitieu.Posting{CadreID: id, Unit: f.V("unit"), FullTime: f.Checked("full_time"), Position: f.V("position"), From: f.date(l, "from")}
	if f.V("from") == "" {
		f.Errors["from"] = l.T("form.required")
	}
	if h.submit(c, f, func() error { return h.Postings.CreatePosting(c.Request.Context(), p) },
		func() string { return "/cadres/" + itoa(id) }, "cadre_moved") {
		h.showMove(c, http.StatusUnprocessableEntity, cd, f)
	}
}

func (h *Handler) showMove(c *gin.Context, status int, cd *chitieu.Cadre, f *form) {
	u := chitieu.UserFromContext(c.Request.Context())
	tree, err := h.loadUnitsOn(c.Request.Context(), h.Figures.Today())
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, status, "move", "cadres", h.locale(c).T("move.title", cd.FullName), moveData{Cadre: cd, Units: tree.visible(u), Form: f})
}

// reorganiseData is the page of a reorganisation: the forms of one change each and the body of
// a whole one; after a dry run, what it would change and the body to confirm.
type reorganiseData struct {
	Units   []treeRow
	Form    *form
	Op      string // the form that was posted
	Preview *chitieu.ReorganisationResult
	Names   map[string]string // the units' names, for the preview
	Body    string            // the reorganisation to confirm, as the API's JSON
}

var reorganiseFields = []string{"op", "effective_on", "note", "code", "name", "unit", "parent", "to", "body", "confirm"}

func (h *Handler) reorganiseForm(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	f := newForm()
	f.Values["effective_on"] = h.locale(c).Date(h.Figures.Today())
	h.showReorganise(c, http.StatusOK, reorganiseData{Form: f})
}

// reorganise reads a reorganisation from one of the forms or from a body pasted or uploaded;
// without confirm it is a dry run that shows what would change, with confirm it is applied.
func (h *Handler) reorganise(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxReorganisationBytes)
	l := h.locale(c)
	// Parsed here, before the form is read, so that a body over the bound is told as such.
	// (ParseMultipartForm would hide the error of a form that is not multipart.)
	parse := c.Request.ParseForm
	if c.ContentType() == "multipart/form-data" {
		parse = func() error { return c.Request.ParseMultipartForm(maxReorganisationBytes) }
	}
	if err := parse(); err != nil {
		f, status := newForm(), http.StatusUnprocessableEntity
		f.Other = l.T("reorg.bad_body")
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			f.Other, status = l.T("reorg.too_large"), http.StatusRequestEntityTooLarge
		}
		h.showReorganise(c, status, reorganiseData{Form: f})
		return
	}
	f := readForm(c, reorganiseFields...)
	r, body := h.readReorganisation(c, l, f)
	d := reorganiseData{Form: f, Op: f.V("op")}
	if !f.OK() {
		h.showReorganise(c, http.StatusUnprocessableEntity, d)
		return
	}
	confirm := f.V("confirm") == "1"
	res, err := h.Reorganisations.ApplyReorganisation(c.Request.Context(), r, !confirm)
	switch {
	case err == nil && confirm:
		redirect(c, "/units?on="+l.Date(r.EffectiveOn), "reorganised")
	case err == nil:
		d.Preview, d.Body = res, body
		h.showReorganise(c, http.StatusOK, d)
	case isUserError(err):
		all, err2 := h.loadUnits(c.Request.Context())
		if err2 != nil {
			h.fail(c, err2)
			return
		}
		f.Other = namedRefusal(l, err, all)
		h.showReorganise(c, http.StatusUnprocessableEntity, d)
	default:
		h.fail(c, err)
	}
}

// readReorganisation reads the reorganisation of the posted form: one change of a form, written
// as the API's body, or the whole body (an uploaded file before a pasted one). body is its JSON,
// to confirm.
func (h *Handler) readReorganisation(c *gin.Context, l *Locale, f *form) (*chitieu.Reorganisation, string) {
	var text string
	switch op := f.V("op"); op {
	case chitieu.OpCreate, chitieu.OpRename, chitieu.OpMove, chitieu.OpDissolve:
		day := f.date(l, "effective_on")
		if f.V("effective_on") == "" {
			f.Errors["effective_on"] = l.T("form.required")
		}
		if !f.OK() {
			return nil, ""
		}
		ch := map[string]any{"op": op, "unit": f.V("unit")}
		switch op {
		case chitieu.OpCreate:
			ch["unit"] = map[string]string{"code": f.V("code"), "name": f.V("name"), "parent": f.V("parent")}
		case chitieu.OpRename:
			ch["name"] = f.V("name")
		case chitieu.OpMove:
			ch["parent"] = f.V("parent")
		case chitieu.OpDissolve:
			ch["to"] = f.V("to")
		}
		b, err := json.Marshal(map[string]any{"effective_on": day.String(), "note": f.V("note"), "changes": []any{ch}})
		if err != nil {
			f.Other = l.T("reorg.bad_body")
			return nil, ""
		}
		text = string(b)
	case "body":
		text = f.V("body")
		if file, _, err := c.Request.FormFile("file"); err == nil {
			b, err := io.ReadAll(io.LimitReader(file, maxReorganisationBytes))
			file.Close()
			if err != nil {
				f.Other = l.T("reorg.too_large")
				return nil, ""
			}
			if len(bytes.TrimSpace(b)) > 0 {
				text = string(b)
			}
		}
	default:
		f.Other = l.T("reorg.bad_body")
		return nil, ""
	}
	var r chitieu.Reorganisation
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		f.Errors["body"] = l.T("reorg.bad_body")
		return nil, ""
	}
	return &r, text
}

// namedRefusal is the rule a reorganisation broke, with the units it names by their names; its
// field is a path in the body, no field of these forms.
func namedRefusal(l *Locale, err error, tree *unitTree) string {
	if e, ok := errors.AsType[*chitieu.Error](err); ok {
		named := *e
		named.Args = slices.Clone(e.Args)
		for i, a := range named.Args {
			if code, ok := a.(string); ok && tree.byCode[code] != nil {
				named.Args[i] = tree.byCode[code].Name
			}
		}
		err = &named
	}
	_, text := l.Refusal(err)
	return text
}

func (h *Handler) showReorganise(c *gin.Context, status int, d reorganiseData) {
	ctx := c.Request.Context()
	tree, err := h.loadUnitsOn(ctx, h.Figures.Today())
	if err != nil {
		h.fail(c, err)
		return
	}
	d.Units = tree.visible(chitieu.UserFromContext(ctx))
	if d.Preview != nil {
		// The units a reorganisation ends are not in today's tree after it; every unit is named.
		all, err := h.loadUnits(ctx)
		if err != nil {
			h.fail(c, err)
			return
		}
		d.Names = map[string]string{}
		for code, u := range all.byCode {
			d.Names[code] = u.Name
		}
	}
	h.render(c, status, "reorganise", "units", h.locale(c).T("reorg.title"), d)
}
