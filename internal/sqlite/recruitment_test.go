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
