package main_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"chitieu/internal/testenv"
)

// TestWriteVisibleAtOnce: a write of a cadre or a training record shows on /metrics and in
// another user's figures from the API on the very next request, with no wait and no retry: the
// figures are updated by the change, not recomputed later. (The target itself, a change
// recomputed in full, is waited for.)
func TestWriteVisibleAtOnce(t *testing.T) {
	srv := testenv.Start(t, "")
	admin := &testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}
	admin.Do("POST", "/units", map[string]string{"code": "tinh", "name": "Tỉnh Đoàn"}, http.StatusCreated, nil)
	admin.Do("POST", "/units", map[string]string{"code": "xa", "name": "Đoàn xã", "parent": "tinh"}, http.StatusCreated, nil)
	admin.Do("POST", "/targets", map[string]any{"code": "llct", "name": "Lý luận chính trị", "kind": "political_theory",
		"min_level": "trung_cap", "scope_unit": "tinh", "comparator": ">=", "threshold": 0.8,
		"baseline_date": "2020-01-01", "deadline": "2035-12-31"}, http.StatusCreated, nil)
	admin.Do("POST", "/users", map[string]any{"username": "ban", "password": "Đoàn viên ưu tú 2015", "role": "editor"}, http.StatusCreated, nil)
	reader := &testenv.Client{T: t, Base: admin.Base, Auth: testenv.Basic("ban", "Đoàn viên ưu tú 2015"), Label: "another user"}

	check := func(when string, num, den int64) {
		t.Helper()
		got := parseSeries(scrape(t, srv.URL))
		for series, want := range map[string]int64{
			`chitieu_target_numerator{plan="",target="llct"}`:   num,
			`chitieu_target_denominator{plan="",target="llct"}`: den,
		} {
			if v, ok := got[series]; !ok || v != float64(want) {
				t.Fatalf("%s: /metrics has %s = %v (found: %v), want %d", when, series, v, ok, want)
			}
		}
		var view struct{ Numerator, Denominator int64 }
		reader.Do("GET", "/targets/llct", nil, http.StatusOK, &view)
		if view.Numerator != num || view.Denominator != den {
			t.Fatalf("%s: the API gives another user %d/%d, want %d/%d", when, view.Numerator, view.Denominator, num, den)
		}
	}
	// A new target is a change recomputed in full, soon but not at once.
	waitForMetrics(t, srv.URL, map[string]float64{`chitieu_target_denominator{plan="",target="llct"}`: 0})
	check("before any cadre", 0, 0)
	for i := range int64(10) {
		var c struct{ ID int64 }
		unit := []string{"tinh", "xa"}[i%2]
		admin.Do("POST", "/cadres", map[string]any{"full_name": fmt.Sprint("Cán bộ ", i), "unit": unit, "position": "Chuyên viên",
			"joined_on": "2021-01-01", "full_time": true}, http.StatusCreated, &c)
		check(fmt.Sprintf("cadre %d entered", i+1), i, i+1)
		admin.Do("POST", "/trainings", map[string]any{"cadre_id": c.ID, "kind": "political_theory", "level": "trung_cap",
			"status": "completed", "completed_on": "2022-06-30", "course": "Trung cấp"}, http.StatusCreated, nil)
		check(fmt.Sprintf("cadre %d qualified", i+1), i+1, i+1)
	}
}

// scrape returns the text exposition of /metrics.
func scrape(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d, %v", resp.StatusCode, err)
	}
	return string(body)
}
