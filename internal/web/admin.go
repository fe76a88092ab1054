package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// The admin pages: targets, users and the audit log. The services refuse anyone else; the
// pages say so first.

// requireWriter refuses, before reading the form, a user who may not write records.
func (h *Handler) requireWriter(c *gin.Context) bool {
	if !chitieu.UserFromContext(c.Request.Context()).CanWriteRecords() {
		h.errorPage(c, http.StatusForbidden, "error.forbidden")
		return false
	}
	return true
}

func (h *Handler) requireAdmin(c *gin.Context) bool {
	if !chitieu.UserFromContext(c.Request.Context()).IsAdmin() {
		h.errorPage(c, http.StatusForbidden, "error.forbidden")
		return false
	}
	return true
}

type targetsData struct {
	Targets   []*chitieu.Target
	UnitNames map[string]string
}

func (h *Handler) targets(c *gin.Context) {
	ctx := c.Request.Context()
	targets, err := h.allTargets(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	d := targetsData{Targets: targets, UnitNames: map[string]string{}}
	for _, t := range targets {
		d.UnitNames[t.ScopeUnit] = tree.name(t.ScopeUnit)
	}
	h.render(c, http.StatusOK, "targets", "targets", h.locale(c).T("targets.title"), d)
}

var targetFields = []string{"code", "name", "plan", "kind", "min_level", "scope_unit", "full_time_only", "comparator", "threshold",
	"baseline_date", "baseline_ratio", "deadline", "tolerance", "window_days", "provider"}

type targetFormData struct {
	Form      *form
	Units     []treeRow
	Code      string // the target edited; "" for a new one
	Plans     []*chitieu.Plan
	PTLevels  []chitieu.Level
	EduLevels []chitieu.Level
}

func (h *Handler) showTargetForm(c *gin.Context, status int, f *form, code string) {
	tree, err := h.loadUnits(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	plans, _, err := h.plansAndTargets(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	l := h.locale(c)
	title := l.T("target.new")
	if code != "" {
		title = l.T("target.edit")
	}
	h.render(c, status, "target_form", "targets", title, targetFormData{Form: f, Units: tree.walk(""), Code: code, Plans: plans,
		PTLevels: chitieu.Levels(chitieu.PoliticalTheory), EduLevels: chitieu.Levels(chitieu.Education)})
}

func (h *Handler) targetNew(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	t := chitieu.NewTarget()
	f := newForm()
	f.Values = map[string]string{"full_time_only": "on", "comparator": string(t.Comparator), "tolerance": "5", "kind": string(chitieu.TargetPoliticalTheory)}
	h.showTargetForm(c, http.StatusOK, f, "")
}

func (h *Handler) targetEdit(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	t, err := h.Targets.FindTarget(c.Request.Context(), c.Param("code"))
	if err != nil {
		h.fail(c, err)
		return
	}
	l := h.locale(c)
	f := newForm()
	f.Values = map[string]string{"code": t.Code, "name": t.Name, "plan": t.Plan, "kind": string(t.Kind), "min_level": string(t.MinLevel),
		"scope_unit": t.ScopeUnit, "comparator": string(t.Comparator), "threshold": percentInput(t.Threshold),
		"baseline_date": l.Date(t.BaselineDate), "deadline": l.Date(t.Deadline), "tolerance": percentInput(t.Tolerance)}
	if t.BaselineRatio != nil {
		f.Values["baseline_ratio"] = percentInput(*t.BaselineRatio)
	}
	if t.FullTimeOnly {
		f.Values["full_time_only"] = "on"
	}
	if t.Kind == chitieu.TargetProfessionalTraining {
		f.Values["window_days"], f.Values["provider"] = strconv.Itoa(t.WindowDays), t.Provider
	}
	h.showTargetForm(c, http.StatusOK, f, t.Code)
}

// percentInput writes a ratio as the percentage a form field holds: 0.65 is "65".
func percentInput(r float64) string { return strconv.FormatFloat(r*100, 'f', -1, 64) }

func targetFromForm(l *Locale, f *form) chitieu.Target {
	t := chitieu.Target{Code: f.V("code"), Name: f.V("name"), Plan: f.V("plan"), Kind: chitieu.TargetKind(f.V("kind")), MinLevel: chitieu.Level(f.V("min_level")),
		ScopeUnit: f.V("scope_unit"), FullTimeOnly: f.Checked("full_time_only"), Comparator: chitieu.Comparator(f.V("comparator")),
		BaselineDate: f.date(l, "baseline_date"), Deadline: f.date(l, "deadline")}
	// The form shows every field; those of other kinds are dropped, whatever they held.
	if !t.Kind.IsCadreKind() {
		t.MinLevel = chitieu.LevelNone
	}
	if t.Kind == chitieu.TargetProfessionalTraining {
		t.WindowDays, t.Provider = int(f.int(l, "window_days", true)), f.V("provider")
	}
	if p := f.percent(l, "threshold"); p != nil {
		t.Threshold = *p
	} else if f.E("threshold") == "" {
		f.Errors["threshold"] = l.T("form.required")
	}
	t.BaselineRatio = f.percent(l, "baseline_ratio")
	t.Tolerance = chitieu.DefaultTolerance
	if p := f.percent(l, "tolerance"); p != nil {
		t.Tolerance = *p
	}
	return t
}

func (h *Handler) targetCreate(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	f := readForm(c, targetFields...)
	t := targetFromForm(h.locale(c), f)
	if h.submit(c, f, func() error { return h.Targets.CreateTarget(c.Request.Context(), &t) },
		func() string { return "/targets" }, "target_saved") {
		h.showTargetForm(c, http.StatusUnprocessableEntity, f, "")
	}
}

func (h *Handler) targetUpdate(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	code := c.Param("code")
	f := readForm(c, targetFields...)
	f.Values["code"] = code
	t := targetFromForm(h.locale(c), f)
	write := func() error {
		_, err := h.Targets.UpdateTarget(c.Request.Context(), code, &t)
		return err
	}
	if h.submit(c, f, write, func() string { return "/targets" }, "target_saved") {
		h.showTargetForm(c, http.StatusUnprocessableEntity, f, code)
	}
}

const auditPerPage = 50

type auditData struct {
	Entries          []*chitieu.AuditEntry
	Page, Pages      int
	PrevURL, NextURL string
}

func (h *Handler) audit(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	page, ok := h.pageNumber(c)
	if !ok {
		return
	}
	entries, total, err := h.Audit.FindAuditEntries(c.Request.Context(), chitieu.AuditFilter{Page: chitieu.Page{Limit: auditPerPage, Offset: (page - 1) * auditPerPage}})
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, e := range entries {
		e.At = e.At.In(h.Location)
	}
	d := auditData{Entries: entries, Page: page, Pages: max(1, (total+auditPerPage-1)/auditPerPage)}
	if page > 1 {
		d.PrevURL = "/audit?page=" + strconv.Itoa(page-1)
	}
	if page < d.Pages {
		d.NextURL = "/audit?page=" + strconv.Itoa(page+1)
	}
	h.render(c, http.StatusOK, "audit", "audit", h.locale(c).T("audit.title"), d)
}
