package chitieu

import "context"

// Plan is a plan (kế hoạch) or a congress term's resolution (nghị quyết): the targets a union
// works to over a span of days, for a unit's subtree. A finished plan is kept with its verdicts.
type Plan struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	StartsOn  Date   `json:"starts_on"`
	EndsOn    Date   `json:"ends_on"`
	ScopeUnit string `json:"scope_unit"` // the plan covers this unit's subtree
}

// Normalize cleans the plan's free text.
func (p *Plan) Normalize() {
	p.Name = CleanText(p.Name)
	p.ScopeUnit = CleanText(p.ScopeUnit)
}

// ValidateValues checks each of the plan's fields on its own against its documented range.
func (p *Plan) ValidateValues() error {
	return firstError(
		CheckText("code", p.Code, MaxNameLength),
		CheckText("name", p.Name, MaxNameLength),
		CheckText("scope_unit", p.ScopeUnit, MaxNameLength),
		checkDate("starts_on", p.StartsOn),
		checkDate("ends_on", p.EndsOn))
}

// Validate checks the plan's own fields; that the scope unit exists, and that the plan's
// targets still fit it, is the store's to check.
func (p *Plan) Validate() error {
	if err := p.ValidateValues(); err != nil {
		return err
	}
	switch {
	case !codePattern.MatchString(p.Code):
		return Invalid("code", RuleCodeFormat)
	case p.Name == "":
		return Invalid("name", RuleRequired)
	case p.StartsOn.IsZero():
		return Invalid("starts_on", RuleRequired)
	case p.EndsOn.IsZero():
		return Invalid("ends_on", RuleRequired)
	case p.EndsOn <= p.StartsOn:
		return Invalid("ends_on", RuleAfter, Term("starts_on"))
	case p.ScopeUnit == "":
		return Invalid("scope_unit", RuleRequired)
	}
	return nil
}

// InForce tells whether the plan runs on day: from its first day to its last, both included.
func (p *Plan) InForce(day Date) bool { return p.StartsOn <= day && day <= p.EndsOn }

// Finished tells whether the plan's last day is before day: its targets have their verdicts.
func (p *Plan) Finished(day Date) bool { return p.EndsOn < day }

// CheckTarget checks that a target fits the plan's days: its deadline within the plan, from the
// day after the plan starts to the plan's last day. The baseline may come before the plan starts
// (a plan adopted in 2013 measures from the situation at the end of 2012). That the target's
// scope lies within the plan's is the store's to check, on the unit tree.
func (p *Plan) CheckTarget(t *Target) error {
	if t.Deadline <= p.StartsOn || t.Deadline > p.EndsOn {
		return Invalid("deadline", RuleTargetInPlan, p.Code, p.StartsOn, p.EndsOn)
	}
	return nil
}

// PlanUpdate is a partial change of a plan: the fields given replace the plan's. The code is
// the plan's metrics label and never changes; given, it must be the plan's own.
type PlanUpdate struct {
	Code      *string `json:"code"`
	Name      *string `json:"name"`
	StartsOn  *Date   `json:"starts_on"`
	EndsOn    *Date   `json:"ends_on"`
	ScopeUnit *string `json:"scope_unit"`
}

// Apply changes p by the fields given.
func (u PlanUpdate) Apply(p *Plan) error {
	if u.Code != nil && *u.Code != p.Code {
		return Invalid("code", RulePlanCodeFixed)
	}
	if u.Name != nil {
		p.Name = *u.Name
	}
	if u.StartsOn != nil {
		p.StartsOn = *u.StartsOn
	}
	if u.EndsOn != nil {
		p.EndsOn = *u.EndsOn
	}
	if u.ScopeUnit != nil {
		p.ScopeUnit = *u.ScopeUnit
	}
	return nil
}

// PlanService keeps plans.
type PlanService interface {
	FindPlan(ctx context.Context, code string) (*Plan, error)
	// FindPlans lists every plan, the latest start first.
	FindPlans(ctx context.Context) ([]*Plan, error)
	CreatePlan(ctx context.Context, p *Plan) error
	// UpdatePlan changes the fields given; the plan's targets must still fit it.
	UpdatePlan(ctx context.Context, code string, upd PlanUpdate) (*Plan, error)
}
