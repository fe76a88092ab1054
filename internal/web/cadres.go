package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// cadresPerPage is the length of a page of the cadre list.
const cadresPerPage = 50

type cadresData struct {
	Filter           *form
	Units            []treeRow
	PTLevels         []chitieu.Level
	EduLevels        []chitieu.Level
	Cadres           []*chitieu.Cadre
	UnitNames        map[string]string
	Total            int
	Page, Pages      int
	PrevURL, NextURL string
	ExportURL        string // the workbook of the list with its filters
	CanWrite         bool
	Failing          *recruitmentRule // the rule, when only the cadres who break it are listed
}

// cadres lists cadres with a search by name (without regard to diacritics), filters by unit
// (its subtree), by a minimum current level and to those who break the recruitment rule today,
// a page at a time. An editor limited to a unit sees only that unit's subtree.
func (h *Handler) cadres(c *gin.Context) {
	ctx := c.Request.Context()
	u := chitieu.UserFromContext(ctx)
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	f, filter, floor := cadreListFilter(c, tree, u)
	page, ok := h.pageNumber(c)
	if !ok {
		return
	}

	d := cadresData{Filter: f, Units: tree.visible(u), PTLevels: chitieu.Levels(chitieu.PoliticalTheory),
		EduLevels: chitieu.Levels(chitieu.Education), UnitNames: map[string]string{}, Page: page, CanWrite: u.CanWriteRecords()}
	if filter.RecruitmentCheck != "" {
		rule, err := h.findRecruitmentRule(ctx, tree)
		if err != nil {
			h.fail(c, err)
			return
		}
		d.Failing = &rule
	}
	if floor == (levelFloor{}) {
		filter.Page = chitieu.Page{Limit: cadresPerPage, Offset: (page - 1) * cadresPerPage}
		d.Cadres, d.Total, err = h.Cadres.FindCadres(ctx, filter)
	} else {
		// The store filters by unit and name; the current level is computed by reads, so the
		// level filter is applied here over every match, and the page cut after it.
		var all []*chitieu.Cadre
		all, err = h.allCadres(ctx, filter)
		kept := slices.DeleteFunc(all, func(cd *chitieu.Cadre) bool { return !floor.meets(cd) })
		d.Total = len(kept)
		lo := min((page-1)*cadresPerPage, len(kept))
		d.Cadres = kept[lo:min(lo+cadresPerPage, len(kept))]
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, cd := range d.Cadres {
		d.UnitNames[cd.Unit] = tree.name(cd.Unit)
	}
	d.Pages = max(1, (d.Total+cadresPerPage-1)/cadresPerPage)
	d.PrevURL, d.NextURL = pagerURLs("/cadres", f, page, d.Pages)
	d.ExportURL = filterURL("/cadres/export.xlsx", f)
	h.render(c, http.StatusOK, "cadres", "cadres", h.locale(c).T("cadres.title"), d)
}

// levelFloor is the cadre list's minimum current levels, as ranks; zero asks for none.
type levelFloor struct{ pt, edu int }

// meets tells whether the cadre's current levels reach the floor.
func (fl levelFloor) meets(cd *chitieu.Cadre) bool {
	rp, _ := chitieu.Rank(chitieu.PoliticalTheory, cd.PoliticalTheoryLevel)
	re, _ := chitieu.Rank(chitieu.Education, cd.EducationLevel)
	return rp >= fl.pt && re >= fl.edu
}

// cadreListFilter reads the cadre list's filters from the query, for the list and its export:
// the form that shows them (an unknown value left out), the store's filter (an editor's unit at
// most; the active cadres unless "all") and the minimum levels, which reads compute.
func cadreListFilter(c *gin.Context, tree *unitTree, u *chitieu.User) (*form, chitieu.CadreFilter, levelFloor) {
	f := newForm()
	for _, k := range []string{"q", "unit", "pt", "edu", "all", "recruitment_check"} {
		f.Values[k] = c.Query(k)
	}
	filter := chitieu.CadreFilter{Query: f.V("q"), Unit: f.V("unit")}
	if filter.Unit != "" && !tree.within(u.Unit, filter.Unit) {
		filter.Unit, f.Values["unit"] = "", ""
	}
	if filter.Unit == "" {
		filter.Unit = u.Unit // an editor's limit; "" for the others
	}
	if f.V("all") == "" {
		active := true
		filter.Active = &active
	}
	if f.V("recruitment_check") == chitieu.RecruitmentCheckFailing {
		filter.RecruitmentCheck = chitieu.RecruitmentCheckFailing
	} else {
		f.Values["recruitment_check"] = ""
	}
	var floor levelFloor
	var ok bool
	if floor.pt, ok = chitieu.Rank(chitieu.PoliticalTheory, chitieu.Level(f.V("pt"))); !ok {
		floor.pt, f.Values["pt"] = 0, ""
	}
	if floor.edu, ok = chitieu.Rank(chitieu.Education, chitieu.Level(f.V("edu"))); !ok {
		floor.edu, f.Values["edu"] = 0, ""
	}
	return f, filter, floor
}

func (h *Handler) allCadres(ctx context.Context, filter chitieu.CadreFilter) ([]*chitieu.Cadre, error) {
	return everyPage(func(p chitieu.Page) ([]*chitieu.Cadre, int, error) {
		filter.Page = p
		return h.Cadres.FindCadres(ctx, filter)
	})
}

type cadreData struct {
	Cadre     *chitieu.Cadre
	UnitName  string
	Rule      recruitmentRule
	FailsRule bool // the cadre breaks the recruitment rule today
	Positions []heldPosition
	Postings  []postingRow // nil when the pages have no posting service
	CanMove   bool
	Trainings []*chitieu.Training
	CanWrite  bool
	Training  *form // the form to add a record
	StatusErr string
	StatusID  int64
	EditID    int64 // the record the training form corrects; 0 adds one
	Kinds     []chitieu.TrainingKind
	PTLevels  []chitieu.Level
	EduLevels []chitieu.Level
	Statuses  []chitieu.TrainingStatus
	Today     chitieu.Date
}

var trainingFields = []string{"kind", "level", "course", "provider", "status", "started_on", "expected_on", "completed_on"}

// findVisibleCadre returns the cadre when the user may see it.
func (h *Handler) findVisibleCadre(c *gin.Context, id int64) (*chitieu.Cadre, *unitTree, error) {
	ctx := c.Request.Context()
	cd, err := h.Cadres.FindCadreByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	tree, err := h.treeShowing(ctx, cd.Unit, "cadre", id)
	if err != nil {
		return nil, nil, err
	}
	return cd, tree, nil
}

// pathRecord reads with find the record of the path's id, which the user must be allowed to see.
// Otherwise it answers, and ok is false.
func pathRecord[T any](h *Handler, c *gin.Context, find func(*gin.Context, int64) (T, *unitTree, error)) (id int64, rec T, tree *unitTree, ok bool) {
	if id, ok = h.idParam(c); !ok {
		return 0, rec, nil, false
	}
	rec, tree, err := find(c, id)
	if err != nil {
		h.fail(c, err)
		return 0, rec, nil, false
	}
	return id, rec, tree, true
}

// recordToWrite is pathRecord for a write: the user must also be allowed to write records.
func recordToWrite[T any](h *Handler, c *gin.Context, find func(*gin.Context, int64) (T, *unitTree, error)) (id int64, rec T, ok bool) {
	if !h.requireWriter(c) {
		return 0, rec, false
	}
	id, rec, _, ok = pathRecord(h, c, find)
	return id, rec, ok
}

// idParam reads the record id of the path, answering 404 when it is not one.
func (h *Handler) idParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		h.errorPage(c, http.StatusNotFound, "error.not_found")
		return 0, false
	}
	return id, true
}

// cadre shows a cadre with how it was recruited, the leadership positions it holds or held and
// its training history and, for a writer, the forms to add a record and to complete or drop one.
func (h *Handler) cadre(c *gin.Context) {
	f := newForm()
	f.Values["status"] = string(chitieu.Completed)
	f.Values["kind"] = string(chitieu.PoliticalTheory)
	h.showCadre(c, http.StatusOK, f, 0, "")
}

func (h *Handler) showCadre(c *gin.Context, status int, tf *form, statusID int64, statusErr string) {
	id, cd, tree, ok := pathRecord(h, c, h.findVisibleCadre)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	trainings, err := h.allTrainings(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	u := chitieu.UserFromContext(ctx)
	d := cadreData{Cadre: cd, UnitName: tree.name(cd.Unit), Trainings: trainings, CanWrite: u.CanWriteRecords(),
		Training: tf, StatusID: statusID, StatusErr: statusErr,
		Kinds:    []chitieu.TrainingKind{chitieu.PoliticalTheory, chitieu.Education, chitieu.Professional},
		PTLevels: chitieu.Levels(chitieu.PoliticalTheory), EduLevels: chitieu.Levels(chitieu.Education),
		Statuses: chitieu.TrainingStatuses, Today: h.Figures.Today()}
	d.EditID = c.GetInt64(editTrainingKey)
	if d.Rule, err = h.findRecruitmentRule(ctx, tree); err != nil {
		h.fail(c, err)
		return
	}
	d.FailsRule = tree.within(d.Rule.Rule.ScopeUnit, cd.Unit) && d.Rule.Rule.Fails(cd, d.Today)
	if d.Positions, err = h.heldPositions(ctx, tree, cd, d.Today); err != nil {
		h.fail(c, err)
		return
	}
	if h.Postings != nil {
		postings, err := h.Postings.FindPostings(ctx, id)
		if err != nil {
			h.fail(c, err)
			return
		}
		d.Postings, d.CanMove = postingRows(tree, cd, postings), d.CanWrite
	}
	h.render(c, status, "cadre", "cadres", cd.FullName, d)
}

func (h *Handler) allTrainings(ctx context.Context, cadreID int64) ([]*chitieu.Training, error) {
	return everyPage(func(p chitieu.Page) ([]*chitieu.Training, int, error) {
		return h.Trainings.FindTrainings(ctx, chitieu.TrainingFilter{CadreID: cadreID, Page: p})
	})
}

// trainingCreate adds a training or qualification record to the cadre.
func (h *Handler) trainingCreate(c *gin.Context) {
	id, _, ok := recordToWrite(h, c, h.findVisibleCadre)
	if !ok {
		return
	}
	l := h.locale(c)
	f := readForm(c, trainingFields...)
	t := &chitieu.Training{CadreID: id, Kind: chitieu.TrainingKind(f.V("kind")), Level: chitieu.Level(f.V("level")),
		Course: f.V("course"), Provider: f.V("provider"), Status: chitieu.TrainingStatus(f.V("status")),
		StartedOn: f.date(l, "started_on"), ExpectedOn: f.date(l, "expected_on"), CompletedOn: f.date(l, "completed_on")}
	if !t.Kind.HasLevels() {
		t.Level = chitieu.LevelNone // a course has no level, whatever the list showed
	}
	if h.submit(c, f, func() error { return h.Trainings.CreateTraining(c.Request.Context(), t) },
		func() string { return "/cadres/" + itoa(id) }, "training_added") {
		h.showCadre(c, http.StatusUnprocessableEntity, f, 0, "")
	}
}

// trainingStatus completes (on a day) or drops a planned or in-progress record.
func (h *Handler) trainingStatus(c *gin.Context) {
	if !h.requireWriter(c) {
		return
	}
	l := h.locale(c)
	id, ok := h.idParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	t, err := h.Trainings.FindTrainingByID(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Params = append(c.Params[:0], gin.Param{Key: "id", Value: itoa(t.CadreID)})
	if _, _, err := h.findVisibleCadre(c, t.CadreID); err != nil {
		h.fail(c, err)
		return
	}
	f := readForm(c, "status", "completed_on")
	status := chitieu.TrainingStatus(f.V("status"))
	if status == chitieu.Dropped && !h.askFirst(c, l.T("ask.drop_training", l.T("kind."+string(t.Kind))), "",
		l.T("cadre.drop"), "/cadres/"+itoa(t.CadreID)) {
		return
	}
	upd := chitieu.TrainingUpdate{Status: &status}
	switch status {
	case chitieu.Completed:
		day := f.date(l, "completed_on")
		if f.E("completed_on") == "" && day.IsZero() {
			f.Errors["completed_on"] = l.T("form.required")
		}
		upd.CompletedOn = chitieu.Optional[chitieu.Date]{Set: true, Value: day}
	case chitieu.Dropped:
		upd.CompletedOn = chitieu.Optional[chitieu.Date]{Set: true}
	default:
		f.Errors["status"] = l.T("form.bad_choice")
	}
	if f.OK() {
		_, err = h.Trainings.UpdateTraining(ctx, id, upd)
		if err == nil {
			redirect(c, "/cadres/"+itoa(t.CadreID), "training_"+string(status))
			return
		} else if !isUserError(err) {
			h.fail(c, err)
			return
		}
		f.refuse(l, err)
	}
	blank := newForm()
	blank.Values["status"], blank.Values["kind"] = string(chitieu.Completed), string(chitieu.PoliticalTheory)
	h.showCadre(c, http.StatusUnprocessableEntity, blank, id, f.summary(l))
}

var cadreFields = []string{"full_name", "unit", "position", "full_time", "joined_on", "left_on", "birth_date", "gender",
	"recruitment", "exam_on", "exam_result"}

type cadreFormData struct {
	Form  *form
	Units []treeRow
	ID    int64
}

func (h *Handler) cadreNew(c *gin.Context) {
	if !h.requireWriter(c) {
		return
	}
	f := newForm()
	f.Values["full_time"] = "on"
	f.Values["unit"] = c.Query("unit")
	h.showCadreForm(c, http.StatusOK, f, 0)
}

func (h *Handler) showCadreForm(c *gin.Context, status int, f *form, id int64) {
	ctx := c.Request.Context()
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	l := h.locale(c)
	title := l.T("cadre.new")
	if id != 0 {
		title = l.T("cadre.edit")
	}
	h.render(c, status, "cadre_form", "cadres", title, cadreFormData{Form: f, Units: tree.visible(chitieu.UserFromContext(ctx)), ID: id})
}

// cadreFromForm reads the cadre's fields; errors of format go into the form.
func cadreFromForm(l *Locale, f *form) chitieu.Cadre {
	return chitieu.Cadre{FullName: f.V("full_name"), Unit: f.V("unit"), Position: f.V("position"), FullTime: f.Checked("full_time"),
		JoinedOn: f.date(l, "joined_on"), LeftOn: f.date(l, "left_on"), BirthDate: f.date(l, "birth_date"), Gender: f.V("gender"),
		Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitmentKind(f.V("recruitment")), ExamOn: f.date(l, "exam_on"),
			ExamResult: chitieu.ExamResult(f.V("exam_result"))}}
}

// cadreCreate adds a cadre; the service checks the role and the unit limit.
func (h *Handler) cadreCreate(c *gin.Context) {
	if !h.requireWriter(c) {
		return
	}
	f := readForm(c, cadreFields...)
	cd := cadreFromForm(h.locale(c), f)
	if h.submit(c, f, func() error { return h.Cadres.CreateCadre(c.Request.Context(), &cd) },
		func() string { return "/cadres/" + itoa(cd.ID) }, "cadre_added") {
		h.showCadreForm(c, http.StatusUnprocessableEntity, f, 0)
	}
}

func (h *Handler) cadreEdit(c *gin.Context) {
	id, cd, ok := recordToWrite(h, c, h.findVisibleCadre)
	if !ok {
		return
	}
	l := h.locale(c)
	f := newForm()
	f.Values = map[string]string{"full_name": cd.FullName, "unit": cd.Unit, "position": cd.Position,
		"joined_on": l.Date(cd.JoinedOn), "left_on": l.Date(cd.LeftOn), "birth_date": l.Date(cd.BirthDate), "gender": cd.Gender,
		"recruitment": string(cd.Recruitment), "exam_on": l.Date(cd.ExamOn), "exam_result": string(cd.ExamResult)}
	if cd.FullTime {
		f.Values["full_time"] = "on"
	}
	h.showCadreForm(c, http.StatusOK, f, id)
}

// cadreUpdate writes every field of the form: a field left empty clears an optional date.
func (h *Handler) cadreUpdate(c *gin.Context) {
	id, _, ok := recordToWrite(h, c, h.findVisibleCadre)
	if !ok {
		return
	}
	f := readForm(c, cadreFields...)
	cd := cadreFromForm(h.locale(c), f)
	upd := chitieu.CadreUpdate{FullName: &cd.FullName, Unit: &cd.Unit, Position: &cd.Position, FullTime: &cd.FullTime,
		JoinedOn: &cd.JoinedOn, LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: cd.LeftOn},
		BirthDate: chitieu.Optional[chitieu.Date]{Set: true, Value: cd.BirthDate}, Gender: &cd.Gender,
		Recruitment: &cd.Recruitment, ExamOn: chitieu.Optional[chitieu.Date]{Set: true, Value: cd.ExamOn},
		ExamResult: chitieu.Optional[chitieu.ExamResult]{Set: true, Value: cd.ExamResult}}
	write := func() error {
		_, err := h.Cadres.UpdateCadre(c.Request.Context(), id, upd)
		return err
	}
	if h.submit(c, f, write, func() string { return "/cadres/" + itoa(id) }, "cadre_saved") {
		h.showCadreForm(c, http.StatusUnprocessableEntity, f, id)
	}
}
