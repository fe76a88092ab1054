package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// planRow is a plan on /plans: its state on today and its targets' statuses, which after its
// end are the verdicts of their deadlines.
type planRow struct {
	Plan      *chitieu.Plan
	ScopeName string
	State     string // "upcoming", "in_force", "finished"
	Targets   []planTarget
}

// planTarget is a target of a plan with its figures today.
type planTarget struct {
	Target   *chitieu.Target
	Progress chitieu.Progress
}

type plansData struct {
	Today             chitieu.Date
	Current, Finished []planRow
	Outside           []planTarget
}

type planData struct {
	Plan      *chitieu.Plan
	ScopeName string
	State     string
	AsOf      chitieu.Date
	AsOfText  string
	Today     chitieu.Date
	DateError string
	Section   planSection
}

// planRoutes mounts the plan pages when a PlanService is given.
func (h *Handler) planRoutes(g *gin.RouterGroup) {
	if h.Plans == nil {
		return
	}
	g.GET("/plans", h.requireUser, h.plans)
	g.GET("/plans/:code", h.requireUser, h.plan)
}

// planState is where a plan stands on day.
func planState(p *chitieu.Plan, day chitieu.Date) string {
	switch {
	case p.Finished(day):
		return "finished"
	case p.InForce(day):
		return "in_force"
	}
	return "upcoming"
}

// plans lists every plan: those in force or to come, then the finished ones with their verdicts.
func (h *Handler) plans(c *gin.Context) {
	l := h.locale(c)
	ctx := c.Request.Context()
	tree, ok := h.pageTree(c)
	if !ok {
		return
	}
	plans, targets, err := h.plansAndTargets(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	d := plansData{Today: h.Figures.Today()}
	byPlan := map[string][]planTarget{}
	for _, t := range targets {
		p, err := h.Figures.TargetProgress(ctx, t.Code, d.Today)
		if err != nil {
			h.fail(c, err)
			return
		}
		byPlan[t.Plan] = append(byPlan[t.Plan], planTarget{Target: t, Progress: p})
	}
	for _, p := range plans {
		row := planRow{Plan: p, ScopeName: tree.name(p.ScopeUnit), State: planState(p, d.Today), Targets: byPlan[p.Code]}
		if row.State == "finished" {
			d.Finished = append(d.Finished, row)
		} else {
			d.Current = append(d.Current, row)
		}
		delete(byPlan, p.Code)
	}
	for _, ts := range byPlan {
		d.Outside = append(d.Outside, ts...) // no plan, or a plan not read back
	}
	slices.SortFunc(d.Outside, func(a, b planTarget) int { return cmp.Compare(a.Target.Code, b.Target.Code) })
	h.render(c, http.StatusOK, "plans", "plans", l.T("plans.title"), d)
}

// plan shows a plan's targets with their figures on a day, the most urgent first.
func (h *Handler) plan(c *gin.Context) {
	l := h.locale(c)
	ctx := c.Request.Context()
	p, err := h.Plans.FindPlan(ctx, c.Param("code"))
	if err != nil {
		h.fail(c, err)
		return
	}
	tree, ok := h.pageTree(c)
	if !ok {
		return
	}
	d := planData{Plan: p, ScopeName: tree.name(p.ScopeUnit), Today: h.Figures.Today()}
	d.State = planState(p, d.Today)
	// A finished plan opens on its last day, where its targets have their verdicts.
	d.AsOf = min(d.Today, p.EndsOn)
	if text := c.Query("as_of"); text != "" {
		if day, err := parseDay(text); err != nil || day.IsZero() {
			d.DateError, d.AsOfText = l.T("form.bad_date"), text
		} else {
			d.AsOf = day
		}
	}
	if d.DateError == "" {
		d.AsOfText = l.Date(d.AsOf)
	}
	targets, err := h.allTargets(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	if d.Section, err = h.section(ctx, l, tree, p, targets, d.AsOf); err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, http.StatusOK, "plan", "plans", p.Name, d)
}
