package web

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

const auditPerPage = 50

// auditEntities are the kinds of record the audit's "what" filter offers.
var auditEntities = []string{"cadre", "training", "youth_report", "position", "assignment", "unit", "target", "user",
	"recruitment_rule", "import", "token", "session"}

type auditData struct {
	Entries          []auditRow
	Page, Pages      int
	PrevURL, NextURL string
	Form             *form
	Entities         []string
	Actors           []string
	CanRestore       bool
}

// auditRow is an entry as a person reads it: the record by its name, and each field that
// changed in the page's language.
type auditRow struct {
	*chitieu.AuditEntry
	Name    string
	Link    string // the record's page, while it has one
	Fields  []auditField
	Restore string // the form that brings a deleted record back
}

type auditField struct {
	Label, Before, After string
}

// audit lists the changes, newest first, filtered by who, what and when; sign-ins only when
// asked for.
func (h *Handler) audit(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	page, ok := h.pageNumber(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	l := h.locale(c)
	f := newForm()
	for _, k := range []string{"actor", "entity", "from", "to"} {
		f.Values[k] = c.Query(k)
	}
	filter := chitieu.AuditFilter{Actor: f.V("actor"), Entity: f.V("entity"), Changes: f.V("entity") == "",
		Page: chitieu.Page{Limit: auditPerPage, Offset: (page - 1) * auditPerPage}}
	if !slices.Contains(auditEntities, filter.Entity) {
		filter.Entity, f.Values["entity"] = "", ""
	}
	if from := f.date(l, "from"); !from.IsZero() {
		filter.Since = from.Start(h.Location)
	}
	if to := f.date(l, "to"); !to.IsZero() {
		filter.Until = to.End(h.Location)
	}
	entries, total, err := h.Audit.FindAuditEntries(ctx, filter)
	if err != nil {
		h.fail(c, err)
		return
	}
	d := auditData{Page: page, Pages: max(1, (total+auditPerPage-1)/auditPerPage), Form: f, Entities: auditEntities}
	users, err := everyPage(func(p chitieu.Page) ([]*chitieu.User, int, error) { return h.Users.FindUsers(ctx, p) })
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, u := range users {
		d.Actors = append(d.Actors, u.Username)
	}
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	names := &recordNames{h: h, ctx: ctx, tree: tree, cadres: map[int64]string{}}
	for _, e := range entries {
		e.At = e.At.In(h.Location)
		d.Entries = append(d.Entries, names.row(l, e))
	}
	d.PrevURL, d.NextURL = pagerURLs("/audit", f, page, d.Pages)
	h.render(c, http.StatusOK, "audit", "audit", l.T("audit.title"), d)
}

// recordNames names the records of audit entries, looking a cadre up once.
type recordNames struct {
	h      *Handler
	ctx    context.Context
	tree   *unitTree
	cadres map[int64]string
}

func (n *recordNames) cadre(id int64) string {
	if name, ok := n.cadres[id]; ok {
		return name
	}
	name := ""
	if cd, err := n.h.Cadres.FindCadreByID(n.ctx, id); err == nil {
		name = cd.FullName
	}
	n.cadres[id] = name
	return name
}

// row reads the entry's record before and after: its name, and the fields that differ (all of
// them for a record created or deleted).
func (n *recordNames) row(l *Locale, e *chitieu.AuditEntry) auditRow {
	r := auditRow{AuditEntry: e}
	var before, after map[string]any
	_ = json.Unmarshal(e.Before, &before) // a record that is not an object shows no fields
	_ = json.Unmarshal(e.After, &after)
	rec := after
	if rec == nil {
		rec = before
	}
	str := func(k string) string { s, _ := rec[k].(string); return s }
	num := func(k string) int64 { f, _ := rec[k].(float64); return int64(f) }
	switch e.Entity {
	case "cadre":
		r.Name, r.Link = str("full_name"), "/cadres/"+e.Key
	case "training":
		r.Name = n.cadre(num("cadre_id")) + " · " + l.T("kind."+str("kind"))
		r.Link = "/cadres/" + strconv.FormatInt(num("cadre_id"), 10)
	case "youth_report":
		r.Name = n.tree.name(str("unit")) + " · " + n.value(l, "reported_on", str("reported_on"))
		r.Link = "/youth?unit=" + url.QueryEscape(str("unit"))
	case "assignment":
		r.Name = n.cadre(num("cadre_id"))
		r.Link = "/positions/" + strconv.FormatInt(num("position_id"), 10)
	case "position":
		r.Name, r.Link = str("title")+" · "+n.tree.name(str("unit")), "/positions/"+e.Key
	case "unit":
		r.Name, r.Link = str("name"), "/units/"+e.Key
	case "target":
		r.Name = str("name")
	case "user", "session", "token":
		r.Name = cmp.Or(str("username"), e.Key)
	default:
		r.Name = e.Key
	}
	if r.Name == "" {
		r.Name = e.Key
	}
	if e.Action == chitieu.ActionDelete {
		r.Link = ""
		r.Restore = restorePath(e.Entity, e.Key)
	}
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if k == "id" || k == "password" || k == "hash" {
			continue
		}
		b, a := n.value(l, k, before[k]), n.value(l, k, after[k])
		if before != nil && after != nil && b == a {
			continue
		}
		label := k
		if l.Has("field." + k) {
			label = l.T("field." + k)
		}
		r.Fields = append(r.Fields, auditField{Label: label, Before: b, After: a})
	}
	return r
}

// enumPrefixes are the catalogue's words for the values of coded fields.
var enumPrefixes = map[string]string{"status": "tstatus.", "kind": "kind.", "role": "role.", "recruitment": "recruitment.",
	"exam_result": "exam_result.", "action": "action."}

// value writes a field's value as the pages do: a day as a day, a unit by its name, a code
// by its word, yes or no.
func (n *recordNames) value(l *Locale, key string, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return l.T("yes")
		}
		return l.T("no")
	case float64:
		if key == "cadre_id" {
			return n.cadre(int64(v))
		}
		if v == float64(int64(v)) {
			return l.Int(int64(v))
		}
		return fmt.Sprint(v)
	case string:
		if d, err := chitieu.ParseDate(v); err == nil {
			return l.Date(d)
		}
		if key == "unit" || key == "parent" || key == "scope_unit" {
			if name := n.tree.name(v); name != "" {
				return name
			}
		}
		if p, ok := enumPrefixes[key]; ok && l.Has(p+v) {
			return l.T(p + v)
		}
		return v
	}
	buf, _ := json.Marshal(v)
	return string(buf)
}
