package chitieu

import (
	"context"
	"slices"
	"sort"
)

// orgTree is the unit tree of a run of days over which no unit is founded, dissolved or
// changes version.
type orgTree struct {
	from, to Date // [from, to)
	alive    map[string]bool
	children map[string][]string // "" holds the roots
}

// orgTrees are the trees of every day, one a run, in order; the first starts at day 0 and the
// last runs for ever.
type orgTrees []*orgTree

// trees returns the trees of every day, built on the first read after the units changed. Readers
// share the dataset under a read lock, so that the build is published atomically; two readers
// may both build it, to the same result.
func (ds *Dataset) trees() orgTrees {
	if t := ds.treeCache.Load(); t != nil {
		return *t
	}
	t := ds.buildTrees()
	ds.treeCache.Store(&t)
	return t
}

func (ds *Dataset) buildTrees() orgTrees {
	bounds := map[Date]bool{}
	for _, u := range ds.units {
		if !u.FoundedOn.IsZero() {
			bounds[u.FoundedOn] = true
		}
		if !u.DissolvedOn.IsZero() {
			bounds[u.DissolvedOn] = true
		}
		for _, v := range u.VersionList() {
			if !v.From.IsZero() {
				bounds[v.From] = true
			}
		}
	}
	starts := []Date{0}
	for d := range bounds {
		starts = append(starts, d)
	}
	slices.Sort(starts)
	out := make(orgTrees, len(starts))
	for i, from := range starts {
		t := &orgTree{from: from, to: forever, alive: map[string]bool{}, children: map[string][]string{}}
		if i+1 < len(starts) {
			t.to = starts[i+1]
		}
		for code, u := range ds.units {
			if !u.AliveOn(from) {
				continue
			}
			t.alive[code] = true
			parent := u.VersionOn(from).Parent
			t.children[parent] = append(t.children[parent], code)
		}
		for _, c := range t.children {
			slices.Sort(c)
		}
		out[i] = t
	}
	return out
}

// on returns the tree of day d.
func (ts orgTrees) on(d Date) *orgTree {
	i := sort.Search(len(ts), func(i int) bool { return ts[i].from > d })
	return ts[max(i-1, 0)]
}

// during returns the trees of the days from from to to (inclusive), in order.
func (ts orgTrees) during(from, to Date) []*orgTree {
	var out []*orgTree
	for _, t := range ts {
		if t.to > from && t.from <= to {
			out = append(out, t)
		}
	}
	return out
}

// subtree returns the unit and every unit below it in this tree; none when it is not alive.
func (t *orgTree) subtree(code string) []string {
	if !t.alive[code] {
		return nil
	}
	return subtreeOf(t.children, code)
}

// SubtreeOn returns the unit and every unit below it on day d, in the tree of that day.
func (ds *Dataset) SubtreeOn(code string, d Date) []string {
	return ds.trees().on(d).subtree(code)
}

// SubtreeEver returns every unit that was the unit or below it on some day.
func (ds *Dataset) SubtreeEver(code string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ds.trees() {
		for _, u := range t.subtree(code) {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

// UnitsOn returns the units alive on day d with the name and parent of that day, by code.
func (ds *Dataset) UnitsOn(d Date) []Unit {
	var out []Unit
	for _, u := range ds.Units() {
		if u.AliveOn(d) {
			v := u.VersionOn(d)
			out = append(out, Unit{Code: u.Code, Name: v.Name, Parent: v.Parent, FoundedOn: u.FoundedOn, DissolvedOn: u.DissolvedOn})
		}
	}
	return out
}

// targetEnd is when a target's verdict is taken: on its deadline, with the figures of that day;
// or, when its scope unit is dissolved first, from the dissolution on, with the figures of the
// unit's last day.
type targetEnd struct {
	from, judgedOn Date
	by             string
}

func (ds *Dataset) targetEnd(t *Target) targetEnd {
	if u := ds.units[t.ScopeUnit]; u != nil && !u.DissolvedOn.IsZero() && u.DissolvedOn <= t.Deadline {
		return targetEnd{from: u.DissolvedOn, judgedOn: u.DissolvedOn - 1, by: EndedByDissolution}
	}
	return targetEnd{from: t.Deadline, judgedOn: t.Deadline, by: EndedByDeadline}
}

// What ends a target: its deadline, or the dissolution of its scope unit.
const (
	EndedByDeadline    = "deadline"
	EndedByDissolution = "dissolution"
)

// Cadre returns the cadre with the id, or nil.
func (ds *Dataset) Cadre(id int64) *Cadre { return ds.cadres[id] }

// The dataset answers what planning a reorganisation reads (OrgRecords).
var _ OrgRecords = (*Dataset)(nil)

// PostingsOn returns the postings in force in the unit on day d of cadres in post then.
func (ds *Dataset) PostingsOn(_ context.Context, unit string, d Date) ([]Posting, error) {
	var out []Posting
	if ur := ds.rows[unit]; ur != nil {
		for _, row := range ur.rows {
			if row.active.from <= d && d < row.active.to {
				out = append(out, ds.cadres[row.id].PostingList()[row.seg])
			}
		}
	}
	return out, nil
}

// PostingsAfter returns the postings to the unit from a day after d.
func (ds *Dataset) PostingsAfter(_ context.Context, unit string, d Date) ([]Posting, error) {
	var out []Posting
	if ur := ds.rows[unit]; ur != nil {
		for _, row := range ur.rows {
			if p := ds.cadres[row.id].PostingList()[row.seg]; p.From > d && row.seg > 0 {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// TargetsScopedTo returns the codes of the targets scoped to the unit.
func (ds *Dataset) TargetsScopedTo(_ context.Context, unit string) ([]string, error) {
	var out []string
	for _, t := range ds.Targets() {
		if t.ScopeUnit == unit {
			out = append(out, t.Code)
		}
	}
	return out, nil
}
