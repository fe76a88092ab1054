package chitieu_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"chitieu/internal/chitieu"
)

// TestDailyCountsIsProgress checks the one-pass daily counts against Progress computed day by
// day, on the hand-worked province and on random ones, for every kind of target, with and
// without part-time cadres, each unit's part included.
func TestDailyCountsIsProgress(t *testing.T) {
	datasets := map[string]*chitieu.Dataset{"province": province()}
	for seed := range uint64(6) {
		datasets[fmt.Sprintf("random-%d", seed)] = randomProvince(seed)
		datasets[fmt.Sprintf("edited-%d", seed)] = edited(randomProvince(seed), seed)
	}
	from, to := day("2012-11-01"), day("2016-03-31")
	for name, ds := range datasets {
		for _, target := range sampleTargets() {
			dl := ds.DailyCounts(target, from, to, true)
			if len(dl.Counts) != int(to-from)+1 {
				t.Fatalf("%s %s: %d days, want %d", name, target.Code, len(dl.Counts), int(to-from)+1)
			}
			for d := from; d <= to; d++ {
				i := int(d - from)
				p := ds.Progress(target, d)
				if got := dl.Counts[i]; got.Numerator != p.Numerator || got.Denominator != p.Denominator {
					t.Fatalf("%s %s on %s: %d/%d, Progress says %d/%d", name, target.Code, d, got.Numerator, got.Denominator, p.Numerator, p.Denominator)
				}
				for unit, want := range p.ByUnit {
					ud := dl.ByUnit[unit]
					if ud == nil || !ud.In[i] || ud.Counts[i] != want {
						t.Fatalf("%s %s on %s: unit %s %+v, Progress says %v", name, target.Code, d, unit, ud, want)
					}
				}
				for unit, ud := range dl.ByUnit {
					if _, ok := p.ByUnit[unit]; ud.In[i] != ok {
						t.Fatalf("%s %s on %s: unit %s takes part %v, Progress says %v", name, target.Code, d, unit, ud.In[i], ok)
					}
				}
			}
			// The projection, from the rows for the leveled kinds.
			p, projected := ds.Progress(target, to), -1.0
			if v, ok := ds.ProjectedRatio(target, to); ok {
				projected = v
			}
			if want := -1.0; (p.ProjectedRatio != nil && *p.ProjectedRatio != projected) || (p.ProjectedRatio == nil && projected != want) {
				t.Errorf("%s %s: projected ratio %v, Progress says %v", name, target.Code, projected, p.ProjectedRatio)
			}
			// Without the units, the same totals.
			if plain := ds.DailyCounts(target, from, to, false); plain.ByUnit != nil || fmt.Sprint(plain.Counts) != fmt.Sprint(dl.Counts) {
				t.Errorf("%s %s: the totals differ without the units", name, target.Code)
			}
		}
	}
}

// edited moves, removes and adds back cadres of a random province, removes and adds training
// records, some of them for cadres not yet (or no longer) there: the cadre rows DailyCounts
// reads follow every such change.
func edited(ds *chitieu.Dataset, seed uint64) *chitieu.Dataset {
	rng := rand.New(rand.NewPCG(seed, 11))
	units := []string{"prov", "office", "dept-a", "dept-b", "dist-1", "commune-1a", "commune-1b", "dist-2"}
	for range 80 {
		id := int64(100 + rng.IntN(70)) // 160-169 are new cadres
		switch rng.IntN(4) {
		case 0:
			ds.RemoveCadre(id)
		case 1:
			ds.RemoveTraining(int64(101 + rng.IntN(150)))
		case 2:
			ds.PutTraining(chitieu.Training{ID: int64(500 + rng.IntN(40)), CadreID: id, Kind: chitieu.PoliticalTheory,
				Level: "cao_cap", Status: chitieu.Completed, CompletedOn: day("2013-01-01") + chitieu.Date(rng.IntN(900))})
		default:
			ds.PutCadre(chitieu.Cadre{ID: id, FullName: "Y", Unit: units[rng.IntN(len(units))], FullTime: rng.IntN(3) > 0,
				JoinedOn: day("2012-06-01") + chitieu.Date(rng.IntN(900))})
		}
	}
	return ds
}

func sampleTargets() []*chitieu.Target {
	llct := politicalTheoryTarget()
	llct.ScopeUnit = "prov"
	partTime := politicalTheoryTarget()
	partTime.Code, partTime.FullTimeOnly, partTime.MinLevel = "llct-all", false, "cao_cap"
	edu := politicalTheoryTarget()
	edu.Code, edu.Kind, edu.MinLevel, edu.ScopeUnit = "dai-hoc", chitieu.TargetEducation, "dai_hoc", "prov"
	prof := politicalTheoryTarget()
	prof.Code, prof.Kind, prof.MinLevel, prof.WindowDays, prof.Provider = "boi-duong", chitieu.TargetProfessionalTraining, "", 200, "Trung ương"
	prof.ScopeUnit = "prov"
	anyProvider := *prof
	anyProvider.Code, anyProvider.Provider, anyProvider.WindowDays = "boi-duong-all", "", 30
	return []*chitieu.Target{llct, partTime, edu, prof, &anyProvider, youthTarget()}
}

// randomProvince is province's units with random cadres (some leaving, some part-time),
// records of every kind and status, and youth reports.
func randomProvince(seed uint64) *chitieu.Dataset {
	rng := rand.New(rand.NewPCG(seed, 7))
	ds := province()
	units := []string{"prov", "office", "dept-a", "dept-b", "dist-1", "commune-1a", "commune-1b", "dist-2"}
	someDay := func() chitieu.Date { return day("2012-06-01") + chitieu.Date(rng.IntN(1500)) }
	trainingID := int64(100)
	for id := int64(100); id < 160; id++ {
		c := chitieu.Cadre{ID: id, FullName: "X", Unit: units[rng.IntN(len(units))], FullTime: rng.IntN(4) > 0, JoinedOn: someDay()}
		if rng.IntN(3) == 0 {
			c.LeftOn = c.JoinedOn + chitieu.Date(rng.IntN(600))
		}
		ds.PutCadre(c)
		for range rng.IntN(4) {
			trainingID++
			tr := chitieu.Training{ID: trainingID, CadreID: id, Status: chitieu.Completed, CompletedOn: someDay()}
			switch rng.IntN(3) {
			case 0:
				tr.Kind, tr.Level = chitieu.PoliticalTheory, []chitieu.Level{"so_cap", "trung_cap", "cao_cap", "cu_nhan"}[rng.IntN(4)]
			case 1:
				tr.Kind, tr.Level = chitieu.Education, []chitieu.Level{"cao_dang", "dai_hoc", "thac_si"}[rng.IntN(3)]
			default:
				tr.Kind, tr.Provider = chitieu.Professional, []string{"Trung ương Đoàn", "Tỉnh Đoàn", "TRUNG UONG"}[rng.IntN(3)]
			}
			if rng.IntN(4) == 0 {
				tr.Status, tr.CompletedOn, tr.ExpectedOn = chitieu.InProgress, 0, someDay()
			}
			ds.PutTraining(tr)
		}
	}
	for id := int64(100); id < 115; id++ {
		pop := int64(rng.IntN(1000))
		ds.PutYouthReport(chitieu.YouthReport{ID: id, Unit: units[rng.IntN(len(units))], ReportedOn: someDay(), YouthPopulation: pop, Gathered: pop / 2})
	}
	return ds
}

// TestGatheredDailyIgnoresLaterWrites checks that counts gathered before writes are computed
// from the records as they were: a write copies the rows a gathering holds, never changes them.
func TestGatheredDailyIgnoresLaterWrites(t *testing.T) {
	ds := randomProvince(3)
	from, to := day("2012-11-01"), day("2016-03-31")
	for _, target := range sampleTargets() {
		want := ds.DailyCounts(target, from, to, true)
		work := ds.GatherDaily(target, from, to, true)
		edited(ds, uint64(len(target.Code)))
		if got := work.Compute(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the writes after the gathering changed its counts", target.Code)
		}
		// The youth kind is computed as it is gathered; the edits touch only the cadre kinds.
		if target.Kind != chitieu.TargetYouthGathering && reflect.DeepEqual(ds.DailyCounts(target, from, to, true), want) {
			t.Errorf("%s: the writes changed nothing, so the test proves nothing", target.Code)
		}
	}
}
