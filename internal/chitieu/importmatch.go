package chitieu

import (
	"fmt"
	"slices"
	"strings"
)

// The decisions of an import's matching, apart from reading and writing the records: which
// unit, cadre or record a row names, what the row changes in the record it names, and which of
// its errors are the row's problems. The store gathers the candidates and writes what these say.

// UnitMatcher resolves the units a file names, by code or by name.
type UnitMatcher struct {
	byCode map[string]*Unit
	byName map[string][]*Unit // by MatchKey(name)
}

// NewUnitMatcher returns a matcher of no unit.
func NewUnitMatcher() *UnitMatcher {
	return &UnitMatcher{byCode: map[string]*Unit{}, byName: map[string][]*Unit{}}
}

// Add adds a live unit; units are added in the order of their codes.
func (m *UnitMatcher) Add(u Unit) {
	m.byCode[u.Code] = &u
	key := MatchKey(u.Name)
	m.byName[key] = append(m.byName[key], &u)
}

// Resolve returns the code of the unit s names: its code (in any case), or its name matched
// without regard to case or diacritics and only when no other unit has that name.
func (m *UnitMatcher) Resolve(field, s string) (string, error) {
	if u, ok := m.byCode[s]; ok {
		return u.Code, nil
	}
	if u, ok := m.byCode[strings.ToLower(s)]; ok {
		return u.Code, nil
	}
	switch list := m.byName[MatchKey(s)]; len(list) {
	case 1:
		return list[0].Code, nil
	case 0:
		return "", Invalid(field, RuleImportUnitUnknown, s)
	default:
		var c []string
		for _, u := range list {
			c = append(c, fmt.Sprintf("%s (%s)", u.Code, u.Name))
		}
		return "", Invalid(field, RuleImportUnitAmbiguous, s, strings.Join(c, ", "))
	}
}

// Name is the name of the unit s names, or s when it names none.
func (m *UnitMatcher) Name(s string) string {
	if code, err := m.Resolve("unit", s); err == nil {
		return m.byCode[code].Name
	}
	return s
}

// CadreCandidate is a live cadre of the name and unit a row gives.
type CadreCandidate struct {
	ID        int64
	Unit      string
	BirthDate Date // zero when unknown
}

// MatchCadre returns the id of the one candidate, of the name and unit given, whose birth date
// agrees with the row's (an unknown date on either side agrees), or 0 when none does. Several
// agreeing is the row's problem, on field.
func MatchCadre(field, name, unit string, birth Date, candidates []CadreCandidate) (int64, error) {
	var ids []string
	var found int64
	for _, c := range candidates {
		if birth.IsZero() || c.BirthDate.IsZero() || c.BirthDate == birth {
			found = c.ID
			ids = append(ids, fmt.Sprint(c.ID))
		}
	}
	if len(ids) > 1 {
		return 0, Invalid(field, RuleImportCadreAmbiguous, name, unit, strings.Join(ids, ", "))
	}
	return found, nil
}

// TrainingMatchKey is what identifies a training record in a file, beside its id.
type TrainingMatchKey struct {
	CadreID          int64
	Kind             TrainingKind
	Level            Level
	Course, Provider string
}

// MatchKeyOf is t's TrainingMatchKey.
func (t *Training) MatchKeyOf() TrainingMatchKey {
	return TrainingMatchKey{t.CadreID, t.Kind, t.Level, t.Course, t.Provider}
}

// MatchTraining returns the candidate (of t's TrainingMatchKey) that t is, narrowed by the start
// day when there are several, or nil when none is; several left is the row's problem.
func MatchTraining(t *Training, candidates []*Training) (*Training, error) {
	list := candidates
	if len(list) > 1 {
		list = slices.DeleteFunc(slices.Clone(list), func(c *Training) bool { return c.StartedOn != t.StartedOn })
	}
	switch len(list) {
	case 0:
		return nil, nil
	case 1:
		return list[0], nil
	}
	var ids []string
	for _, c := range list {
		ids = append(ids, fmt.Sprint(c.ID))
	}
	return nil, Invalid("id", RuleImportTrainingAmbiguous, strings.Join(ids, ", "))
}

// CadreRowUpdate is the update that makes before what the row c says, for the fields the file
// has columns of, and whether it changes anything.
func CadreRowUpdate(before, c *Cadre, has func(field string) bool) (CadreUpdate, bool) {
	var upd CadreUpdate
	changed := false
	str := func(field string, have, want string, dst **string) {
		if has(field) && have != want {
			*dst, changed = &want, true
		}
	}
	date := func(field string, have, want Date, dst *Optional[Date]) {
		if has(field) && have != want {
			*dst, changed = Optional[Date]{Set: true, Value: want}, true
		}
	}
	str("full_name", before.FullName, c.FullName, &upd.FullName)
	str("unit", before.Unit, c.Unit, &upd.Unit)
	str("position", before.Position, c.Position, &upd.Position)
	str("gender", before.Gender, c.Gender, &upd.Gender)
	if has("full_time") && before.FullTime != c.FullTime {
		ft := c.FullTime
		upd.FullTime, changed = &ft, true
	}
	if has("joined_on") && before.JoinedOn != c.JoinedOn {
		j := c.JoinedOn
		upd.JoinedOn, changed = &j, true
	}
	date("left_on", before.LeftOn, c.LeftOn, &upd.LeftOn)
	date("birth_date", before.BirthDate, c.BirthDate, &upd.BirthDate)
	if has("recruitment") && before.Recruitment != c.Recruitment {
		r := c.Recruitment
		upd.Recruitment, changed = &r, true
	}
	date("exam_on", before.ExamOn, c.ExamOn, &upd.ExamOn)
	if has("exam_result") && before.ExamResult != c.ExamResult {
		upd.ExamResult, changed = Optional[ExamResult]{Set: true, Value: c.ExamResult}, true
	}
	return upd, changed
}

// TrainingRowUpdate is the update that makes before what the row t says, for the fields the
// file has columns of (the kind and status always), and whether it changes anything.
func TrainingRowUpdate(before, t *Training, has func(field string) bool) (TrainingUpdate, bool) {
	var upd TrainingUpdate
	changed := false
	if before.Kind != t.Kind {
		k := t.Kind
		upd.Kind, changed = &k, true
	}
	if (has("level") || before.Kind != t.Kind) && before.Level != t.Level {
		upd.Level, changed = Optional[Level]{Set: true, Value: t.Level}, true
	}
	if has("course") && before.Course != t.Course {
		c := t.Course
		upd.Course, changed = &c, true
	}
	if has("provider") && before.Provider != t.Provider {
		p := t.Provider
		upd.Provider, changed = &p, true
	}
	if before.Status != t.Status {
		s := t.Status
		upd.Status, changed = &s, true
	}
	date := func(field string, have, want Date, dst *Optional[Date]) {
		if has(field) && have != want {
			*dst, changed = Optional[Date]{Set: true, Value: want}, true
		}
	}
	date("started_on", before.StartedOn, t.StartedOn, &upd.StartedOn)
	date("expected_on", before.ExpectedOn, t.ExpectedOn, &upd.ExpectedOn)
	date("completed_on", before.CompletedOn, t.CompletedOn, &upd.CompletedOn)
	return upd, changed
}

// MovedField tells whether field is one that a cadres row with a move date gives the new
// posting rather than corrects on the cadre.
func MovedField(field string) bool {
	return field == "unit" || field == "full_time" || field == "position"
}

// MoveOf is the posting that a cadres row with a move date makes of the cadre c (with its
// postings): from movedOn, in the row's unit, with the row's full-time status and position
// where the file has those columns and otherwise those of the posting in force that day. It is
// nil when the posting in force on movedOn already says so, as when a file is imported again.
func MoveOf(c *Cadre, row *Cadre, movedOn Date, has func(field string) bool) *Posting {
	cur := c.PostingOn(movedOn)
	p := Posting{CadreID: c.ID, Unit: row.Unit, FullTime: cur.FullTime, Position: cur.Position, From: movedOn}
	if has("full_time") {
		p.FullTime = row.FullTime
	}
	if has("position") {
		p.Position = row.Position
	}
	if cur.From <= movedOn && cur.Unit == p.Unit && cur.FullTime == p.FullTime && cur.Position == p.Position {
		return nil
	}
	return &p
}

// YouthReportRowAction is what a row y does to the live report of its unit and day, before
// (nil when there is none).
func YouthReportRowAction(before *YouthReport, y YouthReport) string {
	if before == nil {
		return RowCreate
	}
	if y.ID = before.ID; *before == y {
		return RowUnchanged
	}
	return RowUpdate
}

// IsRowProblem tells whether err is a problem of the row that met it (a rule it breaks, a record
// it names that is not there or not the user's), which the import reports with the row, rather
// than a fault that ends the import.
func IsRowProblem(err error) bool {
	switch ErrorCode(err) {
	case EINVALID, ECONFLICT, EFORBIDDEN, ENOTFOUND:
		return true
	}
	return false
}
