package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// Restorer brings back a deleted record (deletes only mark one): the undo after a delete and the
// audit's restore. sqlite.RestoreService is one.
type Restorer interface {
	RestoreYouthReport(ctx context.Context, id int64) (*chitieu.YouthReport, error)
	RestoreTraining(ctx context.Context, id int64) (*chitieu.Training, error)
	RestoreCadre(ctx context.Context, id int64) (*chitieu.Cadre, error)
	RestorePosition(ctx context.Context, id int64) (*chitieu.Position, error)
	RestoreAssignment(ctx context.Context, id int64) (*chitieu.Assignment, error)
}

// confirmedField is the field a confirmation page adds to the form it posts again.
const confirmedField = "confirmed"

type hiddenField struct{ Name, Value string }

type askData struct {
	Question, Detail, Button, Cancel, Action string
	Fields                                   []hiddenField
}

// askFirst tells whether a destructive form was confirmed. When not, it answers a page that
// asks, with the form's fields kept and a button that posts them again confirmed: a
// confirmation that works without JavaScript and keeps no state on the server.
func (h *Handler) askFirst(c *gin.Context, question, detail, button, cancel string) bool {
	if c.PostForm(confirmedField) == "yes" {
		return true
	}
	d := askData{Question: question, Detail: detail, Button: button, Cancel: localPath(cancel), Action: c.Request.URL.Path}
	for k, vs := range c.Request.PostForm {
		if k == confirmedField {
			continue
		}
		for _, v := range vs {
			d.Fields = append(d.Fields, hiddenField{k, v})
		}
	}
	h.render(c, http.StatusOK, "ask", "", question, d)
	return false
}

// undoPath is the restore form a notice after a delete offers: "KIND/ID" in the query's undo
// parameter, KIND one of restorePaths; anything else offers none.
func undoPath(undo string) string {
	kind, id, ok := strings.Cut(undo, "/")
	if !ok || id == "" || strings.Trim(id, "0123456789") != "" || len(id) > 18 {
		return ""
	}
	return restorePath(kind, id)
}

// restorePaths are the restore forms' paths, before the record's id, by the audit's entity.
var restorePaths = map[string]string{"youth_report": "/youth/", "training": "/trainings/", "cadre": "/cadres/",
	"position": "/positions/", "assignment": "/assignments/"}

// restorePath is the form that brings back the deleted record of an entity and key; "" for an
// entity the pages cannot restore.
func restorePath(entity, key string) string {
	if p, ok := restorePaths[entity]; ok {
		return p + key + "/restore"
	}
	return ""
}

// findVisibleReport returns the live report when the user may see its unit.
func (h *Handler) findVisibleReport(c *gin.Context, id int64) (*chitieu.YouthReport, *unitTree, error) {
	ctx := c.Request.Context()
	r, err := h.YouthReports.FindYouthReportByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	tree, err := h.treeShowing(ctx, r.Unit, "youth_report", id)
	if err != nil {
		return nil, nil, err
	}
	return r, tree, nil
}

// youthEdit shows the youth page with the report's figures in the form, to correct them.
func (h *Handler) youthEdit(c *gin.Context) {
	id, r, ok := recordToWrite(h, c, h.findVisibleReport)
	if !ok {
		return
	}
	l := h.locale(c)
	f := newForm()
	f.Values = map[string]string{"unit": r.Unit, "reported_on": l.Date(r.ReportedOn),
		"youth_population": itoa(r.YouthPopulation), "union_members": itoa(r.UnionMembers),
		"association_members": itoa(r.AssociationMembers), "gathered": itoa(r.Gathered)}
	h.showYouthEdit(c, http.StatusOK, f, id)
}

// youthUpdate corrects a report's day and figures; its unit stays.
func (h *Handler) youthUpdate(c *gin.Context) {
	id, r, ok := recordToWrite(h, c, h.findVisibleReport)
	if !ok {
		return
	}
	l := h.locale(c)
	f := readForm(c, youthFields...)
	f.Values["unit"] = r.Unit
	upd := &chitieu.YouthReport{Unit: r.Unit, ReportedOn: f.date(l, "reported_on"),
		YouthPopulation: f.int(l, "youth_population", false), UnionMembers: f.int(l, "union_members", false),
		AssociationMembers: f.int(l, "association_members", false), Gathered: f.int(l, "gathered", false)}
	write := func() error {
		_, err := h.YouthReports.UpdateYouthReport(c.Request.Context(), id, upd)
		return err
	}
	if h.submit(c, f, write, func() string { return "/youth?unit=" + url.QueryEscape(r.Unit) }, "report_saved") {
		h.showYouthEdit(c, http.StatusUnprocessableEntity, f, id)
	}
}

// youthDelete deletes a report once confirmed, and offers to undo it.
func (h *Handler) youthDelete(c *gin.Context) {
	id, r, ok := recordToWrite(h, c, h.findVisibleReport)
	if !ok {
		return
	}
	l := h.locale(c)
	back := "/youth?unit=" + url.QueryEscape(r.Unit)
	if !h.askFirst(c, l.T("ask.delete_report", l.Date(r.ReportedOn)), l.T("ask.undo_hint"), l.T("action.delete"), back) {
		return
	}
	if err := h.YouthReports.DeleteYouthReport(c.Request.Context(), id); err != nil {
		h.fail(c, err)
		return
	}
	redirect(c, back+"&undo=youth_report/"+itoa(id), "report_deleted")
}

// youthRestore brings a deleted report back: the undo, or the audit's restore.
func (h *Handler) youthRestore(c *gin.Context) {
	h.restore(c, func(ctx context.Context, id int64) (string, error) {
		r, err := h.Restore.RestoreYouthReport(ctx, id)
		if err != nil {
			return "", err
		}
		return "/youth?unit=" + url.QueryEscape(r.Unit), nil
	}, "report_restored")
}

// restore runs a restore of the path's record and goes to the page it names; a record that
// cannot come back (its day taken since, its cadre deleted) is told why.
func (h *Handler) restore(c *gin.Context, restore func(context.Context, int64) (next string, err error), notice string) {
	if !h.requireWriter(c) {
		return
	}
	id, ok := h.idParam(c)
	if !ok {
		return
	}
	next, err := restore(c.Request.Context(), id)
	if isUserError(err) {
		l := h.locale(c)
		_, rule := l.Refusal(err)
		h.render(c, http.StatusConflict, "error", "", l.T("error.title"), rule)
		return
	} else if err != nil {
		h.fail(c, err)
		return
	}
	redirect(c, next, notice)
}

// findVisibleTraining returns the live record and its cadre when the user may see the cadre.
func (h *Handler) findVisibleTraining(c *gin.Context, id int64) (*chitieu.Training, *unitTree, error) {
	t, err := h.Trainings.FindTrainingByID(c.Request.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	_, tree, err := h.findVisibleCadre(c, t.CadreID)
	if err != nil {
		return nil, nil, err
	}
	return t, tree, nil
}

// trainingEdit shows the cadre's page with the record in the training form, to correct it.
func (h *Handler) trainingEdit(c *gin.Context) {
	_, t, ok := recordToWrite(h, c, h.findVisibleTraining)
	if !ok {
		return
	}
	l := h.locale(c)
	f := newForm()
	f.Values = map[string]string{"kind": string(t.Kind), "level": string(t.Level), "course": t.Course, "provider": t.Provider,
		"status": string(t.Status), "started_on": l.Date(t.StartedOn), "expected_on": l.Date(t.ExpectedOn),
		"completed_on": l.Date(t.CompletedOn)}
	h.showTrainingEdit(c, http.StatusOK, f, t)
}

func (h *Handler) showTrainingEdit(c *gin.Context, status int, f *form, t *chitieu.Training) {
	c.Params = append(c.Params[:0], gin.Param{Key: "id", Value: itoa(t.CadreID)})
	c.Set(editTrainingKey, t.ID)
	h.showCadre(c, status, f, 0, "")
}

// editTrainingKey marks, in the request, the record the cadre page's training form corrects.
const editTrainingKey = "edit_training"

// trainingUpdate writes every field of the training form over the record.
func (h *Handler) trainingUpdate(c *gin.Context) {
	id, t, ok := recordToWrite(h, c, h.findVisibleTraining)
	if !ok {
		return
	}
	l := h.locale(c)
	f := readForm(c, trainingFields...)
	kind, level, status := chitieu.TrainingKind(f.V("kind")), chitieu.Level(f.V("level")), chitieu.TrainingStatus(f.V("status"))
	if !kind.HasLevels() {
		level = chitieu.LevelNone
	}
	course, provider := f.V("course"), f.V("provider")
	upd := chitieu.TrainingUpdate{Kind: &kind, Level: chitieu.Optional[chitieu.Level]{Set: true, Value: level}, Course: &course, Provider: &provider, Status: &status,
		StartedOn:   chitieu.Optional[chitieu.Date]{Set: true, Value: f.date(l, "started_on")},
		ExpectedOn:  chitieu.Optional[chitieu.Date]{Set: true, Value: f.date(l, "expected_on")},
		CompletedOn: chitieu.Optional[chitieu.Date]{Set: true, Value: f.date(l, "completed_on")}}
	write := func() error {
		_, err := h.Trainings.UpdateTraining(c.Request.Context(), id, upd)
		return err
	}
	if h.submit(c, f, write, func() string { return "/cadres/" + itoa(t.CadreID) }, "training_saved") {
		h.showTrainingEdit(c, http.StatusUnprocessableEntity, f, t)
	}
}

// trainingDelete deletes a record once confirmed, and offers to undo it.
func (h *Handler) trainingDelete(c *gin.Context) {
	id, t, ok := recordToWrite(h, c, h.findVisibleTraining)
	if !ok {
		return
	}
	l := h.locale(c)
	back := "/cadres/" + itoa(t.CadreID)
	what := l.T("kind." + string(t.Kind))
	if t.Course != "" {
		what += " — " + t.Course
	}
	if !h.askFirst(c, l.T("ask.delete_training", what), l.T("ask.undo_hint"), l.T("action.delete"), back) {
		return
	}
	if err := h.Trainings.DeleteTraining(c.Request.Context(), id); err != nil {
		h.fail(c, err)
		return
	}
	redirect(c, back+"?undo=training/"+itoa(id), "training_deleted")
}

// trainingRestore brings a deleted record back: the undo, or the audit's restore.
func (h *Handler) trainingRestore(c *gin.Context) {
	h.restore(c, func(ctx context.Context, id int64) (string, error) {
		t, err := h.Restore.RestoreTraining(ctx, id)
		if err != nil {
			return "", err
		}
		return "/cadres/" + itoa(t.CadreID), nil
	}, "training_restored")
}
