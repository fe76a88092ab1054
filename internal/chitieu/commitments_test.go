package chitieu_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// wantField checks that err is EINVALID naming field, or nil when field is "".
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("want no error, got %v", err)
		}
		return
	}
	if chitieu.ErrorCode(err) != chitieu.EINVALID || !strings.HasPrefix(i18n.Message(i18n.EN, err), field+":") {
		t.Fatalf("want %s invalid naming %q, got %v", chitieu.EINVALID, field, err)
	}
}

func TestHiringValidate(t *testing.T) {
	joined := day("2014-03-01")
	for _, tc := range []struct {
		name  string
		h     chitieu.Hiring
		field string
	}{
		{"not recorded", chitieu.Hiring{}, ""},
		{"exam on the day of joining", chitieu.Hiring{Recruitment: "exam", ExamOn: joined, ExamResult: "passed"}, ""},
		{"exam the day before", chitieu.Hiring{Recruitment: "exam", ExamOn: joined - 1, ExamResult: "failed"}, ""},
		{"exam the day after joining", chitieu.Hiring{Recruitment: "exam", ExamOn: joined + 1, ExamResult: "passed"}, "exam_on"},
		{"exam without date", chitieu.Hiring{Recruitment: "exam", ExamResult: "passed"}, "exam_on"},
		{"exam without result", chitieu.Hiring{Recruitment: "exam", ExamOn: joined}, "exam_result"},
		{"bad result", chitieu.Hiring{Recruitment: "exam", ExamOn: joined, ExamResult: "ok"}, "exam_result"},
		{"transfer", chitieu.Hiring{Recruitment: "transfer"}, ""},
		{"transfer with exam date", chitieu.Hiring{Recruitment: "transfer", ExamOn: joined}, "exam_on"},
		{"election with result", chitieu.Hiring{Recruitment: "election", ExamResult: "passed"}, "exam_result"},
		{"unknown kind", chitieu.Hiring{Recruitment: "contract"}, "recruitment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chitieu.Cadre{FullName: "A", Unit: "u", JoinedOn: joined, Hiring: tc.h}
			wantField(t, c.Validate(), tc.field)
		})
	}
}

func TestRecruitmentRuleValidate(t *testing.T) {
	r := chitieu.RecruitmentRule{StartDate: day("2014-01-01"), Exempt: []chitieu.RecruitmentKind{"election", "transfer", "election"}}
	r.Normalize()
	if !slices.Equal(r.Exempt, []chitieu.RecruitmentKind{"election", "transfer"}) {
		t.Errorf("exempt normalised to %v", r.Exempt)
	}
	wantField(t, r.Validate(), "")
	wantField(t, (&chitieu.RecruitmentRule{}).Validate(), "start_date")
	wantField(t, (&chitieu.RecruitmentRule{StartDate: day("2014-01-01"), Exempt: []chitieu.RecruitmentKind{"exam"}}).Validate(), "exempt")
	wantField(t, (&chitieu.RecruitmentRule{StartDate: day("2014-01-01"), Exempt: []chitieu.RecruitmentKind{"x"}}).Validate(), "exempt")
}

func TestRecruitmentRuleFails(t *testing.T) {
	rule := chitieu.DefaultRecruitmentRule() // from 2014-01-01, transfer and election exempt
	d := day("2015-06-30")
	exam := func(result chitieu.ExamResult) chitieu.Hiring {
		return chitieu.Hiring{Recruitment: "exam", ExamOn: day("2013-12-01"), ExamResult: result}
	}
	for _, tc := range []struct {
		name     string
		joined   chitieu.Date
		left     chitieu.Date
		partTime bool
		h        chitieu.Hiring
		fails    bool
	}{
		{"joined on the start date, no exam recorded", day("2014-01-01"), 0, false, chitieu.Hiring{}, true},
		{"joined the day before the start date", day("2013-12-31"), 0, false, chitieu.Hiring{}, false},
		{"joined on the start date, passed exam", day("2014-01-01"), 0, false, exam("passed"), false},
		{"failed exam", day("2014-01-01"), 0, false, exam("failed"), true},
		{"transfer exempt", day("2014-05-01"), 0, false, chitieu.Hiring{Recruitment: "transfer"}, false},
		{"election exempt", day("2014-05-01"), 0, false, chitieu.Hiring{Recruitment: "election"}, false},
		{"other is not exempt", day("2014-05-01"), 0, false, chitieu.Hiring{Recruitment: "other"}, true},
		{"part-time is not contracted full-time", day("2014-05-01"), 0, true, chitieu.Hiring{}, false},
		{"left on d", day("2014-05-01"), d, false, chitieu.Hiring{}, false},
		{"leaves the day after d", day("2014-05-01"), d + 1, false, chitieu.Hiring{}, true},
		{"joins after d", d + 1, 0, false, chitieu.Hiring{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &chitieu.Cadre{FullTime: !tc.partTime, JoinedOn: tc.joined, LeftOn: tc.left, Hiring: tc.h}
			if got := rule.Fails(c, d); got != tc.fails {
				t.Errorf("Fails = %v, want %v", got, tc.fails)
			}
		})
	}
}

func TestRecruitedWithoutExamByScope(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "van-phong", Name: "Văn phòng", Parent: "tinh"})
	ds.PutUnit(chitieu.Unit{Code: "huyen", Name: "Huyện Đoàn"})
	for id, unit := range map[int64]string{1: "tinh", 2: "van-phong", 3: "van-phong", 4: "huyen"} {
		ds.PutCadre(chitieu.Cadre{ID: id, FullName: "x", Unit: unit, FullTime: true, JoinedOn: day("2014-06-01")})
	}
	ds.SetHiring(3, chitieu.Hiring{Recruitment: "transfer"})
	d := day("2015-01-01")
	// Every unit: cadres 1, 2 and 4 fail; 3 was transferred.
	want := []chitieu.UnitCount{{"huyen", 1}, {"tinh", 1}, {"van-phong", 1}}
	if got := ds.RecruitedWithoutExam(d); !slices.Equal(got, want) {
		t.Errorf("every unit: %v, want %v", got, want)
	}
	rule := chitieu.DefaultRecruitmentRule()
	rule.ScopeUnit = "tinh"
	ds.Apply(chitieu.Change{RecruitmentRule: &rule})
	want = []chitieu.UnitCount{{"tinh", 1}, {"van-phong", 1}}
	if got := ds.RecruitedWithoutExam(d); !slices.Equal(got, want) {
		t.Errorf("scope tinh: %v, want %v", got, want)
	}
	if got := ds.FailingRecruitment(d); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("failing cadres %v, want [1 2]", got)
	}
}

func TestPositionValidate(t *testing.T) {
	ok := chitieu.Position{Unit: "u", Title: "Trưởng ban", Seats: 1, CreatedOn: day("2014-01-01")}
	wantField(t, ok.Validate(), "")
	for field, p := range map[string]chitieu.Position{
		"unit":       {Title: "T", Seats: 1, CreatedOn: day("2014-01-01")},
		"title":      {Unit: "u", Seats: 1, CreatedOn: day("2014-01-01")},
		"seats":      {Unit: "u", Title: "T", CreatedOn: day("2014-01-01")},
		"created_on": {Unit: "u", Title: "T", Seats: 1},
	} {
		wantField(t, p.Validate(), field)
	}
	d := day("2014-01-01")
	wantField(t, (&chitieu.Assignment{StartedOn: d}).Validate(), "cadre_id")
	wantField(t, (&chitieu.Assignment{CadreID: 1}).Validate(), "started_on")
	wantField(t, (&chitieu.Assignment{CadreID: 1, StartedOn: d, EndedOn: d}).Validate(), "ended_on")
	wantField(t, (&chitieu.Assignment{CadreID: 1, StartedOn: d, EndedOn: d + 1}).Validate(), "")
	wantField(t, (&chitieu.Assignment{CadreID: 1, StartedOn: 5}).Validate(), "started_on")
}

// TestVacancy works a position with two seats created on 2014-01-01 through 2015:
//
//	cadre 1 holds a seat from 2014-03-01, open;
//	cadre 2 holds a seat from 2014-06-01, open, but leaves the office on 2014-10-01;
//	cadre 3 holds a seat from 2015-01-01 to 2015-03-01 (the assignment ends on that day).
func TestVacancy(t *testing.T) {
	p := &chitieu.Position{ID: 1, Unit: "u", Title: "Phó Trưởng ban", Seats: 2, CreatedOn: day("2014-01-01")}
	cadres := map[int64]*chitieu.Cadre{
		1: {ID: 1, JoinedOn: day("2013-01-01")},
		2: {ID: 2, JoinedOn: day("2013-01-01"), LeftOn: day("2014-10-01")},
		3: {ID: 3, JoinedOn: day("2013-01-01")},
	}
	assignments := []*chitieu.Assignment{
		{ID: 1, PositionID: 1, CadreID: 1, StartedOn: day("2014-03-01")},
		{ID: 2, PositionID: 1, CadreID: 2, StartedOn: day("2014-06-01")},
		{ID: 3, PositionID: 1, CadreID: 3, StartedOn: day("2015-01-01"), EndedOn: day("2015-03-01")},
	}
	var hs []chitieu.Holding
	for _, a := range assignments {
		hs = append(hs, chitieu.HoldingOf(a, cadres[a.CadreID]))
	}
	for _, tc := range []struct {
		on     string
		seats  int
		vacant int
		since  string
	}{
		{"2013-12-31", 0, 0, ""},           // the seats do not exist yet
		{"2014-01-01", 2, 2, "2014-01-01"}, // both vacant from creation
		{"2014-02-28", 2, 2, "2014-01-01"}, // still
		{"2014-03-01", 2, 1, "2014-01-01"}, // one filled; the other vacant since creation
		{"2014-05-31", 2, 1, "2014-01-01"}, // 150 days on
		{"2014-06-01", 2, 0, ""},           // both filled
		{"2014-09-30", 2, 0, ""},           // the day before cadre 2 leaves
		{"2014-10-01", 2, 1, "2014-10-01"}, // seat held by a cadre who left: vacant
		{"2014-12-31", 2, 1, "2014-10-01"}, //
		{"2015-01-01", 2, 0, ""},           // cadre 3 fills it
		{"2015-02-28", 2, 0, ""},           // last day of cadre 3's assignment
		{"2015-03-01", 2, 1, "2015-03-01"}, // an assignment ending on D does not hold D
		{"2016-01-01", 2, 1, "2015-03-01"}, //
	} {
		d := day(tc.on)
		if got := p.SeatsOn(d); got != tc.seats {
			t.Errorf("%s: seats %d, want %d", tc.on, got, tc.seats)
		}
		if got := chitieu.VacantSeats(p, hs, d); got != tc.vacant {
			t.Errorf("%s: vacant %d, want %d", tc.on, got, tc.vacant)
		}
		since, ok := chitieu.VacantSince(p, hs, d)
		if ok != (tc.since != "") || (ok && since != day(tc.since)) {
			t.Errorf("%s: vacant since %s (%v), want %q", tc.on, since, ok, tc.since)
		}
	}
	if d, over := chitieu.OverFilled(p, hs); over {
		t.Errorf("over-filled on %s", d)
	}

	// The Dataset gives the same figures.
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "u", Name: "U"})
	for _, c := range cadres {
		c.Unit, c.FullName = "u", "x"
		ds.PutCadre(*c)
	}
	ds.Apply(chitieu.Change{Position: p})
	for _, a := range assignments {
		ds.Apply(chitieu.Change{Assignment: a})
	}
	want := []chitieu.SeatFigures{{Unit: "u", Title: "Phó Trưởng ban", Seats: 2, Vacant: 1, VacantSince: day("2014-10-01")}}
	if got := ds.Leadership(day("2014-12-31")); !slices.Equal(got, want) {
		t.Errorf("Leadership = %+v, want %+v", got, want)
	}
	// A deleted holder holds nothing: on 2014-07-01 one seat has then been vacant since creation.
	ds.RemoveCadre(1)
	if got := ds.Leadership(day("2014-07-01")); got[0].Vacant != 1 || got[0].VacantSince != day("2014-01-01") {
		t.Errorf("without cadre 1: %+v, want 1 vacant since 2014-01-01", got)
	}
	ds.Apply(chitieu.Change{Position: p, Deleted: true})
	if got := ds.Leadership(day("2014-07-01")); len(got) != 0 {
		t.Errorf("deleted position still has figures: %+v", got)
	}
}

func TestOverFilled(t *testing.T) {
	p := &chitieu.Position{Seats: 2, CreatedOn: day("2014-01-01")}
	h := func(from, until string) chitieu.Holding {
		var u chitieu.Date
		if until != "" {
			u = day(until)
		}
		return chitieu.Holding{From: day(from), Until: u}
	}
	for _, tc := range []struct {
		name string
		hs   []chitieu.Holding
		want string
	}{
		{"two seats, two holders", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", "")}, ""},
		{"third from 2014-07-01", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", ""), h("2014-07-01", "")}, "2014-07-01"},
		{"third starts the day the second ends", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", "2014-07-01"), h("2014-07-01", "")}, ""},
		{"third starts the day before the second ends", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", "2014-07-01"), h("2014-06-30", "")}, "2014-06-30"},
		{"held before the seats exist", []chitieu.Holding{h("2013-12-01", "")}, "2013-12-01"},
		{"an empty holding (cadre left before it started)", []chitieu.Holding{h("2014-01-01", ""), h("2014-02-01", ""), h("2014-05-01", "2014-04-01")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, over := chitieu.OverFilled(p, tc.hs)
			if over != (tc.want != "") || (over && d != day(tc.want)) {
				t.Errorf("OverFilled = %s, %v; want %q", d, over, tc.want)
			}
		})
	}
	if got := chitieu.HoldingOf(&chitieu.Assignment{StartedOn: day("2014-01-01")}, nil); got.On(day("2014-06-01")) {
		t.Error("an assignment of an unknown cadre holds a seat")
	}
}

// TestSummarizeSeats works the overview's leadership figures out by hand on 2014-07-01: seats
// that exist, vacant seats, and the vacancies longest first, equal ones in the order given.
func TestSummarizeSeats(t *testing.T) {
	on := day("2014-07-01")
	held := chitieu.SeatFigures{Unit: "co-quan", Title: "Bí thư", Seats: 1}
	deputies := chitieu.SeatFigures{Unit: "co-quan", Title: "Phó Bí thư", Seats: 2, Vacant: 1, VacantSince: day("2014-05-15")}
	secretary := chitieu.SeatFigures{Unit: "rach-gia", Title: "Bí thư", Seats: 1, Vacant: 1, VacantSince: day("2014-01-01")}
	chief := chitieu.SeatFigures{Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, Vacant: 1, VacantSince: day("2014-05-15")}
	notYet := chitieu.SeatFigures{Unit: "van-phong", Title: "Phó Chánh Văn phòng"} // created after the day: no seat yet
	today := chitieu.SeatFigures{Unit: "van-phong", Title: "Trưởng ban", Seats: 1, Vacant: 1, VacantSince: on}
	for _, tc := range []struct {
		name                  string
		figs                  []chitieu.SeatFigures
		positions, seats, vac int
		vacancies             []chitieu.SeatFigures
		longestDays           int // of the longest vacancy; -1 when there is none
	}{
		{"no position", nil, 0, 0, 0, nil, -1},
		{"every seat held", []chitieu.SeatFigures{held, notYet}, 2, 1, 0, nil, -1},
		// 1 + 2 + 1 + 1 + 0 seats; Rạch Giá's since 1 January (31+28+31+30+31+30 = 181 days), then
		// the two of 15 May (17+30 = 47 days) in the order given.
		{"vacancies", []chitieu.SeatFigures{held, deputies, secretary, chief, notYet}, 5, 5, 3,
			[]chitieu.SeatFigures{secretary, deputies, chief}, 181},
		{"a vacancy that began today", []chitieu.SeatFigures{today, held}, 2, 2, 1, []chitieu.SeatFigures{today}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := chitieu.SummarizeSeats(tc.figs)
			if s.Positions != tc.positions || s.Seats != tc.seats || s.Vacant != tc.vac || !slices.Equal(s.Vacancies, tc.vacancies) {
				t.Fatalf("SummarizeSeats = %+v, want %d positions, %d seats, %d vacant, vacancies %+v", s, tc.positions, tc.seats, tc.vac, tc.vacancies)
			}
			longest := s.Longest()
			if (longest == nil) != (tc.longestDays < 0) || (longest != nil && longest.VacantDays(on) != tc.longestDays) {
				t.Fatalf("longest vacancy %+v, want %d days", longest, tc.longestDays)
			}
		})
	}
	if d := deputies.VacantDays(on); d != 47 {
		t.Errorf("VacantDays = %d, want 47", d)
	}
	if d := held.VacantDays(on); d != 0 {
		t.Errorf("VacantDays of a held position = %d, want 0", d)
	}
	// A position read as of a day before it was created has no seat on that day.
	p := chitieu.Position{Unit: "u", Title: "Trưởng ban", Seats: 2, CreatedOn: day("2014-08-01"), AsOf: on}
	if f := p.Figures(); f.Seats != 0 || f.Unit != "u" || f.Title != "Trưởng ban" {
		t.Errorf("Figures before created_on = %+v, want no seat", f)
	}
	p.AsOf, p.VacantSeats, p.VacantSince = day("2014-09-01"), 2, day("2014-08-01")
	if f := p.Figures(); f.Seats != 2 || f.Vacant != 2 || f.VacantDays(p.AsOf) != 31 {
		t.Errorf("Figures = %+v, want 2 seats vacant for 31 days", f)
	}
}

func TestProfessionalTrainingCoverage(t *testing.T) {
	target := chitieu.NewTarget()
	target.Kind, target.Provider = chitieu.TargetProfessionalTraining, "Trung ương Đoàn"
	target.Normalize()
	if target.WindowDays != 730 {
		t.Fatalf("default window_days %d, want 730", target.WindowDays)
	}
	d := day("2015-12-31") // d − 730 days = 2013-12-31, which is outside the window
	course := func(status chitieu.TrainingStatus, on, provider string) *chitieu.Training {
		r := &chitieu.Training{Kind: chitieu.Professional, Status: status, Provider: provider}
		if status == chitieu.Completed {
			r.CompletedOn = day(on)
		} else {
			r.ExpectedOn = day(on)
		}
		return r
	}
	central := "Ban Tổ chức Trung ương Đoàn"
	for _, tc := range []struct {
		name      string
		r         *chitieu.Training
		projected bool
		want      bool
	}{
		{"completed 730 days before", course(chitieu.Completed, "2013-12-31", central), false, false},
		{"completed 729 days before", course(chitieu.Completed, "2014-01-01", central), false, true},
		{"completed on d", course(chitieu.Completed, "2015-12-31", central), false, true},
		{"completed after d", course(chitieu.Completed, "2016-01-01", central), false, false},
		{"provider without diacritics", course(chitieu.Completed, "2015-01-01", "trung uong doan"), false, true},
		{"another provider", course(chitieu.Completed, "2015-01-01", "Tỉnh Đoàn Kiên Giang"), false, false},
		{"planned, not projected", course(chitieu.Planned, "2015-06-01", central), false, false},
		{"planned, projected", course(chitieu.Planned, "2015-06-01", central), true, true},
		{"in progress, projected after d", course(chitieu.InProgress, "2016-02-01", central), true, false},
		{"dropped, projected", &chitieu.Training{Kind: chitieu.Professional, Status: chitieu.Dropped, Provider: central}, true, false},
		{"a degree is not a professional course", &chitieu.Training{Kind: chitieu.Education, Level: "dai_hoc", Status: chitieu.Completed, CompletedOn: day("2015-01-01"), Provider: central}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := chitieu.CoversTraining(&target, tc.r, d, tc.projected); got != tc.want {
				t.Errorf("CoversTraining = %v, want %v", got, tc.want)
			}
		})
	}
	anyProvider := target
	anyProvider.Provider = ""
	if !chitieu.CoversTraining(&anyProvider, course(chitieu.Completed, "2015-01-01", "Tỉnh Đoàn"), d, false) {
		t.Error("an empty provider should match any")
	}
}

func TestProfessionalTrainingValidate(t *testing.T) {
	base := chitieu.NewTarget()
	base.Code, base.Name, base.ScopeUnit, base.Threshold = "nghiep-vu", "Bồi dưỡng nghiệp vụ", "tinh", 0.9
	base.BaselineDate, base.Deadline = day("2013-01-01"), day("2015-12-31")
	ok := base
	ok.Kind = chitieu.TargetProfessionalTraining
	ok.Normalize()
	wantField(t, ok.Validate(), "")
	withLevel := ok
	withLevel.MinLevel = "dai_hoc"
	wantField(t, withLevel.Validate(), "min_level")
	negative := ok
	negative.WindowDays = -1
	wantField(t, negative.Validate(), "window_days")
	pt := base
	pt.Kind, pt.MinLevel, pt.WindowDays = chitieu.TargetPoliticalTheory, "trung_cap", 365
	wantField(t, pt.Validate(), "window_days")
	pt.WindowDays, pt.Provider = 0, "x"
	wantField(t, pt.Validate(), "provider")
}

// TestProfessionalTrainingProgress: three full-time cadres of the office and one part-time, on
// 2015-06-30 with a window of 365 days (from 2014-07-01 on).
func TestProfessionalTrainingProgress(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "ban", Name: "Ban", Parent: "tinh"})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "a", Unit: "tinh", FullTime: true, JoinedOn: day("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 2, FullName: "b", Unit: "ban", FullTime: true, JoinedOn: day("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 3, FullName: "c", Unit: "ban", FullTime: true, JoinedOn: day("2013-01-01")})
	ds.PutCadre(chitieu.Cadre{ID: 4, FullName: "d", Unit: "ban", FullTime: false, JoinedOn: day("2013-01-01")})
	// 1: a central course on the window's first day; 2: one the day before it, and another
	// planned for 2015-09-01; 3: a provincial course in the window; 4: part-time, trained.
	ds.PutTraining(chitieu.Training{ID: 1, CadreID: 1, Kind: chitieu.Professional, Provider: "Trung ương Đoàn", Status: chitieu.Completed, CompletedOn: day("2014-07-01")})
	ds.PutTraining(chitieu.Training{ID: 2, CadreID: 2, Kind: chitieu.Professional, Provider: "Trung ương Đoàn", Status: chitieu.Completed, CompletedOn: day("2014-06-30")})
	ds.PutTraining(chitieu.Training{ID: 3, CadreID: 2, Kind: chitieu.Professional, Provider: "Trung ương Đoàn", Status: chitieu.Planned, ExpectedOn: day("2015-09-01")})
	ds.PutTraining(chitieu.Training{ID: 4, CadreID: 3, Kind: chitieu.Professional, Provider: "Tỉnh Đoàn", Status: chitieu.Completed, CompletedOn: day("2015-01-01")})
	ds.PutTraining(chitieu.Training{ID: 5, CadreID: 4, Kind: chitieu.Professional, Provider: "Trung ương Đoàn", Status: chitieu.Completed, CompletedOn: day("2015-01-01")})
	target := chitieu.NewTarget()
	target.Code, target.Name, target.Kind, target.ScopeUnit = "nghiep-vu", "Bồi dưỡng nghiệp vụ", chitieu.TargetProfessionalTraining, "tinh"
	target.Threshold, target.BaselineDate, target.Deadline = 0.9, day("2014-01-01"), day("2015-12-31")
	target.WindowDays, target.Provider = 365, "trung ương đoàn"
	ds.PutTarget(target)

	p := ds.Progress(&target, day("2015-06-30"))
	// Only cadre 1 counts: 1 of 3 full-time.
	if p.Numerator != 1 || p.Denominator != 3 {
		t.Fatalf("counts %d/%d, want 1/3", p.Numerator, p.Denominator)
	}
	if p.ByUnit["tinh"] != (chitieu.Counts{Numerator: 1, Denominator: 1}) || p.ByUnit["ban"] != (chitieu.Counts{Numerator: 0, Denominator: 2}) {
		t.Errorf("by unit %v", p.ByUnit)
	}
	// At the deadline (window from 2015-01-01): cadre 1's course is too old, cadre 2's planned
	// course of 2015-09-01 counts: 1 of 3.
	if p.ProjectedRatio == nil || !near(*p.ProjectedRatio, 1.0/3) {
		t.Errorf("projected %v, want 1/3", p.ProjectedRatio)
	}
	// No cadre had a course in the window before 2014-01-01: the baseline is 0.
	if p.BaselineRatio != 0 {
		t.Errorf("baseline %v, want 0", p.BaselineRatio)
	}
	// Deleting record 1 takes its provider key with it.
	ds.RemoveTraining(1)
	if p := ds.Progress(&target, day("2015-06-30")); p.Numerator != 0 {
		t.Errorf("after removing the course: numerator %d", p.Numerator)
	}
}

// TestLeadershipInTheYear works out, for positions of one unit reported in 2015, the runs of
// vacancy that have days in the year and what the annual review makes of them. Each holder is
// a cadre of the unit; an assignment ends on `ended` (the seat is vacant that day) and its
// holder leaves on `left`.
func TestLeadershipInTheYear(t *testing.T) {
	type holder struct{ joined, left, started, ended string }
	type run struct{ from, until string }
	for _, tc := range []struct {
		name    string
		seats   int
		created string
		holders []holder
		on      string
		runs    []run
		want    chitieu.PositionReport // Seats, Vacant, VacantSince, DaysVacant, Longest*
	}{
		{
			// Held until the assignment ended on 2014-10-01, filled again on 2015-02-01: 31 days
			// of 2015 (January), and a vacancy of 123 days (October 31, November 30, December
			// 31, January 31) counted from its start in 2014.
			name: "a vacancy running over 1 January", seats: 1, created: "2014-01-01",
			holders: []holder{{"2010-01-01", "", "2014-01-01", "2014-10-01"}, {"2010-01-01", "", "2015-02-01", ""}},
			on:      "2015-06-30",
			runs:    []run{{"2014-10-01", "2015-02-01"}},
			want:    chitieu.PositionReport{Seats: 1, DaysVacant: 31, LongestFrom: day("2014-10-01"), LongestTo: day("2015-01-31"), LongestDays: 123},
		},
		{
			// Never filled: 90 days of 2015 (31 + 28 + 31); 365 + 90 days in all, still going.
			name: "vacant since creation the year before", seats: 1, created: "2014-01-01",
			on:   "2015-03-31",
			runs: []run{{"2014-01-01", ""}},
			want: chitieu.PositionReport{Seats: 1, Vacant: 1, VacantSince: day("2014-01-01"), DaysVacant: 90, LongestFrom: day("2014-01-01"), LongestDays: 455},
		},
		{
			// The holder's assignment is open but they left on 2015-03-15: vacant from that day,
			// 17 days of March and 275 of April to December.
			name: "a seat held by a cadre who left", seats: 1, created: "2014-01-01",
			holders: []holder{{"2010-01-01", "2015-03-15", "2014-01-01", ""}},
			on:      "2015-12-31",
			runs:    []run{{"2015-03-15", ""}},
			want:    chitieu.PositionReport{Seats: 1, Vacant: 1, VacantSince: day("2015-03-15"), DaysVacant: 292, LongestFrom: day("2015-03-15"), LongestDays: 292},
		},
		{
			// An assignment that ends on D no longer holds D: vacant one day.
			name: "an assignment ending on the report's day", seats: 1, created: "2014-01-01",
			holders: []holder{{"2010-01-01", "", "2014-01-01", "2015-12-31"}},
			on:      "2015-12-31",
			runs:    []run{{"2015-12-31", ""}},
			want:    chitieu.PositionReport{Seats: 1, Vacant: 1, VacantSince: day("2015-12-31"), DaysVacant: 1, LongestFrom: day("2015-12-31"), LongestDays: 1},
		},
		{
			// Two seats from 2015-05-01: both vacant in May, one from June to August (123 days
			// with a seat vacant), both held in September and October, one vacant again from
			// November (61 days). Nothing before May counts: the seats did not exist.
			name: "a position created mid-year", seats: 2, created: "2015-05-01",
			holders: []holder{{"2010-01-01", "", "2015-06-01", ""}, {"2010-01-01", "", "2015-09-01", "2015-11-01"}},
			on:      "2015-12-31",
			runs:    []run{{"2015-05-01", "2015-09-01"}, {"2015-11-01", ""}},
			want:    chitieu.PositionReport{Seats: 2, Vacant: 1, VacantSince: day("2015-11-01"), DaysVacant: 184, LongestFrom: day("2015-05-01"), LongestTo: day("2015-08-31"), LongestDays: 123},
		},
		{
			// Vacant for 20 days in 2014 only: nothing in 2015.
			name: "vacant only the year before", seats: 1, created: "2014-01-01",
			holders: []holder{{"2010-01-01", "", "2014-01-21", ""}},
			on:      "2015-12-31",
			want:    chitieu.PositionReport{Seats: 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := chitieu.NewDataset()
			ds.PutUnit(chitieu.Unit{Code: "ban", Name: "Ban Tổ chức"})
			p := chitieu.Position{ID: 1, Unit: "ban", Title: "Phó Trưởng ban", Seats: tc.seats, CreatedOn: day(tc.created)}
			ds.Apply(chitieu.Change{Position: &p})
			optional := func(s string) chitieu.Date {
				if s == "" {
					return 0
				}
				return day(s)
			}
			var hs []chitieu.Holding
			for i, h := range tc.holders {
				id := int64(i + 1)
				c := chitieu.Cadre{ID: id, FullName: "x", Unit: "ban", FullTime: true, JoinedOn: day(h.joined), LeftOn: optional(h.left)}
				a := chitieu.Assignment{ID: id, PositionID: 1, CadreID: id, StartedOn: day(h.started), EndedOn: optional(h.ended)}
				ds.PutCadre(c)
				ds.Apply(chitieu.Change{Assignment: &a})
				hs = append(hs, chitieu.HoldingOf(&a, &c))
			}
			on := day(tc.on)
			var runs []run
			for _, v := range chitieu.Vacancies(&p, hs, day("2015-01-01"), on) {
				runs = append(runs, run{from: v.From.String(), until: v.Until.String()})
			}
			if !slices.Equal(runs, tc.runs) {
				t.Errorf("Vacancies = %v, want %v", runs, tc.runs)
			}
			r := ds.AnnualReport(on)
			if len(r.Leadership) != 1 {
				t.Fatalf("leadership = %+v, want one position", r.Leadership)
			}
			want := tc.want
			want.Unit, want.UnitName, want.Title, want.CreatedOn = "ban", "Ban Tổ chức", "Phó Trưởng ban", day(tc.created)
			if got := r.Leadership[0]; got != want {
				t.Errorf("report\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestAnnualReportLeadershipPositions: a position created after the report's day is not in
// it; the others come by unit and title.
func TestAnnualReportLeadershipPositions(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "van-phong", Name: "Văn phòng"})
	ds.PutUnit(chitieu.Unit{Code: "ban", Name: "Ban Tổ chức"})
	for _, p := range []chitieu.Position{
		{ID: 1, Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, CreatedOn: day("2014-01-01")},
		{ID: 2, Unit: "ban", Title: "Trưởng ban", Seats: 1, CreatedOn: day("2014-01-01")},
		{ID: 3, Unit: "ban", Title: "Phó Trưởng ban", Seats: 2, CreatedOn: day("2015-12-31")},
		{ID: 4, Unit: "ban", Title: "Ủy viên", Seats: 1, CreatedOn: day("2016-01-01")},
	} {
		ds.Apply(chitieu.Change{Position: &p})
	}
	var got []string
	for _, p := range ds.AnnualReport(day("2015-12-31")).Leadership {
		got = append(got, fmt.Sprintf("%s/%s %d/%d", p.Unit, p.Title, p.Vacant, p.Seats))
	}
	want := []string{"ban/Phó Trưởng ban 2/2", "ban/Trưởng ban 1/1", "van-phong/Chánh Văn phòng 1/1"}
	if !slices.Equal(got, want) {
		t.Errorf("positions %v, want %v", got, want)
	}
}

// TestAnnualReportRecruitment: the rule covers the office's subtree from 2014; on 2015-12-31
// four cadres break it, in two units.
func TestAnnualReportRecruitment(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "co-quan", Name: "Cơ quan Tỉnh Đoàn", Parent: "tinh"})
	ds.PutUnit(chitieu.Unit{Code: "van-phong", Name: "Văn phòng", Parent: "co-quan"})
	ds.PutUnit(chitieu.Unit{Code: "huyen", Name: "Huyện Đoàn", Parent: "tinh"})
	rule := chitieu.DefaultRecruitmentRule()
	rule.ScopeUnit = "co-quan"
	ds.Apply(chitieu.Change{RecruitmentRule: &rule})
	exam := func(result chitieu.ExamResult) chitieu.Hiring {
		return chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: day("2014-02-01"), ExamResult: result}
	}
	for _, c := range []chitieu.Cadre{
		{ID: 1, FullName: "Trần Văn Bình", Unit: "van-phong", JoinedOn: day("2014-03-01")},                                                               // nothing recorded: breaks it
		{ID: 2, FullName: "Lê Thị Hoa", Unit: "co-quan", JoinedOn: day("2014-03-01"), Hiring: exam(chitieu.ExamFailed)},                                  // failed: breaks it
		{ID: 3, FullName: "Nguyễn Văn An", Unit: "van-phong", JoinedOn: day("2015-12-31"), Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedOther}},  // joined on D: breaks it
		{ID: 4, FullName: "Phạm Văn Cường", Unit: "van-phong", JoinedOn: day("2014-03-01"), Hiring: exam(chitieu.ExamPassed)},                            // passed
		{ID: 5, FullName: "Võ Thị Em", Unit: "van-phong", JoinedOn: day("2014-03-01"), Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedByTransfer}}, // exempt
		{ID: 6, FullName: "Đặng Văn Giang", Unit: "van-phong", JoinedOn: day("2014-03-01"), LeftOn: day("2015-12-31")},                                   // left on D
		{ID: 10, FullName: "Đỗ Văn Đức", Unit: "van-phong", JoinedOn: day("2015-06-01")},                                                                 // breaks it; among the Ds
		{ID: 7, FullName: "Hồ Văn Khoa", Unit: "huyen", JoinedOn: day("2014-03-01")},                                                                     // outside the scope
		{ID: 8, FullName: "Bùi Văn Lâm", Unit: "van-phong", JoinedOn: day("2013-12-31")},                                                                 // before the start date
		{ID: 9, FullName: "Mai Thị Nga", Unit: "van-phong", JoinedOn: day("2016-01-01")},                                                                 // joins after D
	} {
		c.FullTime = true
		ds.PutCadre(c)
	}
	r := ds.AnnualReport(day("2015-12-31")).Recruitment
	if r.Rule.ScopeUnit != "co-quan" || r.ScopeName != "Cơ quan Tỉnh Đoàn" || r.Rule.StartDate != day("2014-01-01") {
		t.Errorf("rule %+v, scope name %q", r.Rule, r.ScopeName)
	}
	var failing []string
	for _, f := range r.Failing {
		failing = append(failing, fmt.Sprintf("%s (%s, %s) %s %s", f.Cadre.FullName, f.Cadre.Unit, f.UnitName, f.Cadre.JoinedOn, f.Cadre.ExamResult))
	}
	want := []string{
		"Lê Thị Hoa (co-quan, Cơ quan Tỉnh Đoàn) 2014-03-01 failed",
		"Đỗ Văn Đức (van-phong, Văn phòng) 2015-06-01 ",
		"Nguyễn Văn An (van-phong, Văn phòng) 2015-12-31 ",
		"Trần Văn Bình (van-phong, Văn phòng) 2014-03-01 ",
	}
	if !slices.Equal(failing, want) {
		t.Errorf("failing\n got %q\nwant %q", failing, want)
	}
	wantUnits := []chitieu.UnitTally{{Unit: "co-quan", Name: "Cơ quan Tỉnh Đoàn", Count: 1}, {Unit: "van-phong", Name: "Văn phòng", Count: 3}}
	if !slices.Equal(r.ByUnit, wantUnits) {
		t.Errorf("by unit %+v, want %+v", r.ByUnit, wantUnits)
	}
}
