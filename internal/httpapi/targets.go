package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// Figures are a target's figures on a day.
type Figures struct {
	AsOf           chitieu.Date   `json:"as_of"`
	Numerator      int64          `json:"numerator"`
	Denominator    int64          `json:"denominator"`
	Ratio          *float64       `json:"ratio"` // null while the denominator is 0
	ExpectedRatio  float64        `json:"expected_ratio"`
	ProjectedRatio *float64       `json:"projected_ratio"`
	DeadlineRatio  *float64       `json:"deadline_ratio"` // the verdict's ratio; null before the deadline and while undefined on it
	Status         chitieu.Status `json:"status"`
	// EndsOn is the day whose figures are the verdict; EndedBy says what ends the target: its
	// deadline, or the dissolution of its scope unit when that comes first.
	EndsOn  chitieu.Date `json:"ends_on"`
	EndedBy string       `json:"ended_by"`
}

func figuresOf(p chitieu.Progress) Figures {
	return Figures{
		AsOf:           p.AsOf,
		Numerator:      p.Numerator,
		Denominator:    p.Denominator,
		Ratio:          p.Ratio,
		ExpectedRatio:  p.ExpectedRatio,
		ProjectedRatio: p.ProjectedRatio,
		DeadlineRatio:  p.DeadlineRatio,
		Status:         p.Status,
		EndsOn:         p.EndsOn,
		EndedBy:        p.EndedBy,
	}
}

// TargetView is a target with its figures on a day, as GET answers it.
type TargetView struct {
	chitieu.Target
	Figures
}

// History is a target's figures at each step of a span.
type History struct {
	Target string       `json:"target"`
	From   chitieu.Date `json:"from"`
	To     chitieu.Date `json:"to"`
	Step   chitieu.Step `json:"step"`
	Items  []Figures    `json:"items"`
}

// asOf reads ?as_of=, today by default.
func (s *Server) asOf(q *query) chitieu.Date {
	if d := q.date("as_of"); !d.IsZero() {
		return d
	}
	return s.Figures.Today()
}

func (s *Server) view(ctx context.Context, t *chitieu.Target, day chitieu.Date) (TargetView, error) {
	p, err := s.Figures.TargetProgress(ctx, t.Code, day)
	if err != nil {
		return TargetView{}, err
	}
	return TargetView{Target: *t, Figures: figuresOf(p)}, nil
}

func (s *Server) listTargets(c *gin.Context) {
	q := query{c: c}
	page, day := q.page(), s.asOf(&q)
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	targets, total, err := s.Targets.FindTargets(c.Request.Context(), page)
	if err != nil {
		s.writeError(c, err)
		return
	}
	views := make([]TargetView, 0, len(targets))
	for _, t := range targets {
		v, err := s.view(c.Request.Context(), t, day)
		if err != nil {
			s.writeError(c, err)
			return
		}
		views = append(views, v)
	}
	c.JSON(http.StatusOK, newList(views, total))
}

func (s *Server) getTarget(c *gin.Context) {
	q := query{c: c}
	day := s.asOf(&q)
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	t, err := s.Targets.FindTarget(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	v, err := s.view(c.Request.Context(), t, day)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) targetHistory(c *gin.Context) {
	q := query{c: c}
	from, to := q.date("from"), q.date("to")
	step := chitieu.Step(q.string("step"))
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	t, err := s.Targets.FindTarget(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if from.IsZero() {
		from = t.BaselineDate
	}
	if to.IsZero() {
		to = s.Figures.Today()
	}
	if step == "" {
		step = chitieu.StepMonth
	}
	days, err := chitieu.HistoryDays(from, to, step)
	if err != nil {
		s.writeError(c, err)
		return
	}
	progress, err := s.Figures.TargetHistory(c.Request.Context(), t.Code, days)
	if err != nil {
		s.writeError(c, err)
		return
	}
	h := History{Target: t.Code, From: from, To: to, Step: step, Items: make([]Figures, len(progress))}
	for i, p := range progress {
		h.Items[i] = figuresOf(p)
	}
	c.JSON(http.StatusOK, h)
}

func (s *Server) createTarget(c *gin.Context) {
	t := chitieu.NewTarget()
	if err := s.decodeJSON(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	if err := s.Targets.CreateTarget(ctx, &t); err != nil {
		s.writeError(c, err)
		return
	}
	v, err := s.view(ctx, &t, s.Figures.Today())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, v)
}

func (s *Server) updateTarget(c *gin.Context) {
	code := c.Param("code")
	t := chitieu.NewTarget() // a replacement: what it leaves out takes the defaults
	if err := s.decodeJSON(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	if t.Code != "" && t.Code != code {
		s.writeError(c, chitieu.Invalid("code", chitieu.RuleURLNamesTarget, code))
		return
	}
	t.Code = code
	ctx := c.Request.Context()
	updated, err := s.Targets.UpdateTarget(ctx, code, &t)
	if err != nil {
		s.writeError(c, err)
		return
	}
	v, err := s.view(ctx, updated, s.Figures.Today())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) deleteTarget(c *gin.Context) {
	if err := s.Targets.DeleteTarget(c.Request.Context(), c.Param("code")); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
