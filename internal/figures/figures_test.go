package figures_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/figures"
)

// TestTargetProgressFromSnapshot: a target's progress is the same whether it comes from the
// current snapshot or is computed afresh, and a change not yet in the snapshot is never missed
// by the one who made it: 1 of 2 cadres qualified (0.5), then lan qualifies the second (1);
// minh reads it at once too, as the change updates the snapshot by its parts.
func TestTargetProgressFromSnapshot(t *testing.T) {
	ds := chitieu.NewDataset()
	day := chitieu.NewDate(2015, 6, 1)
	ds.Apply(chitieu.Change{Unit: &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}})
	target := chitieu.NewTarget()
	target.Code, target.Name, target.Kind, target.MinLevel, target.ScopeUnit = "llct", "Lý luận chính trị", chitieu.TargetPoliticalTheory, "trung_cap", "tinh"
	target.Threshold, target.BaselineDate, target.Deadline = 0.8, chitieu.NewDate(2013, 1, 1), chitieu.NewDate(2015, 12, 31)
	ds.Apply(chitieu.Change{Target: &target})
	for id := range int64(2) {
		ds.Apply(chitieu.Change{Cadre: &chitieu.Cadre{ID: id + 1, FullName: "Cán bộ", Unit: "tinh", FullTime: true, JoinedOn: chitieu.NewDate(2012, 1, 1)}})
	}
	qualify := func(id int64) chitieu.Change {
		return chitieu.Change{Training: &chitieu.Training{ID: id, CadreID: id, Kind: chitieu.PoliticalTheory, Level: "trung_cap",
			Status: chitieu.Completed, CompletedOn: chitieu.NewDate(2014, 1, 1)}}
	}
	ds.Apply(qualify(1))

	now := func() time.Time { return day.Start(time.UTC).Add(12 * time.Hour) }
	k := figures.New(ds, now, time.UTC, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	p, err := k.TargetProgress(ctx, "llct", day)
	if err != nil || p.Numerator != 1 || p.Denominator != 2 {
		t.Fatalf("from the snapshot: %+v, %v; want 1/2", p, err)
	}
	if fresh, _ := k.TargetProgress(ctx, "llct", day-1); fresh.Numerator != 1 || fresh.Denominator != 2 {
		t.Fatalf("computed for another day: %+v", fresh)
	}

	lan := chitieu.NewContextWithUser(ctx, &chitieu.User{Username: "lan"})
	minh := chitieu.NewContextWithUser(ctx, &chitieu.User{Username: "minh"})
	change := qualify(2)
	change.Actor = "lan"
	k.RecordsChanged(change) // not yet in the snapshot: Run is not running
	if p, _ := k.TargetProgress(lan, "llct", day); p.Numerator != 2 {
		t.Fatalf("lan right after her change: %+v, want 2/2", p)
	}
	if p, _ := k.TargetProgress(minh, "llct", day); p.Numerator != 2 {
		t.Fatalf("minh right after lan's change: %+v, want 2/2 (a training record updates the snapshot at once)", p)
	}
	go k.Run(ctx)
	if err := k.WaitCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	for _, reader := range []context.Context{lan, minh} {
		if p, _ := k.TargetProgress(reader, "llct", day); p.Numerator != 2 || p.Status != chitieu.Achieved {
			t.Fatalf("%s from the new snapshot: %+v, want 2/2, achieved", chitieu.ActorFromContext(reader), p)
		}
	}
	if _, err := k.TargetProgress(ctx, "none", day); chitieu.ErrorCode(err) != chitieu.ENOTFOUND {
		t.Fatalf("unknown target: %v", err)
	}
}

// TestCommitmentsFromSnapshot: the commitments' figures of today come from the snapshot while it
// is current, a change not yet in it is never missed by its actor, and another day is computed
// afresh. One
// seat from 2015-01-01; its only cadre, hired in 2015 without a recorded exam, breaks the default
// rule.
func TestCommitmentsFromSnapshot(t *testing.T) {
	ds := chitieu.NewDataset()
	day := chitieu.NewDate(2015, 6, 1)
	ds.Apply(chitieu.Change{Unit: &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}})
	ds.Apply(chitieu.Change{Cadre: &chitieu.Cadre{ID: 1, FullName: "Cán bộ", Unit: "tinh", FullTime: true, JoinedOn: chitieu.NewDate(2015, 1, 1)}})
	ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: 1, Unit: "tinh", Title: "Bí thư", Seats: 1, CreatedOn: chitieu.NewDate(2015, 1, 1)}})

	now := func() time.Time { return day.Start(time.UTC).Add(12 * time.Hour) }
	k := figures.New(ds, now, time.UTC, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go k.Run(ctx)

	want := chitieu.SeatFigures{Unit: "tinh", Title: "Bí thư", Seats: 1, Vacant: 1, VacantSince: chitieu.NewDate(2015, 1, 1)}
	c, err := k.Commitments(ctx, day)
	if err != nil || len(c.Leadership) != 1 || c.Leadership[0] != want {
		t.Fatalf("from the snapshot: %+v, %v; want %+v", c.Leadership, err, want)
	}
	if len(c.RecruitedWithoutExam) != 1 || c.RecruitedWithoutExam[0] != (chitieu.UnitCount{Unit: "tinh", Count: 1}) {
		t.Fatalf("recruited without exam: %+v, want 1 in tinh", c.RecruitedWithoutExam)
	}

	// Made and read by the same actor (the system: ctx has no user).
	k.RecordsChanged(chitieu.Change{Assignment: &chitieu.Assignment{ID: 1, PositionID: 1, CadreID: 1, StartedOn: chitieu.NewDate(2015, 3, 1)}, Actor: "system"})
	if c, _ := k.Commitments(ctx, day); c.Leadership[0].Vacant != 0 {
		t.Fatalf("right after the assignment: %+v, want no seat vacant", c.Leadership)
	}
	if err := k.WaitCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := k.Commitments(ctx, day); c.Leadership[0].Vacant != 0 {
		t.Fatalf("from the new snapshot: %+v, want no seat vacant", c.Leadership)
	}
	if c, _ := k.Commitments(ctx, chitieu.NewDate(2015, 2, 1)); c.Leadership[0] != want {
		t.Fatalf("before the assignment: %+v, want %+v", c.Leadership, want)
	}
}

// TestKeeperByTheChangeMatchesRecompute: writes applied by their parts, mixed with changes that
// need a full refresh (a target, a unit) and read while Run applies them, leave the keeper's
// snapshot equal to the figures recomputed from its records.
func TestKeeperByTheChangeMatchesRecompute(t *testing.T) {
	ds := chitieu.NewDataset()
	day := chitieu.NewDate(2015, 6, 1)
	ds.Apply(chitieu.Change{Unit: &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}})
	ds.Apply(chitieu.Change{Unit: &chitieu.Unit{Code: "xa", Name: "Xã", Parent: "tinh"}})
	k := figures.New(ds, func() time.Time { return day.Start(time.UTC).Add(12 * time.Hour) }, time.UTC, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go k.Run(ctx)

	target := func(code string) chitieu.Change {
		tg := chitieu.NewTarget()
		tg.Code, tg.Name, tg.Kind, tg.MinLevel, tg.ScopeUnit = code, code, chitieu.TargetPoliticalTheory, "trung_cap", "tinh"
		tg.Threshold, tg.BaselineDate, tg.Deadline = 0.8, chitieu.NewDate(2013, 1, 1), chitieu.NewDate(2016, 12, 31)
		return chitieu.Change{Target: &tg}
	}
	k.RecordsChanged(target("llct"))
	for i := range int64(300) {
		unit := []string{"tinh", "xa", "thon"}[i%3]
		k.RecordsChanged(chitieu.Change{Cadre: &chitieu.Cadre{ID: i % 40, FullName: "Cán bộ", Unit: unit, FullTime: i%4 > 0, JoinedOn: chitieu.NewDate(2012, 1, 1)}})
		k.RecordsChanged(chitieu.Change{Training: &chitieu.Training{ID: i % 70, CadreID: i % 41, Kind: chitieu.PoliticalTheory, Level: "trung_cap",
			Status: chitieu.Completed, CompletedOn: chitieu.NewDate(2014, 1, 1) + chitieu.Date(i%900)}})
		switch i % 50 {
		case 10:
			k.RecordsChanged(target(fmt.Sprint("llct-", i)))
		case 30:
			k.RecordsChanged(chitieu.Change{Unit: &chitieu.Unit{Code: "thon", Name: "Thôn", Parent: "xa"}})
		}
		if i%7 == 0 {
			k.Snapshot() // a scrape catching up
		}
	}
	if err := k.WaitCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	got := k.Snapshot()
	var want *chitieu.Snapshot
	k.ReadRecords(func(ds *chitieu.Dataset, _ uint64) { want = ds.Snapshot(day) })
	if !reflect.DeepEqual(got.Targets, want.Targets) || !reflect.DeepEqual(got.CadresByUnit, want.CadresByUnit) ||
		!reflect.DeepEqual(got.Commitments, want.Commitments) || !reflect.DeepEqual(got.Trainings, want.Trainings) {
		t.Fatalf("the keeper's snapshot differs from the recompute:\n got %+v\nwant %+v", got.Targets, want.Targets)
	}
	if len(got.Targets) != 7 || got.Targets[0].Progress.Denominator == 0 {
		t.Fatalf("targets: %+v", got.Targets)
	}
}
