package chitieu

import (
	"context"
	"slices"
)

// RecruitmentKind is how a cadre came to the post.
type RecruitmentKind string

// Recruitment kinds; empty when not recorded.
const (
	RecruitedByExam     RecruitmentKind = "exam"     // thi tuyển
	RecruitedByTransfer RecruitmentKind = "transfer" // điều động, luân chuyển from another agency
	RecruitedByElection RecruitmentKind = "election" // elected to a post
	RecruitedOther      RecruitmentKind = "other"
)

// Valid tells whether k is a known kind or empty.
func (k RecruitmentKind) Valid() bool {
	switch k {
	case "", RecruitedByExam, RecruitedByTransfer, RecruitedByElection, RecruitedOther:
		return true
	}
	return false
}

// ExamResult is the result of a recruitment exam.
type ExamResult string

// Exam results; empty when there was no exam.
const (
	ExamPassed ExamResult = "passed"
	ExamFailed ExamResult = "failed"
)

// Hiring is how a cadre was recruited (tuyển dụng); it is part of the cadre record.
type Hiring struct {
	Recruitment RecruitmentKind `json:"recruitment"`
	ExamOn      Date            `json:"exam_on"`
	ExamResult  ExamResult      `json:"exam_result"`
}

// validate checks the hiring fields against each other and the day the cadre joined.
func (h *Hiring) validate(joinedOn Date) error {
	switch {
	case !h.Recruitment.Valid():
		return Invalid("recruitment", RuleRecruitment)
	case h.ExamResult != "" && h.ExamResult != ExamPassed && h.ExamResult != ExamFailed:
		return Invalid("exam_result", RuleExamResult)
	case h.Recruitment == RecruitedByExam && h.ExamOn.IsZero():
		return Invalid("exam_on", RuleRequiredWhen, Term("recruitment"), Term("exam"))
	case h.Recruitment == RecruitedByExam && h.ExamResult == "":
		return Invalid("exam_result", RuleExamResultRequired)
	case h.Recruitment != RecruitedByExam && !h.ExamOn.IsZero():
		return Invalid("exam_on", RuleEmptyUnless, Term("recruitment"), Term("exam"))
	case h.Recruitment != RecruitedByExam && h.ExamResult != "":
		return Invalid("exam_result", RuleEmptyUnless, Term("recruitment"), Term("exam"))
	case !h.ExamOn.IsZero() && !joinedOn.IsZero() && h.ExamOn > joinedOn:
		return Invalid("exam_on", RuleExamBeforeJoining)
	}
	return nil
}

// PassedExam tells whether the cadre was recruited through an exam they passed.
func (h *Hiring) PassedExam() bool {
	return h.Recruitment == RecruitedByExam && h.ExamResult == ExamPassed
}

// RecruitmentRule is the plan's rule on recruitment, held as data: from StartDate, a full-time
// cadre contracted in the scope needs a passed recruitment exam, unless recruited in an exempt
// way.
type RecruitmentRule struct {
	StartDate Date              `json:"start_date"`
	ScopeUnit string            `json:"scope_unit"` // that unit's subtree; empty for every unit
	Exempt    []RecruitmentKind `json:"exempt"`
}

// DefaultRecruitmentRule is the rule as the plan states it: from 2014, for every unit, with
// transfers and elections exempt.
func DefaultRecruitmentRule() RecruitmentRule {
	return RecruitmentRule{
		StartDate: NewDate(2014, 1, 1),
		Exempt:    []RecruitmentKind{RecruitedByElection, RecruitedByTransfer}, // in the order Normalize gives
	}
}

// Normalize cleans the scope and orders the exempt kinds, once each.
func (r *RecruitmentRule) Normalize() {
	r.ScopeUnit = CleanText(r.ScopeUnit)
	if r.Exempt == nil {
		r.Exempt = []RecruitmentKind{}
	}
	slices.Sort(r.Exempt)
	r.Exempt = slices.Compact(r.Exempt)
}

// Validate checks the rule's own fields; that the scope unit exists is the store's to check.
func (r *RecruitmentRule) Validate() error {
	if err := r.ValidateValues(); err != nil {
		return err
	}
	if r.StartDate.IsZero() {
		return Invalid("start_date", RuleRequired)
	}
	for _, k := range r.Exempt {
		switch k {
		case RecruitedByTransfer, RecruitedByElection, RecruitedOther:
		case RecruitedByExam:
			return Invalid("exempt", RuleExemptExam)
		default:
			return Invalid("exempt", RuleExemptValues)
		}
	}
	return nil
}

// Fails tells whether a cadre of the rule's scope breaks the rule on day d: active and full-time
// on d, joined on or after the start date, not recruited in an exempt way, and without a passed
// exam. A cadre whose recruitment is not recorded has no passed exam.
func (r *RecruitmentRule) Fails(c *Cadre, d Date) bool {
	return c.FullTime && c.ActiveOn(d) && c.JoinedOn >= r.StartDate &&
		!slices.Contains(r.Exempt, c.Recruitment) && !c.PassedExam()
}

// Cadre list filter values of recruitment_check.
const RecruitmentCheckFailing = "failing"

// RecruitmentRuleService keeps the recruitment rule.
type RecruitmentRuleService interface {
	FindRecruitmentRule(ctx context.Context) (*RecruitmentRule, error)
	UpdateRecruitmentRule(ctx context.Context, r *RecruitmentRule) (*RecruitmentRule, error)
}
