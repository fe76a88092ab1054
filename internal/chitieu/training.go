package chitieu

import (
	"context"
	"fmt"
	"strings"
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

// Levels returns the levels of a kind, lowest first (for forms and messages).
func Levels(kind TrainingKind) []Level {
	switch kind {
	case PoliticalTheory:
		return []Level{"so_cap", "trung_cap", "cao_cap", "cu_nhan"}
	case Education:
		return []Level{"trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"}
	}
	return nil
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
		return invalidField("cadre_id", "is required")
	case !t.Kind.Valid():
		return invalidField("kind", `must be one of "political_theory", "education", "professional"`)
	case t.Kind.HasLevels() && t.Level == LevelNone:
		return invalidField("level", fmt.Sprintf("is required for kind %s: one of %s", t.Kind, quoteLevels(t.Kind)))
	case !t.Kind.HasLevels() && t.Level != LevelNone:
		return invalidField("level", "must be empty for kind professional")
	}
	if _, ok := Rank(t.Kind, t.Level); !ok {
		return invalidField("level", fmt.Sprintf("must be one of %s for kind %s", quoteLevels(t.Kind), t.Kind))
	}
	switch t.Status {
	case Planned, InProgress, Completed, Dropped:
	default:
		return invalidField("status", `must be one of "planned", "in_progress", "completed", "dropped"`)
	}
	switch {
	case t.Status == Completed && t.CompletedOn.IsZero():
		return invalidField("completed_on", "is required when status is completed")
	case t.Status != Completed && !t.CompletedOn.IsZero():
		return invalidField("completed_on", "must be empty unless status is completed")
	case !t.CompletedOn.IsZero() && !t.StartedOn.IsZero() && t.CompletedOn < t.StartedOn:
		return invalidField("completed_on", "must not be before started_on")
	case !t.ExpectedOn.IsZero() && !t.StartedOn.IsZero() && t.ExpectedOn < t.StartedOn:
		return invalidField("expected_on", "must not be before started_on")
	}
	return nil
}

func quoteLevels(kind TrainingKind) string {
	var q []string
	for _, l := range Levels(kind) {
		q = append(q, `"`+string(l)+`"`)
	}
	return strings.Join(q, ", ")
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
		return invalidField("kind", `must be one of "political_theory", "education", "professional"`)
	}
	switch f.Status {
	case "", Planned, InProgress, Completed, Dropped:
	default:
		return invalidField("status", `must be one of "planned", "in_progress", "completed", "dropped"`)
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
