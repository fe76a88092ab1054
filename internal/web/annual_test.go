package web_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// TestAnnualPage: the annual review on the pages, for a signed-in user, in both languages. The
// province of newEnv on 2014-07-01, worked out by hand:
//
//   - ly-luan (political theory from trung cấp, at least 80 %, the province): Ân (co-quan)
//     holds it, Bích (rach-gia) does not: 1 of 2, 50 %; co-quan 1/1, rach-gia 0/1;
//   - the default recruitment rule (from 2014-01-01, elections and transfers exempt) is broken
//     by Lê Văn Cường (rach-gia, joined 2014-03-01, recruited "other") and Đỗ Thị Dung
//     (co-quan, joined 2014-02-01, failed her exam of 2014-01-15); the editor limited to Rạch
//     Giá sees only Cường by name.
func TestAnnualPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cadres := sqlite.NewCadreService(e.db)
	for _, c := range []chitieu.Cadre{
		{FullName: "Lê Văn Cường", Unit: "rach-gia", FullTime: true, JoinedOn: chitieu.NewDate(2014, 3, 1),
			Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedOther}},
		{FullName: "Đỗ Thị Dung", Unit: "co-quan", FullTime: true, JoinedOn: chitieu.NewDate(2014, 2, 1),
			Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: chitieu.NewDate(2014, 1, 15), ExamResult: chitieu.ExamFailed}},
	} {
		if err := cadres.CreateCadre(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.keeper.WaitCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	// 4 cadres now, 1 of them holding trung cấp: 25 %.
	admin := e.client()
	if p := admin.get("/reports/annual"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/sign-in") {
		t.Fatalf("without a session: %d %s, want a redirect to the sign-in page", p.status, p.header.Get("Location"))
	}
	admin.signIn("admin")
	vi := admin.get("/reports/annual")
	wantStatus(t, vi, http.StatusOK,
		`<a href="/reports/annual" aria-current="page">Báo cáo sơ kết</a>`,
		"Báo cáo sơ kết thực hiện chỉ tiêu", "tính đến ngày 01/07/2014",
		"Lý luận chính trị từ trung cấp", "Trình độ lý luận chính trị", "Trung cấp", "Tỉnh Đoàn Kiên Giang",
		"từ 80,0\u00a0%", "25,0\u00a0%", "Số đạt", "Tổng số",
		"<td>Cơ quan Tỉnh Đoàn</td><td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">50,0\u00a0%</td>",
		"<td>Thành Đoàn Rạch Giá</td><td class=\"num\">0</td><td class=\"num\">2</td><td class=\"num\">0,0\u00a0%</td>",
		"Có 2 cán bộ không qua thi tuyển.", "Lê Văn Cường", "Đỗ Thị Dung", "Hình thức khác", "Không đạt",
		"được miễn: Bầu cử; Điều động/luân chuyển.",
		`href="/reports/annual.xlsx?date=2014-07-01"`)
	for _, jargon := range []string{"Tử số", "Mẫu số", ">rach-gia<", ">co-quan<", "(trung_cap)", "«"} {
		if strings.Contains(vi.body, jargon) {
			t.Errorf("the page shows %q", jargon)
		}
	}

	admin.lang = "en"
	en := admin.get("/reports/annual?date=30/06/2014")
	wantStatus(t, en, http.StatusOK, "Annual review of the targets", "as of 30/06/2014", "Political-theory level",
		"Intermediate", "at least 80.0%", "25.0%", "Meeting it", "2 cadres were recruited without an exam.", "Other", "Failed",
		"exempt: Election; Transfer.")
	if strings.Contains(en.body, "«") || strings.Contains(en.body, "Báo cáo sơ kết") {
		t.Error("the English page has a key left untranslated or Vietnamese words")
	}
	wantStatus(t, admin.get("/reports/annual?date=hôm+qua"), http.StatusOK, `aria-invalid="true"`)

	// The workbook for the same session, in the page's language.
	x := admin.get("/reports/annual.xlsx?date=01/07/2014")
	if x.status != http.StatusOK {
		t.Fatalf("workbook: %d %s", x.status, x.body)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatal(err)
	}
	if got := wb.GetSheetList(); !slices.Equal(got, []string{"ly-luan", "Training 2014", "Recruitment", "Leadership"}) {
		t.Errorf("sheets %q", got)
	}
	// Every cell of the workbook, in each language, has its words.
	for _, lang := range []string{"vi", "en"} {
		admin.lang = lang
		admin.get("/lang/" + lang + "?next=/")
		x := admin.get("/reports/annual.xlsx?date=2014-07-01")
		wb, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
		if err != nil {
			t.Fatal(err)
		}
		for _, sheet := range wb.GetSheetList() {
			rows, _ := wb.GetRows(sheet)
			for _, r := range rows {
				for _, cell := range r {
					if strings.Contains(cell, "«") || strings.Contains(cell, "%!") {
						t.Errorf("%s workbook, sheet %s: %q", lang, sheet, cell)
					}
				}
			}
		}
	}
	admin.lang = "en"
	admin.get("/lang/en?next=/")

	// The editor limited to Rạch Giá: the province's figures, only its own cadres by name.
	rg := e.client()
	rg.signIn("rg")
	p := rg.get("/reports/annual")
	wantStatus(t, p, http.StatusOK, "25,0\u00a0%", "Lê Văn Cường")
	if strings.Contains(p.body, "Đỗ Thị Dung") {
		t.Error("the editor of Rạch Giá sees a cadre of the provincial office")
	}
}
