package sqlite_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// TestListener checks that the listener hears each committed write once, after the commit, with
// the record as written (or as it was, for a delete), and nothing of a refused write.
func TestListener(t *testing.T) {
	db := MustOpenDB(t)
	rec := &recorder{}
	db.Listener = rec
	units, cadres, targets := sqlite.NewUnitService(db), sqlite.NewCadreService(db), sqlite.NewTargetService(db)

	t.Run("AfterCommit", func(t *testing.T) {
		// Inside the call, a reader on another connection already sees the write.
		var seen *chitieu.Unit
		var seenErr error
		rec.during = func([]chitieu.Change) { seen, seenErr = units.FindUnit(system, "tinh-doan") }
		defer func() { rec.during = nil }()
		if err := units.CreateUnit(system, &chitieu.Unit{Code: "tinh-doan", Name: "Tỉnh Đoàn"}); err != nil {
			t.Fatal(err)
		}
		if seenErr != nil || seen.Name != "Tỉnh Đoàn" {
			t.Fatalf("during the listener call: %v, %v; want the committed unit", seen, seenErr)
		}
		calls, changes := rec.snapshot()
		want := []chitieu.Change{{Unit: &chitieu.Unit{Code: "tinh-doan", Name: "Tỉnh Đoàn"}, Actor: "system"}}
		if calls != 1 || !reflect.DeepEqual(changes, want) {
			t.Fatalf("listener: %d calls, %+v", calls, changes)
		}
	})

	t.Run("RecordAsWritten", func(t *testing.T) {
		rec.reset()
		c := &chitieu.Cadre{FullName: " Nguyễn  Văn Ân ", Unit: "tinh-doan", FullTime: true, JoinedOn: day(t, "2010-01-01")}
		if err := cadres.CreateCadre(system, c); err != nil {
			t.Fatal(err)
		}
		if _, err := cadres.UpdateCadre(adminCtx, c.ID, chitieu.CadreUpdate{Position: ptr("Bí thư")}); err != nil {
			t.Fatal(err)
		}
		if err := cadres.DeleteCadre(system, c.ID); err != nil {
			t.Fatal(err)
		}
		written := chitieu.Cadre{ID: c.ID, FullName: "Nguyễn Văn Ân", Unit: "tinh-doan", FullTime: true, JoinedOn: day(t, "2010-01-01")}
		updated := written
		updated.Position = "Bí thư"
		calls, changes := rec.snapshot()
		want := []chitieu.Change{{Cadre: &written, Actor: "system"}, {Cadre: &updated, Actor: "quan.tri"}, {Cadre: &updated, Deleted: true, Actor: "system"}}
		if calls != 3 || !reflect.DeepEqual(changes, want) {
			t.Fatalf("listener: %d calls\n got %+v\nwant %+v", calls, changes, want)
		}
	})

	t.Run("Target", func(t *testing.T) {
		rec.reset()
		tg := MustCreateTarget(t, db, "youth", "tinh-doan")
		if err := targets.DeleteTarget(system, "youth"); err != nil {
			t.Fatal(err)
		}
		_, changes := rec.snapshot()
		if len(changes) != 2 || !reflect.DeepEqual(changes[0].Target, tg) || !changes[1].Deleted || changes[1].Target.Code != "youth" {
			t.Fatalf("listener: %+v", changes)
		}
	})

	t.Run("NotOnFailedWrite", func(t *testing.T) {
		rec.reset()
		units.CreateUnit(system, &chitieu.Unit{Code: "tinh-doan", Name: "Again"})                      // duplicate
		units.CreateUnit(system, &chitieu.Unit{Code: "x", Name: "X", Parent: "abc"})                   // no parent
		units.UpdateUnit(system, "tinh-doan", &chitieu.Unit{Name: "X", Parent: "tinh-doan"})           // cycle
		cadres.CreateCadre(viewerCtx, &chitieu.Cadre{FullName: "A", Unit: "tinh-doan", JoinedOn: 1})   // role
		cadres.CreateCadre(system, &chitieu.Cadre{FullName: "A", Unit: "tinh-doan"})                   // invalid
		sqlite.NewYouthReportService(db).DeleteYouthReport(system, 42)                                 // not found
		sqlite.NewTrainingService(db).CreateTraining(system, &chitieu.Training{CadreID: 1, Kind: "x"}) // invalid
		if calls, changes := rec.snapshot(); calls != 0 {
			t.Fatalf("listener called %d times by refused writes: %+v", calls, changes)
		}
	})

	t.Run("NotForUsers", func(t *testing.T) {
		rec.reset()
		mustCreateUser(t, db, "an", chitieu.RoleViewer, "")
		if calls, _ := rec.snapshot(); calls != 0 {
			t.Fatalf("listener called %d times for a user", calls)
		}
	})
}

// TestLoadDataset checks that the dataset loaded from the tables is the one a listener builds
// from the changes: the same figures on every day.
func TestLoadDataset(t *testing.T) {
	db := MustOpenDB(t)
	followed := follow(db)
	MustCreateProvince(t, db)
	cadres, trainings := sqlite.NewCadreService(db), sqlite.NewTrainingService(db)

	an := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
	binh := MustCreateCadre(t, db, "Trần Thị Bình", "van-phong", "2013-03-01")
	cuong := MustCreateCadre(t, db, "Lê Văn Cường", "rach-gia", "2012-01-01")
	gone := MustCreateCadre(t, db, "Đã xoá", "van-phong", "2012-01-01")
	MustCreateTraining(t, db, completed(t, an.ID, chitieu.PoliticalTheory, "trung_cap", "2012-06-01"))
	MustCreateTraining(t, db, completed(t, an.ID, chitieu.Education, "dai_hoc", "2008-06-01"))
	MustCreateTraining(t, db, completed(t, gone.ID, chitieu.Education, "dai_hoc", "2008-06-01"))
	planned := MustCreateTraining(t, db, chitieu.Training{CadreID: binh.ID, Kind: chitieu.PoliticalTheory, Level: "cao_cap",
		Status: chitieu.InProgress, StartedOn: day(t, "2014-01-01"), ExpectedOn: day(t, "2015-06-01")})
	dropped := MustCreateTraining(t, db, completed(t, cuong.ID, chitieu.Education, "thac_si", "2013-01-01"))
	if err := trainings.DeleteTraining(system, dropped.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := trainings.UpdateTraining(system, planned.ID, chitieu.TrainingUpdate{Status: ptr(chitieu.Completed),
		CompletedOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2015-05-01")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := cadres.UpdateCadre(system, cuong.ID, chitieu.CadreUpdate{Unit: ptr("van-phong"),
		LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2015-01-01")}}); err != nil {
		t.Fatal(err)
	}
	if err := cadres.DeleteCadre(system, gone.ID); err != nil {
		t.Fatal(err)
	}
	MustCreateYouthReport(t, db, "rach-gia", "2013-06-30", 1000, 500, 200, 600)
	MustCreateYouthReport(t, db, "vinh-thanh-van", "2014-06-30", 100, 50, 20, 60)
	r := MustCreateYouthReport(t, db, "ha-tien", "2014-06-30", 500, 200, 100, 250)
	MustCreateYouthReport(t, db, "ha-tien", "2013-06-30", 500, 200, 100, 240)
	if err := sqlite.NewYouthReportService(db).DeleteYouthReport(system, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.NewUnitService(db).UpdateUnit(system, "van-phong", &chitieu.Unit{Name: "Văn phòng Tỉnh Đoàn", Parent: "tinh-doan"}); err != nil {
		t.Fatal(err)
	}
	MustCreateTarget(t, db, "youth", "tinh-doan")
	MustCreateTarget(t, db, "old", "tinh-doan")
	if err := sqlite.NewTargetService(db).DeleteTarget(system, "old"); err != nil {
		t.Fatal(err)
	}
	pt := politicalTheory(t)
	pt.ScopeUnit = "van-phong"
	if err := sqlite.NewTargetService(db).CreateTarget(system, &pt); err != nil {
		t.Fatal(err)
	}

	loaded, err := db.LoadDataset(system)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(loaded.Targets()); got != 2 {
		t.Fatalf("%d targets loaded, want 2 (one deleted)", got)
	}
	if got := len(loaded.Units()); got != 5 {
		t.Fatalf("%d units loaded, want 5", got)
	}
	for _, d := range []string{"2013-01-01", "2013-12-31", "2014-06-15", "2014-06-30", "2015-01-01", "2015-05-01", "2015-12-31"} {
		want, got := followed.Snapshot(day(t, d)), loaded.Snapshot(day(t, d))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("snapshot on %s:\nloaded   %+v\nfollowed %+v", d, got, want)
		}
	}
	// Spot-check the figures: on 2015-05-01 in van-phong, Ân (trung_cap), Bình (cao_cap since
	// today) and Cường (none, left 2015-01-01, so not counted) make 2 of 2.
	p := loaded.Progress(loaded.Target("political-theory"), day(t, "2015-05-01"))
	if p.Numerator != 2 || p.Denominator != 2 {
		t.Fatalf("political-theory on 2015-05-01 = %d/%d, want 2/2", p.Numerator, p.Denominator)
	}
}

type listenerFunc func(changes ...chitieu.Change)

func (f listenerFunc) RecordsChanged(changes ...chitieu.Change) { f(changes...) }

// TestLevelsAgreeWithDataset checks, on random records, that the levels a cadre read computes in
// SQL are the ones the domain computes in memory, on several days.
func TestLevelsAgreeWithDataset(t *testing.T) {
	db := MustOpenDB(t)
	rng := rand.New(rand.NewPCG(2, 15))
	MustCreateUnit(t, db, "root", "Gốc", "")
	kinds := []chitieu.TrainingKind{chitieu.PoliticalTheory, chitieu.Education}
	statuses := []chitieu.TrainingStatus{chitieu.Planned, chitieu.InProgress, chitieu.Completed, chitieu.Completed, chitieu.Dropped}
	base := chitieu.NewDate(2012, 1, 1)
	for i := range 40 {
		// One unit per cadre, so that the snapshot's counts by unit name each cadre's levels.
		unit := fmt.Sprintf("u%d", i)
		MustCreateUnit(t, db, unit, unit, "root")
		c := MustCreateCadre(t, db, "Cán bộ "+unit, unit, "2000-01-01")
		for range rng.IntN(6) {
			kind := kinds[rng.IntN(2)]
			levels := chitieu.Levels(kind)
			tr := chitieu.Training{CadreID: c.ID, Kind: kind, Level: levels[rng.IntN(len(levels))], Status: statuses[rng.IntN(len(statuses))]}
			if tr.Status == chitieu.Completed {
				tr.CompletedOn = base.AddDays(rng.IntN(40) * 30) // often the same day, to test ties
			}
			MustCreateTraining(t, db, tr)
		}
	}
	ds, err := db.LoadDataset(system)
	if err != nil {
		t.Fatal(err)
	}
	s := sqlite.NewCadreService(db)
	withLevel := 0
	for _, d := range []chitieu.Date{base - 1, base, base.AddDays(300), base.AddDays(600), base.AddDays(601), base.AddDays(1200)} {
		db.Now = func() time.Time { return d.Start(db.Location).Add(12 * time.Hour) }
		want := map[string][2]chitieu.Level{}
		for _, cc := range ds.Snapshot(d).Cadres {
			want[cc.Unit] = [2]chitieu.Level{cc.PoliticalTheory, cc.Education}
		}
		cadres, _, err := s.FindCadres(system, chitieu.CadreFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cadres {
			if got := [2]chitieu.Level{c.PoliticalTheoryLevel, c.EducationLevel}; got != want[c.Unit] {
				t.Fatalf("on %s cadre %d: levels %v, the domain says %v", d, c.ID, got, want[c.Unit])
			}
			if c.PoliticalTheoryLevel != "" {
				withLevel++
			}
		}
	}
	if withLevel < 20 {
		t.Fatalf("only %d cadre-days with a level: the random records test too little", withLevel)
	}
	db.Now = func() time.Time { return now }
}
