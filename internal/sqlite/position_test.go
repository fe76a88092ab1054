package sqlite_test

import (
	"reflect"
	"slices"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestPositionService(t *testing.T) {
	db := MustOpenDB(t) // today is 2014-06-15
	rec := &recorder{}
	db.Listener = rec
	followed := chitieu.NewDataset()
	db.Listener = listenerFunc(func(changes ...chitieu.Change) {
		rec.RecordsChanged(changes...)
		for _, c := range changes {
			followed.Apply(c)
		}
	})
	MustCreateProvince(t, db)
	s := sqlite.NewPositionService(db)
	an := MustCreateCadre(t, db, "Nguyễn Văn Ân", "van-phong", "2010-01-01")
	binh := MustCreateCadre(t, db, "Trần Thị Bình", "van-phong", "2013-03-01")
	cuong := MustCreateCadre(t, db, "Lê Văn Cường", "van-phong", "2014-02-01")

	chanh := &chitieu.Position{Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, CreatedOn: day(t, "2014-01-01")}
	if err := s.CreatePosition(adminCtx, chanh); err != nil {
		t.Fatal(err)
	}
	if chanh.ID == 0 || chanh.VacantSeats != 1 || chanh.VacantSince != day(t, "2014-01-01") {
		t.Fatalf("created %+v: want an id and 1 seat vacant since 2014-01-01", chanh)
	}
	pho := &chitieu.Position{Unit: "van-phong", Title: " Phó Chánh  Văn phòng ", Seats: 2, CreatedOn: day(t, "2014-01-01")}
	if err := s.CreatePosition(adminCtx, pho); err != nil {
		t.Fatal(err)
	}
	if pho.Title != "Phó Chánh Văn phòng" {
		t.Fatalf("title stored as %q", pho.Title)
	}

	assign := func(ctx any, positionID, cadreID int64, started, ended string) (*chitieu.Assignment, error) {
		a := &chitieu.Assignment{PositionID: positionID, CadreID: cadreID, StartedOn: day(t, started)}
		if ended != "" {
			a.EndedOn = day(t, ended)
		}
		c := adminCtx
		if ctx == editorOfRG {
			c = editorOfRG
		}
		return a, s.CreateAssignment(c, a)
	}
	a1, err := assign(adminCtx, chanh.ID, an.ID, "2014-03-01", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := assign(adminCtx, pho.ID, binh.ID, "2014-02-01", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := assign(adminCtx, pho.ID, cuong.ID, "2014-04-01", ""); err != nil {
		t.Fatal(err)
	}

	t.Run("Errors", func(t *testing.T) {
		before := auditCount(t, db)
		_, err := assign(adminCtx, chanh.ID, binh.ID, "2014-05-01", "")
		wantError(t, err, chitieu.ECONFLICT, `seats: position "Chánh Văn phòng" of unit "van-phong" would have 2 holders on 2014-05-01 for 1 seats`)
		_, err = assign(adminCtx, chanh.ID, binh.ID, "2013-12-31", "2014-01-02")
		wantError(t, err, chitieu.EINVALID, "started_on: must not be before the position's created_on (2014-01-01)")
		_, err = assign(adminCtx, pho.ID, an.ID, "2014-01-01", "2014-02-01") // the day the cadre joined is fine; the seats are free
		if err != nil {
			t.Fatal(err)
		}
		before++
		_, err = assign(adminCtx, chanh.ID, cuong.ID, "2014-01-15", "2014-02-15")
		wantError(t, err, chitieu.EINVALID, "started_on: must not be before the cadre's joined_on (2014-02-01)")
		_, err = assign(adminCtx, chanh.ID, 999, "2014-01-15", "2014-02-15")
		wantError(t, err, chitieu.EINVALID, "cadre_id: cadre 999 does not exist")
		_, err = assign(adminCtx, 999, an.ID, "2014-01-15", "")
		wantError(t, err, chitieu.ENOTFOUND, "position 999 does not exist")
		_, err = assign(adminCtx, pho.ID, binh.ID, "2014-03-01", "")
		wantError(t, err, chitieu.ECONFLICT, "cadre_id: cadre 2 already holds position 2 in assignment 2 over some of these days")
		_, err = assign(editorOfRG, chanh.ID, an.ID, "2015-01-01", "")
		wantError(t, err, chitieu.EFORBIDDEN, `unit: user "rach.gia" may only write records of unit "rach-gia" and the units below it, not of "van-phong"`)
		err = s.CreatePosition(adminCtx, &chitieu.Position{Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, CreatedOn: day(t, "2014-01-01")})
		wantError(t, err, chitieu.ECONFLICT, `title: unit "van-phong" already has a position "Chánh Văn phòng"`)
		err = s.CreatePosition(adminCtx, &chitieu.Position{Unit: "khong-co", Title: "Trưởng ban", Seats: 1, CreatedOn: day(t, "2014-01-01")})
		wantError(t, err, chitieu.EINVALID, `unit: unit "khong-co" does not exist`)
		err = s.CreatePosition(editorCtx, &chitieu.Position{Unit: "van-phong", Title: "Trưởng ban", Seats: 1, CreatedOn: day(t, "2014-01-01")})
		wantError(t, err, chitieu.EFORBIDDEN, "role: a user with role editor cannot manage leadership positions; only an admin can")
		_, err = s.UpdatePosition(adminCtx, pho.ID, &chitieu.Position{Unit: "van-phong", Title: pho.Title, Seats: 1, CreatedOn: pho.CreatedOn})
		wantError(t, err, chitieu.ECONFLICT, `seats: position "Phó Chánh Văn phòng" of unit "van-phong" would have 2 holders on 2014-04-01 for 1 seats`)
		_, err = s.UpdatePosition(adminCtx, pho.ID, &chitieu.Position{Unit: "van-phong", Title: pho.Title, Seats: 2, CreatedOn: day(t, "2014-03-01")})
		wantError(t, err, chitieu.ECONFLICT, "created_on: assignment 4 of position 2 starts on 2014-01-01, before 2014-03-01")
		_, err = s.UpdateAssignment(adminCtx, a1.ID, chitieu.AssignmentUpdate{EndedOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2014-03-01")}})
		wantError(t, err, chitieu.EINVALID, "ended_on: must be after started_on")
		if got := auditCount(t, db); got != before {
			t.Fatalf("refused writes left %d audit rows", got-before)
		}
	})

	// Today (2014-06-15): Chánh held by Ân; Phó held by Bình and Cường.
	got, err := s.FindPositionByID(viewerCtx, pho.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.VacantSeats != 0 || len(got.Assignments) != 3 {
		t.Fatalf("pho today: %+v", got)
	}

	// Cường leaves on 2014-06-01: the assignment ends that day, in the same write.
	rec.reset()
	before := auditCount(t, db)
	if _, err := sqlite.NewCadreService(db).UpdateCadre(editorCtx, cuong.ID, chitieu.CadreUpdate{
		LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2014-06-01")}}); err != nil {
		t.Fatal(err)
	}
	if n := auditCount(t, db) - before; n != 2 {
		t.Fatalf("leaving wrote %d audit rows, want 2 (the cadre and the assignment)", n)
	}
	if calls, changes := rec.snapshot(); calls != 1 || len(changes) != 2 || changes[0].Assignment == nil || changes[0].Assignment.EndedOn != day(t, "2014-06-01") {
		t.Fatalf("leaving: %d calls, changes %+v", calls, changes)
	}
	got, _ = s.FindPositionByID(viewerCtx, pho.ID, 0)
	if got.VacantSeats != 1 || got.VacantSince != day(t, "2014-06-01") || got.AsOf != day(t, "2014-06-15") {
		t.Fatalf("after Cường left: %d vacant since %s as of %s, want 1 since 2014-06-01 as of today", got.VacantSeats, got.VacantSince, got.AsOf)
	}
	// As of a past day: on 2014-03-15 Bình held a seat, Cường not yet: one vacant since 2014-01-01.
	got, _ = s.FindPositionByID(viewerCtx, pho.ID, day(t, "2014-03-15"))
	if got.VacantSeats != 1 || got.VacantSince != day(t, "2014-01-01") {
		t.Fatalf("as of 2014-03-15: %d vacant since %s, want 1 since 2014-01-01", got.VacantSeats, got.VacantSince)
	}

	// Ân's assignment is ended on 2014-06-15: today the seat is vacant.
	a, err := s.UpdateAssignment(editorCtx, a1.ID, chitieu.AssignmentUpdate{EndedOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2014-06-15")}})
	if err != nil {
		t.Fatal(err)
	}
	if a.EndedOn != day(t, "2014-06-15") {
		t.Fatalf("ended %+v", a)
	}
	list, total, err := s.FindPositions(viewerCtx, chitieu.PositionFilter{Unit: "van-phong", Page: chitieu.Page{Limit: 10}})
	if err != nil || total != 2 {
		t.Fatalf("list: %v, total %d", err, total)
	}
	if list[0].Title != "Chánh Văn phòng" || list[0].VacantSeats != 1 || list[0].VacantSince != day(t, "2014-06-15") {
		t.Fatalf("chanh in the list: %+v", list[0])
	}

	// A leaving day before an assignment's start is refused, and leaves all as it was.
	later, err := assign(adminCtx, chanh.ID, binh.ID, "2014-07-01", "")
	if err != nil {
		t.Fatal(err)
	}
	// The positions a cadre holds or held, by unit and title.
	for _, tc := range []struct {
		cadre  int64
		titles []string
	}{{binh.ID, []string{"Chánh Văn phòng", "Phó Chánh Văn phòng"}}, {cuong.ID, []string{"Phó Chánh Văn phòng"}}} {
		held, total, err := s.FindPositions(viewerCtx, chitieu.PositionFilter{CadreID: tc.cadre, Page: chitieu.Page{Limit: 10}})
		var titles []string
		for _, p := range held {
			titles = append(titles, p.Title)
		}
		if err != nil || total != len(tc.titles) || !slices.Equal(titles, tc.titles) {
			t.Fatalf("positions of cadre %d: %v (total %d, %v), want %v", tc.cadre, titles, total, err, tc.titles)
		}
	}
	_, err = sqlite.NewCadreService(db).UpdateCadre(editorCtx, binh.ID, chitieu.CadreUpdate{
		LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2014-06-20")}})
	wantError(t, err, chitieu.ECONFLICT, "left_on: the cadre holds position 1 from 2014-07-01 (assignment "+jsonID(later.ID)+"), not before 2014-06-20; change that assignment first")

	// A unit with a position, or the rule's scope, is kept.
	err = sqlite.NewUnitService(db).DeleteUnit(adminCtx, "van-phong")
	wantError(t, err, chitieu.ECONFLICT, `unit: unit "van-phong" has 3 cadres; move or delete them first`)
	MustCreateUnit(t, db, "ban-moi", "Ban mới", "tinh-doan")
	if err := s.CreatePosition(adminCtx, &chitieu.Position{Unit: "ban-moi", Title: "Trưởng ban", Seats: 1, CreatedOn: day(t, "2014-06-01")}); err != nil {
		t.Fatal(err)
	}
	err = sqlite.NewUnitService(db).DeleteUnit(adminCtx, "ban-moi")
	wantError(t, err, chitieu.ECONFLICT, `unit: unit "ban-moi" has 1 leadership position; move or delete it first`)

	// The loaded dataset is the one that followed the changes.
	if err := s.DeletePosition(adminCtx, pho.ID); err != nil {
		t.Fatal(err)
	}
	loaded, err := db.LoadDataset(system)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"2014-01-01", "2014-06-15", "2014-07-01"} {
		if got, want := loaded.Leadership(day(t, d)), followed.Leadership(day(t, d)); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: loaded %+v, followed %+v", d, got, want)
		}
	}
	want := []chitieu.SeatFigures{
		{Unit: "ban-moi", Title: "Trưởng ban", Seats: 1, Vacant: 1, VacantSince: day(t, "2014-06-01")},
		{Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, Vacant: 1, VacantSince: day(t, "2014-06-15")},
	}
	if got := loaded.Leadership(day(t, "2014-06-20")); !reflect.DeepEqual(got, want) {
		t.Fatalf("leadership on 2014-06-20: %+v, want %+v", got, want)
	}
}
