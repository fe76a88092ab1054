package sqlite

import (
	"context"
	"fmt"
	"testing"

	"chitieu/internal/chitieu"
)

// TestLoadHandTypedLevels loads training records whose levels were typed into the database by
// hand (the column has no CHECK), more of them than the Dataset's codes have room for: the
// service starts, and the annual review names each level as stored.
func TestLoadHandTypedLevels(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if err := NewUnitService(db).CreateUnit(ctx, &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}); err != nil {
		t.Fatal(err)
	}
	c := chitieu.Cadre{FullName: "Nguyễn Văn An", Unit: "tinh", JoinedOn: chitieu.NewDate(2014, 1, 1)}
	if err := NewCadreService(db).CreateCadre(ctx, &c); err != nil {
		t.Fatal(err)
	}
	const records = 300
	for i := range records {
		tr := chitieu.Training{CadreID: c.ID, Kind: chitieu.Education, Level: "dai_hoc", Status: chitieu.Completed,
			Course: fmt.Sprint("Lớp ", i), CompletedOn: chitieu.NewDate(2020, 3, 1)}
		if err := NewTrainingService(db).CreateTraining(ctx, &tr); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.rw.ExecContext(ctx, `UPDATE trainings SET level = 'bậc ' || id`); err != nil {
		t.Fatal(err)
	}
	ds, err := db.LoadDataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	levels := map[chitieu.Level]bool{}
	for _, s := range ds.AnnualReport(chitieu.NewDate(2020, 12, 31)).Training {
		levels[s.Level] = true
	}
	for id := 1; id <= records; id++ {
		if l := chitieu.Level(fmt.Sprint("bậc ", id)); !levels[l] {
			t.Fatalf("level %q missing from the annual review's %d levels", l, len(levels))
		}
	}
}

// TestLoadDatasetOneState loads while a writer adds a cadre and a training record of theirs in
// each transaction: every load, whose two read connections scan the two tables, sees as many of
// one as of the other, both as of the same commit.
func TestLoadDatasetOneState(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if err := NewUnitService(db).CreateUnit(ctx, &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}); err != nil {
		t.Fatal(err)
	}
	stop, stopped := make(chan struct{}), make(chan error, 1)
	go func() {
		for n := 0; ; n++ {
			select {
			case <-stop:
				stopped <- nil
				return
			default:
			}
			err := db.write(ctx, func(tx *Tx) error {
				res, err := tx.ExecContext(ctx, `INSERT INTO cadres (full_name, search_key, unit, full_time, joined_on, created_at, updated_at)
					VALUES (?, ?, 'tinh', 1, '2014-01-01', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`, fmt.Sprint("Cán bộ ", n), fmt.Sprint("can bo ", n))
				if err != nil {
					return err
				}
				id, _ := res.LastInsertId()
				_, err = tx.ExecContext(ctx, `INSERT INTO trainings (cadre_id, kind, level, rank, status, completed_on, created_at, updated_at)
					VALUES (?, 'political_theory', 'trung_cap', 2, 'completed', '2019-01-01', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`, id)
				return err
			})
			if err != nil {
				stopped <- err
				return
			}
		}
	}()
	day := chitieu.NewDate(2020, 1, 1)
	var seen []int
	for range 40 {
		ds, err := db.LoadDataset(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, cadres, err := ds.FindCadres(chitieu.CadreFilter{Page: chitieu.Page{Limit: 1}}, day)
		if err != nil {
			t.Fatal(err)
		}
		trainings := 0
		for _, c := range ds.Snapshot(day).Trainings {
			trainings += c.Count
		}
		if cadres != trainings {
			t.Fatalf("a load saw %d cadres and %d training records; each write adds one of each", cadres, trainings)
		}
		seen = append(seen, cadres)
	}
	close(stop)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if seen[0] == seen[len(seen)-1] {
		t.Fatalf("no write between the loads: %v", seen)
	}
}
