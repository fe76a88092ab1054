package sqlite_test

import (
	"reflect"
	"slices"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestRecruitmentRuleService(t *testing.T) {
	db := MustOpenDB(t)
	rec := &recorder{}
	db.Listener = rec
	MustCreateProvince(t, db)
	s := sqlite.NewRecruitmentRuleService(db)

	r, err := s.FindRecruitmentRule(system)
	if err != nil {
		t.Fatal(err)
	}
	if want := chitieu.DefaultRecruitmentRule(); !reflect.DeepEqual(*r, want) {
		t.Fatalf("seeded rule %+v, want %+v", *r, want)
	}

	t.Run("OK", func(t *testing.T) {
		rec.reset()
		upd := &chitieu.RecruitmentRule{StartDate: day(t, "2014-01-01"), ScopeUnit: "tinh-doan", Exempt: []chitieu.RecruitmentKind{"transfer"}}
		if _, err := s.UpdateRecruitmentRule(adminCtx, upd); err != nil {
			t.Fatal(err)
		}
		got, _ := s.FindRecruitmentRule(system)
		if got.ScopeUnit != "tinh-doan" || !slices.Equal(got.Exempt, []chitieu.RecruitmentKind{"transfer"}) {
			t.Fatalf("rule after update %+v", got)
		}
		if a := lastAudit(t, db); a.Entity != "recruitment_rule" || a.Action != chitieu.ActionUpdate || a.Actor != "quan.tri" {
			t.Fatalf("audit %+v", a)
		}
		if _, changes := rec.snapshot(); len(changes) != 1 || changes[0].RecruitmentRule == nil || changes[0].RecruitmentRule.ScopeUnit != "tinh-doan" {
			t.Fatalf("changes %+v", changes)
		}
	})
	before := auditCount(t, db)
	for _, tc := range []struct {
		name          string
		ctx           any
		rule          chitieu.RecruitmentRule
		code, message string
	}{
		{"ErrEditor", editorCtx, chitieu.RecruitmentRule{StartDate: day(t, "2014-01-01")}, chitieu.EFORBIDDEN,
			"role: a user with role editor cannot change the recruitment rule; only an admin can"},
		{"ErrScopeUnit", adminCtx, chitieu.RecruitmentRule{StartDate: day(t, "2014-01-01"), ScopeUnit: "khong-co"}, chitieu.EINVALID,
			`scope_unit: unit "khong-co" does not exist`},
		{"ErrExemptExam", adminCtx, chitieu.RecruitmentRule{StartDate: day(t, "2014-01-01"), Exempt: []chitieu.RecruitmentKind{"exam"}}, chitieu.EINVALID,
			`exempt: cannot hold "exam": the rule asks for an exam`},
		{"ErrStartDate", adminCtx, chitieu.RecruitmentRule{}, chitieu.EINVALID, "start_date: is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := adminCtx
			if tc.ctx == editorCtx {
				ctx = editorCtx
			}
			_, err := s.UpdateRecruitmentRule(ctx, &tc.rule)
			wantError(t, err, tc.code, tc.message)
		})
	}
	if auditCount(t, db) != before {
		t.Fatal("a refused update wrote an audit row")
	}
}

// TestRecruitmentCheck creates cadres on both sides of each edge of the rule and checks that
// the SQL list of failing cadres is the Dataset's.
func TestRecruitmentCheck(t *testing.T) {
	db := MustOpenDB(t) // today is 2014-06-15
	MustCreateProvince(t, db)
	cadres := sqlite.NewCadreService(db)
	mk := func(name, unit, joined string, fullTime bool, h chitieu.Hiring) *chitieu.Cadre {
		c := &chitieu.Cadre{FullName: name, Unit: unit, FullTime: fullTime, JoinedOn: day(t, joined), Hiring: h}
		if err := cadres.CreateCadre(system, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	exam := func(on string, result chitieu.ExamResult) chitieu.Hiring {
		return chitieu.Hiring{Recruitment: "exam", ExamOn: day(t, on), ExamResult: result}
	}
	noExam := mk("Không thi", "van-phong", "2014-01-01", true, chitieu.Hiring{})
	mk("Trước năm 2014", "van-phong", "2013-12-31", true, chitieu.Hiring{})
	mk("Thi đỗ", "van-phong", "2014-01-01", true, exam("2013-12-01", "passed"))
	failed := mk("Thi trượt", "rach-gia", "2014-02-01", true, exam("2014-02-01", "failed"))
	mk("Điều động", "van-phong", "2014-03-01", true, chitieu.Hiring{Recruitment: "transfer"})
	other := mk("Hợp đồng khác", "vinh-thanh-van", "2014-03-01", true, chitieu.Hiring{Recruitment: "other"})
	mk("Bán chuyên trách", "van-phong", "2014-03-01", false, chitieu.Hiring{})
	mk("Vào sau hôm nay", "van-phong", "2014-07-01", true, chitieu.Hiring{})
	otherHaTien := mk("Hà Tiên", "ha-tien", "2014-03-01", true, chitieu.Hiring{})

	ds, err := db.LoadDataset(system)
	if err != nil {
		t.Fatal(err)
	}
	check := func(want []int64) {
		t.Helper()
		list, total, err := cadres.FindCadres(system, chitieu.CadreFilter{RecruitmentCheck: "failing", Page: chitieu.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range list {
			ids = append(ids, c.ID)
		}
		if !slices.Equal(ids, want) || total != len(want) {
			t.Fatalf("SQL failing %v (total %d), want %v", ids, total, want)
		}
		if got := ds.FailingRecruitment(db.Today()); !slices.Equal(got, want) {
			t.Fatalf("Dataset failing %v, want %v", got, want)
		}
	}
	check([]int64{noExam.ID, failed.ID, other.ID, otherHaTien.ID})

	// Limited to Rạch Giá's subtree, with "other" exempt.
	rule := &chitieu.RecruitmentRule{StartDate: day(t, "2014-01-01"), ScopeUnit: "rach-gia", Exempt: []chitieu.RecruitmentKind{"other", "transfer"}}
	if _, err := sqlite.NewRecruitmentRuleService(db).UpdateRecruitmentRule(system, rule); err != nil {
		t.Fatal(err)
	}
	MustCreateUnit(t, db, "pham-vi", "Phạm vi", "")
	if _, err := sqlite.NewRecruitmentRuleService(db).UpdateRecruitmentRule(system, &chitieu.RecruitmentRule{StartDate: day(t, "2014-01-01"), ScopeUnit: "pham-vi"}); err != nil {
		t.Fatal(err)
	}
	err = sqlite.NewUnitService(db).DeleteUnit(adminCtx, "pham-vi")
	wantError(t, err, chitieu.ECONFLICT, `unit: unit "pham-vi" has 1 recruitment rule scoped to it; move or delete it first`)
	if _, err := sqlite.NewRecruitmentRuleService(db).UpdateRecruitmentRule(system, rule); err != nil {
		t.Fatal(err)
	}
	if ds, err = db.LoadDataset(system); err != nil {
		t.Fatal(err)
	}
	check([]int64{failed.ID})

	_, _, err = cadres.FindCadres(system, chitieu.CadreFilter{RecruitmentCheck: "passing", Page: chitieu.Page{Limit: 10}})
	wantError(t, err, chitieu.EINVALID, `recruitment_check: must be "failing" or empty`)

	// The fields round-trip, and a bad combination writes nothing.
	got, err := cadres.FindCadreByID(system, failed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hiring != failed.Hiring {
		t.Fatalf("hiring read back %+v, want %+v", got.Hiring, failed.Hiring)
	}
	before := auditCount(t, db)
	_, err = cadres.UpdateCadre(system, failed.ID, chitieu.CadreUpdate{Recruitment: ptr(chitieu.RecruitedByTransfer)})
	wantError(t, err, chitieu.EINVALID, "exam_on: must be empty unless recruitment is exam")
	_, err = cadres.UpdateCadre(system, failed.ID, chitieu.CadreUpdate{ExamOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day(t, "2014-02-02")}})
	wantError(t, err, chitieu.EINVALID, "exam_on: must not be after joined_on (the exam comes before the contract)")
	if auditCount(t, db) != before {
		t.Fatal("a refused update wrote an audit row")
	}
}

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
