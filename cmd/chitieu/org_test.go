package main_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/demo"
	"chitieu/internal/testenv"
)

type figuresView struct {
	Code          string   `json:"code"`
	Numerator     int64    `json:"numerator"`
	Denominator   int64    `json:"denominator"`
	DeadlineRatio *float64 `json:"deadline_ratio"`
	Status        string   `json:"status"`
	EndsOn        string   `json:"ends_on"`
	EndedBy       string   `json:"ended_by"`
}

type reorgAnswer struct {
	ID            int64                 `json:"id"`
	DryRun        bool                  `json:"dry_run"`
	UnitsCreated  []string              `json:"units_created"`
	UnitsChanged  []string              `json:"units_changed"`
	UnitsEnded    []string              `json:"units_ended"`
	PostingsMoved []chitieu.PostingMove `json:"postings_moved"`
	TargetsEnded  []string              `json:"targets_ended"`
}

// TestDemoMerger2025 applies the 2025 merger to the demo stopped the day before it, through the
// binary: a dry run first, which must report the change and write nothing, then for real. The
// Kiên Giang plan's 2015 verdicts must not move, and the new province's figures after the merger
// must be those counted from the cadres.
func TestDemoMerger2025(t *testing.T) {
	srv := testenv.Start(t, "", "--demo", "--demo-until", "2025-06-30")
	admin := &testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}

	verdicts := func() map[string]figuresView {
		var list struct{ Items []figuresView }
		admin.Do("GET", "/targets?as_of=2016-01-01", nil, http.StatusOK, &list)
		out := map[string]figuresView{}
		for _, f := range list.Items {
			out[f.Code] = f
		}
		return out
	}
	before := verdicts()
	if len(before) == 0 {
		t.Fatal("no targets on the demo")
	}
	// A target on the old province's cadres, to follow across the merger.
	target := func(code, scope string) {
		admin.Do("POST", "/targets", map[string]any{"code": code, "name": "Lý luận chính trị " + code, "kind": "political_theory",
			"min_level": "trung_cap", "scope_unit": scope, "full_time_only": true, "comparator": ">=", "threshold": 0.8,
			"baseline_date": "2024-01-01", "deadline": "2027-12-31", "tolerance": 0.05}, http.StatusCreated, nil)
	}
	target("kg-llct", demo.Province)
	// The old province's figures on the merger's day, as if it had not happened, and on its last day.
	var old, lastDay figuresView
	admin.Do("GET", "/targets/kg-llct?as_of=2025-07-01", nil, http.StatusOK, &old)
	admin.Do("GET", "/targets/kg-llct?as_of=2025-06-30", nil, http.StatusOK, &lastDay)

	// The cadres the merger must move: those in post today in the district unions (none leaves
	// after 2015 in the demo) and in the province's own union.
	inPost := func(unit string) int {
		var list struct{ Total int }
		admin.Do("GET", "/cadres?active=true&limit=1&unit="+unit, nil, http.StatusOK, &list)
		return list.Total
	}
	wantMoved := inPost(demo.Province) - inPost(demo.Office)
	var wantEnded []string
	for _, u := range demo.Units() {
		if u.Parent == demo.Province && u.Code != demo.Office || u.Code == demo.Province {
			wantEnded = append(wantEnded, u.Code)
		}
	}
	slices.Sort(wantEnded)

	merger := demo.Merger()
	var dry reorgAnswer
	admin.Do("POST", "/reorganisations?dry_run=true", merger, http.StatusOK, &dry)
	if !dry.DryRun || dry.ID != 0 {
		t.Errorf("dry run: dry_run %v, id %d", dry.DryRun, dry.ID)
	}
	if !slices.Equal(dry.UnitsEnded, wantEnded) {
		t.Errorf("dry run: units ended %v, want %v", dry.UnitsEnded, wantEnded)
	}
	if want := []string{"an-giang-moi", "dac-khu-phu-quoc", "phuong-rach-gia", "phuong-vinh-thong", "xa-an-bien", "xa-u-minh-thuong"}; !slices.Equal(dry.UnitsCreated, want) {
		t.Errorf("dry run: units created %v, want %v", dry.UnitsCreated, want)
	}
	if len(dry.PostingsMoved) != wantMoved || wantMoved == 0 {
		t.Errorf("dry run: %d postings moved, want %d (the cadres in post in the province and its districts)", len(dry.PostingsMoved), wantMoved)
	}
	if !slices.Contains(dry.TargetsEnded, "kg-llct") || !slices.Contains(dry.TargetsEnded, demo.YouthTarget) {
		t.Errorf("dry run: targets ended %v, want kg-llct and %s", dry.TargetsEnded, demo.YouthTarget)
	}
	admin.Do("GET", "/units/"+demo.NewProvince, nil, http.StatusNotFound, nil)

	var done reorgAnswer
	admin.Do("POST", "/reorganisations", merger, http.StatusCreated, &done)
	if done.ID == 0 || done.DryRun || !slices.Equal(done.UnitsEnded, dry.UnitsEnded) || len(done.PostingsMoved) != len(dry.PostingsMoved) {
		t.Errorf("the merger did not do what its dry run said: %+v, dry run %+v", done, dry)
	}
	// Applied twice, it is refused: the units it ends no longer exist on its day.
	admin.Do("POST", "/reorganisations", merger, http.StatusConflict, nil)

	// The plan's 2015 verdicts are the same.
	for code, b := range verdicts() {
		if code == "kg-llct" {
			continue
		}
		if a := before[code]; a.Status != b.Status || a.Numerator != b.Numerator || a.Denominator != b.Denominator || !sameRatio(a.DeadlineRatio, b.DeadlineRatio) {
			t.Errorf("%s in 2016: %+v after the merger, %+v before", code, b, a)
		}
	}

	// The new province on its first day counts what the old one would have counted that day.
	target("ag-llct", demo.NewProvince)
	var now figuresView
	admin.Do("GET", "/targets/ag-llct?as_of=2025-07-01", nil, http.StatusOK, &now)
	if old.Denominator == 0 || old.Numerator != now.Numerator || old.Denominator != now.Denominator {
		t.Errorf("kien-giang on 2025-07-01 before the merger %d/%d, an-giang-moi that day after it %d/%d", old.Numerator, old.Denominator, now.Numerator, now.Denominator)
	}
	// The old province's target ended with it, its verdict that of its last day.
	var ended figuresView
	admin.Do("GET", "/targets/kg-llct?as_of=2026-01-01", nil, http.StatusOK, &ended)
	if ended.EndedBy != chitieu.EndedByDissolution || ended.EndsOn != "2025-06-30" || ended.Denominator != 0 ||
		ended.DeadlineRatio == nil || *ended.DeadlineRatio != float64(lastDay.Numerator)/float64(lastDay.Denominator) {
		t.Errorf("kg-llct after the merger: %+v, want ended by the dissolution with the ratio of 2025-06-30 (%d/%d)", ended, lastDay.Numerator, lastDay.Denominator)
	}

	// Today, counted from the cadres in post in the new province's tree.
	var cadres struct {
		Items []chitieu.Cadre
		Total int
	}
	admin.Do("GET", "/cadres?active=true&limit=1000&unit="+demo.NewProvince, nil, http.StatusOK, &cadres)
	var want chitieu.Counts
	minRank, _ := chitieu.Rank(chitieu.PoliticalTheory, "trung_cap")
	for _, c := range cadres.Items {
		if !c.FullTime {
			continue
		}
		want.Denominator++
		if rank, _ := chitieu.Rank(chitieu.PoliticalTheory, c.PoliticalTheoryLevel); rank >= minRank {
			want.Numerator++
		}
	}
	admin.Do("GET", "/targets/ag-llct", nil, http.StatusOK, &now)
	if cadres.Total != len(cadres.Items) || now.Numerator != want.Numerator || now.Denominator != want.Denominator {
		t.Errorf("an-giang-moi today: %d/%d, counted from its %d cadres %d/%d", now.Numerator, now.Denominator, cadres.Total, want.Numerator, want.Denominator)
	}

	// The tree of each day.
	unitsOn := func(day string) map[string]chitieu.Unit {
		var list struct{ Items []chitieu.Unit }
		admin.Do("GET", "/units?limit=1000&as_of="+day, nil, http.StatusOK, &list)
		out := map[string]chitieu.Unit{}
		for _, u := range list.Items {
			out[u.Code] = u
		}
		return out
	}
	june, july := unitsOn("2025-06-30"), unitsOn("2025-07-01")
	if u, ok := june["rach-gia"]; !ok || u.Parent != demo.Province || june[demo.Office].Name != "Cơ quan Tỉnh Đoàn" {
		t.Errorf("the tree of 2025-06-30: rach-gia %+v, office %+v", u, june[demo.Office])
	}
	if _, ok := july["rach-gia"]; ok || july["phuong-vinh-thong"].Parent != demo.NewProvince ||
		july[demo.Office].Parent != demo.NewProvince || july[demo.Office].Name != "Cơ quan Tỉnh Đoàn An Giang" {
		t.Errorf("the tree of 2025-07-01: %+v", july)
	}
	var history chitieu.UnitHistory
	admin.Do("GET", "/units/rach-gia/history", nil, http.StatusOK, &history)
	if len(history.Events) != 1 || history.Events[0].ID != done.ID || history.Unit.DissolvedOn != chitieu.NewDate(2025, 7, 1) {
		t.Errorf("rach-gia's history: %+v", history)
	}

	// A cadre moved by the merger has two postings or more, the last from its day.
	moved := done.PostingsMoved[0]
	var postings struct{ Items []chitieu.Posting }
	admin.Do("GET", fmt.Sprintf("/cadres/%d/postings", moved.CadreID), nil, http.StatusOK, &postings)
	if n := len(postings.Items); n < 2 || postings.Items[n-1].Unit != moved.To || postings.Items[n-1].From != chitieu.NewDate(2025, 7, 1) {
		t.Errorf("cadre %d's postings: %+v", moved.CadreID, postings.Items)
	}
}

func sameRatio(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// TestMoveThroughTheAPI: a cadre moved from a day counts in the old unit before it and in the new
// one from it; a correction (PATCH) changes the current posting only.
func TestMoveThroughTheAPI(t *testing.T) {
	srv := testenv.Start(t, "")
	admin := &testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}
	for _, u := range []map[string]string{{"code": "p", "name": "P"}, {"code": "a", "name": "A", "parent": "p"}, {"code": "b", "name": "B", "parent": "p"}} {
		admin.Do("POST", "/units", u, http.StatusCreated, nil)
	}
	var c chitieu.Cadre
	admin.Do("POST", "/cadres", map[string]any{"full_name": "Nguyễn Văn A", "unit": "a", "joined_on": "2020-01-01"}, http.StatusCreated, &c)
	for _, code := range []string{"a", "b"} {
		admin.Do("POST", "/targets", map[string]any{"code": "t-" + code, "name": code, "kind": "political_theory", "min_level": "so_cap",
			"scope_unit": code, "full_time_only": true, "comparator": ">=", "threshold": 0.8, "baseline_date": "2020-01-01",
			"deadline": "2030-12-31", "tolerance": 0.05}, http.StatusCreated, nil)
	}
	admin.Do("POST", fmt.Sprintf("/cadres/%d/postings", c.ID), map[string]any{"unit": "b", "full_time": true, "position": "Phó Bí thư", "from": "2022-03-01"}, http.StatusCreated, nil)
	// The same day twice, and before joining, are refused.
	admin.Do("POST", fmt.Sprintf("/cadres/%d/postings", c.ID), map[string]any{"unit": "a", "full_time": true, "from": "2022-03-01"}, http.StatusConflict, nil)
	admin.Do("POST", fmt.Sprintf("/cadres/%d/postings", c.ID), map[string]any{"unit": "a", "full_time": true, "from": "2019-03-01"}, http.StatusUnprocessableEntity, nil)
	for _, tc := range []struct {
		target, on string
		den        int64
	}{{"t-a", "2022-02-28", 1}, {"t-a", "2022-03-01", 0}, {"t-b", "2022-02-28", 0}, {"t-b", "2022-03-01", 1}} {
		var f figuresView
		admin.Do("GET", "/targets/"+tc.target+"?as_of="+tc.on, nil, http.StatusOK, &f)
		if f.Denominator != tc.den {
			t.Errorf("%s on %s: %d cadres, want %d", tc.target, tc.on, f.Denominator, tc.den)
		}
	}
	var got chitieu.Cadre
	admin.Do("GET", fmt.Sprintf("/cadres/%d", c.ID), nil, http.StatusOK, &got)
	if got.Unit != "b" || got.Position != "Phó Bí thư" {
		t.Errorf("the cadre after the move: %+v, want the latest posting's unit and position", got)
	}
	// A correction of the current posting: part-time from 2022-03-01, not before.
	admin.Do("PATCH", fmt.Sprintf("/cadres/%d", c.ID), map[string]any{"full_time": false}, http.StatusOK, nil)
	var postings struct{ Items []chitieu.Posting }
	admin.Do("GET", fmt.Sprintf("/cadres/%d/postings", c.ID), nil, http.StatusOK, &postings)
	if len(postings.Items) != 2 || !postings.Items[0].FullTime || postings.Items[1].FullTime {
		t.Errorf("postings after the correction: %+v", postings.Items)
	}
	var f figuresView
	admin.Do("GET", "/targets/t-a?as_of=2022-02-28", nil, http.StatusOK, &f)
	if f.Denominator != 1 {
		t.Errorf("t-a before the move after the correction: %d cadres, want 1", f.Denominator)
	}
}
