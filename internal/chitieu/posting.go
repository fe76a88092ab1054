package chitieu

import (
	"context"
	"slices"
)

// Posting is a cadre's unit, full-time status and position from a day on (bố trí công tác): it
// lasts until the cadre's next posting or until the cadre leaves. A cadre's first posting starts
// on its joined_on; the cadre's own unit, full_time and position are those of its latest posting.
type Posting struct {
	ID       int64  `json:"id"`
	CadreID  int64  `json:"cadre_id"`
	Unit     string `json:"unit"`
	FullTime bool   `json:"full_time"`
	Position string `json:"position"`
	From     Date   `json:"from"`
}

// Normalize cleans the posting's free text.
func (p *Posting) Normalize() {
	p.Unit = CleanText(p.Unit)
	p.Position = CleanText(p.Position)
}

// Validate checks the posting's own fields; that the unit is alive on From is the store's to check.
func (p *Posting) Validate() error {
	if err := p.ValidateValues(); err != nil {
		return err
	}
	switch {
	case p.Unit == "":
		return Invalid("unit", RuleRequired)
	case p.From.IsZero():
		return Invalid("from", RuleRequired)
	}
	return nil
}

// ValidateValues checks the posting's text and date are storable.
func (p *Posting) ValidateValues() error {
	return firstError(
		CheckText("unit", p.Unit, MaxNameLength),
		CheckText("position", p.Position, MaxTextLength),
		checkDate("from", p.From))
}

// CheckPostingOf tells whether p can be added to the cadre whose postings are existing: on or
// after joined_on, before left_on, and not on the day of another posting.
func CheckPostingOf(c *Cadre, p *Posting) error {
	switch {
	case p.From < c.JoinedOn:
		return Invalid("from", RuleNotBeforeJoining, c.JoinedOn)
	case !c.LeftOn.IsZero() && p.From >= c.LeftOn:
		return Invalid("from", RuleBeforeLeaving, c.LeftOn)
	}
	for _, q := range c.PostingList() {
		if q.From == p.From {
			return NewError(ECONFLICT, "from", RulePostingSameDay, c.ID, p.From)
		}
	}
	return nil
}

// PostingList returns the cadre's postings, oldest first: those loaded, or else the one its own
// fields describe, from joined_on.
func (c *Cadre) PostingList() []Posting {
	if c.postings != nil && len(*c.postings) > 0 {
		return *c.postings
	}
	return []Posting{{CadreID: c.ID, Unit: c.Unit, FullTime: c.FullTime, Position: c.Position, From: c.JoinedOn}}
}

// SetPostings keeps the postings, ordered, and makes the cadre's own fields the latest one's.
func (c *Cadre) SetPostings(ps []Posting) {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b Posting) int { return int(a.From) - int(b.From) })
	c.postings = &ps
	if n := len(ps); n > 0 {
		c.Unit, c.FullTime, c.Position = ps[n-1].Unit, ps[n-1].FullTime, ps[n-1].Position
	}
}

// keepPostings gives c the postings of its earlier version old, corrected as the store corrects
// them when the cadre's own fields are written: the latest takes its unit, full-time and
// position, the first its joined_on.
func (c *Cadre) keepPostings(old *Cadre) {
	if old.postings == nil || len(*old.postings) < 2 {
		return
	}
	ps := slices.Clone(*old.postings)
	ps[0].From = c.JoinedOn
	last := &ps[len(ps)-1]
	last.Unit, last.FullTime, last.Position = c.Unit, c.FullTime, c.Position
	c.postings = &ps
}

// PostingOn returns the posting in force on day d: the latest from on or before d, the first one
// before that (a cadre is looked at before it joined only to be left out).
func (c *Cadre) PostingOn(d Date) Posting {
	ps := c.PostingList()
	i := 0
	for j := range ps {
		if ps[j].From <= d {
			i = j
		}
	}
	return ps[i]
}

// segment is the part of a cadre's time in post spent in one posting.
type segment struct {
	unit     string
	fullTime bool
	active   span
}

// segments cuts the cadre's time in post, [joined_on, left_on), at its postings. The first
// posting counts from joined_on whatever its own day, so that a cadre is never in post without one.
func (c *Cadre) segments() []segment {
	ps := c.PostingList()
	out := make([]segment, len(ps))
	end := forever
	if !c.LeftOn.IsZero() {
		end = c.LeftOn
	}
	for i, p := range ps {
		from := max(p.From, c.JoinedOn)
		if i == 0 {
			from = c.JoinedOn
		}
		to := end
		if i+1 < len(ps) {
			to = min(ps[i+1].From, end)
		}
		out[i] = segment{unit: p.Unit, fullTime: p.FullTime, active: span{from, max(from, to)}}
	}
	return out
}

// PostingService keeps cadres' postings.
type PostingService interface {
	FindPostings(ctx context.Context, cadreID int64) ([]Posting, error)
	// CreatePosting adds a posting from its day (a move, chuyển công tác); when it is the latest,
	// the cadre's own unit, full_time and position become its.
	CreatePosting(ctx context.Context, p *Posting) error
}
