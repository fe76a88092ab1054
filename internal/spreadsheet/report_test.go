package spreadsheet

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// annualDataset is a province on 2015-12-31, worked out by hand:
//
//   - the recruitment rule (every unit, from 2014, transfers and elections exempt) is broken by
//     Lê Thị Hoa (tinh, joined 2014-05-01, failed her exam) and Trần Văn Bình (van-phong, joined
//     2014-03-01, recruitment not recorded); Phạm Văn An joined before 2014;
//   - Chánh Văn phòng (1 seat from 2014) was An's until his assignment ended on 2015-03-01:
//     vacant since, 306 days of 2015 (31 of March, 275 of April to December);
//   - Phó Bí thư of tinh (2 seats from 2015-07-01): Bình from 2015-07-01 to 2015-10-01, Hoa from
//     2015-08-01: one seat vacant in July (31 days) and from 2015-10-01 (92 days): 123 days,
//     the longest 92, still going;
//   - nghiep-vu (professional courses of the Central Union within 365 days): An's of
//     2015-03-01 counts, 1 of the 3 full-time cadres.
func annualDataset() *chitieu.Dataset {
	d := chitieu.NewDate
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutUnit(chitieu.Unit{Code: "van-phong", Name: "Văn phòng", Parent: "tinh"})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "Trần Văn Bình", Unit: "van-phong", FullTime: true, JoinedOn: d(2014, 3, 1)})
	ds.PutCadre(chitieu.Cadre{ID: 2, FullName: "Lê Thị Hoa", Unit: "tinh", FullTime: true, JoinedOn: d(2014, 5, 1),
		Hiring: chitieu.Hiring{Recruitment: chitieu.RecruitedByExam, ExamOn: d(2014, 4, 20), ExamResult: chitieu.ExamFailed}})
	ds.PutCadre(chitieu.Cadre{ID: 3, FullName: "Phạm Văn An", Unit: "van-phong", FullTime: true, JoinedOn: d(2010, 1, 1)})
	ds.PutTraining(chitieu.Training{ID: 1, CadreID: 3, Kind: chitieu.Professional, Course: "Bồi dưỡng cán bộ Đoàn",
		Provider: "Ban Tổ chức Trung ương Đoàn", Status: chitieu.Completed, StartedOn: d(2015, 2, 1), CompletedOn: d(2015, 3, 1)})
	target := chitieu.NewTarget()
	target.Code, target.Name, target.Kind, target.ScopeUnit = "nghiep-vu", "Bồi dưỡng nghiệp vụ Trung ương Đoàn", chitieu.TargetProfessionalTraining, "tinh"
	target.Threshold, target.BaselineDate, target.Deadline = 0.5, d(2014, 1, 1), d(2015, 12, 31)
	target.WindowDays, target.Provider = 365, "Trung ương Đoàn"
	ds.PutTarget(target)
	for _, p := range []chitieu.Position{
		{ID: 1, Unit: "van-phong", Title: "Chánh Văn phòng", Seats: 1, CreatedOn: d(2014, 1, 1)},
		{ID: 2, Unit: "tinh", Title: "Phó Bí thư", Seats: 2, CreatedOn: d(2015, 7, 1)},
	} {
		ds.Apply(chitieu.Change{Position: &p})
	}
	for _, a := range []chitieu.Assignment{
		{ID: 1, PositionID: 1, CadreID: 3, StartedOn: d(2014, 1, 1), EndedOn: d(2015, 3, 1)},
		{ID: 2, PositionID: 2, CadreID: 1, StartedOn: d(2015, 7, 1), EndedOn: d(2015, 10, 1)},
		{ID: 3, PositionID: 2, CadreID: 2, StartedOn: d(2015, 8, 1)},
	} {
		ds.Apply(chitieu.Change{Assignment: &a})
	}
	return ds
}

// TestAnnualReportWorkbook writes the review of 2015-12-31 and reads the workbook back.
func TestAnnualReportWorkbook(t *testing.T) {
	var buf bytes.Buffer
	if err := AnnualReport(&buf, annualDataset().AnnualReport(chitieu.NewDate(2015, 12, 31)), i18n.VI); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"nghiep-vu", "Đào tạo 2015", "Tuyển dụng", "Chức danh lãnh đạo"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	rows := func(sheet string) [][]string {
		t.Helper()
		rs, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	// The professional_training target shows its window and provider.
	target := rows("nghiep-vu")
	for label, want := range map[string]string{
		"Loại": "Bồi dưỡng nghiệp vụ", "Hoàn thành trong": "365 ngày gần nhất", "Cơ sở bồi dưỡng": "Trung ương Đoàn",
		"Phạm vi": "Tỉnh Đoàn", "Số đạt": "1", "Tổng số": "3", "Tình trạng": "Không đạt",
	} {
		if got := valueOf(target, label); got != want {
			t.Errorf("nghiep-vu: %q = %q, want %q", label, got, want)
		}
	}

	recruitment := rows("Tuyển dụng")
	for label, want := range map[string]string{
		"Áp dụng cho cán bộ chuyên trách vào làm từ ngày": "01/01/2014", "Phạm vi": "Mọi đơn vị",
		"Được miễn thi tuyển": "Bầu cử; Điều động/luân chuyển", "Số cán bộ không qua thi tuyển": "2",
	} {
		if got := valueOf(recruitment, label); got != want {
			t.Errorf("Tuyển dụng: %q = %q, want %q", label, got, want)
		}
	}
	wantTable(t, "Tuyển dụng, theo đơn vị", tableAfter(recruitment, "Mã đơn vị"), [][]string{
		{"tinh", "Tỉnh Đoàn", "1"},
		{"van-phong", "Văn phòng", "1"},
	})
	wantTable(t, "Tuyển dụng, cán bộ", tableAfter(recruitment, "STT"), [][]string{
		{"1", "Lê Thị Hoa", "tinh", "Tỉnh Đoàn", "01/05/2014", "Thi tuyển", "20/04/2014", "Không đạt"},
		{"2", "Trần Văn Bình", "van-phong", "Văn phòng", "01/03/2014", "Chưa ghi nhận", "", "Không thi"},
	})

	wantTable(t, "Chức danh lãnh đạo", tableAfter(rows("Chức danh lãnh đạo"), "Mã đơn vị"), [][]string{
		{"tinh", "Tỉnh Đoàn", "Phó Bí thư", "2", "1", "01/10/2015", "123", "01/10/2015", "còn khuyết", "92"},
		{"van-phong", "Văn phòng", "Chánh Văn phòng", "1", "1", "01/03/2015", "306", "01/03/2015", "còn khuyết", "306"},
	})
}

// TestAnnualReportWorkbookInEnglish: the same review in English, its sheets, labels and values
// named in the catalogue's English words.
func TestAnnualReportWorkbookInEnglish(t *testing.T) {
	var buf bytes.Buffer
	if err := AnnualReport(&buf, annualDataset().AnnualReport(chitieu.NewDate(2015, 12, 31)), i18n.EN); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"nghiep-vu", "Training 2015", "Recruitment", "Leadership"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	target, _ := f.GetRows("nghiep-vu")
	for label, want := range map[string]string{
		"Kind": "Professional-training coverage", "Completed within": "the last 365 days", "Covers": "Tỉnh Đoàn",
		"Meeting it": "1", "Out of": "3", "Status": "Missed",
	} {
		if got := valueOf(target, label); got != want {
			t.Errorf("nghiep-vu: %q = %q, want %q", label, got, want)
		}
	}
	recruitment, _ := f.GetRows("Recruitment")
	if got := valueOf(recruitment, "Exempt from the exam"); got != "Election; Transfer" {
		t.Errorf("exempt %q", got)
	}
	wantTable(t, "Recruitment, cadres", tableAfter(recruitment, "No."), [][]string{
		{"1", "Lê Thị Hoa", "tinh", "Tỉnh Đoàn", "01/05/2014", "Exam", "20/04/2014", "Failed"},
		{"2", "Trần Văn Bình", "van-phong", "Văn phòng", "01/03/2014", "Not recorded", "", "No exam"},
	})
}

// TestAnnualReportWorkbookWithoutVacancy: a position never vacant in the year, and no cadre
// breaking the rule, leave their cells empty.
func TestAnnualReportWorkbookWithoutVacancy(t *testing.T) {
	d := chitieu.NewDate
	ds := chitieu.NewDataset()
	ds.PutUnit(chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"})
	ds.PutCadre(chitieu.Cadre{ID: 1, FullName: "Phạm Văn An", Unit: "tinh", FullTime: true, JoinedOn: d(2010, 1, 1)})
	ds.Apply(chitieu.Change{Position: &chitieu.Position{ID: 1, Unit: "tinh", Title: "Bí thư", Seats: 1, CreatedOn: d(2014, 1, 1)}})
	ds.Apply(chitieu.Change{Assignment: &chitieu.Assignment{ID: 1, PositionID: 1, CadreID: 1, StartedOn: d(2014, 1, 1)}})
	var buf bytes.Buffer
	if err := AnnualReport(&buf, ds.AnnualReport(d(2015, 12, 31)), i18n.VI); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Đào tạo 2015", "Tuyển dụng", "Chức danh lãnh đạo"}) {
		t.Fatalf("sheets %q", got)
	}
	recruitment, _ := f.GetRows("Tuyển dụng")
	if got := valueOf(recruitment, "Số cán bộ không qua thi tuyển"); got != "0" {
		t.Errorf("count %q, want 0", got)
	}
	wantTable(t, "Tuyển dụng, cán bộ", tableAfter(recruitment, "STT"), nil)
	leadership, _ := f.GetRows("Chức danh lãnh đạo")
	wantTable(t, "Chức danh lãnh đạo", tableAfter(leadership, "Mã đơn vị"), [][]string{{"tinh", "Tỉnh Đoàn", "Bí thư", "1", "0", "", "0"}})
}

// valueOf is the second cell of the first row whose first cell is label.
func valueOf(rows [][]string, label string) string {
	for _, r := range rows {
		if len(r) >= 2 && r[0] == label {
			return r[1]
		}
	}
	return "(no row " + label + ")"
}

// tableAfter returns the rows after the header row whose first cell is header, up to the next
// empty row.
func tableAfter(rows [][]string, header string) [][]string {
	for i, r := range rows {
		if len(r) > 0 && r[0] == header {
			var out [][]string
			for _, r := range rows[i+1:] {
				if len(r) == 0 {
					break
				}
				out = append(out, r)
			}
			return out
		}
	}
	return [][]string{{"(no header " + header + ")"}}
}

func wantTable(t *testing.T, name string, got, want [][]string) {
	t.Helper()
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("%s:\n got %q\nwant %q", name, got, want)
	}
}
