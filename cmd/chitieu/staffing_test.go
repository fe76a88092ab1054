package main_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/testenv"
)

// enterStaffing enters recruitment and leadership positions into TestProvinceEndToEnd's province
// and returns the /metrics values they must give, worked out by hand (in the comments). Its
// cadres: An (ban-to-chuc, joined 2012-03-01), Bình (co-quan, 2013-01-01), Cường (ban-to-chuc,
// 2013-08-01), Em (co-quan, 2012-01-01, left 2014-06-30) and Giang (co-quan, 2015-02-01), all
// full-time.
func enterStaffing(t *testing.T, admin, staff *testenv.Client, an, binh, cuong, em, giang int64, hcm *time.Location) map[string]float64 {
	t.Helper()
	dayStart := func(y int, m time.Month, d int) float64 { return float64(time.Date(y, m, d, 0, 0, 0, 0, hcm).Unix()) }

	// Recruitment: the rule covers the office only. Giang (2015) failed the exam; Khoa, hired
	// in 2015 in a district without a recorded recruitment, is outside the rule's scope.
	admin.Do("PUT", "/rules/recruitment", map[string]any{"start_date": "2014-01-01", "scope_unit": "co-quan",
		"exempt": []string{"transfer", "election"}}, http.StatusOK, nil)
	staff.Do("PATCH", fmt.Sprintf("/cadres/%d", giang), map[string]any{"recruitment": "exam", "exam_on": "2015-01-10",
		"exam_result": "failed"}, http.StatusOK, nil)
	staff.Do("POST", "/cadres", map[string]any{"full_name": "Đỗ Văn Khoa", "unit": "huyen-a", "joined_on": "2015-03-01"},
		http.StatusCreated, nil)
	var failing struct {
		Items []created `json:"items"`
		Total int       `json:"total"`
	}
	admin.Do("GET", "/cadres?recruitment_check=failing", nil, http.StatusOK, &failing)
	if failing.Total != 1 || failing.Items[0].ID != giang {
		t.Errorf("cadres failing the recruitment rule: %+v, want only Giang (%d)", failing, giang)
	}

	// Leadership: Trưởng Ban of ban-to-chuc (1 seat from 2014-01-01), held by An from
	// 2014-03-01; Phó Bí thư of co-quan (2 seats from 2013-01-01), held by Bình from 2013-01-01
	// and by Em until he left on 2014-06-30 (his assignment ends that day on its own), then by
	// Cường from 2014-09-01 to 2015-01-01, the day his assignment ends. Today one Phó Bí thư
	// seat is vacant, since 2015-01-01 (it was filled on 2014-12-31).
	var head, deputy created
	admin.Do("POST", "/positions", map[string]any{"unit": "ban-to-chuc", "title": "Trưởng Ban", "seats": 1, "created_on": "2014-01-01"}, http.StatusCreated, &head)
	admin.Do("POST", "/positions", map[string]any{"unit": "co-quan", "title": "Phó Bí thư", "seats": 2, "created_on": "2013-01-01"}, http.StatusCreated, &deputy)
	assign := func(position, cadre int64, started, ended string, want int) map[string]any {
		body := map[string]any{"cadre_id": cadre, "started_on": started}
		if ended != "" {
			body["ended_on"] = ended
		}
		var out map[string]any
		staff.Do("POST", fmt.Sprintf("/positions/%d/assignments", position), body, want, &out)
		return out
	}
	assign(head.ID, an, "2014-03-01", "", http.StatusCreated)
	assign(deputy.ID, binh, "2013-01-01", "", http.StatusCreated)
	if a := assign(deputy.ID, em, "2013-01-01", "", http.StatusCreated); a["ended_on"] != "2014-06-30" {
		t.Errorf("Em's assignment: %v, want it ended on the day he left", a)
	}
	a := assign(deputy.ID, cuong, "2014-09-01", "", http.StatusCreated)
	staff.Do("PATCH", fmt.Sprintf("/assignments/%v", a["id"]), map[string]any{"ended_on": "2015-01-01"}, http.StatusOK, nil)
	assign(head.ID, giang, "2015-02-01", "", http.StatusConflict) // the one seat is An's

	// Professional courses of the Central Union within 730 days: An's of 2014-06-01 and Bình's
	// planned for 2015-11-01 (Giang's is the province's). Today (long after 2015) no course is
	// that recent: 0 of An, Bình, Cường and Giang, missed. At the deadline An's and Bình's count
	// if Bình's completes: 2/4. On the baseline (An, Bình, Em in post, none trained): 0.
	admin.Do("POST", "/targets", map[string]any{"code": "nghiep-vu", "name": "Bồi dưỡng nghiệp vụ Trung ương Đoàn",
		"kind": "professional_training", "scope_unit": "co-quan", "threshold": 0.5, "baseline_date": "2013-01-01",
		"deadline": "2015-12-31", "window_days": 730, "provider": "Trung ương Đoàn"}, http.StatusCreated, nil)
	for _, tr := range []map[string]any{
		{"cadre_id": an, "kind": "professional", "course": "Bồi dưỡng cán bộ Đoàn", "provider": "Ban Tổ chức Trung ương Đoàn", "status": "completed", "completed_on": "2014-06-01"},
		{"cadre_id": giang, "kind": "professional", "course": "Tập huấn nghiệp vụ", "provider": "Tỉnh Đoàn Thử Nghiệm", "status": "completed", "completed_on": "2015-09-01"},
		{"cadre_id": binh, "kind": "professional", "course": "Bồi dưỡng nghiệp vụ", "provider": "Trung ương Đoàn", "status": "planned", "expected_on": "2015-11-01"},
	} {
		staff.Do("POST", "/trainings", tr, http.StatusCreated, nil)
	}

	checkAnnualReview(t, admin)

	return map[string]float64{
		`chitieu_cadres_recruited_without_exam{unit="co-quan"}`:                                                                                   1,
		`chitieu_cadres_recruited_without_exam{unit="ban-to-chuc"}`:                                                                               0,
		`chitieu_leadership_seats{title="Trưởng Ban",unit="ban-to-chuc"}`:                                                                         1,
		`chitieu_leadership_vacant_seats{title="Trưởng Ban",unit="ban-to-chuc"}`:                                                                  0,
		`chitieu_leadership_seats{title="Phó Bí thư",unit="co-quan"}`:                                                                             2,
		`chitieu_leadership_vacant_seats{title="Phó Bí thư",unit="co-quan"}`:                                                                      1,
		`chitieu_leadership_vacant_since_timestamp_seconds{title="Phó Bí thư",unit="co-quan"}`:                                                    dayStart(2015, 1, 1),
		`chitieu_target_info{comparator=">=",kind="professional_training",name="Bồi dưỡng nghiệp vụ Trung ương Đoàn",plan="",target="nghiep-vu"}`: 1,
		`chitieu_target_numerator{plan="",target="nghiep-vu"}`:                                                                                    0,
		`chitieu_target_denominator{plan="",target="nghiep-vu"}`:                                                                                  4,
		`chitieu_target_projected_ratio{plan="",target="nghiep-vu"}`:                                                                              0.5,
		`chitieu_target_baseline_ratio{plan="",target="nghiep-vu"}`:                                                                               0,
		`chitieu_target_status{plan="",status="missed",target="nghiep-vu"}`:                                                                       1,
		`chitieu_trainings{kind="professional",status="completed"}`:                                                                               2,
		`chitieu_trainings{kind="professional",status="planned"}`:                                                                                 1,
	}
}

// The series that must not be there: a unit outside the rule's scope, and a vacancy date for a
// title with no vacant seat.
var absentStaffingSeries = []string{
	`chitieu_cadres_recruited_without_exam{unit="huyen-a"}`,
	`chitieu_leadership_vacant_since_timestamp_seconds{title="Trưởng Ban",unit="ban-to-chuc"}`,
}

// checkAnnualReview reads the review of 2015 as the binary writes it. On 2015-12-31 only Giang
// (joined 2015-02-01, failed her exam) breaks the rule; Trưởng Ban has been An's all year;
// one Phó Bí thư seat has been vacant since 2015-01-01, 365 days of the year, and still is.
func checkAnnualReview(t *testing.T, admin *testenv.Client) {
	t.Helper()
	_, body := get(t, admin.Base+"/reports/annual.xlsx?date=2015-12-31")
	wb, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for sheet, want := range map[string][][]string{
		"nghiep-vu": {{"Loại", "Bồi dưỡng nghiệp vụ"}, {"Hoàn thành trong", "730 ngày gần nhất"}, {"Cơ sở bồi dưỡng", "Trung ương Đoàn"}},
		"Tuyển dụng": {
			{"Phạm vi", "Cơ quan Tỉnh Đoàn"},
			{"co-quan", "Cơ quan Tỉnh Đoàn", "1"},
			{"1", "Đặng Văn Giang", "co-quan", "Cơ quan Tỉnh Đoàn", "01/02/2015", "Thi tuyển", "10/01/2015", "Không đạt"},
		},
		"Chức danh lãnh đạo": {
			{"ban-to-chuc", "Ban Tổ chức – Kiểm tra", "Trưởng Ban", "1", "0", "", "0"},
			{"co-quan", "Cơ quan Tỉnh Đoàn", "Phó Bí thư", "2", "1", "01/01/2015", "365", "01/01/2015", "còn khuyết", "365"},
		},
	} {
		rows, err := wb.GetRows(sheet)
		if err != nil {
			t.Fatalf("annual review: %v", err)
		}
		for _, w := range want {
			if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, w) }) {
				t.Errorf("annual review, sheet %s: no row %q in %q", sheet, w, rows)
			}
		}
	}
}
