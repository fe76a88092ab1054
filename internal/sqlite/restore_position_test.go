package sqlite_test

import (
	"reflect"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// A deleted position comes back with its assignments, and a deleted assignment comes back, in
// the store and in the dataset that follows it.
func TestRestorePositionAndAssignment(t *testing.T) {
	db := MustOpenDB(t) // today is 2014-06-15
	followed := follow(db)
	MustCreateProvince(t, db)
	s, rs := sqlite.NewPositionService(db), sqlite.NewRestoreService(db)
	an := MustCreateCadre(t, db, "Nguyễn Văn Ân", "rach-gia", "2010-01-01")
	binh := MustCreateCadre(t, db, "Trần Thị Bình", "rach-gia", "2012-01-01")
	p := &chitieu.Position{Unit: "rach-gia", Title: "Bí thư", Seats: 1, CreatedOn: day(t, "2014-01-01")}
	if err := s.CreatePosition(adminCtx, p); err != nil {
		t.Fatal(err)
	}
	a := &chitieu.Assignment{PositionID: p.ID, CadreID: an.ID, StartedOn: day(t, "2014-02-01")}
	if err := s.CreateAssignment(adminCtx, a); err != nil {
		t.Fatal(err)
	}
	leadership := func(ds *chitieu.Dataset) []chitieu.SeatFigures { return ds.Leadership(day(t, "2014-06-15")) }
	held := []chitieu.SeatFigures{{Unit: "rach-gia", Title: "Bí thư", Seats: 1}}
	sameAsLoaded := func(t *testing.T, want []chitieu.SeatFigures) {
		t.Helper()
		loaded, err := db.LoadDataset(system)
		if err != nil {
			t.Fatal(err)
		}
		if got := leadership(followed); !reflect.DeepEqual(got, want) {
			t.Fatalf("followed %+v, want %+v", got, want)
		}
		if got := leadership(loaded); !reflect.DeepEqual(got, want) {
			t.Fatalf("loaded %+v, want %+v", got, want)
		}
	}
	sameAsLoaded(t, held)

	t.Run("Position", func(t *testing.T) {
		if err := s.DeletePosition(adminCtx, p.ID); err != nil {
			t.Fatal(err)
		}
		sameAsLoaded(t, []chitieu.SeatFigures{})
		before := auditCount(t, db)
		_, err := rs.RestorePosition(editorOfRG, p.ID)
		wantError(t, err, chitieu.EFORBIDDEN, "role: a user with role editor cannot manage leadership positions; only an admin can")
		_, err = rs.RestorePosition(adminCtx, 999)
		wantError(t, err, chitieu.ENOTFOUND, "position 999 does not exist")
		if auditCount(t, db) != before {
			t.Fatal("a refused restore was audited")
		}
		got, err := rs.RestorePosition(adminCtx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Assignments) != 1 || got.Assignments[0].ID != a.ID || got.VacantSeats != 0 {
			t.Fatalf("restored %+v: want its assignment back and no vacant seat", got)
		}
		sameAsLoaded(t, held)
		_, err = rs.RestorePosition(adminCtx, p.ID)
		wantError(t, err, chitieu.ENOTFOUND, "position 1 does not exist")
		if auditCount(t, db) != before+1 {
			t.Fatal("the restore was not audited once")
		}
	})

	t.Run("PositionTitleTaken", func(t *testing.T) {
		if err := s.DeletePosition(adminCtx, p.ID); err != nil {
			t.Fatal(err)
		}
		again := &chitieu.Position{Unit: "rach-gia", Title: "Bí thư", Seats: 1, CreatedOn: day(t, "2014-01-01")}
		if err := s.CreatePosition(adminCtx, again); err != nil {
			t.Fatal(err)
		}
		_, err := rs.RestorePosition(adminCtx, p.ID)
		wantError(t, err, chitieu.ECONFLICT, `title: unit "rach-gia" already has a position "Bí thư"`)
		if err := s.DeletePosition(adminCtx, again.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := rs.RestorePosition(adminCtx, p.ID); err != nil {
			t.Fatal(err)
		}
		sameAsLoaded(t, held)
	})

	t.Run("Assignment", func(t *testing.T) {
		err := s.DeleteAssignment(editorOfRG, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		vacant := []chitieu.SeatFigures{{Unit: "rach-gia", Title: "Bí thư", Seats: 1, Vacant: 1, VacantSince: day(t, "2014-01-01")}}
		sameAsLoaded(t, vacant)
		wantError(t, s.DeleteAssignment(editorOfRG, a.ID), chitieu.ENOTFOUND, "assignment 1 does not exist")
		wantError(t, s.DeleteAssignment(viewerCtx, a.ID), chitieu.EFORBIDDEN, "role: a user with role viewer cannot write records; an editor or an admin can")

		// Another cadre took the seat meanwhile: the old assignment cannot come back over it.
		b := &chitieu.Assignment{PositionID: p.ID, CadreID: binh.ID, StartedOn: day(t, "2014-03-01")}
		if err := s.CreateAssignment(adminCtx, b); err != nil {
			t.Fatal(err)
		}
		_, err = rs.RestoreAssignment(editorOfRG, a.ID)
		wantError(t, err, chitieu.ECONFLICT, `seats: position "Bí thư" of unit "rach-gia" would have 2 holders on 2014-03-01 for 1 seats`)
		if err := s.DeleteAssignment(adminCtx, b.ID); err != nil {
			t.Fatal(err)
		}
		got, err := rs.RestoreAssignment(editorOfRG, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *got != *a {
			t.Fatalf("restored %+v, want %+v", got, a)
		}
		sameAsLoaded(t, held)
		_, err = rs.RestoreAssignment(editorOfRG, a.ID)
		wantError(t, err, chitieu.ENOTFOUND, "assignment 1 does not exist")
	})

	t.Run("AssignmentOutsideScope", func(t *testing.T) {
		van := MustCreateCadre(t, db, "Lê Văn Cường", "van-phong", "2010-01-01")
		q := &chitieu.Position{Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, CreatedOn: day(t, "2014-01-01")}
		if err := s.CreatePosition(adminCtx, q); err != nil {
			t.Fatal(err)
		}
		qa := &chitieu.Assignment{PositionID: q.ID, CadreID: van.ID, StartedOn: day(t, "2014-02-01")}
		if err := s.CreateAssignment(adminCtx, qa); err != nil {
			t.Fatal(err)
		}
		wantError(t, s.DeleteAssignment(editorOfRG, qa.ID), chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "van-phong"`)
		if err := s.DeleteAssignment(adminCtx, qa.ID); err != nil {
			t.Fatal(err)
		}
		_, err := rs.RestoreAssignment(editorOfRG, qa.ID)
		wantError(t, err, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "van-phong"`)
	})
}

// follow returns a dataset that applies every change of db, as the figures keeper does.
func follow(db *sqlite.DB) *chitieu.Dataset {
	ds := chitieu.NewDataset()
	db.Listener = listenerFunc(func(changes ...chitieu.Change) {
		for _, c := range changes {
			ds.Apply(c)
		}
	})
	return ds
}
