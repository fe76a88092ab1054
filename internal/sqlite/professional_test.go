package sqlite_test

import (
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestProfessionalTrainingTarget(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	targets := sqlite.NewTargetService(db)
	tg := chitieu.NewTarget()
	tg.Code, tg.Name, tg.Kind, tg.ScopeUnit, tg.Threshold = "nghiep-vu", "Bồi dưỡng nghiệp vụ", chitieu.TargetProfessionalTraining, "tinh-doan", 0.9
	tg.BaselineDate, tg.Deadline, tg.Provider = day(t, "2013-01-01"), day(t, "2015-12-31"), "Trung ương Đoàn"
	if err := targets.CreateTarget(system, &tg); err != nil {
		t.Fatal(err)
	}
	got, err := targets.FindTarget(system, "nghiep-vu")
	if err != nil {
		t.Fatal(err)
	}
	if got.WindowDays != 730 || got.Provider != "Trung ương Đoàn" {
		t.Fatalf("stored %+v: want window 730 and the provider", got)
	}
	ds, err := db.LoadDataset(system)
	if err != nil {
		t.Fatal(err)
	}
	if lt := ds.Target("nghiep-vu"); lt == nil || lt.WindowDays != 730 {
		t.Fatalf("loaded %+v", lt)
	}
}
