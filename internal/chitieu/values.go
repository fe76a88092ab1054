package chitieu

import "fmt"

// MaxCount is the most any count of people a record holds may be: more than a province's
// population, and small enough that no sum of a province's counts can overflow an int64.
const MaxCount = 100_000_000

// checkCount is the error for a count outside [0, MaxCount].
func checkCount(field string, n int64) error {
	switch {
	case n < 0:
		return Invalid(field, RuleNotNegative)
	case n > MaxCount:
		return Invalid(field, RuleAtMost, MaxCount)
	}
	return nil
}

// Ages at which a cadre may join.
const (
	MinJoiningAge = 15
	MaxJoiningAge = 70
)

// firstError returns the first error that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// UnreadableRow is a stored record whose values the store cannot read back: a value that does
// not scan, or lies outside its documented range (written before the ranges were checked, or
// by hand). It is left out of the figures and named in the log, the metrics and `chitieu check`.
type UnreadableRow struct {
	Table   string `json:"table"`
	ID      string `json:"id"`
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

func (r UnreadableRow) String() string {
	return fmt.Sprintf("%s %s: %s: %s", r.Table, r.ID, r.Field, r.Problem)
}

// ValidateValues checks each of the unit's fields on its own against its documented range.
func (u *Unit) ValidateValues() error {
	return firstError(
		CheckText("code", u.Code, MaxNameLength),
		CheckText("name", u.Name, MaxNameLength),
		CheckText("parent", u.Parent, MaxNameLength))
}

// ValidateValues checks each of the cadre's fields on its own against its documented range:
// what the store refuses to write and, found in a stored row, cannot read back.
func (c *Cadre) ValidateValues() error {
	return firstError(
		CheckText("full_name", c.FullName, MaxNameLength),
		CheckText("unit", c.Unit, MaxNameLength),
		CheckText("position", c.Position, MaxTextLength),
		CheckText("gender", c.Gender, MaxNameLength),
		checkDate("joined_on", c.JoinedOn),
		checkDate("left_on", c.LeftOn),
		checkDate("birth_date", c.BirthDate),
		checkDate("exam_on", c.ExamOn))
}

// CheckBirthDate checks that the cadre was born by today: Validate has no clock, the store has.
func (c *Cadre) CheckBirthDate(today Date) error {
	if c.BirthDate > today {
		return Invalid("birth_date", RuleNotInFuture)
	}
	return nil
}

// ValidateValues checks each of the record's fields on its own against its documented range.
func (t *Training) ValidateValues() error {
	return firstError(
		CheckText("course", t.Course, MaxTextLength),
		CheckText("provider", t.Provider, MaxTextLength),
		checkDate("started_on", t.StartedOn),
		checkDate("expected_on", t.ExpectedOn),
		checkDate("completed_on", t.CompletedOn))
}

// CheckAfterBirth checks the record's dates against its cadre's birth date (zero: unknown).
func (t *Training) CheckAfterBirth(birth Date) error {
	if birth.IsZero() {
		return nil
	}
	for _, f := range []struct {
		field string
		on    Date
	}{{"started_on", t.StartedOn}, {"expected_on", t.ExpectedOn}, {"completed_on", t.CompletedOn}} {
		if !f.on.IsZero() && f.on < birth {
			return Invalid(f.field, RuleNotBeforeBirth)
		}
	}
	return nil
}

// ValidateValues checks each of the report's fields on its own against its documented range.
func (r *YouthReport) ValidateValues() error {
	return firstError(
		CheckText("unit", r.Unit, MaxNameLength),
		checkDate("reported_on", r.ReportedOn),
		r.checkCounts())
}

// checkCounts checks each of the report's counts against its bounds.
func (r *YouthReport) checkCounts() error {
	return firstError(
		checkCount("youth_population", r.YouthPopulation),
		checkCount("union_members", r.UnionMembers),
		checkCount("association_members", r.AssociationMembers),
		checkCount("gathered", r.Gathered))
}

// countsInRange tells whether the report's counts are within their bounds, which keeps the sums
// of a province's reports from overflowing.
func (r *YouthReport) countsInRange() bool {
	return r.checkCounts() == nil && r.Gathered <= r.YouthPopulation
}

// ValidateValues checks each of the target's fields on its own against its documented range.
func (t *Target) ValidateValues() error {
	return firstError(
		CheckText("code", t.Code, MaxNameLength),
		CheckText("name", t.Name, MaxNameLength),
		CheckText("scope_unit", t.ScopeUnit, MaxNameLength),
		CheckText("plan", t.Plan, MaxNameLength),
		CheckText("provider", t.Provider, MaxTextLength),
		checkDate("baseline_date", t.BaselineDate),
		checkDate("deadline", t.Deadline))
}

// ValidateValues checks each of the position's fields on its own against its documented range.
func (p *Position) ValidateValues() error {
	return firstError(
		CheckText("unit", p.Unit, MaxNameLength),
		CheckText("title", p.Title, MaxNameLength),
		checkDate("created_on", p.CreatedOn))
}

// ValidateValues checks each of the assignment's fields on its own against its documented range.
func (a *Assignment) ValidateValues() error {
	return firstError(checkDate("started_on", a.StartedOn), checkDate("ended_on", a.EndedOn))
}

// ValidateValues checks each of the rule's fields on its own against its documented range.
func (r *RecruitmentRule) ValidateValues() error {
	return firstError(CheckText("scope_unit", r.ScopeUnit, MaxNameLength), checkDate("start_date", r.StartDate))
}

// RecordTables are the tables whose rows are loaded into the Dataset, where an UnreadableRow
// can be found: the closed set of the metrics' table label.
var RecordTables = []string{"units", "cadres", "trainings", "youth_reports", "targets", "positions", "assignments", "recruitment_rule"}
