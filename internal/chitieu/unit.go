package chitieu

import (
	"context"
	"regexp"
)

// codePattern is the form of unit and target codes: they are metric labels and URL parts, and
// never change once given.
var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Unit is an organisational unit (đơn vị) of the Youth Union; units form a tree.
type Unit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Parent string `json:"parent"` // empty for a root
}

// Normalize cleans the unit's free text.
func (u *Unit) Normalize() {
	u.Name = CleanText(u.Name)
	u.Parent = CleanText(u.Parent)
}

// Validate checks the unit's own fields; that the parent exists and makes no cycle is the
// store's to check.
func (u *Unit) Validate() error {
	if err := u.ValidateValues(); err != nil {
		return err
	}
	if !codePattern.MatchString(u.Code) {
		return Invalid("code", RuleCodeFormat)
	}
	if u.Name == "" {
		return Invalid("name", RuleRequired)
	}
	if u.Parent == u.Code {
		return Invalid("parent", RuleNotSelf)
	}
	return nil
}

// UnitFilter selects units; Parent, when set, lists that unit's children.
type UnitFilter struct {
	Parent *string
	Page
}

// UnitService keeps units.
type UnitService interface {
	FindUnit(ctx context.Context, code string) (*Unit, error)
	FindUnits(ctx context.Context, filter UnitFilter) ([]*Unit, int, error)
	CreateUnit(ctx context.Context, u *Unit) error
	// UpdateUnit replaces the unit's name and parent.
	UpdateUnit(ctx context.Context, code string, u *Unit) (*Unit, error)
	DeleteUnit(ctx context.Context, code string) error
}

// Page is the window of a list: at most Limit items after Offset.
type Page struct {
	Limit  int
	Offset int
}

// Page limits.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Validate checks the window and gives Limit its default.
func (p *Page) Validate() error {
	if p.Limit == 0 {
		p.Limit = DefaultLimit
	}
	if p.Limit < 1 || p.Limit > MaxLimit {
		return Invalid("limit", RuleBetween, 1, MaxLimit)
	}
	if p.Offset < 0 {
		return Invalid("offset", RuleNotNegative)
	}
	return nil
}
