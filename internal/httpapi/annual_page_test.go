package httpapi

import (
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 279697: "279.697", 1234567: "1.234.567", -4500: "-4.500"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

// datasetReporter reports on a dataset built by the test.
type datasetReporter struct{ ds *chitieu.Dataset }

func (r datasetReporter) Today() chitieu.Date { return chitieu.NewDate(2015, 6, 30) }
func (r datasetReporter) AnnualReport(d chitieu.Date) *chitieu.AnnualReport {
	return r.ds.AnnualReport(d)
}

// TestAnnualPageCommitments renders the review of 2015-06-30 of a province worked out by hand:
//
//   - the recruitment rule covers tinh's subtree from 2014, elections and transfers exempt:
//     Nguyễn Văn Tâm (ban-tc, joined 2014-09-01, recruited "other") breaks it; Hồ Văn Phúc
//     passed his exam;
//   - Trưởng Ban of ban-tc (1 seat from 2014): Lý Thị Mai's until her assignment ended on
//     2014-11-01, Tâm's from 2015-03-01: 59 days vacant in 2015 (January and February), the
//     vacancy 120 days long (30 + 31 + 31 + 28), none now;
//   - nghiep-vu, a professional_training target of any provider within 730 days.
func TestAnnualPageCommitments(t *testing.T) {
	d := chitieu.NewDate
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn Kiên Giang"})
	ds.PutUnit(chitieu.Unit{Code: "ban-tc", Name: "Ban Tổ chức", Parent: "tinh"})
	rule := chitieu.DefaultRecruitmentRule()
	rule.ScopeUnit = "tinh"
	ds.Apply(chitieu.Change{RecruitmentRule: &rule})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "Nguyễn Văn Tâm", Unit: "ban-tc", FullTime: true, JoinedOn: d(2014, 9, 1),
		Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedOther}})
	ds.PutCadre(chitieu.Cadre{ID: 2, FullName: "Lý Thị Mai", Unit: "ban-tc", FullTime: true, JoinedOn: d(2010, 1, 1)})
	ds.PutCadre(chitieu.Cadre{ID: 3, FullName: "Hồ Văn Phúc", Unit: "tinh", FullTime: true, JoinedOn: d(2014, 2, 1),
		Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: d(2014, 1, 10), ExamResult: chitieu.ExamPassed}})
	ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: 1, Unit: "ban-tc", Title: "Trưởng Ban", Seats: 1, CreatedOn: d(2014, 1, 1)}})
	ds.Apply(chitieu.Change{Assignment: &chitieu.Assignment{ID: 1, PositionID: 1, CadreID: 2, StartedOn: d(2014, 1, 1), EndedOn: d(2014, 11, 1)}})
	ds.Apply(chitieu.Change{Assignment: &chitieu.Assignment{ID: 2, PositionID: 1, CadreID: 1, StartedOn: d(2015, 3, 1)}})
	target := chitieu.NewTarget()
	target.Code, target.Name, target.Kind, target.ScopeUnit = "nghiep-vu", "Bồi dưỡng nghiệp vụ", chitieu.TargetProfessionalTraining, "tinh"
	target.Threshold, target.BaselineDate, target.Deadline = 0.8, d(2014, 1, 1), d(2015, 12, 31)
	target.Normalize()
	ds.PutTarget(target)

	h := &sheets{Server: &Server{Config: Config{Logger: slog.New(slog.DiscardHandler)}}, SheetsConfig: SheetsConfig{Reporter: datasetReporter{ds}}}
	gin.SetMode(gin.TestMode)
	engine := gin.New()
	engine.GET("/reports/annual", h.annualPage)
	rec := httptest.NewRecorder()
	engine.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/reports/annual", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	rows := tableRows(page)
	for _, want := range []string{
		"Loại | Bồi dưỡng nghiệp vụ | Đơn vị phạm vi | tinh",
		"Hoàn thành trong | 730 ngày gần nhất | Cơ sở bồi dưỡng | Mọi cơ sở",
		"ban-tc | Ban Tổ chức | 1",
		"1 | Nguyễn Văn Tâm | Ban Tổ chức | 01/09/2014 | Khác | — | Không thi",
		"Ban Tổ chức | Trưởng Ban | 1 | 0 | — | 59 | 120 ngày, từ 01/11/2014 đến 28/02/2015",
	} {
		if !slices.Contains(rows, want) {
			t.Errorf("no row %q in\n%s", want, strings.Join(rows, "\n"))
		}
	}
	for _, want := range []string{
		"Cán bộ tuyển dụng không qua thi tuyển, ngày 30/06/2015",
		"vào làm từ ngày 01/01/2014 (Tỉnh Đoàn Kiên Giang) phải qua thi tuyển đạt; được miễn: Bầu cử; Điều động, luân chuyển.",
		"Có 1 cán bộ không qua thi tuyển.",
		"Chức danh lãnh đạo: chỗ khuyết từ 01/01/2015 đến 30/06/2015",
	} {
		if !strings.Contains(text(page), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "Hồ Văn Phúc") {
		t.Error("a cadre who passed the exam is listed")
	}
}

var (
	rowPattern  = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cellPattern = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	tagPattern  = regexp.MustCompile(`<[^>]+>`)
)

// tableRows is each table row of the page as its cells' text, joined by " | ".
func tableRows(page string) []string {
	var out []string
	for _, row := range rowPattern.FindAllStringSubmatch(page, -1) {
		var cells []string
		for _, c := range cellPattern.FindAllStringSubmatch(row[1], -1) {
			cells = append(cells, text(c[1]))
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

// text is HTML without its tags, entities decoded and white space folded.
func text(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagPattern.ReplaceAllString(s, ""))), " ")
}
