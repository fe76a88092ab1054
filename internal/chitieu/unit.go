package chitieu

import (
	"context"
	"regexp"
	"slices"
)

// codePattern is the form of unit and target codes: they are metric labels and URL parts, and
// never change once given.
var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Unit is an organisational unit (đơn vị) of the Youth Union; units form a tree. Name and Parent
// are the unit's latest version; a reorganisation adds dated versions and ends units.
type Unit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Parent string `json:"parent"` // empty for a root
	// FoundedOn is the unit's first day (no date: since before any record); DissolvedOn the
	// first day it no longer exists (no date: it still does).
	FoundedOn   Date `json:"founded_on"`
	DissolvedOn Date `json:"dissolved_on"`
	// versions are the unit's names and parents with the day each holds from, oldest first,
	// when the store filled them in (see VersionList). A pointer, so that units still compare
	// with ==.
	versions *[]UnitVersion
}

// UnitVersion is a unit's name and parent from a day on.
type UnitVersion struct {
	From   Date   `json:"from"`
	Name   string `json:"name"`
	Parent string `json:"parent"`
}

// AliveOn tells whether the unit exists on day d.
func (u *Unit) AliveOn(d Date) bool {
	return (u.FoundedOn.IsZero() || u.FoundedOn <= d) && (u.DissolvedOn.IsZero() || d < u.DissolvedOn)
}

// VersionList returns the unit's versions: those loaded, or else the one its own fields describe.
func (u *Unit) VersionList() []UnitVersion {
	if u.versions != nil && len(*u.versions) > 0 {
		return *u.versions
	}
	return []UnitVersion{{From: u.FoundedOn, Name: u.Name, Parent: u.Parent}}
}

// SetVersions keeps the unit's versions (oldest first) and makes its name and parent the latest's.
func (u *Unit) SetVersions(vs []UnitVersion) {
	vs = slices.Clone(vs)
	u.versions = &vs
	if n := len(vs); n > 0 {
		u.Name, u.Parent = vs[n-1].Name, vs[n-1].Parent
	}
}

// VersionOn returns the version in force on day d (the first one before it).
func (u *Unit) VersionOn(d Date) UnitVersion {
	vs := u.VersionList()
	i := 0
	for j := range vs {
		if vs[j].From <= d {
			i = j
		}
	}
	return vs[i]
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
	if !u.DissolvedOn.IsZero() && u.DissolvedOn <= u.FoundedOn {
		return Invalid("dissolved_on", RuleAfter, Term("founded_on"))
	}
	return nil
}

// UnitFilter selects units; Parent, when set, lists that unit's children. AsOf, when set, lists
// the units alive on that day with their name and parent of that day.
type UnitFilter struct {
	Parent *string
	AsOf   Date
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
