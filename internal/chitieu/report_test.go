package chitieu

import (
	"fmt"
	"strings"
	"testing"
)

func TestMatchKey(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"Ban Tổ chức – Kiểm tra", "ban to chuc - kiem tra"},
		{"Trình độ LLCT", "trinh do  llct"},
		{"Đơn vị", "DON VI"},
		{"Họ và tên", "Ho_va_ten"},
	} {
		if MatchKey(tt.a) != MatchKey(tt.b) {
			t.Errorf("MatchKey(%q) = %q, MatchKey(%q) = %q", tt.a, MatchKey(tt.a), tt.b, MatchKey(tt.b))
		}
	}
	if MatchKey("Văn phòng") == MatchKey("Văn phòng 2") {
		t.Error("digits must count")
	}
}

func TestMessageIn(t *testing.T) {
	if (Message{VI: "một", EN: "one"}).In("en") != "one" || (Message{VI: "một", EN: "one"}).In("fr") != "một" {
		t.Error("Message.In")
	}
}

// TestAnnualReport works out a review by hand: two office cadres, one of whom completed
// trung cấp in 2013, on 2013-12-31; training of the year grouped by course.
func TestAnnualReport(t *testing.T) {
	ds := NewDataset()
	ds.PutUnit(Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(Unit{Code: "vp", Name: "Văn phòng", Parent: "tinh"})
	ds.PutCadre(Cadre{ID: 1, FullName: "A", Unit: "vp", FullTime: true, JoinedOn: NewDate(2010, 1, 1)})
	ds.PutCadre(Cadre{ID: 2, FullName: "B", Unit: "tinh", FullTime: true, JoinedOn: NewDate(2010, 1, 1)})
	ds.PutTraining(Training{ID: 1, CadreID: 1, Kind: PoliticalTheory, Level: "trung_cap", Course: "TC LLCT", Provider: "Trường Chính trị",
		Status: Completed, StartedOn: NewDate(2012, 9, 1), CompletedOn: NewDate(2013, 6, 30)})
	ds.PutTraining(Training{ID: 2, CadreID: 2, Kind: PoliticalTheory, Level: "trung_cap", Course: "TC LLCT", Provider: "Trường Chính trị",
		Status: InProgress, StartedOn: NewDate(2013, 9, 1), ExpectedOn: NewDate(2015, 6, 30)})
	ds.PutTraining(Training{ID: 3, CadreID: 2, Kind: Professional, Course: "Nghiệp vụ", Status: Completed,
		StartedOn: NewDate(2012, 3, 1), CompletedOn: NewDate(2012, 3, 15)}) // the year before: left out
	ds.PutTarget(Target{Code: "llct", Name: "LLCT", Kind: TargetPoliticalTheory, MinLevel: "trung_cap", ScopeUnit: "tinh",
		FullTimeOnly: true, Comparator: AtLeast, Threshold: 0.8, BaselineDate: NewDate(2013, 1, 1), Deadline: NewDate(2015, 12, 31), Tolerance: 0.05})

	r := ds.AnnualReport(NewDate(2013, 12, 31))
	if r.From != NewDate(2013, 1, 1) || len(r.Targets) != 1 {
		t.Fatalf("report = %+v", r)
	}
	tr := r.Targets[0]
	// On 2013-12-31: 1 of 2 (cadre 1 completed in June). On the baseline 2013-01-01: 0 of 2.
	if tr.Progress.Numerator != 1 || tr.Progress.Denominator != 2 || tr.Baseline.Numerator != 0 || tr.Baseline.Denominator != 2 {
		t.Errorf("progress %+v, baseline %+v", tr.Progress, tr.Baseline)
	}
	var units []string
	for _, u := range tr.Units {
		units = append(units, u.Unit+":"+u.Name)
	}
	if strings.Join(units, ",") != "tinh:Tỉnh Đoàn,vp:Văn phòng" || tr.Units[1].Numerator != 1 || tr.Units[0].Numerator != 0 {
		t.Errorf("units = %+v", tr.Units)
	}
	// One course in 2013: two cadres (one completed in June, one started in September).
	if len(r.Training) != 1 || r.Training[0].Cadres != 2 || r.Training[0].Completed != 1 || r.Training[0].Course != "TC LLCT" {
		t.Errorf("training = %+v", r.Training)
	}
}

// TestAnnualReportPlansAndTree: the review of 2015-12-31 groups its targets by plan, the plan
// in force then first, and names each unit of the day's tree as it was then; the unit renamed
// on 2025-07-01 bears its new name in a review of 2026.
func TestAnnualReportPlansAndTree(t *testing.T) {
	ds := NewDataset()
	tinh := Unit{Code: "tinh", Name: "Tỉnh Đoàn An Giang"}
	tinh.SetVersions([]UnitVersion{{Name: "Tỉnh Đoàn Kiên Giang"}, {From: NewDate(2025, 7, 1), Name: "Tỉnh Đoàn An Giang"}})
	ds.PutUnit(tinh)
	ds.PutCadre(Cadre{ID: 1, FullName: "A", Unit: "tinh", FullTime: true, JoinedOn: NewDate(2010, 1, 1)})
	old := &Plan{Code: "kh-2013", Name: "2013–2015", StartsOn: NewDate(2013, 1, 1), EndsOn: NewDate(2015, 12, 31), ScopeUnit: "tinh"}
	cur := &Plan{Code: "kh-2025", Name: "2025–2030", StartsOn: NewDate(2025, 10, 1), EndsOn: NewDate(2030, 9, 30), ScopeUnit: "tinh"}
	for _, tg := range []Target{{Code: "a", Plan: "kh-2013", Deadline: NewDate(2015, 12, 31)}, {Code: "b", Plan: "kh-2025", Deadline: NewDate(2030, 9, 30)},
		{Code: "c", Deadline: NewDate(2030, 9, 30)}} {
		tg.Name, tg.Kind, tg.ScopeUnit, tg.Comparator, tg.Threshold, tg.BaselineDate = tg.Code, TargetPoliticalTheory, "tinh", AtLeast, 0.5, NewDate(2013, 1, 1)
		tg.MinLevel = "trung_cap"
		ds.PutTarget(tg)
	}
	for _, c := range []struct {
		day   Date
		want  string // plan:in force:targets, …
		scope string
	}{
		{NewDate(2015, 12, 31), "kh-2013:true:a kh-2025:false:b :false:c", "Tỉnh Đoàn Kiên Giang"},
		{NewDate(2026, 1, 1), "kh-2025:true:b kh-2013:false:a :false:c", "Tỉnh Đoàn An Giang"},
	} {
		r := ds.AnnualReport(c.day).WithPlans([]*Plan{cur, old})
		var got []string
		for _, p := range r.Plans {
			code := ""
			if p.Plan != nil {
				code = p.Plan.Code
			}
			var ts []string
			for _, tr := range p.Targets {
				ts = append(ts, tr.Target.Code)
				if tr.ScopeName != c.scope || len(tr.Units) != 1 || tr.Units[0].Name != c.scope {
					t.Errorf("%v: target %s scope %q units %+v, want %q", c.day, tr.Target.Code, tr.ScopeName, tr.Units, c.scope)
				}
			}
			got = append(got, fmt.Sprintf("%s:%v:%s", code, p.InForce, strings.Join(ts, ",")))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%v: plans %q, want %q", c.day, strings.Join(got, " "), c.want)
		}
	}
}
