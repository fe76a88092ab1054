package sqlite

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// The write helpers refuse a value outside its range even when the caller skipped Validate (as
// an import or a future caller might): the store never writes what it cannot read back.
func TestStoreRefusesWhatItCannotReadBack(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if err := NewUnitService(db).CreateUnit(ctx, &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}); err != nil {
		t.Fatal(err)
	}
	good := chitieu.Cadre{FullName: "Nguyễn Văn An", Unit: "tinh", JoinedOn: chitieu.NewDate(2014, 1, 1), BirthDate: chitieu.NewDate(1990, 5, 6)}
	if err := NewCadreService(db).CreateCadre(ctx, &good); err != nil {
		t.Fatal(err)
	}
	early := chitieu.Training{CadreID: good.ID, Kind: chitieu.Professional, Status: chitieu.Completed, CompletedOn: chitieu.NewDate(1995, 6, 1)}
	if err := NewTrainingService(db).CreateTraining(ctx, &early); err != nil {
		t.Fatal(err)
	}
	joined := chitieu.NewDate(2014, 1, 1)
	for _, tt := range []struct {
		name  string
		write func(tx *Tx) error
		field string
	}{
		{"birth in year 0", func(tx *Tx) error {
			return createCadre(ctx, tx, &chitieu.Cadre{FullName: "A", Unit: "tinh", JoinedOn: joined, BirthDate: chitieu.NewDate(0, 6, 15)})
		}, "birth_date"},
		{"birth on day 0 minus one", func(tx *Tx) error {
			return createCadre(ctx, tx, &chitieu.Cadre{FullName: "A", Unit: "tinh", JoinedOn: joined, BirthDate: -1})
		}, "birth_date"},
		{"birth in the future", func(tx *Tx) error {
			return createCadre(ctx, tx, &chitieu.Cadre{FullName: "A", Unit: "tinh", JoinedOn: joined, BirthDate: db.Today() + 1})
		}, "birth_date"},
		{"NUL in a name", func(tx *Tx) error {
			return createCadre(ctx, tx, &chitieu.Cadre{FullName: "A\x00B", Unit: "tinh", JoinedOn: joined})
		}, "full_name"},
		{"900 KB name", func(tx *Tx) error {
			return createCadre(ctx, tx, &chitieu.Cadre{FullName: strings.Repeat("a", 900<<10), Unit: "tinh", JoinedOn: joined})
		}, "full_name"},
		{"update to year 9999", func(tx *Tx) error {
			left := chitieu.NewDate(9999, 12, 31)
			_, err := updateCadre(ctx, tx, good.ID, chitieu.CadreUpdate{LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: left}})
			return err
		}, "left_on"},
		{"birth moved after a training record", func(tx *Tx) error {
			birth := chitieu.NewDate(1996, 1, 1)
			_, err := updateCadre(ctx, tx, good.ID, chitieu.CadreUpdate{BirthDate: chitieu.Optional[chitieu.Date]{Set: true, Value: birth}})
			return err
		}, "birth_date"},
		{"completion before birth", func(tx *Tx) error {
			return createTraining(ctx, tx, &chitieu.Training{CadreID: good.ID, Kind: chitieu.Education, Level: "dai_hoc",
				Status: chitieu.Completed, CompletedOn: chitieu.NewDate(1989, 1, 1)})
		}, "completed_on"},
		{"count of 2^63-1", func(tx *Tx) error {
			return createYouthReport(ctx, tx, &chitieu.YouthReport{Unit: "tinh", ReportedOn: joined,
				YouthPopulation: math.MaxInt64, UnionMembers: math.MaxInt64, Gathered: math.MaxInt64})
		}, "youth_population"},
		{"negative count", func(tx *Tx) error {
			return createYouthReport(ctx, tx, &chitieu.YouthReport{Unit: "tinh", ReportedOn: joined, YouthPopulation: 5, UnionMembers: -1})
		}, "union_members"},
		{"deadline in 9999", func(tx *Tx) error {
			return createTarget(ctx, tx, &chitieu.Target{Code: "x", Name: "X", Kind: chitieu.TargetYouthGathering, ScopeUnit: "tinh",
				Comparator: chitieu.AtLeast, Threshold: 0.5, BaselineDate: joined, Deadline: chitieu.NewDate(9999, 1, 1)})
		}, "deadline"},
		{"bidi control in a unit name", func(tx *Tx) error {
			return createUnit(ctx, tx, &chitieu.Unit{Code: "xa", Name: "Xã\u202EA", Parent: "tinh"})
		}, "name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := db.write(ctx, tt.write)
			if chitieu.ErrorCode(err) != chitieu.EINVALID || !strings.HasPrefix(i18n.Message(i18n.EN, err), tt.field+":") {
				t.Fatalf("err = %v, want invalid naming %s", err, tt.field)
			}
		})
	}
	ds, err := db.LoadDataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rows := ds.Unreadable(); len(rows) != 0 {
		t.Fatalf("a refused write left rows that cannot be read back: %v", rows)
	}
	if cadres, total, _ := ds.FindCadres(chitieu.CadreFilter{Page: chitieu.Page{Limit: 10}}, db.Today()); total != 1 || cadres[0].LeftOn != 0 {
		t.Fatalf("cadres after the refused writes: %d, %+v", total, cadres)
	}
}

// Every field type of every record kind, at the edges of its range (the first and last day, the
// largest count, the longest text with Vietnamese, hidden-looking but allowed characters), comes
// back equal through the store's reads and through the load into memory.
func TestRoundTripAtTheEdges(t *testing.T) {
	db := openTestDB(t)
	db.Now = func() time.Time { return time.Date(2100, 12, 31, 3, 0, 0, 0, time.UTC) } // so that any birth date is past
	ctx := context.Background()
	// The longest text allowed, as CleanText leaves it (no space at either end).
	longest := func(s string, n int) string { return string([]rune(strings.Repeat(s, n))[:n-1]) + "x" }
	long, longText := longest("Nguyễn Thị Ánh Tuyết ", chitieu.MaxNameLength), longest("Học viện Chính trị ", chitieu.MaxTextLength)
	min, max := chitieu.MinDate, chitieu.MaxDate

	units := NewUnitService(db)
	tinh := chitieu.Unit{Code: "tinh", Name: long}
	xa := chitieu.Unit{Code: strings.Repeat("a", 63), Name: "Xã A\u00A0B – “C” 🙂", Parent: "tinh"} // NBSP folds to a space
	for _, u := range []*chitieu.Unit{&tinh, &xa} {
		if err := units.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	c := chitieu.Cadre{FullName: long, Unit: "tinh", Position: longText, FullTime: true, JoinedOn: min.AddMonths(12 * 70),
		LeftOn: max, BirthDate: min, Gender: chitieu.GenderFemale,
		Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: min.AddMonths(12 * 70), ExamResult: chitieu.ExamPassed}}
	if err := NewCadreService(db).CreateCadre(ctx, &c); err != nil {
		t.Fatal(err)
	}
	tr := chitieu.Training{CadreID: c.ID, Kind: chitieu.PoliticalTheory, Level: "cao_cap", Course: longText, Provider: longText,
		Status: chitieu.Completed, StartedOn: min, ExpectedOn: max, CompletedOn: max}
	if err := NewTrainingService(db).CreateTraining(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	r := chitieu.YouthReport{Unit: "tinh", ReportedOn: max, YouthPopulation: chitieu.MaxCount, UnionMembers: chitieu.MaxCount,
		AssociationMembers: chitieu.MaxCount, Gathered: chitieu.MaxCount}
	if err := NewYouthReportService(db).CreateYouthReport(ctx, &r); err != nil {
		t.Fatal(err)
	}
	ratio := 0.125
	tg := chitieu.Target{Code: strings.Repeat("z", 63), Name: long, Kind: chitieu.TargetProfessionalTraining, ScopeUnit: "tinh",
		FullTimeOnly: true, Comparator: chitieu.Over, Threshold: 1, BaselineDate: min, BaselineRatio: &ratio, Deadline: max,
		Tolerance: 0.99, WindowDays: 36600, Provider: longText}
	if err := NewTargetService(db).CreateTarget(ctx, &tg); err != nil {
		t.Fatal(err)
	}
	admin := chitieu.NewContextWithUser(ctx, &chitieu.User{Username: "quan.tri", Role: chitieu.RoleAdmin})
	positions := NewPositionService(db)
	p := chitieu.Position{Unit: "tinh", Title: long, Seats: 1000, CreatedOn: min}
	if err := positions.CreatePosition(admin, &p); err != nil {
		t.Fatal(err)
	}
	a := chitieu.Assignment{PositionID: p.ID, CadreID: c.ID, StartedOn: c.JoinedOn, EndedOn: max}
	if err := positions.CreateAssignment(admin, &a); err != nil {
		t.Fatal(err)
	}
	rule := chitieu.RecruitmentRule{StartDate: max, ScopeUnit: "tinh", Exempt: []chitieu.RecruitmentKind{chitieu.RecruitedOther}}
	if _, err := NewRecruitmentRuleService(db).UpdateRecruitmentRule(admin, &rule); err != nil {
		t.Fatal(err)
	}

	same := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s read back as\n%+v\nwant\n%+v", what, got, want)
		}
	}
	// Through the store's reads.
	for _, u := range []chitieu.Unit{tinh, xa} {
		got, err := units.FindUnit(ctx, u.Code)
		if err != nil {
			t.Fatal(err)
		}
		same("unit", *got, u)
	}
	gotC, err := NewCadreService(db).FindCadreByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.PoliticalTheoryLevel = "cao_cap" // completed on the last day, which is today
	same("cadre", *gotC, c)
	gotT, err := NewTrainingService(db).FindTrainingByID(ctx, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	same("training record", *gotT, tr)
	gotR, err := NewYouthReportService(db).FindYouthReportByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	same("youth report", *gotR, r)
	gotTg, err := NewTargetService(db).FindTarget(ctx, tg.Code)
	if err != nil {
		t.Fatal(err)
	}
	same("target", *gotTg, tg)
	gotP, err := positions.FindPositionByID(ctx, p.ID, max)
	if err != nil {
		t.Fatal(err)
	}
	same("position", [5]any{gotP.ID, gotP.Unit, gotP.Title, gotP.Seats, gotP.CreatedOn}, [5]any{p.ID, p.Unit, p.Title, p.Seats, p.CreatedOn})
	gotA, err := findAssignment(ctx, db.ro, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	same("assignment", *gotA, a)
	gotRule, err := NewRecruitmentRuleService(db).FindRecruitmentRule(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same("recruitment rule", *gotRule, rule)

	// Through the load into memory.
	ds, err := db.LoadDataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rows := ds.Unreadable(); len(rows) != 0 {
		t.Fatalf("unreadable rows after writes at the edges: %v", rows)
	}
	var gotUnits []chitieu.Unit
	for _, u := range ds.Units() {
		gotUnits = append(gotUnits, *u)
	}
	same("units in memory", gotUnits, []chitieu.Unit{xa, tinh})
	cadres, _, err := ds.FindCadres(chitieu.CadreFilter{Page: chitieu.Page{Limit: 10}}, max)
	if err != nil || len(cadres) != 1 {
		t.Fatalf("cadres in memory: %v %v", cadres, err)
	}
	same("cadre in memory", *cadres[0], c) // its level from the training record in memory
	same("target in memory", *ds.Target(tg.Code), tg)
	snap := ds.Snapshot(max)
	same("youth report in memory", snap.YouthReports, []chitieu.YouthReport{r})
	if l := ds.Leadership(max); len(l) != 1 || l[0].Seats != 1000 || l[0].Title != long {
		t.Errorf("position in memory: %+v", l)
	}
}
