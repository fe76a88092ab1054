package sqlite_test

import (
	"context"
	"encoding/json"
	"testing"

	"golang.org/x/text/unicode/norm"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestUnitService_CreateUnit(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewUnitService(db)
		if err := s.CreateUnit(adminCtx, &chitieu.Unit{Code: "tinh-doan", Name: "  Tỉnh   Đoàn Kiên Giang "}); err != nil {
			t.Fatal(err)
		}
		// NFD in, NFC out: the same name is one string.
		if err := s.CreateUnit(adminCtx, &chitieu.Unit{Code: "rach-gia", Name: norm.NFD.String("Thành Đoàn Rạch Giá"), Parent: "tinh-doan"}); err != nil {
			t.Fatal(err)
		}
		u, err := s.FindUnit(viewerCtx, "rach-gia")
		if err != nil {
			t.Fatal(err)
		}
		if want := (chitieu.Unit{Code: "rach-gia", Name: "Thành Đoàn Rạch Giá", Parent: "tinh-doan"}); *u != want {
			t.Fatalf("unit = %+v, want %+v", *u, want)
		}
		if !norm.NFC.IsNormalString(u.Name) {
			t.Fatalf("name %q is not NFC", u.Name)
		}
		root, _ := s.FindUnit(system, "tinh-doan")
		if root.Name != "Tỉnh Đoàn Kiên Giang" || root.Parent != "" {
			t.Fatalf("root = %+v: want the name trimmed with single spaces and no parent", root)
		}

		e := lastAudit(t, db)
		if e.Actor != "quan.tri" || e.Action != chitieu.ActionCreate || e.Entity != "unit" || e.Key != "rach-gia" || !e.At.Equal(now) {
			t.Fatalf("audit entry = %+v", e)
		}
		if string(e.Before) != "null" {
			t.Fatalf("audit before = %s, want null for a create", e.Before)
		}
		var after chitieu.Unit
		if err := json.Unmarshal(e.After, &after); err != nil || after != *u {
			t.Fatalf("audit after = %s (%v), want the unit", e.After, err)
		}
	})

	for _, tt := range []struct {
		name    string
		ctx     context.Context // nil: an admin
		unit    chitieu.Unit
		code    string
		message string
	}{
		{"ErrCode", nil, chitieu.Unit{Code: "Tinh Doan", Name: "x"}, chitieu.EINVALID,
			"code: must be lower-case letters, digits and hyphens, 1 to 63 characters, not starting with a hyphen"},
		{"ErrName", nil, chitieu.Unit{Code: "x", Name: "   "}, chitieu.EINVALID, "name: is required"},
		{"ErrParentMissing", nil, chitieu.Unit{Code: "x", Name: "X", Parent: "abc"}, chitieu.EINVALID, `parent: unit "abc" does not exist`},
		{"ErrParentDeleted", nil, chitieu.Unit{Code: "x", Name: "X", Parent: "cu"}, chitieu.EINVALID, `parent: unit "cu" does not exist`},
		{"ErrParentSelf", nil, chitieu.Unit{Code: "x", Name: "X", Parent: "x"}, chitieu.EINVALID, "parent: cannot be the unit itself"},
		{"ErrDuplicate", nil, chitieu.Unit{Code: "tinh-doan", Name: "Again"}, chitieu.ECONFLICT, `code: unit "tinh-doan" already exists`},
		{"ErrCodeOfDeletedUnit", nil, chitieu.Unit{Code: "cu", Name: "New"}, chitieu.ECONFLICT,
			`code: unit "cu" was deleted, and a unit code is never given again`},
		{"ErrEditor", editorCtx, chitieu.Unit{Code: "x", Name: "X"}, chitieu.EFORBIDDEN,
			"role: a user with role editor cannot manage units; only an admin can"},
		{"ErrViewer", viewerCtx, chitieu.Unit{Code: "x", Name: "X"}, chitieu.EFORBIDDEN,
			"role: a user with role viewer cannot manage units; only an admin can"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			s := sqlite.NewUnitService(db)
			MustCreateUnit(t, db, "tinh-doan", "Tỉnh Đoàn", "")
			MustCreateUnit(t, db, "cu", "Đơn vị cũ", "")
			if err := s.DeleteUnit(system, "cu"); err != nil {
				t.Fatal(err)
			}
			before := auditCount(t, db)
			ctx := tt.ctx
			if ctx == nil {
				ctx = adminCtx
			}
			u := tt.unit
			wantError(t, s.CreateUnit(ctx, &u), tt.code, tt.message)
			if got := auditCount(t, db); got != before {
				t.Fatalf("a refused create wrote %d audit entries", got-before)
			}
		})
	}
}

func TestUnitService_UpdateUnit(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		s := sqlite.NewUnitService(db)
		// Move Hà Tiên under Rạch Giá and rename it; the code comes from the path.
		u, err := s.UpdateUnit(adminCtx, "ha-tien", &chitieu.Unit{Name: "Thành Đoàn Hà Tiên", Parent: "rach-gia"})
		if err != nil {
			t.Fatal(err)
		}
		want := chitieu.Unit{Code: "ha-tien", Name: "Thành Đoàn Hà Tiên", Parent: "rach-gia"}
		if *u != want {
			t.Fatalf("UpdateUnit = %+v, want %+v", *u, want)
		}
		if got, _ := s.FindUnit(system, "ha-tien"); *got != want {
			t.Fatalf("FindUnit = %+v, want %+v", *got, want)
		}
		e := lastAudit(t, db)
		var before, after chitieu.Unit
		json.Unmarshal(e.Before, &before)
		json.Unmarshal(e.After, &after)
		if e.Action != chitieu.ActionUpdate || before.Parent != "tinh-doan" || before.Name != "Thị Đoàn Hà Tiên" || after != want {
			t.Fatalf("audit = %s %s -> %s", e.Action, e.Before, e.After)
		}
		// And back to a root.
		if u, err := s.UpdateUnit(adminCtx, "ha-tien", &chitieu.Unit{Code: "ha-tien", Name: "Hà Tiên"}); err != nil || u.Parent != "" {
			t.Fatalf("to a root: %+v, %v", u, err)
		}
	})

	for _, tt := range []struct {
		name    string
		code    string
		unit    chitieu.Unit
		errCode string
		message string
	}{
		{"ErrCycleChild", "tinh-doan", chitieu.Unit{Name: "X", Parent: "rach-gia"}, chitieu.EINVALID,
			`parent: would make a cycle: unit "rach-gia" is below "tinh-doan"`},
		{"ErrCycleGrandchild", "tinh-doan", chitieu.Unit{Name: "X", Parent: "vinh-thanh-van"}, chitieu.EINVALID,
			`parent: would make a cycle: unit "vinh-thanh-van" is below "tinh-doan"`},
		{"ErrSelf", "rach-gia", chitieu.Unit{Name: "X", Parent: "rach-gia"}, chitieu.EINVALID, "parent: cannot be the unit itself"},
		{"ErrParentMissing", "rach-gia", chitieu.Unit{Name: "X", Parent: "abc"}, chitieu.EINVALID, `parent: unit "abc" does not exist`},
		{"ErrCodeChange", "rach-gia", chitieu.Unit{Code: "rg", Name: "X"}, chitieu.EINVALID,
			"code: cannot be changed (it is the unit's label in the metrics); create a new unit instead"},
		{"ErrNotFound", "abc", chitieu.Unit{Name: "X"}, chitieu.ENOTFOUND, `unit "abc" does not exist`},
		{"ErrName", "rach-gia", chitieu.Unit{Name: ""}, chitieu.EINVALID, "name: is required"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			rec := &recorder{}
			db.Listener = rec
			u := tt.unit
			_, err := sqlite.NewUnitService(db).UpdateUnit(adminCtx, tt.code, &u)
			wantError(t, err, tt.errCode, tt.message)
			if calls, _ := rec.snapshot(); calls != 0 {
				t.Fatalf("listener called %d times after a refused update", calls)
			}
		})
	}

	t.Run("ErrEditor", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		_, err := sqlite.NewUnitService(db).UpdateUnit(editorCtx, "rach-gia", &chitieu.Unit{Name: "X", Parent: "tinh-doan"})
		wantError(t, err, chitieu.EFORBIDDEN, "role: a user with role editor cannot manage units; only an admin can")
	})
}

func TestUnitService_DeleteUnit(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		s := sqlite.NewUnitService(db)
		if err := s.DeleteUnit(adminCtx, "ha-tien"); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindUnit(system, "ha-tien")
		wantError(t, err, chitieu.ENOTFOUND, `unit "ha-tien" does not exist`)
		_, n, _ := s.FindUnits(system, chitieu.UnitFilter{})
		if n != 4 {
			t.Fatalf("%d units listed after a delete, want 4", n)
		}
		e := lastAudit(t, db)
		if e.Action != chitieu.ActionDelete || e.Key != "ha-tien" || string(e.After) != "null" {
			t.Fatalf("audit = %+v", e)
		}
		var before chitieu.Unit
		if json.Unmarshal(e.Before, &before); before.Name != "Thị Đoàn Hà Tiên" {
			t.Fatalf("audit before = %s, want the unit as it was", e.Before)
		}
		// Deleted again: it is gone.
		wantError(t, s.DeleteUnit(adminCtx, "ha-tien"), chitieu.ENOTFOUND, `unit "ha-tien" does not exist`)
	})

	// Each thing that keeps a unit, made by a function of the test database.
	for _, tt := range []struct {
		name    string
		make    func(t *testing.T, db *sqlite.DB)
		message string
	}{
		{"ErrChildren", func(t *testing.T, db *sqlite.DB) {}, `unit: unit "rach-gia" has 1 child unit; move or delete it first`},
		{"ErrCadres", func(t *testing.T, db *sqlite.DB) {
			sqlite.NewUnitService(db).DeleteUnit(system, "vinh-thanh-van")
			MustCreateCadre(t, db, "Nguyễn Văn An", "rach-gia", "2010-01-01")
			MustCreateCadre(t, db, "Trần Thị Bình", "rach-gia", "2010-01-01")
		}, `unit: unit "rach-gia" has 2 cadres; move or delete them first`},
		{"ErrYouthReports", func(t *testing.T, db *sqlite.DB) {
			sqlite.NewUnitService(db).DeleteUnit(system, "vinh-thanh-van")
			MustCreateYouthReport(t, db, "rach-gia", "2014-01-01", 100, 50, 20, 60)
		}, `unit: unit "rach-gia" has 1 youth report; move or delete it first`},
		{"ErrTargets", func(t *testing.T, db *sqlite.DB) {
			sqlite.NewUnitService(db).DeleteUnit(system, "vinh-thanh-van")
			MustCreateTarget(t, db, "gathering", "rach-gia")
		}, `unit: unit "rach-gia" has 1 target scoped to it; move or delete it first`},
		{"ErrUsers", func(t *testing.T, db *sqlite.DB) {
			sqlite.NewUnitService(db).DeleteUnit(system, "vinh-thanh-van")
			if err := sqlite.NewUserService(db).CreateUser(system, &chitieu.UserCreate{
				User: chitieu.User{Username: "rg", Role: chitieu.RoleEditor, Unit: "rach-gia"}, Password: "0123456789"}); err != nil {
				t.Fatal(err)
			}
		}, `unit: unit "rach-gia" has 1 user limited to it; move or delete it first`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			tt.make(t, db)
			s := sqlite.NewUnitService(db)
			wantError(t, s.DeleteUnit(adminCtx, "rach-gia"), chitieu.ECONFLICT, tt.message)
			if _, err := s.FindUnit(system, "rach-gia"); err != nil {
				t.Fatalf("unit gone after a refused delete: %v", err)
			}
		})
	}

	t.Run("OKAfterRecordsDeleted", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		c := MustCreateCadre(t, db, "Nguyễn Văn An", "vinh-thanh-van", "2010-01-01")
		r := MustCreateYouthReport(t, db, "vinh-thanh-van", "2014-01-01", 100, 50, 20, 60)
		if err := sqlite.NewCadreService(db).DeleteCadre(system, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := sqlite.NewYouthReportService(db).DeleteYouthReport(system, r.ID); err != nil {
			t.Fatal(err)
		}
		if err := sqlite.NewUnitService(db).DeleteUnit(adminCtx, "vinh-thanh-van"); err != nil {
			t.Fatalf("delete of a unit whose records are all deleted: %v", err)
		}
	})

	t.Run("ErrEditor", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		wantError(t, sqlite.NewUnitService(db).DeleteUnit(editorCtx, "ha-tien"), chitieu.EFORBIDDEN,
			"role: a user with role editor cannot manage units; only an admin can")
	})
}

func TestUnitService_FindUnits(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	s := sqlite.NewUnitService(db)
	root, under := "", "tinh-doan"
	for _, tt := range []struct {
		name   string
		filter chitieu.UnitFilter
		want   []string
		total  int
	}{
		{"All", chitieu.UnitFilter{}, []string{"ha-tien", "rach-gia", "tinh-doan", "van-phong", "vinh-thanh-van"}, 5},
		{"Roots", chitieu.UnitFilter{Parent: &root}, []string{"tinh-doan"}, 1},
		{"Children", chitieu.UnitFilter{Parent: &under}, []string{"ha-tien", "rach-gia", "van-phong"}, 3},
		{"Page", chitieu.UnitFilter{Page: chitieu.Page{Limit: 2, Offset: 1}}, []string{"rach-gia", "tinh-doan"}, 5},
		{"PastTheEnd", chitieu.UnitFilter{Page: chitieu.Page{Offset: 10}}, []string{}, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			units, total, err := s.FindUnits(viewerCtx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			codes := []string{}
			for _, u := range units {
				codes = append(codes, u.Code)
			}
			if !equal(codes, tt.want) || total != tt.total {
				t.Fatalf("FindUnits = %v, %d; want %v, %d", codes, total, tt.want, tt.total)
			}
		})
	}
	t.Run("ErrLimit", func(t *testing.T) {
		_, _, err := s.FindUnits(system, chitieu.UnitFilter{Page: chitieu.Page{Limit: 1001}})
		wantError(t, err, chitieu.EINVALID, "limit: must be between 1 and 1,000")
	})
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
