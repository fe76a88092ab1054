package chitieu

import (
	"context"
	"time"
)

// Gender values; empty when not recorded.
const (
	GenderMale   = "male"
	GenderFemale = "female"
)

// Cadre is a Youth Union cadre (cán bộ).
type Cadre struct {
	ID        int64  `json:"id"`
	FullName  string `json:"full_name"`
	Unit      string `json:"unit"`
	Position  string `json:"position"`  // chức danh, free text
	FullTime  bool   `json:"full_time"` // chuyên trách
	JoinedOn  Date   `json:"joined_on"`
	LeftOn    Date   `json:"left_on"`
	BirthDate Date   `json:"birth_date"`
	Gender    string `json:"gender"`
	Hiring

	// Current levels, filled in by reads; level "" is none.
	PoliticalTheoryLevel Level `json:"political_theory_level"`
	EducationLevel       Level `json:"education_level"`

	// postings, oldest first, when the store filled them in (see PostingList); Unit, FullTime
	// and Position are the latest one's. A pointer, so that cadres still compare with ==.
	postings *[]Posting
}

// ActiveOn tells whether the cadre is in post on day d: joined on or before d and not yet left.
func (c *Cadre) ActiveOn(d Date) bool {
	return c.JoinedOn <= d && (c.LeftOn.IsZero() || c.LeftOn > d)
}

// Normalize cleans the cadre's free text.
func (c *Cadre) Normalize() {
	c.FullName = CleanText(c.FullName)
	c.Unit = CleanText(c.Unit)
	c.Position = CleanText(c.Position)
	c.Gender = CleanText(c.Gender)
}

// Validate checks the cadre's own fields; that the unit exists is the store's to check.
func (c *Cadre) Validate() error {
	if err := c.ValidateValues(); err != nil {
		return err
	}
	switch {
	case c.FullName == "":
		return Invalid("full_name", RuleRequired)
	case c.Unit == "":
		return Invalid("unit", RuleRequired)
	case c.JoinedOn.IsZero():
		return Invalid("joined_on", RuleRequired)
	case !c.LeftOn.IsZero() && c.LeftOn <= c.JoinedOn:
		return Invalid("left_on", RuleAfter, Term("joined_on"))
	case !c.BirthDate.IsZero() && (c.BirthDate > c.JoinedOn.AddMonths(-12*MinJoiningAge) || c.BirthDate <= c.JoinedOn.AddMonths(-12*(MaxJoiningAge+1))):
		return Invalid("birth_date", RuleJoiningAge, MinJoiningAge, MaxJoiningAge)
	case c.Gender != "" && c.Gender != GenderMale && c.Gender != GenderFemale:
		return Invalid("gender", RuleGender)
	}
	return c.Hiring.validate(c.JoinedOn)
}

// CadreUpdate is a partial update: nil fields are left as they are.
type CadreUpdate struct {
	FullName  *string        `json:"full_name"`
	Unit      *string        `json:"unit"`
	Position  *string        `json:"position"`
	FullTime  *bool          `json:"full_time"`
	JoinedOn  *Date          `json:"joined_on"`
	LeftOn    Optional[Date] `json:"left_on"`
	BirthDate Optional[Date] `json:"birth_date"`
	Gender    *string        `json:"gender"`

	Recruitment *RecruitmentKind     `json:"recruitment"`
	ExamOn      Optional[Date]       `json:"exam_on"`
	ExamResult  Optional[ExamResult] `json:"exam_result"`
}

// Apply writes the update onto c.
func (upd *CadreUpdate) Apply(c *Cadre) {
	setIf(&c.FullName, upd.FullName)
	setIf(&c.Unit, upd.Unit)
	setIf(&c.Position, upd.Position)
	setIf(&c.FullTime, upd.FullTime)
	setIf(&c.JoinedOn, upd.JoinedOn)
	setOptional(&c.LeftOn, upd.LeftOn)
	setOptional(&c.BirthDate, upd.BirthDate)
	setIf(&c.Gender, upd.Gender)
	setIf(&c.Recruitment, upd.Recruitment)
	setOptional(&c.ExamOn, upd.ExamOn)
	setOptional(&c.ExamResult, upd.ExamResult)
}

// CadreFilter selects cadres.
type CadreFilter struct {
	Unit   string // the unit's whole subtree
	Active *bool  // active today
	Query  string // part of the name, matched without regard to case or diacritics
	// RecruitmentCheck "failing" selects the cadres who break the recruitment rule today.
	RecruitmentCheck string
	Page
}

// CadreService keeps cadres. Reads fill in the current levels as of today.
type CadreService interface {
	FindCadreByID(ctx context.Context, id int64) (*Cadre, error)
	FindCadres(ctx context.Context, filter CadreFilter) ([]*Cadre, int, error)
	CreateCadre(ctx context.Context, c *Cadre) error
	UpdateCadre(ctx context.Context, id int64, upd CadreUpdate) (*Cadre, error)
	DeleteCadre(ctx context.Context, id int64) error
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

func setOptional[T any](dst *T, src Optional[T]) {
	if src.Set {
		*dst = src.Value
	}
}

// Clock gives the current time; tests set it.
type Clock func() time.Time
