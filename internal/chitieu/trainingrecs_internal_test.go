package chitieu

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// randomTraining makes a record of one of the cadres 1..cadres, with a course long enough that
// replacing a few thousand of them makes the courses' text compact itself, and now and then a
// level of no kind.
func randomTraining(r *rand.Rand, id int64, cadres int) Training {
	kinds := []TrainingKind{PoliticalTheory, Education, Professional}
	t := Training{ID: id, CadreID: 1 + r.Int64N(int64(cadres)), Kind: kinds[r.IntN(3)],
		Course: fmt.Sprintf("Khóa %d %s", r.IntN(50), strings.Repeat("x", r.IntN(2000))),
		Status: TrainingStatuses[r.IntN(len(TrainingStatuses))], StartedOn: NewDate(2022, 1, 1) + Date(r.IntN(1500))}
	switch {
	case r.IntN(8) == 0: // as typed into the database by hand: more than the codes have room for
		t.Level = Level(fmt.Sprintf("bậc %d", r.IntN(400)))
	case t.Kind.HasLevels():
		t.Level = leveled[kindIndex(t.Kind)][r.IntN(len(leveled[kindIndex(t.Kind)]))]
	default:
		t.Provider = []string{"Trường Đoàn", "Học viện", "Trung tâm"}[r.IntN(3)]
	}
	switch t.Status {
	case Completed:
		t.CompletedOn = t.StartedOn + Date(r.IntN(400))
	case Planned, InProgress:
		t.ExpectedOn = t.StartedOn + Date(r.IntN(400))
	}
	return t
}

// TestTrainingRecsMatchMap holds the compact records to a map of Trainings through random
// puts, replacements and removals, with ids dense and far, until the courses' text has been
// compacted a few times.
func TestTrainingRecsMatchMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 17))
	tr := newTrainingRecs(0)
	want := map[int64]Training{}
	ids := func() int64 {
		if r.IntN(10) == 0 {
			return []int64{-7, 0, 1 << 40, 1<<40 + 1, 5000}[r.IntN(5)]
		}
		return 1 + r.Int64N(300)
	}
	compactions, oddSeen := 0, 0
	for step := range 6000 {
		id := ids()
		textBefore := len(tr.text)
		if r.IntN(4) == 0 {
			_, had := want[id]
			old, ok := tr.remove(id)
			if ok != had || ok && !reflect.DeepEqual(old, want[id]) {
				t.Fatalf("step %d: remove(%d) = %+v, %v; want %+v, %v", step, id, old, ok, want[id], had)
			}
			delete(want, id)
		} else {
			rec := randomTraining(r, id, 40)
			if prev, ok := want[id]; ok && r.IntN(2) == 0 {
				rec.Course = prev.Course // kept in place
			}
			tr.put(&rec)
			want[id] = rec
		}
		if len(tr.text) < textBefore {
			compactions++
		}
		oddSeen = max(oddSeen, len(tr.odd))
	}
	if compactions == 0 {
		t.Error("the courses' text was never compacted")
	}
	if oddSeen == 0 {
		t.Error("no level went past the codes' room")
	}
	byCadre := map[int64][]int64{}
	for id, w := range want {
		rec, ok := tr.get(id)
		if !ok {
			t.Fatalf("record %d missing", id)
		}
		if got := tr.training(rec); !reflect.DeepEqual(got, w) {
			t.Fatalf("record %d = %+v, want %+v", id, got, w)
		}
		byCadre[w.CadreID] = append(byCadre[w.CadreID], id)
	}
	if len(tr.byCadre) != len(byCadre) {
		t.Errorf("%d cadres with records, want %d", len(tr.byCadre), len(byCadre))
	}
	for cadre, list := range byCadre {
		var got []int64
		for _, i := range tr.byCadre[cadre] {
			got = append(got, tr.recs[i].id)
		}
		slices.Sort(got)
		slices.Sort(list)
		if !slices.Equal(got, list) {
			t.Errorf("cadre %d's records %v, want %v", cadre, got, list)
		}
	}
}

// TestLoadMatchesPut holds a dataset loaded in bulk (records first, listed by cadre once, then the
// cadres with their stored search keys) to the same records put one by one in any order.
func TestLoadMatchesPut(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 17))
	units := []Unit{{Code: "tinh", Name: "Tỉnh"}, {Code: "h1", Name: "H1", Parent: "tinh"}, {Code: "h2", Name: "H2", Parent: "tinh"}}
	var cadres []Cadre
	for id := int64(1); id <= 80; id++ {
		c := Cadre{ID: id, FullName: fmt.Sprintf("Nguyễn Thị %d", id), Unit: units[r.IntN(3)].Code,
			JoinedOn: NewDate(2020, 1, 1) + Date(r.IntN(1500)), FullTime: r.IntN(3) > 0}
		cadres = append(cadres, c)
	}
	var trainings []Training
	for id := int64(1); id <= 400; id++ {
		trainings = append(trainings, randomTraining(r, id, 90)) // some of cadres not loaded
	}
	target := func(code string, kind TargetKind, level Level) Target {
		tg := NewTarget()
		tg.Code, tg.Name, tg.Kind, tg.MinLevel = code, code, kind, level
		tg.Threshold, tg.BaselineDate, tg.Deadline = 0.5, NewDate(2022, 1, 1), NewDate(2026, 12, 31)
		if kind == TargetProfessionalTraining {
			tg.Provider, tg.WindowDays = "Trường", 365
		}
		return tg
	}
	targets := []Target{target("llct", TargetPoliticalTheory, "trung_cap"), target("cm", TargetEducation, "dai_hoc"),
		target("nv", TargetProfessionalTraining, "")}

	put := NewDataset()
	loaded := NewDatasetSized(len(cadres), len(trainings))
	for _, ds := range []*Dataset{put, loaded} {
		for _, u := range units {
			ds.PutUnit(u)
		}
		for _, tg := range targets {
			ds.PutTarget(tg)
		}
	}
	order := r.Perm(len(cadres) + len(trainings))
	for _, i := range order {
		if i < len(cadres) {
			put.PutCadre(cadres[i])
		} else {
			put.PutTraining(trainings[i-len(cadres)])
		}
	}
	loaded.LoadTrainings(slices.Clone(trainings))
	loaded.IndexTrainings()
	keys := make([]string, len(cadres))
	for i, c := range cadres {
		keys[i] = SearchKey(c.FullName)
	}
	loaded.LoadCadres(slices.Clone(cadres), keys)

	for _, d := range []Date{NewDate(2022, 6, 1), NewDate(2024, 3, 15), NewDate(2026, 1, 1)} {
		if got, want := loaded.Figures(d).Snapshot(), put.Figures(d).Snapshot(); !reflect.DeepEqual(got, want) {
			t.Errorf("figures on %v differ:\n%+v\nwant\n%+v", d, got, want)
		}
		if got, want := loaded.AnnualReport(d), put.AnnualReport(d); !reflect.DeepEqual(got, want) {
			t.Errorf("annual report on %v differs", d)
		}
	}
	if got, want := loaded.searchKeys, put.searchKeys; !reflect.DeepEqual(got, want) {
		t.Errorf("search keys differ")
	}
}
