package sqlite_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// politicalTheory is the plan's first target.
func politicalTheory(tb testing.TB) chitieu.Target {
	t := chitieu.NewTarget()
	t.Code, t.Name, t.Kind, t.MinLevel, t.ScopeUnit = "political-theory", norm.NFD.String("Trình độ chính trị từ trung cấp trở lên"),
		chitieu.TargetPoliticalTheory, "trung_cap", "tinh-doan"
	t.Threshold, t.BaselineDate, t.Deadline = 0.8, day(tb, "2013-01-01"), day(tb, "2015-12-31")
	return t
}

func TestTargetService_CreateTarget(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		s := sqlite.NewTargetService(db)
		tg := politicalTheory(t)
		if err := s.CreateTarget(adminCtx, &tg); err != nil {
			t.Fatal(err)
		}
		baseline := 0.42
		yg := *MustCreateTarget(t, db, "youth-gathering", "tinh-doan")
		yg.BaselineRatio = &baseline
		if _, err := s.UpdateTarget(system, yg.Code, &yg); err != nil {
			t.Fatal(err)
		}

		got, err := s.FindTarget(viewerCtx, "political-theory")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Trình độ chính trị từ trung cấp trở lên" || !norm.NFC.IsNormalString(got.Name) {
			t.Fatalf("name %q: want it in NFC", got.Name)
		}
		if !reflect.DeepEqual(*got, tg) {
			t.Fatalf("FindTarget = %+v, want %+v", *got, tg)
		}
		list, total, err := s.FindTargets(viewerCtx, chitieu.Page{})
		if err != nil || total != 2 || list[0].Code != "political-theory" || list[1].Code != "youth-gathering" {
			t.Fatalf("FindTargets = %v, %d, %v", list, total, err)
		}
		if list[0].BaselineRatio != nil || list[1].BaselineRatio == nil || *list[1].BaselineRatio != 0.42 {
			t.Fatal("baseline ratios not kept: nil must stay nil, 0.42 must stay 0.42")
		}
		if list[1].Comparator != chitieu.Over || list[1].Threshold != 0.65 || list[1].Tolerance != chitieu.DefaultTolerance || !list[1].FullTimeOnly {
			t.Fatalf("youth target = %+v", list[1])
		}
		var after chitieu.Target
		e := lastAudit(t, db)
		json.Unmarshal(e.After, &after)
		if e.Entity != "target" || e.Key != "youth-gathering" || after.BaselineRatio == nil {
			t.Fatalf("audit = %+v %s", e, e.After)
		}
	})

	for _, tt := range []struct {
		name    string
		edit    func(*chitieu.Target)
		code    string
		message string
	}{
		{"ErrScopeMissing", func(t *chitieu.Target) { t.ScopeUnit = "abc" }, chitieu.EINVALID, `scope_unit: unit "abc" does not exist`},
		{"ErrDuplicate", func(t *chitieu.Target) { t.Code = "youth-gathering" }, chitieu.ECONFLICT, `code: target "youth-gathering" already exists`},
		{"ErrCodeOfDeletedTarget", func(t *chitieu.Target) { t.Code = "old" }, chitieu.ECONFLICT,
			`code: target "old" was deleted, and a target code is never given again`},
		{"ErrMinLevel", func(t *chitieu.Target) { t.MinLevel = "dai_hoc" }, chitieu.EINVALID,
			`min_level: must be one of "so_cap", "trung_cap", "cao_cap", "cu_nhan" for kind political_theory`},
		{"ErrThreshold", func(t *chitieu.Target) { t.Threshold = 1.5 }, chitieu.EINVALID, "threshold: must be a ratio greater than 0 and at most 1"},
		{"ErrDeadline", func(t *chitieu.Target) { t.Deadline = t.BaselineDate }, chitieu.EINVALID, "deadline: must be after baseline_date"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			MustCreateTarget(t, db, "youth-gathering", "tinh-doan")
			MustCreateTarget(t, db, "old", "tinh-doan")
			s := sqlite.NewTargetService(db)
			if err := s.DeleteTarget(system, "old"); err != nil {
				t.Fatal(err)
			}
			tg := politicalTheory(t)
			tt.edit(&tg)
			wantError(t, s.CreateTarget(adminCtx, &tg), tt.code, tt.message)
		})
	}

	t.Run("ErrEditor", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		tg := politicalTheory(t)
		wantError(t, sqlite.NewTargetService(db).CreateTarget(editorCtx, &tg), chitieu.EFORBIDDEN,
			"role: a user with role editor cannot manage targets; only an admin can")
	})
}

func TestTargetService_UpdateTarget(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	s := sqlite.NewTargetService(db)
	tg := politicalTheory(t)
	if err := s.CreateTarget(system, &tg); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		upd := tg
		upd.Code, upd.ScopeUnit, upd.Threshold, upd.Comparator = "", "van-phong", 0.9, chitieu.Over
		got, err := s.UpdateTarget(adminCtx, "political-theory", &upd)
		if err != nil {
			t.Fatal(err)
		}
		if got.Code != "political-theory" || got.ScopeUnit != "van-phong" || got.Threshold != 0.9 || got.Comparator != chitieu.Over {
			t.Fatalf("UpdateTarget = %+v", got)
		}
		if found, _ := s.FindTarget(system, "political-theory"); !reflect.DeepEqual(found, got) {
			t.Fatalf("FindTarget = %+v, want %+v", found, got)
		}
	})
	t.Run("ErrCodeChange", func(t *testing.T) {
		upd := tg
		upd.Code = "other"
		_, err := s.UpdateTarget(adminCtx, "political-theory", &upd)
		wantError(t, err, chitieu.EINVALID, "code: cannot be changed (it is the target's label in the metrics); create a new target instead")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		upd := tg
		upd.Code = ""
		_, err := s.UpdateTarget(adminCtx, "nope", &upd)
		wantError(t, err, chitieu.ENOTFOUND, `target "nope" does not exist`)
	})
	t.Run("ErrScopeDeleted", func(t *testing.T) {
		if err := sqlite.NewUnitService(db).DeleteUnit(system, "ha-tien"); err != nil {
			t.Fatal(err)
		}
		upd := tg
		upd.ScopeUnit = "ha-tien"
		_, err := s.UpdateTarget(adminCtx, "political-theory", &upd)
		wantError(t, err, chitieu.EINVALID, `scope_unit: unit "ha-tien" does not exist`)
	})
	t.Run("ErrViewer", func(t *testing.T) {
		upd := tg
		_, err := s.UpdateTarget(viewerCtx, "political-theory", &upd)
		wantError(t, err, chitieu.EFORBIDDEN, "role: a user with role viewer cannot manage targets; only an admin can")
		wantError(t, s.DeleteTarget(viewerCtx, "political-theory"), chitieu.EFORBIDDEN,
			"role: a user with role viewer cannot manage targets; only an admin can")
	})
	t.Run("Delete", func(t *testing.T) {
		if err := s.DeleteTarget(adminCtx, "political-theory"); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindTarget(system, "political-theory")
		wantError(t, err, chitieu.ENOTFOUND, `target "political-theory" does not exist`)
		if e := lastAudit(t, db); e.Action != chitieu.ActionDelete || e.Key != "political-theory" || e.Actor != "quan.tri" {
			t.Fatalf("audit = %+v", e)
		}
	})
}
