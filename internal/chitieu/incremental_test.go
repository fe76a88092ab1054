package chitieu_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"chitieu/internal/chitieu"
)

// TestFiguresApplyMatchesRecompute holds the figures updated change by change to the figures
// recomputed from every record: after each of thousands of random writes, moves, deletes and
// days passing on a small random province with a reorganisation, every figure of the snapshot
// is the same. Each seed is reproducible; a failure names it.
func TestFiguresApplyMatchesRecompute(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			checkFiguresApply(t, seed, 1500)
		})
	}
}

// writeStream makes the random writes of one seed.
type writeStream struct {
	r     *rand.Rand
	units []string
	start chitieu.Date
}

func (p *writeStream) day() chitieu.Date { return p.start + chitieu.Date(p.r.IntN(4*365)) }

func (p *writeStream) cadre(id int64, withPostings bool) chitieu.Cadre {
	c := chitieu.Cadre{ID: id, FullName: "Cán bộ", JoinedOn: p.day(), Unit: p.units[p.r.IntN(len(p.units))], FullTime: p.r.IntN(4) > 0}
	if p.r.IntN(3) == 0 {
		c.LeftOn = c.JoinedOn + chitieu.Date(1+p.r.IntN(900))
	}
	c.Recruitment = []chitieu.RecruitmentKind{chitieu.RecruitedByExam, chitieu.RecruitedByTransfer, chitieu.RecruitedOther}[p.r.IntN(3)]
	if c.Recruitment == chitieu.RecruitedByExam && p.r.IntN(2) == 0 {
		c.ExamOn, c.ExamResult = c.JoinedOn, chitieu.ExamPassed
	}
	if withPostings {
		ps := []chitieu.Posting{{CadreID: id, Unit: c.Unit, FullTime: c.FullTime, From: c.JoinedOn}}
		for range p.r.IntN(3) { // moves
			ps = append(ps, chitieu.Posting{CadreID: id, Unit: p.units[p.r.IntN(len(p.units))], FullTime: p.r.IntN(4) > 0,
				From: c.JoinedOn + chitieu.Date(1+p.r.IntN(700))})
		}
		c.SetPostings(ps)
	}
	return c
}

func (p *writeStream) training(id int64, cadres int) chitieu.Training {
	kinds := []chitieu.TrainingKind{chitieu.PoliticalTheory, chitieu.Education, chitieu.Professional}
	tr := chitieu.Training{ID: id, CadreID: 1 + p.r.Int64N(int64(cadres)), Kind: kinds[p.r.IntN(len(kinds))]}
	if tr.Kind.HasLevels() {
		levels := chitieu.Levels(tr.Kind)
		tr.Level = levels[p.r.IntN(len(levels))]
	} else {
		tr.Provider = []string{"Trường Đoàn", "Học viện", "Trung tâm"}[p.r.IntN(3)]
	}
	statuses := []chitieu.TrainingStatus{chitieu.Planned, chitieu.InProgress, chitieu.Completed, chitieu.Dropped}
	tr.Status = statuses[p.r.IntN(len(statuses))]
	tr.StartedOn = p.day()
	switch tr.Status {
	case chitieu.Completed:
		tr.CompletedOn = tr.StartedOn + chitieu.Date(p.r.IntN(400))
	case chitieu.Planned, chitieu.InProgress:
		tr.ExpectedOn = tr.StartedOn + chitieu.Date(p.r.IntN(400))
	}
	return tr
}

func checkFiguresApply(t *testing.T, seed uint64, steps int) {
	p := &writeStream{r: rand.New(rand.NewPCG(seed, 17)), start: chitieu.NewDate(2023, 1, 1)}
	ds := chitieu.NewDataset()
	merger := chitieu.NewDate(2025, 7, 1)
	ds.Apply(chitieu.Change{Unit: &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}})
	for h := 1; h <= 3; h++ {
		district := fmt.Sprintf("h%d", h)
		u := chitieu.Unit{Code: district, Name: district, Parent: "tinh"}
		if h == 3 { // merged into h1 on the merger's day
			u.DissolvedOn = merger
		}
		ds.Apply(chitieu.Change{Unit: &u})
		p.units = append(p.units, district)
		for x := 1; x <= 3; x++ {
			commune := chitieu.Unit{Code: fmt.Sprintf("%sx%d", district, x), Name: "Xã", Parent: district}
			if h == 3 {
				commune.SetVersions([]chitieu.UnitVersion{{Name: "Xã", Parent: "h3"}, {From: merger, Name: "Xã", Parent: "h1"}})
			}
			ds.Apply(chitieu.Change{Unit: &commune})
			p.units = append(p.units, commune.Code)
		}
	}
	ds.Apply(chitieu.Change{Unit: &chitieu.Unit{Code: "h4", Name: "Mới", Parent: "tinh", FoundedOn: merger}})
	p.units = append(p.units, "tinh", "h4")
	addTarget := func(code string, kind chitieu.TargetKind, level chitieu.Level, scope string, fullTimeOnly, givenBaseline bool, deadline chitieu.Date) {
		tg := chitieu.NewTarget()
		tg.Code, tg.Name, tg.Kind, tg.MinLevel, tg.ScopeUnit, tg.FullTimeOnly = code, code, kind, level, scope, fullTimeOnly
		tg.Threshold, tg.BaselineDate, tg.Deadline = 0.6, chitieu.NewDate(2024, 6, 1), deadline
		if givenBaseline {
			b := 0.2
			tg.BaselineRatio = &b
		}
		if kind == chitieu.TargetProfessionalTraining {
			tg.Provider, tg.WindowDays = "Trường", 365
		}
		ds.Apply(chitieu.Change{Target: &tg})
	}
	addTarget("llct", chitieu.TargetPoliticalTheory, "trung_cap", "tinh", true, false, chitieu.NewDate(2026, 12, 31))
	addTarget("llct-h1", chitieu.TargetPoliticalTheory, "cao_cap", "h1", false, true, chitieu.NewDate(2024, 12, 31))
	addTarget("cm-h3", chitieu.TargetEducation, "dai_hoc", "h3", true, false, chitieu.NewDate(2026, 6, 30))
	addTarget("nv", chitieu.TargetProfessionalTraining, "", "tinh", false, false, chitieu.NewDate(2025, 12, 31))
	addTarget("tn", chitieu.TargetYouthGathering, "", "tinh", false, false, chitieu.NewDate(2026, 12, 31))
	addTarget("tn-h1", chitieu.TargetYouthGathering, "", "h1", false, true, chitieu.NewDate(2025, 12, 31))
	ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: 1, Unit: "tinh", Title: "Phó Bí thư", Seats: 2, CreatedOn: p.start}})

	const cadres, trainings, reports = 60, 150, 40
	d := p.day()
	f := ds.Figures(d)
	// The writes are applied in batches of one to four, as the keeper applies what queued; the
	// snapshot before a batch, shared with readers, must not change.
	var batch []chitieu.Change
	var whats []string
	prev, prevWant := f.Snapshot(), ds.Figures(d).Snapshot()
	apply := func(step int) {
		if len(batch) == 0 {
			return
		}
		if next := f.Apply(ds, batch...); next != nil {
			f = next
		} else {
			for i, c := range batch {
				if c.Cadre == nil && c.Training == nil && c.YouthReport == nil {
					break
				} else if i == len(batch)-1 {
					t.Fatalf("seed %d step %d: %v fell back to the full recompute", seed, step, whats)
				}
			}
			f = ds.Figures(d)
		}
		want := ds.Figures(d).Snapshot()
		if diff := snapshotDiff(f.Snapshot(), want); diff != "" {
			t.Fatalf("seed %d step %d, after %v on %v: %s", seed, step, whats, d, diff)
		}
		if diff := snapshotDiff(prev, prevWant); diff != "" {
			t.Fatalf("seed %d step %d: %v changed the snapshot before them: %s", seed, step, whats, diff)
		}
		prev, prevWant, batch, whats = f.Snapshot(), want, nil, nil
	}
	for step := range steps {
		var c chitieu.Change
		what := ""
		switch n := p.r.IntN(100); {
		case n < 25:
			cadre := p.cadre(1+p.r.Int64N(cadres), p.r.IntN(5) > 0)
			c, what = chitieu.Change{Cadre: &cadre}, "put cadre"
		case n < 32:
			c, what = chitieu.Change{Cadre: &chitieu.Cadre{ID: 1 + p.r.Int64N(cadres)}, Deleted: true}, "delete cadre"
		case n < 57:
			tr := p.training(1+p.r.Int64N(trainings), cadres)
			c, what = chitieu.Change{Training: &tr}, "put training"
		case n < 65:
			c, what = chitieu.Change{Training: &chitieu.Training{ID: 1 + p.r.Int64N(trainings)}, Deleted: true}, "delete training"
		case n < 78:
			pop := 1 + p.r.Int64N(500)
			r := chitieu.YouthReport{ID: 1 + p.r.Int64N(reports), Unit: p.units[p.r.IntN(len(p.units))], ReportedOn: p.day(),
				YouthPopulation: pop, Gathered: p.r.Int64N(pop + 1)}
			c, what = chitieu.Change{YouthReport: &r}, "put youth report"
		case n < 83:
			c, what = chitieu.Change{YouthReport: &chitieu.YouthReport{ID: 1 + p.r.Int64N(reports)}, Deleted: true}, "delete youth report"
		case n < 88:
			c, what = chitieu.Change{Assignment: &chitieu.Assignment{ID: 1 + p.r.Int64N(3), PositionID: 1, CadreID: 1 + p.r.Int64N(cadres),
				StartedOn: p.day()}}, "put assignment"
		default: // a day or a few pass, or the clock is set to another day: recomputed
			apply(step)
			d += chitieu.Date(1 + p.r.IntN(7))
			if p.r.IntN(5) == 0 {
				d = p.day()
			}
			f = ds.Figures(d)
			prev, prevWant = f.Snapshot(), ds.Figures(d).Snapshot()
			continue
		}
		batch, whats = append(batch, c), append(whats, what)
		if p.r.IntN(4) == 0 || len(batch) == 4 {
			apply(step)
		}
	}
	apply(steps)
}

// snapshotDiff names the first part of got that differs from want.
func snapshotDiff(got, want *chitieu.Snapshot) string {
	if len(got.Targets) != len(want.Targets) {
		return fmt.Sprintf("%d targets, want %d", len(got.Targets), len(want.Targets))
	}
	for i := range got.Targets {
		if !reflect.DeepEqual(got.Targets[i], want.Targets[i]) {
			return fmt.Sprintf("target %s:\n got %+v\nwant %+v", want.Targets[i].Target.Code, got.Targets[i].Progress, want.Targets[i].Progress)
		}
	}
	parts := []struct {
		name      string
		got, want any
	}{
		{"cadres by level", got.CadresByUnit, want.CadresByUnit},
		{"trainings", got.Trainings, want.Trainings},
		{"youth reports", got.YouthReports, want.YouthReports},
		{"units", got.Units, want.Units},
		{"commitments", got.Commitments, want.Commitments},
		{"day", got.Day, want.Day},
	}
	for _, p := range parts {
		if !reflect.DeepEqual(p.got, p.want) {
			return fmt.Sprintf("%s:\n got %+v\nwant %+v", p.name, p.got, p.want)
		}
	}
	return ""
}
