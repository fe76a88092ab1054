package chitieu

import (
	"slices"
	"sort"
	"sync/atomic"
)

// Dataset holds the live (not deleted) records that the figures are computed from, indexed for
// that. It is not safe for concurrent use: its keeper guards it.
type Dataset struct {
	units          map[string]*Unit
	children       map[string][]string
	cadres         map[int64]*Cadre
	cadresByUnit   map[string]map[int64]*Cadre
	searchKeys     map[int64]string // by cadre, SearchKey of the full name
	trainings      trainingRecs
	rows           map[string]*unitRows     // by unit, its cadres' postings there with their qualifications
	rowAt          map[rowKey]int           // by cadre and posting, its index in its unit's rows
	treeCache      atomic.Pointer[orgTrees] // the tree of each day; nil once the units change
	trainingCounts map[TrainingCount]int    // Count left 0 in the key
	reports        map[int64]*YouthReport
	reportsByUnit  map[string][]*YouthReport // by ReportedOn, oldest first
	targets        map[string]*Target

	recruitmentRule       RecruitmentRule
	positions             map[int64]*Position
	assignmentsByPosition map[int64]map[int64]*Assignment
	assignments           map[int64]*Assignment

	unreadable []UnreadableRow // left out when loaded
}

// NewDataset returns an empty dataset.
func NewDataset() *Dataset { return NewDatasetSized(0, 0) }

// NewDatasetSized returns an empty dataset with room for the numbers of cadres and training
// records given: a load that knows them does not grow its tables step by step.
func NewDatasetSized(cadres, trainings int) *Dataset {
	return &Dataset{
		units:          map[string]*Unit{},
		children:       map[string][]string{},
		cadres:         make(map[int64]*Cadre, cadres),
		cadresByUnit:   map[string]map[int64]*Cadre{},
		searchKeys:     make(map[int64]string, cadres),
		trainings:      newTrainingRecs(trainings),
		rows:           map[string]*unitRows{},
		rowAt:          make(map[rowKey]int, cadres),
		trainingCounts: map[TrainingCount]int{},
		reports:        map[int64]*YouthReport{},
		reportsByUnit:  map[string][]*YouthReport{},
		targets:        map[string]*Target{},

		recruitmentRule:       DefaultRecruitmentRule(),
		positions:             map[int64]*Position{},
		assignmentsByPosition: map[int64]map[int64]*Assignment{},
		assignments:           map[int64]*Assignment{},
	}
}

// NoteUnreadable records a stored row that was left out because it cannot be read back.
func (ds *Dataset) NoteUnreadable(row UnreadableRow) { ds.unreadable = append(ds.unreadable, row) }

// Unreadable returns the rows left out when the records were loaded.
func (ds *Dataset) Unreadable() []UnreadableRow { return ds.unreadable }

// PutUnit adds or replaces a unit. A unit given without versions keeps those it has, its latest
// corrected to its name and parent, as the store corrects them.
func (ds *Dataset) PutUnit(u Unit) {
	if old := ds.units[u.Code]; old != nil && u.versions == nil && old.versions != nil {
		vs := slices.Clone(*old.versions)
		vs[len(vs)-1].Name, vs[len(vs)-1].Parent = u.Name, u.Parent
		u.versions = &vs
	}
	ds.RemoveUnit(u.Code)
	ds.units[u.Code] = &u
	ds.children[u.Parent] = append(ds.children[u.Parent], u.Code)
	ds.treeCache.Store(nil)
}

// RemoveUnit removes a unit.
func (ds *Dataset) RemoveUnit(code string) {
	if old, ok := ds.units[code]; ok {
		ds.children[old.Parent] = slices.DeleteFunc(ds.children[old.Parent], func(c string) bool { return c == code })
		delete(ds.units, code)
		ds.treeCache.Store(nil)
	}
}

// PutCadre adds or replaces a cadre. A cadre given without postings keeps those it has, as the
// store keeps them when only the cadre's own fields are written.
func (ds *Dataset) PutCadre(c Cadre) { ds.putCadre(&c, SearchKey(c.FullName)) }

// LoadCadres puts the cadres of a dataset being loaded, after its training records, with the
// SearchKey of each one's name as the store keeps it (searchKeys beside cs). The dataset keeps
// cs: one array for a batch of cadres instead of one allocation each.
func (ds *Dataset) LoadCadres(cs []Cadre, searchKeys []string) {
	for i := range cs {
		ds.putCadre(&cs[i], searchKeys[i])
	}
}

func (ds *Dataset) putCadre(c *Cadre, searchKey string) {
	if old := ds.cadres[c.ID]; old != nil && c.postings == nil {
		c.keepPostings(old)
	}
	ds.RemoveCadre(c.ID)
	ds.cadres[c.ID] = c
	if ds.cadresByUnit[c.Unit] == nil {
		ds.cadresByUnit[c.Unit] = map[int64]*Cadre{}
	}
	ds.cadresByUnit[c.Unit][c.ID] = c
	ds.searchKeys[c.ID] = searchKey
	ds.addRow(c)
}

// RemoveCadre removes a cadre; its training records stay, as they do in the database.
func (ds *Dataset) RemoveCadre(id int64) {
	if old, ok := ds.cadres[id]; ok {
		delete(ds.cadresByUnit[old.Unit], id)
		ds.removeRows(old)
		delete(ds.cadres, id)
		delete(ds.searchKeys, id)
	}
}

// PutTraining adds or replaces a training record.
func (ds *Dataset) PutTraining(t Training) {
	old, replaced := ds.trainings.put(&t)
	if replaced {
		ds.trainingCounts[TrainingCount{Kind: old.Kind, Status: old.Status}]--
		if old.CadreID != t.CadreID {
			ds.updateRowQualifications(old.CadreID)
		}
	}
	ds.trainingCounts[TrainingCount{Kind: t.Kind, Status: t.Status}]++
	ds.updateRowQualifications(t.CadreID)
}

// LoadTrainings adds the training records of a dataset being loaded, before its cadres and
// IndexTrainings: each cadre's are then summed up once, when its rows are made, not at every
// record.
func (ds *Dataset) LoadTrainings(ts []Training) {
	for i := range ts {
		ds.trainings.load(&ts[i])
		ds.trainingCounts[TrainingCount{Kind: ts[i].Kind, Status: ts[i].Status}]++
	}
}

// IndexTrainings lists the loaded records by cadre, after LoadTrainings and before the cadres
// are put.
func (ds *Dataset) IndexTrainings() { ds.trainings.index() }

// RemoveTraining removes a training record.
func (ds *Dataset) RemoveTraining(id int64) {
	if old, ok := ds.trainings.remove(id); ok {
		ds.trainingCounts[TrainingCount{Kind: old.Kind, Status: old.Status}]--
		ds.updateRowQualifications(old.CadreID)
	}
}

// PutYouthReport adds or replaces a youth report.
func (ds *Dataset) PutYouthReport(r YouthReport) {
	ds.RemoveYouthReport(r.ID)
	ds.reports[r.ID] = &r
	list := append(ds.reportsByUnit[r.Unit], &r)
	sort.SliceStable(list, func(i, j int) bool { return list[i].ReportedOn < list[j].ReportedOn })
	ds.reportsByUnit[r.Unit] = list
}

// RemoveYouthReport removes a youth report.
func (ds *Dataset) RemoveYouthReport(id int64) {
	if old, ok := ds.reports[id]; ok {
		ds.reportsByUnit[old.Unit] = slices.DeleteFunc(ds.reportsByUnit[old.Unit], func(r *YouthReport) bool { return r.ID == id })
		delete(ds.reports, id)
	}
}

// PutTarget adds or replaces a target.
func (ds *Dataset) PutTarget(t Target) { ds.targets[t.Code] = &t }

// RemoveTarget removes a target.
func (ds *Dataset) RemoveTarget(code string) { delete(ds.targets, code) }

// Target returns the target with the code, or nil.
func (ds *Dataset) Target(code string) *Target { return ds.targets[code] }

// Targets returns the targets ordered by code.
func (ds *Dataset) Targets() []*Target { return sortedValues(ds.targets) }

// Units returns the units ordered by code.
func (ds *Dataset) Units() []*Unit { return sortedValues(ds.units) }

// Subtree returns the code of the unit and of every unit below it, in the latest tree.
func (ds *Dataset) Subtree(code string) []string { return subtreeOf(ds.children, code) }

// subtreeOf returns the unit and every unit below it in the tree children describes.
func subtreeOf(children map[string][]string, code string) []string {
	var out []string
	seen := map[string]bool{}
	stack := []string{code}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[c] { // the store refuses cycles; this only guards the loop
			continue
		}
		seen[c] = true
		out = append(out, c)
		stack = append(stack, children[c]...)
	}
	return out
}

// qualificationsOf sums up a cadre's records: each time, from the few records of the cadre,
// rather than kept for every cadre (26 MiB at 200,000 cadres); the counts over many cadres read
// the rows, which keep what they need of it.
func (ds *Dataset) qualificationsOf(cadreID int64) qualifications {
	return ds.trainings.summarize(cadreID)
}

// latestReport returns the unit's own latest report on or before d, or nil.
func (ds *Dataset) latestReport(unit string, d Date) *YouthReport {
	list := ds.reportsByUnit[unit]
	i := sort.Search(len(list), func(i int) bool { return list[i].ReportedOn > d })
	if i == 0 {
		return nil
	}
	return list[i-1]
}

func sortedValues[V any](m map[string]*V) []*V {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*V, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}
