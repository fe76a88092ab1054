package chitieu

import (
	"context"
)

// TargetKind is what a target measures.
type TargetKind string

// Target kinds. The cadre kinds share their names with the training kinds they count.
const (
	TargetPoliticalTheory TargetKind = TargetKind(PoliticalTheory)
	TargetEducation       TargetKind = TargetKind(Education)
	TargetYouthGathering  TargetKind = "youth_gathering"
	// TargetProfessionalTraining counts the cadres with a completed professional course in the
	// last WindowDays days.
	TargetProfessionalTraining TargetKind = "professional_training"
)

// IsCadreKind tells whether the target counts cadres by a qualification level.
func (k TargetKind) IsCadreKind() bool { return k == TargetPoliticalTheory || k == TargetEducation }

// DefaultWindowDays is how far back a professional_training target looks when not said: two
// years.
const DefaultWindowDays = 730

// Comparator says how the ratio must stand against the threshold.
type Comparator string

// Comparators: "at least" and "over" (the youth target is "trên 65%").
const (
	AtLeast Comparator = ">="
	Over    Comparator = ">"
)

// DefaultTolerance is how far below the expected ratio a target is at risk rather than behind.
const DefaultTolerance = 0.05

// Target is a plan target (chỉ tiêu): a ratio to reach by a deadline.
type Target struct {
	Code          string     `json:"code"`
	Name          string     `json:"name"`
	Plan          string     `json:"plan"` // the plan's code; empty for a target outside any plan
	Kind          TargetKind `json:"kind"`
	MinLevel      Level      `json:"min_level"`      // cadre kinds
	ScopeUnit     string     `json:"scope_unit"`     // the target covers this unit's subtree
	FullTimeOnly  bool       `json:"full_time_only"` // cadre kinds
	Comparator    Comparator `json:"comparator"`
	Threshold     float64    `json:"threshold"`
	BaselineDate  Date       `json:"baseline_date"`
	BaselineRatio *float64   `json:"baseline_ratio"` // overrides the ratio computed on BaselineDate
	Deadline      Date       `json:"deadline"`
	Tolerance     float64    `json:"tolerance"`

	// professional_training only: the window of days before the day looked at, and the provider
	// a course must be from (matched as part of the record's provider, without regard to case
	// or diacritics; empty for any).
	WindowDays int    `json:"window_days,omitempty"`
	Provider   string `json:"provider,omitempty"`
}

// NewTarget returns a target with the defaults that a request may leave out.
func NewTarget() Target {
	return Target{FullTimeOnly: true, Comparator: AtLeast, Tolerance: DefaultTolerance}
}

// Normalize cleans the target's free text.
func (t *Target) Normalize() {
	t.Name = CleanText(t.Name)
	t.ScopeUnit = CleanText(t.ScopeUnit)
	t.Plan = CleanText(t.Plan)
	t.Provider = CleanText(t.Provider)
	if t.Kind == TargetProfessionalTraining && t.WindowDays == 0 {
		t.WindowDays = DefaultWindowDays
	}
}

// Validate checks the target's own fields; that the scope unit exists is the store's to check.
func (t *Target) Validate() error {
	if err := t.ValidateValues(); err != nil {
		return err
	}
	if !codePattern.MatchString(t.Code) {
		return Invalid("code", RuleCodeFormat)
	}
	if t.Name == "" {
		return Invalid("name", RuleRequired)
	}
	if t.Plan != "" && !codePattern.MatchString(t.Plan) {
		return Invalid("plan", RuleCodeFormat)
	}
	switch t.Kind {
	case TargetPoliticalTheory, TargetEducation:
		kind := TrainingKind(t.Kind)
		if rank, ok := Rank(kind, t.MinLevel); !ok || rank == 0 {
			return Invalid("min_level", levelRule(kind, false))
		}
	case TargetYouthGathering, TargetProfessionalTraining:
		if t.MinLevel != LevelNone {
			return Invalid("min_level", RuleEmptyForKind, Term(t.Kind))
		}
	default:
		return Invalid("kind", RuleTargetKind)
	}
	if t.Kind == TargetProfessionalTraining {
		if t.WindowDays < 1 || t.WindowDays > MaxDailyDays {
			return Invalid("window_days", RuleDaysBetween, 1, MaxDailyDays)
		}
	} else {
		switch {
		case t.WindowDays != 0:
			return Invalid("window_days", RuleEmptyUnless, Term("kind"), Term(TargetProfessionalTraining))
		case t.Provider != "":
			return Invalid("provider", RuleEmptyUnless, Term("kind"), Term(TargetProfessionalTraining))
		}
	}
	switch {
	case t.ScopeUnit == "":
		return Invalid("scope_unit", RuleRequired)
	case t.Comparator != AtLeast && t.Comparator != Over:
		return Invalid("comparator", RuleComparator)
	case !(t.Threshold > 0 && t.Threshold <= 1):
		return Invalid("threshold", RuleRatioPositive)
	case t.BaselineDate.IsZero():
		return Invalid("baseline_date", RuleRequired)
	case t.BaselineRatio != nil && !(*t.BaselineRatio >= 0 && *t.BaselineRatio <= 1):
		return Invalid("baseline_ratio", RuleRatio)
	case t.Deadline.IsZero():
		return Invalid("deadline", RuleRequired)
	case t.Deadline <= t.BaselineDate:
		return Invalid("deadline", RuleAfter, Term("baseline_date"))
	case !(t.Tolerance >= 0 && t.Tolerance < 1):
		return Invalid("tolerance", RuleRatioBelowOne)
	}
	return nil
}

// Meets tells whether a ratio satisfies the target's comparator and threshold.
func (t *Target) Meets(ratio float64) bool {
	if t.Comparator == Over {
		return ratio > t.Threshold
	}
	return ratio >= t.Threshold
}

// TargetService keeps targets; their progress comes from a FigureService.
type TargetService interface {
	FindTarget(ctx context.Context, code string) (*Target, error)
	FindTargets(ctx context.Context, page Page) ([]*Target, int, error)
	CreateTarget(ctx context.Context, t *Target) error
	// UpdateTarget replaces every field but the code.
	UpdateTarget(ctx context.Context, code string, t *Target) (*Target, error)
	DeleteTarget(ctx context.Context, code string) error
}
