package chitieu

import (
	"context"
	"slices"
)

// TrainingKind is what a training record is about.
type TrainingKind string

// Training kinds.
const (
	PoliticalTheory TrainingKind = "political_theory" // lý luận chính trị
	Education       TrainingKind = "education"        // trình độ chuyên môn
	Professional    TrainingKind = "professional"     // nghiệp vụ courses
)

// Level is a qualification level of a kind; its rank orders it within the kind.
type Level string

// LevelNone is the level of a cadre with no completed record of a kind.
const LevelNone Level = ""

// levelRanks lists each kind's levels with their ranks. cu_nhan (bachelor of politics) counts
// as cao_cap.
var levelRanks = map[TrainingKind]map[Level]int{
	PoliticalTheory: {"so_cap": 1, "trung_cap": 2, "cao_cap": 3, "cu_nhan": 3},
	Education:       {"trung_cap": 1, "cao_dang": 2, "dai_hoc": 3, "thac_si": 4, "tien_si": 5},
}

// leveled lists the levels of the leveled kinds, lowest first, by kindIndex.
var leveled = [2][]Level{
	{"so_cap", "trung_cap", "cao_cap", "cu_nhan"},
	{"trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"},
}

// Levels returns the levels of a kind, lowest first (for forms and messages).
func Levels(kind TrainingKind) []Level {
	if !kind.HasLevels() {
		return nil
	}
	return slices.Clone(leveled[kindIndex(kind)])
}

// Rank returns the rank of level within kind, 0 for none, and false for a level the kind
// does not have.
func Rank(kind TrainingKind, level Level) (int, bool) {
	if level == LevelNone {
		return 0, true
	}
	r, ok := levelRanks[kind][level]
	return r, ok
}

// HasLevels tells whether records of the kind carry a level.
func (k TrainingKind) HasLevels() bool { return levelRanks[k] != nil }

// Valid tells whether k is a known kind.
func (k TrainingKind) Valid() bool {
	return k == PoliticalTheory || k == Education || k == Professional
}

// TrainingStatus is where a training record stands.
type TrainingStatus string

// Training statuses.
const (
	Planned    TrainingStatus = "planned"
	InProgress TrainingStatus = "in_progress"
	Completed  TrainingStatus = "completed"
	Dropped    TrainingStatus = "dropped"
)

// TrainingStatuses lists the statuses in their natural order.
var TrainingStatuses = []TrainingStatus{Planned, InProgress, Completed, Dropped}

// Training is a training or qualification record of a cadre (hồ sơ đào tạo). A qualification
// held when hired is a completed record dated when it was obtained.
type Training struct {
	ID          int64          `json:"id"`
	CadreID     int64          `json:"cadre_id"`
	Kind        TrainingKind   `json:"kind"`
	Level       Level          `json:"level"`
	Course      string         `json:"course"`
	Provider    string         `json:"provider"`
	Status      TrainingStatus `json:"status"`
	StartedOn   Date           `json:"started_on"`
	ExpectedOn  Date           `json:"expected_on"`
	CompletedOn Date           `json:"completed_on"`
}

// Rank returns the rank of the record's level (0 for a professional course).
func (t *Training) Rank() int {
	r, _ := Rank(t.Kind, t.Level)
	return r
}

// Normalize cleans the record's free text.
func (t *Training) Normalize() {
	t.Course = CleanText(t.Course)
	t.Provider = CleanText(t.Provider)
}

// Validate checks the record's own fields; that the cadre exists is the store's to check.
func (t *Training) Validate() error {
	if err := t.ValidateValues(); err != nil {
		return err
	}
	switch {
	case t.CadreID <= 0:
		return Invalid("cadre_id", RuleRequired)
	case !t.Kind.Valid():
		return Invalid("kind", RuleTrainingKind)
	case t.Kind.HasLevels() && t.Level == LevelNone:
		return Invalid("level", levelRule(t.Kind, true))
	case !t.Kind.HasLevels() && t.Level != LevelNone:
		return Invalid("level", RuleEmptyForKind, Term(Professional))
	}
	if _, ok := Rank(t.Kind, t.Level); !ok {
		return Invalid("level", levelRule(t.Kind, false))
	}
	switch t.Status {
	case Planned, InProgress, Completed, Dropped:
	default:
		return Invalid("status", RuleTrainingStatus)
	}
	switch {
	case t.Status == Completed && t.CompletedOn.IsZero():
		return Invalid("completed_on", RuleRequiredWhen, Term("status"), Term(Completed))
	case t.Status != Completed && !t.CompletedOn.IsZero():
		return Invalid("completed_on", RuleEmptyUnless, Term("status"), Term(Completed))
	case !t.CompletedOn.IsZero() && !t.StartedOn.IsZero() && t.CompletedOn < t.StartedOn:
		return Invalid("completed_on", RuleNotBefore, Term("started_on"))
	case !t.ExpectedOn.IsZero() && !t.StartedOn.IsZero() && t.ExpectedOn < t.StartedOn:
		return Invalid("expected_on", RuleNotBefore, Term("started_on"))
	}
	return nil
}

// levelRule is the rule a level of kind breaks: one of the kind's levels is required, or the
// one given is not of them.
func levelRule(kind TrainingKind, required bool) Rule {
	switch {
	case kind == PoliticalTheory && required:
		return RulePoliticalLevelRequired
	case kind == PoliticalTheory:
		return RulePoliticalLevel
	case required:
		return RuleEducationLevelRequired
	}
	return RuleEducationLevel
}

// TrainingUpdate is a partial update: fields not named are left as they are.
type TrainingUpdate struct {
	Kind        *TrainingKind   `json:"kind"`
	Level       Optional[Level] `json:"level"`
	Course      *string         `json:"course"`
	Provider    *string         `json:"provider"`
	Status      *TrainingStatus `json:"status"`
	StartedOn   Optional[Date]  `json:"started_on"`
	ExpectedOn  Optional[Date]  `json:"expected_on"`
	CompletedOn Optional[Date]  `json:"completed_on"`
}

// Apply writes the update onto t.
func (upd *TrainingUpdate) Apply(t *Training) {
	setIf(&t.Kind, upd.Kind)
	setOptional(&t.Level, upd.Level)
	setIf(&t.Course, upd.Course)
	setIf(&t.Provider, upd.Provider)
	setIf(&t.Status, upd.Status)
	setOptional(&t.StartedOn, upd.StartedOn)
	setOptional(&t.ExpectedOn, upd.ExpectedOn)
	setOptional(&t.CompletedOn, upd.CompletedOn)
}

// TrainingFilter selects training records.
type TrainingFilter struct {
	CadreID int64
	Kind    TrainingKind
	Status  TrainingStatus
	Page
}

// Validate checks the filter's values.
func (f *TrainingFilter) Validate() error {
	if f.Kind != "" && !f.Kind.Valid() {
		return Invalid("kind", RuleTrainingKind)
	}
	switch f.Status {
	case "", Planned, InProgress, Completed, Dropped:
	default:
		return Invalid("status", RuleTrainingStatus)
	}
	return f.Page.Validate()
}

// TrainingService keeps training records.
type TrainingService interface {
	FindTrainingByID(ctx context.Context, id int64) (*Training, error)
	FindTrainings(ctx context.Context, filter TrainingFilter) ([]*Training, int, error)
	CreateTraining(ctx context.Context, t *Training) error
	UpdateTraining(ctx context.Context, id int64, upd TrainingUpdate) (*Training, error)
	DeleteTraining(ctx context.Context, id int64) error
}
