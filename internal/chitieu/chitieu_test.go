package chitieu_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

func day(s string) chitieu.Date {
	d, err := chitieu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestDate(t *testing.T) {
	for _, s := range []string{"1900-01-01", "1969-12-31", "1970-01-01", "2013-01-01", "2015-12-31", "2024-02-29", "2100-12-31"} {
		d := day(s)
		if d.String() != s {
			t.Errorf("%s round-trips as %s", s, d)
		}
	}
	if d := chitieu.NewDate(1, time.January, 1); d != 1 {
		t.Errorf("0001-01-01 is %d, want 1 (0 is no date)", d)
	}
	if got := day("2016-01-01") - day("2015-12-31"); got != 1 {
		t.Errorf("consecutive days differ by %d", got)
	}
	if got := day("2015-01-31").AddMonths(1); got != day("2015-02-28") {
		t.Errorf("2015-01-31 + 1 month = %s, want 2015-02-28", got)
	}
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	if got := day("2015-12-31").End(hcm).UTC().Format(time.RFC3339); got != "2015-12-31T17:00:00Z" {
		t.Errorf("end of 2015-12-31 in Ho Chi Minh City = %s", got)
	}
	// 23:30 UTC on 31 Dec is already 1 Jan in Vietnam.
	if got := chitieu.DateOf(time.Date(2015, 12, 31, 23, 30, 0, 0, time.UTC).In(hcm)); got != day("2016-01-01") {
		t.Errorf("DateOf = %s", got)
	}
	var v struct{ D chitieu.Date }
	err := json.Unmarshal([]byte(`{"D":"2015-02-30"}`), &v)
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) || typeErr.Field != "D" {
		t.Errorf("bad date: error %v does not name the field", err)
	}
}

func TestCleanTextAndSearchKey(t *testing.T) {
	nfd := "Nguye\u0302\u0303n Va\u0306n A\u0302n" // "Nguyễn Văn Ân" decomposed
	nfc := "Nguyễn Văn Ân"
	if nfd == nfc {
		t.Fatal("test input is not decomposed")
	}
	if got := chitieu.CleanText("  " + nfd + " \t"); got != nfc {
		t.Errorf("CleanText(NFD) = %q, want %q", got, nfc)
	}
	if got := chitieu.CleanText("Trần   Thị\u00a0 Bình"); got != "Trần Thị Bình" {
		t.Errorf("CleanText folds spaces: %q", got)
	}
	for in, want := range map[string]string{nfd: "nguyen van an", nfc: "nguyen van an", "ĐẶNG Đức": "dang duc", "Hồ Thị Ửng": "ho thi ung"} {
		if got := chitieu.SearchKey(in); got != want {
			t.Errorf("SearchKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRank(t *testing.T) {
	pt := []chitieu.Level{"so_cap", "trung_cap", "cao_cap"}
	for i := 1; i < len(pt); i++ {
		lo, _ := chitieu.Rank(chitieu.PoliticalTheory, pt[i-1])
		hi, _ := chitieu.Rank(chitieu.PoliticalTheory, pt[i])
		if lo >= hi {
			t.Errorf("political theory: %s (%d) should rank below %s (%d)", pt[i-1], lo, pt[i], hi)
		}
	}
	cuNhan, _ := chitieu.Rank(chitieu.PoliticalTheory, "cu_nhan")
	caoCap, _ := chitieu.Rank(chitieu.PoliticalTheory, "cao_cap")
	if cuNhan != caoCap {
		t.Errorf("cu_nhan ranks %d, cao_cap %d: they count the same", cuNhan, caoCap)
	}
	edu := []chitieu.Level{"trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"}
	for i, l := range edu {
		if r, ok := chitieu.Rank(chitieu.Education, l); !ok || r != i+1 {
			t.Errorf("education %s ranks %d, want %d", l, r, i+1)
		}
	}
	if _, ok := chitieu.Rank(chitieu.Education, "cao_cap"); ok {
		t.Error("cao_cap is not an education level")
	}
	if r, ok := chitieu.Rank(chitieu.Education, chitieu.LevelNone); !ok || r != 0 {
		t.Error("no level ranks 0")
	}
}

func TestCadreActiveOn(t *testing.T) {
	c := chitieu.Cadre{JoinedOn: day("2013-03-01"), LeftOn: day("2014-06-30")}
	for _, tc := range []struct {
		on   string
		want bool
	}{
		{"2013-02-28", false}, {"2013-03-01", true}, {"2014-06-29", true}, {"2014-06-30", false}, {"2015-01-01", false},
	} {
		if got := c.ActiveOn(day(tc.on)); got != tc.want {
			t.Errorf("joined 2013-03-01, left 2014-06-30: active on %s = %v, want %v", tc.on, got, tc.want)
		}
	}
	stays := chitieu.Cadre{JoinedOn: day("2013-03-01")}
	if !stays.ActiveOn(day("2030-01-01")) {
		t.Error("a cadre who has not left stays active")
	}
}

func TestValidate(t *testing.T) {
	completed := chitieu.Training{CadreID: 1, Kind: chitieu.PoliticalTheory, Level: "trung_cap", Status: chitieu.Completed,
		StartedOn: day("2013-01-01"), CompletedOn: day("2013-12-01")}
	report := chitieu.YouthReport{Unit: "u", ReportedOn: day("2015-01-01"), YouthPopulation: 100, UnionMembers: 40, AssociationMembers: 30, Gathered: 60}
	target := chitieu.NewTarget()
	target.Code, target.Name, target.Kind, target.MinLevel, target.ScopeUnit = "t", "T", chitieu.TargetPoliticalTheory, "trung_cap", "u"
	target.Threshold, target.BaselineDate, target.Deadline = 0.8, day("2013-01-01"), day("2015-12-31")
	for _, tc := range []struct {
		name  string
		check func() error
		field string // "" when valid
	}{
		{"unit ok", func() error { return (&chitieu.Unit{Code: "rach-gia", Name: "Rạch Giá"}).Validate() }, ""},
		{"unit code upper", func() error { return (&chitieu.Unit{Code: "Rach", Name: "x"}).Validate() }, "code"},
		{"unit code hyphen first", func() error { return (&chitieu.Unit{Code: "-a", Name: "x"}).Validate() }, "code"},
		{"unit own parent", func() error { return (&chitieu.Unit{Code: "a", Name: "x", Parent: "a"}).Validate() }, "parent"},
		{"cadre left on joined", func() error {
			return (&chitieu.Cadre{FullName: "A", Unit: "u", JoinedOn: day("2013-01-01"), LeftOn: day("2013-01-01")}).Validate()
		}, "left_on"},
		{"cadre no joined_on", func() error { return (&chitieu.Cadre{FullName: "A", Unit: "u"}).Validate() }, "joined_on"},
		{"cadre gender", func() error {
			return (&chitieu.Cadre{FullName: "A", Unit: "u", JoinedOn: day("2013-01-01"), Gender: "x"}).Validate()
		}, "gender"},
		{"training ok", func() error { return completed.Validate() }, ""},
		{"training level of other kind", func() error { t := completed; t.Level = "dai_hoc"; return t.Validate() }, "level"},
		{"training level missing", func() error { t := completed; t.Level = ""; return t.Validate() }, "level"},
		{"professional with level", func() error { t := completed; t.Kind = chitieu.Professional; return t.Validate() }, "level"},
		{"completed without date", func() error { t := completed; t.CompletedOn = 0; return t.Validate() }, "completed_on"},
		{"completed before start", func() error { t := completed; t.CompletedOn = day("2012-12-31"); return t.Validate() }, "completed_on"},
		{"planned with completed_on", func() error { t := completed; t.Status = chitieu.Planned; return t.Validate() }, "completed_on"},
		{"bad status", func() error { t := completed; t.Status = "done"; return t.Validate() }, "status"},
		{"report ok", func() error { return report.Validate() }, ""},
		{"gathered below union", func() error { r := report; r.Gathered = 39; return r.Validate() }, "gathered"},
		{"gathered over sum", func() error { r := report; r.Gathered = 71; return r.Validate() }, "gathered"},
		{"gathered over population", func() error { r := report; r.YouthPopulation = 50; return r.Validate() }, "gathered"},
		{"negative members", func() error { r := report; r.UnionMembers = -1; return r.Validate() }, "union_members"},
		{"target ok", func() error { return target.Validate() }, ""},
		{"threshold 0", func() error { t := target; t.Threshold = 0; return t.Validate() }, "threshold"},
		{"threshold 1", func() error { t := target; t.Threshold = 1; return t.Validate() }, ""},
		{"threshold over 1", func() error { t := target; t.Threshold = 1.01; return t.Validate() }, "threshold"},
		{"comparator", func() error { t := target; t.Comparator = "<"; return t.Validate() }, "comparator"},
		{"deadline before baseline", func() error { t := target; t.Deadline = day("2012-01-01"); return t.Validate() }, "deadline"},
		{"min_level of other kind", func() error { t := target; t.MinLevel = "dai_hoc"; return t.Validate() }, "min_level"},
		{"youth with min_level", func() error { t := target; t.Kind = chitieu.TargetYouthGathering; return t.Validate() }, "min_level"},
		{"baseline ratio", func() error { t := target; r := 1.5; t.BaselineRatio = &r; return t.Validate() }, "baseline_ratio"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.check()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if chitieu.ErrorCode(err) != chitieu.EINVALID || !strings.HasPrefix(i18n.Message(i18n.EN, err), tc.field+":") {
				t.Fatalf("want %s invalid naming %q, got %v", chitieu.EINVALID, tc.field, err)
			}
		})
	}
}

func TestExpectedRatio(t *testing.T) {
	tg := &chitieu.Target{Threshold: 0.8, BaselineDate: day("2013-01-01"), Deadline: day("2015-01-01")} // 730 days
	for _, tc := range []struct {
		on   string
		want float64
	}{
		{"2012-06-01", 0.5},  // before the baseline: the baseline
		{"2013-01-01", 0.5},  // on it
		{"2014-01-01", 0.65}, // 365 of 730 days: halfway from 0.5 to 0.8
		{"2015-01-01", 0.8},  // the deadline: the threshold
		{"2016-01-01", 0.8},  // after it: flat
	} {
		if got := chitieu.ExpectedRatio(tg, 0.5, day(tc.on)); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("expected on %s = %v, want %v", tc.on, got, tc.want)
		}
	}
}

func TestStatusOf(t *testing.T) {
	atLeast := &chitieu.Target{Comparator: chitieu.AtLeast, Threshold: 0.8, Tolerance: 0.05, BaselineDate: day("2013-01-01"), Deadline: day("2015-12-31")}
	over := &chitieu.Target{Comparator: chitieu.Over, Threshold: 0.65, Tolerance: 0.05, BaselineDate: day("2013-01-01"), Deadline: day("2015-12-31")}
	before, after := day("2014-06-01"), day("2016-01-01")
	// From the deadline on, the ratio given is the deadline day's.
	deadline, baseline, earlier := day("2015-12-31"), day("2013-01-01"), day("2012-12-31")
	for _, tc := range []struct {
		name     string
		target   *chitieu.Target
		ratio    float64
		defined  bool
		expected float64
		on       chitieu.Date
		want     chitieu.Status
	}{
		{">= exactly at threshold", atLeast, 0.8, true, 0.7, before, chitieu.Achieved},
		{"> exactly at threshold is not achieved", over, 0.65, true, 0.6, before, chitieu.OnTrack},
		{"> above threshold", over, 0.6501, true, 0.6, before, chitieu.Achieved},
		{"> at threshold after deadline", over, 0.65, true, 0.65, after, chitieu.Missed},
		{"achieved after deadline", atLeast, 0.85, true, 0.8, after, chitieu.Achieved},
		{"missed", atLeast, 0.79, true, 0.8, after, chitieu.Missed},
		{"on track at expected", atLeast, 0.7, true, 0.7, before, chitieu.OnTrack},
		{"at risk just below", atLeast, 0.69, true, 0.7, before, chitieu.AtRisk},
		{"at risk at the tolerance edge", atLeast, 0.65, true, 0.7, before, chitieu.AtRisk},
		{"behind past the tolerance", atLeast, 0.6499, true, 0.7, before, chitieu.Behind},
		{"undefined ratio", atLeast, 0, false, 0.7, before, chitieu.Behind},
		{"undefined ratio on the deadline is missed", atLeast, 0, false, 0.8, after, chitieu.Missed},
		{"below on the deadline day itself is missed, not at risk", atLeast, 0.78, true, 0.8, deadline, chitieu.Missed},
		{"at threshold on the deadline day", atLeast, 0.8, true, 0.8, deadline, chitieu.Achieved},
		{"undefined on the deadline day", atLeast, 0, false, 0.8, deadline, chitieu.Missed},
		{"on the baseline day it has started", atLeast, 0.7, true, 0.7, baseline, chitieu.OnTrack},
		{"before the baseline, not behind", atLeast, 0.1, true, 0.7, earlier, chitieu.NotStarted},
		{"before the baseline, undefined", atLeast, 0, false, 0.7, earlier, chitieu.NotStarted},
		{"before the baseline, already met", atLeast, 0.9, true, 0.7, earlier, chitieu.NotStarted},
	} {
		if got := chitieu.StatusOf(tc.target, tc.ratio, tc.defined, tc.expected, tc.on); got != tc.want {
			t.Errorf("%s: status %s, want %s", tc.name, got, tc.want)
		}
	}
}

// Every date outside 1900-01-01..2100-12-31 is refused where it is read, so that none is stored,
// and none as "no date" (0000-12-31 is day 0).
func TestDateRange(t *testing.T) {
	for _, s := range []string{"0000-12-31", "0000-06-15", "0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"} {
		if d, err := chitieu.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %d, want an error", s, d)
		}
		var v struct {
			D chitieu.Date `json:"d"`
		}
		err := json.Unmarshal([]byte(`{"d":"`+s+`"}`), &v)
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &typeErr) || typeErr.Field != "d" {
			t.Errorf("JSON %q: error %v does not name the field", s, err)
		}
	}
	if chitieu.NewDate(0, time.December, 31) != 0 {
		t.Fatal("0000-12-31 is not day 0: the test's premise is wrong")
	}
	for _, tc := range []struct {
		d    chitieu.Date
		want bool
	}{
		{0, false},
		{chitieu.NewDate(1899, 12, 31), false},
		{chitieu.NewDate(1900, 1, 1), true},
		{chitieu.NewDate(2100, 12, 31), true},
		{chitieu.NewDate(2101, 1, 1), false},
		{-5, false},
	} {
		if got := tc.d.InRange(); got != tc.want {
			t.Errorf("%d.InRange() = %v, want %v", tc.d, got, tc.want)
		}
	}
}
