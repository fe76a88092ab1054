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
