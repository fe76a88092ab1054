package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"chitieu/internal/chitieu"
)

// TestMigration006PlansTargets opens a database made before plans, with two targets under a
// district of the province, and checks that migration 006 puts them into the 2013 plan it
// creates: scoped to the province (the root above them), spanning their baselines and deadlines.
func TestMigration006PlansTargets(t *testing.T) {
	db := openOldDatabase(t, []string{"migration/001_init.sql", "migration/002_sessions.sql", "migration/003_commitments.sql"},
		`INSERT INTO units (code, name, created_at, updated_at) VALUES ('tinh', 'Tỉnh Đoàn', 'x', 'x')`,
		`INSERT INTO units (code, name, parent, created_at, updated_at) VALUES ('huyen', 'Huyện Đoàn', 'tinh', 'x', 'x')`,
		`INSERT INTO targets (code, name, kind, min_level, scope_unit, full_time_only, comparator, threshold, baseline_date,
			deadline, tolerance, created_at, updated_at)
			VALUES ('llct', 'Lý luận chính trị', 'political_theory', 'trung_cap', 'huyen', 1, '>=', 0.8, '2013-01-01', '2015-12-31', 0.05, 'x', 'x'),
			('thanh-nien', 'Tập hợp thanh niên', 'youth_gathering', '', 'tinh', 0, '>', 0.65, '2012-12-31', '2015-06-30', 0.05, 'x', 'x')`)
	ctx := context.Background()
	p, err := NewPlanService(db).FindPlan(ctx, "ke-hoach-2013")
	if err != nil {
		t.Fatal(err)
	}
	want := chitieu.Plan{Code: "ke-hoach-2013", Name: "Kế hoạch năm 2013 của Ban Thường vụ Tỉnh Đoàn",
		StartsOn: chitieu.NewDate(2012, 12, 31), EndsOn: chitieu.NewDate(2015, 12, 31), ScopeUnit: "tinh"}
	if *p != want {
		t.Fatalf("plan after migration = %+v, want %+v", *p, want)
	}
	for _, code := range []string{"llct", "thanh-nien"} {
		tg, err := NewTargetService(db).FindTarget(ctx, code)
		if err != nil || tg.Plan != "ke-hoach-2013" {
			t.Fatalf("target %s after migration: %+v, %v", code, tg, err)
		}
	}
	if _, err := db.rw.Exec(`DELETE FROM plans`); err == nil {
		t.Error("DELETE FROM plans was allowed; a trigger must refuse it")
	}
}

// TestMigration006Empty checks that a database with no targets gets no plan.
func TestMigration006Empty(t *testing.T) {
	db := NewDB(filepath.Join(t.TempDir(), "new.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if list, err := NewPlanService(db).FindPlans(context.Background()); err != nil || len(list) != 0 {
		t.Fatalf("plans of a new database = %v, %v; want none", list, err)
	}
}
