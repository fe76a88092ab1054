package main_test

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"chitieu/internal/testenv"
)

type created struct {
	ID int64 `json:"id"`
}

// TestProvinceEndToEnd enters a small province through the API as its staff would and checks
// /metrics against figures worked out by hand (in the comments).
func TestProvinceEndToEnd(t *testing.T) {
	srv := testenv.Start(t, "")
	admin := &testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}

	// The organisation's tree: the province, its office with one department, two districts
	// and a commune.
	for _, u := range []map[string]string{
		{"code": "tinh", "name": "Tỉnh Đoàn Thử Nghiệm"},
		{"code": "co-quan", "name": "Cơ quan Tỉnh Đoàn", "parent": "tinh"},
		{"code": "ban-to-chuc", "name": "Ban Tổ chức – Kiểm tra", "parent": "co-quan"},
		{"code": "huyen-a", "name": "Huyện Đoàn A", "parent": "tinh"},
		{"code": "huyen-b", "name": "Huyện Đoàn B", "parent": "tinh"},
		{"code": "xa-a1", "name": "Đoàn xã A1", "parent": "huyen-a"},
	} {
		admin.Do("POST", "/units", u, http.StatusCreated, nil)
	}
	target := func(code, kind, minLevel, scope, cmp string, threshold float64, baseline, deadline string) map[string]any {
		t := map[string]any{"code": code, "name": "Chỉ tiêu " + code, "kind": kind, "scope_unit": scope,
			"comparator": cmp, "threshold": threshold, "baseline_date": baseline, "deadline": deadline}
		if minLevel != "" {
			t["min_level"] = minLevel
		}
		return t
	}
	admin.Do("POST", "/targets", target("llct", "political_theory", "trung_cap", "co-quan", ">=", 0.75, "2013-01-01", "2015-12-31"), http.StatusCreated, nil)
	admin.Do("POST", "/targets", target("dai-hoc", "education", "dai_hoc", "co-quan", ">=", 0.95, "2013-01-01", "2015-12-31"), http.StatusCreated, nil)
	admin.Do("POST", "/targets", target("tap-hop", "youth_gathering", "", "tinh", ">", 0.65, "2013-01-01", "2015-12-31"), http.StatusCreated, nil)
	admin.Do("POST", "/targets", target("vi-du", "political_theory", "cao_cap", "co-quan", ">=", 0.5, "2026-01-01", "2030-12-31"), http.StatusCreated, nil)
	admin.Do("POST", "/users", map[string]any{"username": "bantochuc", "password": "Đoàn viên ưu tú 2015", "role": "editor"}, http.StatusCreated, nil)

	// The organisation staff enter the records, one with an API token made on the command line.
	out, err := exec.Command(testenv.Binary(t), "token", "create", "--db", srv.DB, "--user", "bantochuc").CombinedOutput()
	if err != nil {
		t.Fatalf("token create: %v: %s", err, out)
	}
	staff := &testenv.Client{T: t, Base: admin.Base, Auth: testenv.Bearer(strings.TrimSpace(string(out))), Label: "editor"}
	viewerLess := &testenv.Client{T: t, Base: admin.Base, Auth: testenv.Basic("bantochuc", "Đoàn viên ưu tú 2015"), Label: "editor (basic)"}

	cadre := func(name, unit, joined, left string, fullTime bool) int64 {
		body := map[string]any{"full_name": name, "unit": unit, "position": "Chuyên viên", "joined_on": joined, "full_time": fullTime}
		if left != "" {
			body["left_on"] = left
		}
		var c created
		staff.Do("POST", "/cadres", body, http.StatusCreated, &c)
		return c.ID
	}
	training := func(cadreID int64, kind, level, status, date string) int64 {
		body := map[string]any{"cadre_id": cadreID, "kind": kind, "level": level, "status": status, "course": "Lớp " + level}
		if status == "completed" {
			body["completed_on"] = date
		} else {
			body["expected_on"] = date
		}
		var tr created
		staff.Do("POST", "/trainings", body, http.StatusCreated, &tr)
		return tr.ID
	}
	an := cadre("Nguyễn Văn An", "ban-to-chuc", "2012-03-01", "", true)
	training(an, "political_theory", "trung_cap", "completed", "2014-05-20")
	training(an, "education", "dai_hoc", "completed", "2010-06-30")
	training(an, "political_theory", "cao_cap", "planned", "2028-06-30")
	binh := cadre("Trần Thị Bình", "co-quan", "2013-01-01", "", true)
	training(binh, "political_theory", "cao_cap", "completed", "2015-03-01")
	training(binh, "education", "dai_hoc", "completed", "2009-06-30")
	training(binh, "education", "thac_si", "completed", "2014-12-01")
	cuong := cadre("Lê Văn Cường", "ban-to-chuc", "2013-08-01", "", true)
	training(cuong, "political_theory", "so_cap", "completed", "2013-01-01")
	training(cuong, "education", "cao_dang", "completed", "2011-06-30")
	training(cuong, "political_theory", "trung_cap", "in_progress", "2027-06-30")
	dung := cadre("Phạm Thị Dung", "co-quan", "2012-01-01", "", false) // part-time: outside the office targets
	training(dung, "political_theory", "trung_cap", "completed", "2014-01-01")
	em := cadre("Hoàng Văn Em", "co-quan", "2012-01-01", "2014-06-30", true) // has left
	training(em, "political_theory", "trung_cap", "completed", "2013-01-01")
	phuong := cadre("Võ Thị Phương", "huyen-a", "2012-01-01", "", true) // outside the office
	training(phuong, "political_theory", "cao_cap", "completed", "2012-01-01")
	// Giang's course was entered as planned, then completed.
	giang := cadre("Đặng Văn Giang", "co-quan", "2015-02-01", "", true)
	course := training(giang, "political_theory", "trung_cap", "planned", "2015-10-01")
	viewerLess.Do("PATCH", fmt.Sprintf("/trainings/%d", course), map[string]any{"status": "completed", "completed_on": "2015-10-01", "expected_on": nil}, http.StatusOK, nil)
	training(giang, "education", "dai_hoc", "completed", "2014-06-30")

	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	staffing := enterStaffing(t, admin, staff, an, binh, cuong, em, giang, hcm)

	for _, r := range []map[string]any{
		{"unit": "xa-a1", "reported_on": "2015-01-15", "youth_population": 4000, "union_members": 2000, "association_members": 1000, "gathered": 2500},
		{"unit": "huyen-a", "reported_on": "2015-06-30", "youth_population": 10000, "union_members": 5000, "association_members": 3000, "gathered": 7000},
		{"unit": "huyen-b", "reported_on": "2015-09-30", "youth_population": 6000, "union_members": 3000, "association_members": 1500, "gathered": 3600},
	} {
		staff.Do("POST", "/youth-reports", r, http.StatusCreated, nil)
	}

	// Today the office's active full-time cadres are An, Bình, Cường and Giang (Dung is
	// part-time, Em has left, Phương is in a district).
	//   llct: An, Bình (cao_cap counts), Giang hold trung_cap or higher: 3/4 = 0.75 >= 0.75: achieved.
	//   dai-hoc: An, Bình (thac_si), Giang; Cường has cao_dang: 3/4 < 0.95, past the deadline: missed.
	//   tap-hop: huyen-a's own report stands for its commune: (7000+3600)/(10000+6000) = 0.6625 > 0.65.
	//   vi-du: only Bình holds cao_cap: 1/4; if An's planned course completes, 2/4 by 2030.
	want := map[string]float64{
		`chitieu_target_numerator{plan="",target="llct"}`:                                      3,
		`chitieu_target_denominator{plan="",target="llct"}`:                                    4,
		`chitieu_target_ratio{plan="",target="llct"}`:                                          0.75,
		`chitieu_target_status{plan="",status="achieved",target="llct"}`:                       1,
		`chitieu_target_status{plan="",status="missed",target="llct"}`:                         0,
		`chitieu_target_threshold_ratio{plan="",target="llct"}`:                                0.75,
		`chitieu_target_projected_ratio{plan="",target="llct"}`:                                0.75,
		`chitieu_target_baseline_timestamp_seconds{plan="",target="llct"}`:                     float64(time.Date(2013, 1, 1, 0, 0, 0, 0, hcm).Unix()),
		`chitieu_target_deadline_timestamp_seconds{plan="",target="llct"}`:                     float64(time.Date(2016, 1, 1, 0, 0, 0, 0, hcm).Unix()),
		`chitieu_unit_target_numerator{plan="",target="llct",unit="ban-to-chuc"}`:              1,
		`chitieu_unit_target_denominator{plan="",target="llct",unit="ban-to-chuc"}`:            2,
		`chitieu_unit_target_numerator{plan="",target="llct",unit="co-quan"}`:                  2,
		`chitieu_unit_target_denominator{plan="",target="llct",unit="co-quan"}`:                2,
		`chitieu_target_ratio{plan="",target="dai-hoc"}`:                                       0.75,
		`chitieu_target_status{plan="",status="missed",target="dai-hoc"}`:                      1,
		`chitieu_target_numerator{plan="",target="tap-hop"}`:                                   10600,
		`chitieu_target_denominator{plan="",target="tap-hop"}`:                                 16000,
		`chitieu_target_ratio{plan="",target="tap-hop"}`:                                       0.6625,
		`chitieu_target_status{plan="",status="achieved",target="tap-hop"}`:                    1,
		`chitieu_target_projected_ratio{plan="",target="tap-hop"}`:                             0.6625, // no report in the last 365 days
		`chitieu_unit_target_numerator{plan="",target="tap-hop",unit="huyen-a"}`:               7000,
		`chitieu_unit_target_denominator{plan="",target="tap-hop",unit="huyen-b"}`:             6000,
		`chitieu_target_ratio{plan="",target="vi-du"}`:                                         0.25,
		`chitieu_target_projected_ratio{plan="",target="vi-du"}`:                               0.5,
		`chitieu_target_baseline_ratio{plan="",target="vi-du"}`:                                0.25,
		`chitieu_youth_gathered{unit="xa-a1"}`:                                                 2500,
		`chitieu_youth_population{unit="huyen-a"}`:                                             10000,
		`chitieu_youth_report_timestamp_seconds{unit="huyen-b"}`:                               float64(time.Date(2015, 9, 30, 0, 0, 0, 0, hcm).Unix()),
		`chitieu_unit_info{name="Ban Tổ chức – Kiểm tra",parent="co-quan",unit="ban-to-chuc"}`: 1,
		// co-quan: Bình (cao_cap, thac_si), Giang (trung_cap, dai_hoc), Dung part-time (trung_cap, none).
		`chitieu_cadres{full_time="true",unit="co-quan"}`:                       2,
		`chitieu_cadres{full_time="false",unit="co-quan"}`:                      1,
		`chitieu_cadres{full_time="true",unit="ban-to-chuc"}`:                   2,
		`chitieu_cadres_by_political_theory{level="trung_cap",unit="co-quan"}`:  2,
		`chitieu_cadres_by_political_theory{level="cao_cap",unit="co-quan"}`:    1,
		`chitieu_cadres_by_education{level="none",unit="co-quan"}`:              1,
		`chitieu_cadres_by_education{level="cao_dang",unit="ban-to-chuc"}`:      1,
		`chitieu_cadres_by_political_theory{level="so_cap",unit="ban-to-chuc"}`: 1,
		`chitieu_trainings{kind="political_theory",status="completed"}`:         7,
		`chitieu_trainings{kind="political_theory",status="planned"}`:           1,
		`chitieu_trainings{kind="political_theory",status="in_progress"}`:       1,
		`chitieu_trainings{kind="education",status="completed"}`:                5,
	}
	// vi-du's schedule runs from 0.25 on 2026-01-01 to 0.5 on 2030-12-31; today's point on it:
	today := time.Now().In(hcm)
	todayDay := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	start, end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC)
	frac := math.Min(1, math.Max(0, todayDay.Sub(start).Hours()/end.Sub(start).Hours()))
	expected := 0.25 + 0.25*frac
	want[`chitieu_target_expected_ratio{plan="",target="vi-du"}`] = expected
	status := "behind"
	if 0.25 >= expected {
		status = "on_track"
	} else if 0.25 >= expected-0.05 {
		status = "at_risk"
	}
	want[fmt.Sprintf(`chitieu_target_status{plan="",status=%q,target="vi-du"}`, status)] = 1
	for series, v := range staffing {
		want[series] = v
	}

	body := waitForMetrics(t, srv.URL, want)
	if !strings.Contains(body, `chitieu_http_requests_total{code="201",method="POST",route="/api/v1/cadres"} 8`) {
		t.Errorf("HTTP requests are not counted by route pattern:\n%s", grep(body, "chitieu_http_requests_total"))
	}
	for _, series := range absentStaffingSeries {
		if _, ok := parseSeries(body)[series]; ok {
			t.Errorf("%s should not be exported", series)
		}
	}
	if strings.Contains(body, `route="/api/v1/trainings/`+strconv.FormatInt(course, 10)) {
		t.Error("a raw path leaked into the route label")
	}
	if !strings.Contains(body, "go_goroutines") || !strings.Contains(body, "process_resident_memory_bytes") || !strings.Contains(body, "chitieu_build_info{") {
		t.Error("the Go, process and build collectors are missing")
	}
	promtool := testenv.Command(t, "prometheus", "promtool")
	check := exec.Command(promtool, "check", "metrics")
	check.Stdin = strings.NewReader(body)
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}

	// The API answers the same figures, and as of a past day from the records.
	var llct struct {
		Ratio  *float64 `json:"ratio"`
		Status string   `json:"status"`
	}
	admin.Do("GET", "/targets/llct", nil, http.StatusOK, &llct)
	if llct.Ratio == nil || *llct.Ratio != 0.75 || llct.Status != "achieved" {
		t.Errorf("GET /targets/llct: %+v", llct)
	}
	// On 2014-01-01: An (trung_cap only from May), Bình, Cường and Em active full-time; only Em
	// qualifies: 1/4.
	admin.Do("GET", "/targets/llct?as_of=2014-01-01", nil, http.StatusOK, &llct)
	if llct.Ratio == nil || *llct.Ratio != 0.25 {
		t.Errorf("GET /targets/llct?as_of=2014-01-01: ratio %v, want 0.25", llct.Ratio)
	}

	// SIGTERM shuts the service down cleanly.
	if err := srv.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("no exit 30 s after SIGTERM")
	}
}

// waitForMetrics scrapes /metrics until every series in want has its value (the figures are
// recomputed just after each write), and returns the last scrape.
func waitForMetrics(t *testing.T, base string, want map[string]float64) string {
	t.Helper()
	var body string
	var wrong []string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body = string(raw)
		got := parseSeries(body)
		wrong = wrong[:0]
		for series, value := range want {
			v, ok := got[series]
			if !ok || math.Abs(v-value) > 1e-9 {
				wrong = append(wrong, fmt.Sprintf("%s = %v (found: %v), want %v", series, v, ok, value))
			}
		}
		if len(wrong) == 0 {
			return body
		}
	}
	sort.Strings(wrong)
	t.Fatalf("metrics differ:\n%s", strings.Join(wrong, "\n"))
	return ""
}

// parseSeries reads the samples of a text exposition, keyed by "name{labels}" as written.
func parseSeries(body string) map[string]float64 {
	out := map[string]float64{}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if v, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
			out[line[:i]] = v
		}
	}
	return out
}

func grep(body, prefix string) string {
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
