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
