package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/testenv"
)

// TestAnnualReviewOnTheDemo: the review of the binary's demo groups its targets by plan and
// names the units of its day's tree. Worked out from the demo:
//
//   - on 31/12/2015 the 2013 plan is in force (its last day) and comes first, the 2022–2027
//     term's resolution has not started; the youth target's part is the 15 district unions of
//     that day, whose counts add up to the province's, 297.794 of 443.807 (67,1 %): An Biên
//     21.065 of 30.446 (69,2 %), Rạch Giá 43.216 of 64.257 (67,3 %); the office is "Cơ quan
//     Tỉnh Đoàn";
//   - today (after the 2025 merger) the current plan comes first, the 2013 plan after it,
//     finished, each target with its verdict of 31/12/2015 (the youth target's 67,1 %); the
//     office is "Cơ quan Tỉnh Đoàn An Giang" and no district union is listed.
func TestAnnualReviewOnTheDemo(t *testing.T) {
	s := testenv.Start(t, "", "--demo")
	c := (&env{t: t, srv: &httptest.Server{URL: s.URL}}).client()
	if p := c.post("/sign-in", url.Values{"username": {"admin"}, "password": {testenv.AdminPassword}, "next": {"/"}}); p.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d %s", p.status, p.body)
	}
	const (
		plan2013   = `id="annual-plan-ke-hoach-2013"`
		planNow    = `id="annual-plan-nhiem-ky-2022-2027"`
		verdictRow = `<tr class="annual-verdict"><th scope="row">Kết luận tại hạn (31/12/2015)</th><td class="num">297.794</td><td class="num">443.807</td><td class="num">67,1` + "\u00a0" + `%</td></tr>`
	)
	row := func(cells ...string) string {
		return "<tr><td>" + cells[0] + `</td><td class="num">` + strings.Join(cells[1:], `</td><td class="num">`) + "</td></tr>"
	}

	old := c.get("/reports/annual?date=31/12/2015")
	wantStatus(t, old, http.StatusOK, plan2013, planNow, "Từ 01/01/2013 đến 31/12/2015 · Đang thực hiện", "Từ 01/07/2022 đến 30/06/2027 · Chưa bắt đầu",
		row("Huyện Đoàn An Biên", "21.065", "30.446", "69,2\u00a0%"), row("Thành Đoàn Rạch Giá", "43.216", "64.257", "67,3\u00a0%"),
		row("Huyện Đoàn U Minh Thượng", "10.526", "16.797", "62,7\u00a0%"), "<td>Cơ quan Tỉnh Đoàn</td>")
	if strings.Index(old.body, plan2013) > strings.Index(old.body, planNow) {
		t.Error("2015: the plan in force is not first")
	}
	for _, absent := range []string{"An Giang", "annual-verdict"} {
		if strings.Contains(old.body, absent) {
			t.Errorf("2015: the review shows %q", absent)
		}
	}

	now := c.get("/reports/annual")
	wantStatus(t, now, http.StatusOK, "Từ 01/07/2022 đến 30/06/2027 · Đang thực hiện", "Từ 01/01/2013 đến 31/12/2015 · Đã kết thúc: các chỉ tiêu có kết luận",
		verdictRow, "<td>Cơ quan Tỉnh Đoàn An Giang</td>")
	if strings.Index(now.body, planNow) > strings.Index(now.body, plan2013) {
		t.Error("today: the plan in force is not first")
	}
	for _, absent := range []string{"Huyện Đoàn", "Thành Đoàn Rạch Giá", "<td>Cơ quan Tỉnh Đoàn</td>"} {
		if strings.Contains(now.body, absent) {
			t.Errorf("today: the review shows %q", absent)
		}
	}

	// The API's workbook is grouped the same way.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/v1/reports/annual.xlsx?date=2015-12-31", nil)
	req.SetBasicAuth("admin", testenv.AdminPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	api, err := excelize.OpenReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if got := api.GetSheetList(); len(got) < 2 || got[0] != "Kế hoạch" || got[1] != "dai-hoc" {
		t.Errorf("the API's workbook: sheets %q", got)
	}

	// The workbooks: the plans' sheet first, the targets in the plans' order, in each language.
	for _, w := range []struct {
		lang, date string
		sheets     []string
		plans      [][]string // the plans' sheet's rows naming a plan or a state
	}{
		{"vi", "2015-12-31", []string{"Kế hoạch", "dai-hoc", "ly-luan-chinh-tri", "tap-hop-thanh-nien", "boi-duong-nghiep-vu-2027", "cao-cap-2027"},
			[][]string{{"Kế hoạch: Kế hoạch năm 2013 của Ban Thường vụ Tỉnh Đoàn Kiên Giang"}, {"Tình trạng kế hoạch", "Đang thực hiện"},
				{"Kế hoạch: Nghị quyết Đại hội Đoàn tỉnh nhiệm kỳ 2022–2027"}, {"Tình trạng kế hoạch", "Chưa bắt đầu"}}},
		{"en", "2015-12-31", []string{"Plans", "dai-hoc", "ly-luan-chinh-tri", "tap-hop-thanh-nien", "boi-duong-nghiep-vu-2027", "cao-cap-2027"},
			[][]string{{"Plan: Kế hoạch năm 2013 của Ban Thường vụ Tỉnh Đoàn Kiên Giang"}, {"Plan's state", "In force"},
				{"Plan: Nghị quyết Đại hội Đoàn tỉnh nhiệm kỳ 2022–2027"}, {"Plan's state", "Not started yet"}}},
		{"vi", "", []string{"Kế hoạch", "boi-duong-nghiep-vu-2027", "cao-cap-2027", "dai-hoc", "ly-luan-chinh-tri", "tap-hop-thanh-nien"},
			[][]string{{"Kế hoạch: Nghị quyết Đại hội Đoàn tỉnh nhiệm kỳ 2022–2027"}, {"Tình trạng kế hoạch", "Đang thực hiện"},
				{"Kế hoạch: Kế hoạch năm 2013 của Ban Thường vụ Tỉnh Đoàn Kiên Giang"}, {"Tình trạng kế hoạch", "Đã kết thúc: các chỉ tiêu có kết luận"}}},
	} {
		c.lang = w.lang
		c.get("/lang/" + w.lang + "?next=/")
		x := c.get("/reports/annual.xlsx?date=" + w.date)
		wb, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
		if err != nil {
			t.Fatalf("%s %s: %d %v", w.lang, w.date, x.status, err)
		}
		if got := wb.GetSheetList(); !slices.Equal(got[:len(w.sheets)], w.sheets) {
			t.Errorf("%s %s: sheets %q, want %q first", w.lang, w.date, got, w.sheets)
		}
		rows, _ := wb.GetRows(w.sheets[0])
		var got [][]string
		for _, r := range rows {
			if len(r) > 0 && (strings.Contains(r[0], "Kế hoạch:") || strings.Contains(r[0], "Plan:") || strings.Contains(r[0], "state") || strings.Contains(r[0], "Tình trạng kế hoạch")) {
				got = append(got, r)
			}
		}
		if !slices.EqualFunc(got, w.plans, slices.Equal) {
			t.Errorf("%s %s: plans %q, want %q", w.lang, w.date, got, w.plans)
		}
		if w.date == "" {
			youth, _ := wb.GetRows("tap-hop-thanh-nien")
			if !slices.ContainsFunc(youth, func(r []string) bool {
				return slices.Equal(r, []string{"Kết luận tại hạn", "31/12/2015", "297794", "443807", "67.10%"})
			}) {
				t.Errorf("today's workbook: the youth target has no verdict row: %q", youth)
			}
		}
	}
}
