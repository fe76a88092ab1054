package chitieu

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Reorganisation is a dated list of changes to the unit tree (tổ chức lại), applied at once: the
// units' versions, lives and the postings of their cadres change from EffectiveOn; nothing
// before it does.
type Reorganisation struct {
	ID          int64       `json:"id,omitempty"`
	EffectiveOn Date        `json:"effective_on"`
	Note        string      `json:"note"`
	Changes     []OrgChange `json:"changes"`
}

// The operations of a reorganisation.
const (
	OpCreate   = "create"
	OpRename   = "rename"
	OpMove     = "move"
	OpMerge    = "merge"
	OpSplit    = "split"
	OpDissolve = "dissolve"
)

// MaxOrgChanges bounds a reorganisation's list of changes.
const MaxOrgChanges = 10000

// OrgChange is one change of a reorganisation; which fields it takes depends on Op.
type OrgChange struct {
	Op         string     `json:"op"`
	Unit       OrgUnitRef `json:"unit"`        // create: the new unit; the others but merge: its code
	Units      []string   `json:"units"`       // merge: the units merged
	Into       OrgInto    `json:"into"`        // merge: the unit they merge into; split: the new units
	Parent     string     `json:"parent"`      // move: the new parent ("" for a root)
	Name       string     `json:"name"`        // rename: the new name
	To         string     `json:"to"`          // dissolve: the heir of its children and cadres
	PostingsTo string     `json:"postings_to"` // split: the heir of its children and cadres
}

// OrgUnitRef is a unit named by its code ("kien-giang") or, for a create, given whole
// ({"code", "name", "parent"}).
type OrgUnitRef struct {
	Code, Name, Parent string
	whole              bool
}

// UnmarshalJSON reads a code or a unit.
func (r *OrgUnitRef) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*r = OrgUnitRef{}
		return json.Unmarshal(b, &r.Code)
	}
	var u struct {
		Code   string `json:"code"`
		Name   string `json:"name"`
		Parent string `json:"parent"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&u); err != nil {
		return err
	}
	*r = OrgUnitRef{Code: u.Code, Name: u.Name, Parent: u.Parent, whole: true}
	return nil
}

// MarshalJSON writes what was read.
func (r OrgUnitRef) MarshalJSON() ([]byte, error) {
	if r.whole {
		return json.Marshal(map[string]string{"code": r.Code, "name": r.Name, "parent": r.Parent})
	}
	return json.Marshal(r.Code)
}

// OrgInto is a merge's unit (a code) or a split's new units ([{"code", "name"}]).
type OrgInto struct {
	Code  string
	Units []Unit
}

// UnmarshalJSON reads a code or a list of units.
func (o *OrgInto) UnmarshalJSON(b []byte) error {
	*o = OrgInto{}
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &o.Code)
	}
	var units []struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&units); err != nil {
		return err
	}
	o.Units = []Unit{}
	for _, u := range units {
		o.Units = append(o.Units, Unit{Code: u.Code, Name: u.Name})
	}
	return nil
}

// MarshalJSON writes what was read.
func (o OrgInto) MarshalJSON() ([]byte, error) {
	if o.Units == nil {
		return json.Marshal(o.Code)
	}
	out := make([]map[string]string, len(o.Units))
	for i, u := range o.Units {
		out[i] = map[string]string{"code": u.Code, "name": u.Name}
	}
	return json.Marshal(out)
}

// Normalize cleans the reorganisation's free text.
func (r *Reorganisation) Normalize() {
	r.Note = CleanText(r.Note)
	for i := range r.Changes {
		c := &r.Changes[i]
		c.Op, c.Name, c.Parent, c.To, c.PostingsTo = CleanText(c.Op), CleanText(c.Name), CleanText(c.Parent), CleanText(c.To), CleanText(c.PostingsTo)
		c.Unit.Code, c.Unit.Name, c.Unit.Parent = CleanText(c.Unit.Code), CleanText(c.Unit.Name), CleanText(c.Unit.Parent)
		c.Into.Code = CleanText(c.Into.Code)
		for j := range c.Units {
			c.Units[j] = CleanText(c.Units[j])
		}
		for j := range c.Into.Units {
			c.Into.Units[j].Normalize()
			c.Into.Units[j].Code = CleanText(c.Into.Units[j].Code)
		}
	}
}

// Validate checks the reorganisation's own fields.
func (r *Reorganisation) Validate() error {
	switch {
	case r.EffectiveOn.IsZero():
		return Invalid("effective_on", RuleRequired)
	case len(r.Changes) == 0:
		return Invalid("changes", RuleRequired)
	case len(r.Changes) > MaxOrgChanges:
		return Invalid("changes", RuleAtMost, MaxOrgChanges)
	}
	return firstError(checkDate("effective_on", r.EffectiveOn), CheckText("note", r.Note, MaxTextLength))
}

// PostingMove is a cadre whose posting a reorganisation moves to another unit.
type PostingMove struct {
	CadreID int64  `json:"cadre_id"`
	From    string `json:"from"`
	To      string `json:"to"`
}

// ReorganisationResult is what a reorganisation changes: the answer of a dry run and of the
// real one, and (not in JSON) what the store writes.
type ReorganisationResult struct {
	ID            int64         `json:"id,omitempty"` // 0 for a dry run
	EffectiveOn   Date          `json:"effective_on"`
	DryRun        bool          `json:"dry_run"`
	UnitsCreated  []string      `json:"units_created"`
	UnitsChanged  []string      `json:"units_changed"` // renamed or moved, or with new children
	UnitsEnded    []string      `json:"units_ended"`
	PostingsMoved []PostingMove `json:"postings_moved"`
	TargetsEnded  []string      `json:"targets_ended"` // scoped to a unit ended

	// Units are the units created or changed as they are after it, with their versions.
	Units []*Unit `json:"-"`
	// Postings are the postings added (ID 0), or of the day itself corrected (ID set).
	Postings []Posting `json:"-"`
}

// OrgRecords is what planning a reorganisation reads of the records besides the units.
type OrgRecords interface {
	// PostingsOn returns the postings in force in the unit on day d of cadres in post then.
	PostingsOn(ctx context.Context, unit string, d Date) ([]Posting, error)
	// PostingsAfter returns the postings to the unit from a day after d.
	PostingsAfter(ctx context.Context, unit string, d Date) ([]Posting, error)
	// TargetsScopedTo returns the codes of the targets scoped to the unit.
	TargetsScopedTo(ctx context.Context, unit string) ([]string, error)
}

// ReorganisationService applies reorganisations and answers the unit tree of a day.
type ReorganisationService interface {
	// ApplyReorganisation applies r, or with dryRun only answers what it would change.
	ApplyReorganisation(ctx context.Context, r *Reorganisation, dryRun bool) (*ReorganisationResult, error)
	// UnitHistory returns the unit with its versions and the reorganisations that changed it.
	UnitHistory(ctx context.Context, code string) (*UnitHistory, error)
}

// UnitHistory is a unit's life: its versions and the reorganisations that touched it.
type UnitHistory struct {
	Unit     Unit             `json:"unit"`
	Versions []UnitVersion    `json:"versions"`
	Events   []Reorganisation `json:"events"`
}

// orgPlan is the state of planning a reorganisation.
type orgPlan struct {
	ctx   context.Context
	on    Date
	units map[string]*Unit // as stored
	work  map[string]*Unit // created or changed, copied from units
	recs  OrgRecords
	res   *ReorganisationResult
	ended map[string]bool
	// moved holds each cadre's posting from the day on, once the plan moves it.
	moved   map[int64]*Posting
	movedBy map[int64]string // the unit the cadre was moved from first
	changed map[string]bool
}

// PlanReorganisation works out what r changes, from the stored units (with their versions) and
// records, without writing: every change is checked against the tree as the earlier changes of
// the list leave it, and the tree of the day is refused if it has a cycle.
func PlanReorganisation(ctx context.Context, r *Reorganisation, units map[string]*Unit, recs OrgRecords) (*ReorganisationResult, error) {
	p := &orgPlan{ctx: ctx, on: r.EffectiveOn, units: units, work: map[string]*Unit{}, recs: recs,
		res:   &ReorganisationResult{EffectiveOn: r.EffectiveOn, UnitsCreated: []string{}, UnitsChanged: []string{}, UnitsEnded: []string{}, PostingsMoved: []PostingMove{}, TargetsEnded: []string{}},
		ended: map[string]bool{}, moved: map[int64]*Posting{}, movedBy: map[int64]string{}, changed: map[string]bool{}}
	for i := range r.Changes {
		if err := p.apply(i, &r.Changes[i]); err != nil {
			return nil, err
		}
	}
	if err := p.checkTree(); err != nil {
		return nil, err
	}
	return p.finish(), nil
}

func field(i int, name string) string { return fmt.Sprintf("changes[%d].%s", i, name) }

// get returns the unit as the plan has it so far, or nil.
func (p *orgPlan) get(code string) *Unit {
	if u := p.work[code]; u != nil {
		return u
	}
	return p.units[code]
}

// alive checks that the unit exists on the day, after the changes so far.
func (p *orgPlan) alive(fieldName, code string) error {
	u := p.get(code)
	if u == nil {
		return NewError(ENOTFOUND, fieldName, RuleUnitNotFound, code)
	}
	if !u.AliveOn(p.on) || p.ended[code] {
		return Invalid(fieldName, RuleUnitNotAliveOn, code, p.on)
	}
	return nil
}

// touch returns the plan's copy of a unit to change; a unit with a version after the day cannot
// be changed from it.
func (p *orgPlan) touch(fieldName, code string) (*Unit, error) {
	if u := p.work[code]; u != nil {
		return u, nil
	}
	u := *p.units[code]
	vs := u.VersionList()
	u.SetVersions(vs)
	if last := vs[len(vs)-1].From; last > p.on {
		return nil, Invalid(fieldName, RuleReorgLaterVersion, code, last)
	}
	p.work[code] = &u
	p.changed[code] = true
	return &u, nil
}

// setVersion gives the unit its name and parent from the day.
func (p *orgPlan) setVersion(u *Unit, name, parent string) {
	vs := slices.Clone(u.VersionList())
	if last := &vs[len(vs)-1]; last.From == p.on {
		last.Name, last.Parent = name, parent
	} else {
		vs = append(vs, UnitVersion{From: p.on, Name: name, Parent: parent})
	}
	u.SetVersions(vs)
}

func (p *orgPlan) apply(i int, c *OrgChange) error {
	switch c.Op {
	case OpCreate:
		return p.create(i, "unit", Unit{Code: c.Unit.Code, Name: c.Unit.Name, Parent: c.Unit.Parent})
	case OpRename:
		if err := p.alive(field(i, "unit"), c.Unit.Code); err != nil {
			return err
		}
		if c.Name == "" {
			return Invalid(field(i, "name"), RuleRequired)
		}
		if err := CheckText(field(i, "name"), c.Name, MaxNameLength); err != nil {
			return err
		}
		u, err := p.touch(field(i, "unit"), c.Unit.Code)
		if err != nil {
			return err
		}
		p.setVersion(u, c.Name, u.VersionOn(p.on).Parent)
	case OpMove:
		if err := p.alive(field(i, "unit"), c.Unit.Code); err != nil {
			return err
		}
		if c.Parent != "" {
			if err := p.alive(field(i, "parent"), c.Parent); err != nil {
				return err
			}
		}
		u, err := p.touch(field(i, "unit"), c.Unit.Code)
		if err != nil {
			return err
		}
		p.setVersion(u, u.VersionOn(p.on).Name, c.Parent)
	case OpMerge:
		if len(c.Units) == 0 {
			return Invalid(field(i, "units"), RuleRequired)
		}
		if err := p.alive(field(i, "into"), c.Into.Code); err != nil {
			return err
		}
		for j, code := range c.Units {
			if err := p.end(fmt.Sprintf("changes[%d].units[%d]", i, j), code, c.Into.Code); err != nil {
				return err
			}
		}
	case OpDissolve:
		if c.To != "" {
			if err := p.alive(field(i, "to"), c.To); err != nil {
				return err
			}
		}
		return p.end(field(i, "unit"), c.Unit.Code, c.To)
	case OpSplit:
		if err := p.alive(field(i, "unit"), c.Unit.Code); err != nil {
			return err
		}
		if len(c.Into.Units) == 0 {
			return Invalid(field(i, "into"), RuleRequired)
		}
		parent := p.get(c.Unit.Code).VersionOn(p.on).Parent
		for j, u := range c.Into.Units {
			u.Parent = parent
			if err := p.create(i, fmt.Sprintf("into[%d]", j), u); err != nil {
				return err
			}
		}
		heir := c.PostingsTo
		if heir == "" {
			heir = c.Into.Units[0].Code // the first new unit, unless named
		}
		if err := p.alive(field(i, "postings_to"), heir); err != nil {
			return err
		}
		return p.end(field(i, "unit"), c.Unit.Code, heir)
	default:
		return Invalid(field(i, "op"), RuleReorgOp, c.Op)
	}
	return nil
}

// create adds a unit founded on the day.
func (p *orgPlan) create(i int, name string, u Unit) error {
	u.Normalize()
	u.FoundedOn = p.on
	if err := u.Validate(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Field = field(i, name) + "." + e.Field
		}
		return err
	}
	if p.get(u.Code) != nil {
		return NewError(ECONFLICT, field(i, name)+".code", RuleUnitExists, u.Code)
	}
	if u.Parent != "" {
		if err := p.alive(field(i, name)+".parent", u.Parent); err != nil {
			return err
		}
	}
	u.SetVersions([]UnitVersion{{From: p.on, Name: u.Name, Parent: u.Parent}})
	p.work[u.Code] = &u
	p.res.UnitsCreated = append(p.res.UnitsCreated, u.Code)
	return nil
}

// end dissolves a unit on the day: its children move under heir, and its cadres in post continue
// there. Without an heir, the unit must have neither.
func (p *orgPlan) end(fieldName, code, heir string) error {
	if p.ended[code] {
		return Invalid(fieldName, RuleReorgUnitTwice, code)
	}
	if err := p.alive(fieldName, code); err != nil {
		return err
	}
	if heir == code {
		return Invalid(fieldName, RuleNotSelf)
	}
	later, err := p.recs.PostingsAfter(p.ctx, code, p.on)
	if err != nil {
		return err
	}
	if len(later) > 0 {
		return Invalid(fieldName, RuleReorgLaterPosting, code, later[0].CadreID, later[0].From)
	}
	var children []string
	for _, u := range p.all() {
		if !p.ended[u.Code] && u.AliveOn(p.on) && u.VersionOn(p.on).Parent == code {
			children = append(children, u.Code)
		}
	}
	postings, err := p.postingsIn(code)
	if err != nil {
		return err
	}
	if heir == "" && (len(children) > 0 || len(postings) > 0) {
		return Invalid(fieldName, RuleReorgNoHeir, code, len(children), len(postings))
	}
	u, err := p.touch(fieldName, code)
	if err != nil {
		return err
	}
	for _, child := range children {
		cu, err := p.touch(fieldName, child)
		if err != nil {
			return err
		}
		p.setVersion(cu, cu.VersionOn(p.on).Name, heir)
	}
	for _, ps := range postings {
		moved := ps
		moved.Unit = heir
		if ps.From != p.on {
			moved.ID, moved.From = 0, p.on
		}
		p.moved[ps.CadreID] = &moved
		if _, ok := p.movedBy[ps.CadreID]; !ok {
			p.movedBy[ps.CadreID] = code
		}
	}
	u.DissolvedOn = p.on
	p.ended[code] = true
	p.res.UnitsEnded = append(p.res.UnitsEnded, code)
	targets, err := p.recs.TargetsScopedTo(p.ctx, code)
	if err != nil {
		return err
	}
	p.res.TargetsEnded = append(p.res.TargetsEnded, targets...)
	return nil
}

// postingsIn returns the postings in the unit on the day, after the moves so far.
func (p *orgPlan) postingsIn(code string) ([]Posting, error) {
	stored, err := p.recs.PostingsOn(p.ctx, code, p.on)
	if err != nil {
		return nil, err
	}
	var out []Posting
	for _, ps := range stored {
		if _, moved := p.moved[ps.CadreID]; !moved {
			out = append(out, ps)
		}
	}
	for _, ps := range p.moved {
		if ps.Unit == code {
			out = append(out, *ps)
		}
	}
	slices.SortFunc(out, func(a, b Posting) int { return int(a.CadreID - b.CadreID) })
	return out, nil
}

// all returns every unit as the plan has it so far.
func (p *orgPlan) all() []*Unit {
	out := make([]*Unit, 0, len(p.units)+len(p.work))
	for code, u := range p.units {
		if p.work[code] == nil {
			out = append(out, u)
		}
	}
	for _, u := range p.work {
		out = append(out, u)
	}
	return out
}

// checkTree refuses a tree of the day with a cycle, or with a unit under one not alive.
func (p *orgPlan) checkTree() error {
	for _, u := range p.all() {
		if !u.AliveOn(p.on) || p.ended[u.Code] {
			continue
		}
		seen := map[string]bool{u.Code: true}
		for parent := u.VersionOn(p.on).Parent; parent != ""; {
			if seen[parent] {
				if parent != u.Code {
					break // u leads into a cycle; a unit on it names it
				}
				// Named by a unit on the cycle: its parent is below it.
				return Invalid("changes", RuleUnitCycle, u.VersionOn(p.on).Parent, u.Code)
			}
			seen[parent] = true
			pu := p.get(parent)
			if pu == nil || !pu.AliveOn(p.on) || p.ended[parent] {
				return Invalid("changes", RuleUnitNotAliveOn, parent, p.on)
			}
			parent = pu.VersionOn(p.on).Parent
		}
	}
	return nil
}

// finish fills in the result from the plan.
func (p *orgPlan) finish() *ReorganisationResult {
	res := p.res
	for code, u := range p.work {
		res.Units = append(res.Units, u)
		if p.changed[code] && !p.ended[code] {
			res.UnitsChanged = append(res.UnitsChanged, code)
		}
	}
	slices.SortFunc(res.Units, func(a, b *Unit) int { return cmp.Compare(a.Code, b.Code) })
	for id, ps := range p.moved {
		res.Postings = append(res.Postings, *ps)
		res.PostingsMoved = append(res.PostingsMoved, PostingMove{CadreID: id, From: p.movedBy[id], To: ps.Unit})
	}
	slices.SortFunc(res.Postings, func(a, b Posting) int { return int(a.CadreID - b.CadreID) })
	slices.SortFunc(res.PostingsMoved, func(a, b PostingMove) int { return int(a.CadreID - b.CadreID) })
	slices.Sort(res.UnitsCreated)
	slices.Sort(res.UnitsChanged)
	slices.Sort(res.UnitsEnded)
	slices.Sort(res.TargetsEnded)
	res.TargetsEnded = slices.Compact(res.TargetsEnded)
	return res
}
