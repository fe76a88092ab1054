package sqlite_test

import (
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// TestAudit checks that every write adds exactly one audit entry, with the actor from the
// context and the time from the clock, and that an admin can list and filter them.
func TestAudit(t *testing.T) {
	db := MustOpenDB(t)
	at := now
	db.Now = func() time.Time { at = at.Add(time.Minute); return at }
	units, cadres := sqlite.NewUnitService(db), sqlite.NewCadreService(db)
	trainings, reports := sqlite.NewTrainingService(db), sqlite.NewYouthReportService(db)

	type entry struct{ actor, action, entity, key string }
	var want []entry
	step := func(e entry, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, e)
		got := lastAudit(t, db)
		if got.Actor != e.actor || got.Action != e.action || got.Entity != e.entity || got.Key != e.key || !got.At.Equal(at) {
			t.Fatalf("audit = %+v, want %+v at %s", got, e, at)
		}
		if n := auditCount(t, db); n != len(want) {
			t.Fatalf("%d audit entries after %d writes", n, len(want))
		}
	}

	step(entry{"quan.tri", "create", "unit", "tinh-doan"}, units.CreateUnit(adminCtx, &chitieu.Unit{Code: "tinh-doan", Name: "Tỉnh Đoàn"}))
	step(entry{"quan.tri", "update", "unit", "tinh-doan"}, func() error {
		_, err := units.UpdateUnit(adminCtx, "tinh-doan", &chitieu.Unit{Name: "Tỉnh Đoàn Kiên Giang"})
		return err
	}())
	c := &chitieu.Cadre{FullName: "Nguyễn Văn Ân", Unit: "tinh-doan", JoinedOn: day(t, "2010-01-01")}
	step(entry{"bien.tap", "create", "cadre", "1"}, cadres.CreateCadre(editorCtx, c))
	step(entry{"bien.tap", "update", "cadre", "1"}, func() error {
		_, err := cadres.UpdateCadre(editorCtx, c.ID, chitieu.CadreUpdate{Position: ptr("Bí thư")})
		return err
	}())
	tr := &chitieu.Training{CadreID: c.ID, Kind: chitieu.Professional, Status: chitieu.Planned}
	step(entry{"bien.tap", "create", "training", "1"}, trainings.CreateTraining(editorCtx, tr))
	step(entry{"bien.tap", "update", "training", "1"}, func() error {
		_, err := trainings.UpdateTraining(editorCtx, tr.ID, chitieu.TrainingUpdate{Status: ptr(chitieu.Dropped)})
		return err
	}())
	step(entry{"bien.tap", "delete", "training", "1"}, trainings.DeleteTraining(editorCtx, tr.ID))
	r := &chitieu.YouthReport{Unit: "tinh-doan", ReportedOn: day(t, "2014-01-01"), YouthPopulation: 10}
	step(entry{"system", "create", "youth_report", "1"}, reports.CreateYouthReport(system, r))
	step(entry{"system", "update", "youth_report", "1"}, func() error {
		upd := *r
		upd.YouthPopulation = 20
		_, err := reports.UpdateYouthReport(system, r.ID, &upd)
		return err
	}())
	step(entry{"system", "delete", "youth_report", "1"}, reports.DeleteYouthReport(system, r.ID))
	step(entry{"bien.tap", "delete", "cadre", "1"}, cadres.DeleteCadre(editorCtx, c.ID))
	step(entry{"quan.tri", "delete", "unit", "tinh-doan"}, units.DeleteUnit(adminCtx, "tinh-doan"))

	// Refused writes add nothing.
	units.CreateUnit(viewerCtx, &chitieu.Unit{Code: "x", Name: "X"})
	units.CreateUnit(adminCtx, &chitieu.Unit{Code: "tinh-doan", Name: "Again"})
	cadres.CreateCadre(system, &chitieu.Cadre{FullName: "A", Unit: "tinh-doan", JoinedOn: 1})
	if n := auditCount(t, db); n != len(want) {
		t.Fatalf("%d audit entries after refused writes, want %d", n, len(want))
	}

	s := sqlite.NewAuditService(db)
	t.Run("NewestFirst", func(t *testing.T) {
		entries, total, err := s.FindAuditEntries(adminCtx, chitieu.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(want) || len(entries) != len(want) {
			t.Fatalf("%d entries (total %d), want %d", len(entries), total, len(want))
		}
		for i, e := range entries {
			w := want[len(want)-1-i]
			if e.Actor != w.actor || e.Action != w.action || e.Entity != w.entity || e.Key != w.key {
				t.Fatalf("entry %d = %+v, want %+v", i, e, w)
			}
		}
	})
	for _, tt := range []struct {
		name   string
		filter chitieu.AuditFilter
		total  int
	}{
		{"Entity", chitieu.AuditFilter{Entity: "cadre"}, 3},
		{"EntityAndKey", chitieu.AuditFilter{Entity: "unit", Key: "tinh-doan"}, 3},
		{"Actor", chitieu.AuditFilter{Actor: "system"}, 3},
		{"Page", chitieu.AuditFilter{Page: chitieu.Page{Limit: 5, Offset: 10}}, len(want)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			entries, total, err := s.FindAuditEntries(adminCtx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if total != tt.total {
				t.Fatalf("total = %d, want %d", total, tt.total)
			}
			for _, e := range entries {
				if (tt.filter.Entity != "" && e.Entity != tt.filter.Entity) || (tt.filter.Actor != "" && e.Actor != tt.filter.Actor) {
					t.Fatalf("entry %+v does not match %+v", e, tt.filter)
				}
			}
		})
	}
	t.Run("ErrEditor", func(t *testing.T) {
		_, _, err := s.FindAuditEntries(editorCtx, chitieu.AuditFilter{})
		wantError(t, err, chitieu.EFORBIDDEN, "role: a user with role editor cannot read the audit log; only an admin can")
	})
}
