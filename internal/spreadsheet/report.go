package spreadsheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
)

// StatusLabels are the Vietnamese names of the target statuses.
var StatusLabels = map[chitieu.Status]string{
	chitieu.Achieved: "Đạt", chitieu.Missed: "Không đạt", chitieu.OnTrack: "Đúng tiến độ",
	chitieu.AtRisk: "Có nguy cơ chậm", chitieu.Behind: "Chậm tiến độ", chitieu.NotStarted: "Chưa bắt đầu",
}

// TargetKindLabels are the Vietnamese names of the target kinds.
var TargetKindLabels = map[chitieu.TargetKind]string{
	chitieu.TargetPoliticalTheory: "Trình độ lý luận chính trị", chitieu.TargetEducation: "Trình độ chuyên môn",
	chitieu.TargetYouthGathering: "Tập hợp thanh niên", chitieu.TargetProfessionalTraining: "Bồi dưỡng nghiệp vụ",
}

// RecruitmentLabels are the Vietnamese names of the ways a cadre is recruited; "" is not
// recorded.
var RecruitmentLabels = map[chitieu.RecruitmentKind]string{
	"": "Chưa ghi nhận", chitieu.RecruitedByExam: "Thi tuyển", chitieu.RecruitedByTransfer: "Điều động, luân chuyển",
	chitieu.RecruitedByElection: "Bầu cử", chitieu.RecruitedOther: "Khác",
}

// ExamResultLabels are the Vietnamese names of the recruitment exam results; "" is no exam.
var ExamResultLabels = map[chitieu.ExamResult]string{
	"": "Không thi", chitieu.ExamPassed: "Đạt", chitieu.ExamFailed: "Không đạt",
}

// ProviderLabel is a professional_training target's provider, or the words for any.
func ProviderLabel(provider string) string { return labelOr(provider, "Mọi cơ sở") }

// ExemptLabel lists the recruitment rule's exempt ways in Vietnamese.
func ExemptLabel(exempt []chitieu.RecruitmentKind) string {
	if len(exempt) == 0 {
		return "Không"
	}
	labels := make([]string, len(exempt))
	for i, k := range exempt {
		labels[i] = RecruitmentLabels[k]
	}
	return strings.Join(labels, "; ")
}

// ScopeLabel is the recruitment rule's scope: its unit's name, or every unit.
func ScopeLabel(r chitieu.RecruitmentReport) string { return labelOr(r.ScopeName, "Mọi đơn vị") }

// AnnualReport writes the annual review as a workbook: one sheet per target (its figures on
// the day and on the baseline, the expected and projected ratios, the status and each unit's
// part), a sheet of the training carried out in the year, one of the cadres who break the
// recruitment rule and one of the leadership positions with their vacancies in the year.
func AnnualReport(out io.Writer, r *chitieu.AnnualReport) error {
	f := excelize.NewFile()
	defer f.Close()
	w := &workbook{f: f}
	var err error
	if w.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if w.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if w.pct, err = f.NewStyle(&excelize.Style{NumFmt: 10}); err != nil { // 0.00%
		return fmt.Errorf("report: %w", err)
	}
	if w.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")}); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	used := map[string]bool{}
	for _, t := range r.Targets {
		w.targetSheet(sheetName(t.Target.Code, used), r.Day, t)
	}
	w.trainingSheet(r)
	w.recruitmentSheet(r)
	w.leadershipSheet(r)
	if w.err != nil {
		return w.err
	}
	if _, err := f.WriteTo(out); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// workbook is the annual review being written: its styles, and the first error a sheet met,
// which AnnualReport returns instead of the file.
type workbook struct {
	f                      *excelize.File
	sheets                 int
	bold, title, pct, date int
	err                    error
}

// sheet adds a sheet; the first takes the place of the empty one a new file has.
func (w *workbook) sheet(name string) *sheetWriter {
	var err error
	if w.sheets == 0 {
		err = w.f.SetSheetName("Sheet1", name)
	} else {
		_, err = w.f.NewSheet(name)
	}
	w.sheets++
	s := &sheetWriter{f: w.f, sheet: name, pct: w.pct, date: w.date, bold: w.bold}
	if err != nil {
		s.err = fmt.Errorf("report: sheet %s: %w", name, err)
	}
	return s
}

// done records the sheet's error and sets its column widths: the first column's, then the
// others'.
func (w *workbook) done(s *sheetWriter, first, others float64, lastCol string) {
	_ = w.f.SetColWidth(s.sheet, "A", "A", first)
	_ = w.f.SetColWidth(s.sheet, "B", lastCol, others)
	if w.err == nil {
		w.err = s.err
	}
}

func (w *workbook) targetSheet(name string, day chitieu.Date, t chitieu.TargetReport) {
	s := w.sheet(name)
	s.row(w.title, "Báo cáo sơ kết chỉ tiêu: "+t.Target.Name)
	s.row(0)
	s.pair("Mã chỉ tiêu", t.Target.Code)
	s.pair("Loại", TargetKindLabels[t.Target.Kind])
	if t.Target.MinLevel != "" {
		s.pair("Trình độ tối thiểu", LevelLabel(chitieu.TrainingKind(t.Target.Kind), t.Target.MinLevel))
	}
	if t.Target.Kind == chitieu.TargetProfessionalTraining {
		s.pair("Hoàn thành trong (số ngày gần nhất)", t.Target.WindowDays)
		s.pair("Cơ sở bồi dưỡng", ProviderLabel(t.Target.Provider))
	}
	s.pair("Đơn vị phạm vi", t.Target.ScopeUnit)
	s.pair("Ngưỡng ("+string(t.Target.Comparator)+")", ratioCell(&t.Target.Threshold))
	s.pair("Ngày cơ sở", t.Target.BaselineDate)
	s.pair("Hạn", t.Target.Deadline)
	s.row(0)
	s.row(w.bold, "", "Ngày báo cáo", "Ngày cơ sở")
	s.row(0, "Ngày", day, t.Target.BaselineDate)
	s.row(0, "Tử số", t.Progress.Numerator, t.Baseline.Numerator)
	s.row(0, "Mẫu số", t.Progress.Denominator, t.Baseline.Denominator)
	s.row(0, "Tỷ lệ", ratioCell(t.Progress.Ratio), ratioCell(t.Baseline.Ratio))
	s.pair("Tỷ lệ cơ sở dùng để tính", ratioCell(&t.Progress.BaselineRatio))
	s.pair("Tỷ lệ kỳ vọng theo lộ trình", ratioCell(&t.Progress.ExpectedRatio))
	s.pair("Tỷ lệ dự báo đến hạn", ratioCell(t.Progress.ProjectedRatio))
	s.pair("Tình trạng", StatusLabels[t.Progress.Status])
	s.row(0)
	s.row(w.bold, "Mã đơn vị", "Tên đơn vị", "Tử số", "Mẫu số", "Tỷ lệ")
	for _, u := range t.Units {
		ratio, ok := u.Ratio()
		var rc any
		if ok {
			rc = ratioCell(&ratio)
		}
		s.row(0, u.Unit, u.Name, u.Numerator, u.Denominator, rc)
	}
	w.done(s, 32, 18, "E")
}

func (w *workbook) trainingSheet(r *chitieu.AnnualReport) {
	s := w.sheet("Đào tạo " + fmt.Sprint(r.Day.Year()))
	s.row(w.title, fmt.Sprintf("Đào tạo, bồi dưỡng từ %s đến %s", dmy(r.From), dmy(r.Day)))
	s.row(0)
	s.row(w.bold, "Loại", "Trình độ", "Khóa học", "Cơ sở đào tạo", "Số cán bộ", "Số hoàn thành")
	for _, t := range r.Training {
		s.row(0, KindLabel(t.Kind), levelCell(t.Kind, t.Level), t.Course, t.Provider, t.Cadres, t.Completed)
	}
	w.done(s, 24, 24, "F")
}

// recruitmentSheet is the rule, then the count of each unit, then the cadres.
func (w *workbook) recruitmentSheet(r *chitieu.AnnualReport) {
	rec := r.Recruitment
	s := w.sheet("Tuyển dụng")
	s.row(w.title, "Cán bộ tuyển dụng không qua thi tuyển, ngày "+dmy(r.Day))
	s.row(0)
	s.pair("Áp dụng cho cán bộ chuyên trách vào làm từ ngày", rec.Rule.StartDate)
	s.pair("Phạm vi", ScopeLabel(rec))
	s.pair("Được miễn thi tuyển", ExemptLabel(rec.Rule.Exempt))
	s.pair("Số cán bộ không qua thi tuyển", len(rec.Failing))
	s.row(0)
	s.row(w.bold, "Mã đơn vị", "Tên đơn vị", "Số cán bộ")
	for _, u := range rec.ByUnit {
		s.row(0, u.Unit, u.Name, u.Count)
	}
	s.row(0)
	s.row(w.bold, "STT", "Họ và tên", "Mã đơn vị", "Tên đơn vị", "Ngày vào", "Hình thức tuyển dụng", "Ngày thi", "Kết quả thi")
	for i, c := range rec.Failing {
		s.row(0, i+1, c.Cadre.FullName, c.Cadre.Unit, c.UnitName, c.Cadre.JoinedOn,
			RecruitmentLabels[c.Cadre.Recruitment], c.Cadre.ExamOn, ExamResultLabels[c.Cadre.ExamResult])
	}
	w.done(s, 24, 20, "H")
}

// leadershipSheet is a row per position: its seats and vacancy on the day, and its vacancies
// in the year.
func (w *workbook) leadershipSheet(r *chitieu.AnnualReport) {
	s := w.sheet("Chức danh lãnh đạo")
	s.row(w.title, fmt.Sprintf("Chức danh lãnh đạo: chỗ khuyết từ %s đến %s", dmy(r.From), dmy(r.Day)))
	s.row(0)
	s.row(w.bold, "Mã đơn vị", "Tên đơn vị", "Chức danh", "Số chỗ", "Số chỗ khuyết", "Khuyết từ ngày",
		"Số ngày có chỗ khuyết trong năm", "Đợt khuyết dài nhất: từ ngày", "Đến ngày", "Số ngày")
	for _, p := range r.Leadership {
		var to any = p.LongestTo
		if p.LongestTo.IsZero() && p.LongestDays > 0 {
			to = "còn khuyết"
		}
		var longest any
		if p.LongestDays > 0 {
			longest = p.LongestDays
		}
		s.row(0, p.Unit, p.UnitName, p.Title, p.Seats, p.Vacant, p.VacantSince, p.DaysVacant, p.LongestFrom, to, longest)
	}
	w.done(s, 24, 18, "J")
}

// ratio is a cell with a percentage style.
type ratio float64

func ratioCell(r *float64) any {
	if r == nil {
		return "—"
	}
	return ratio(*r)
}

func dmy(d chitieu.Date) string { return d.Time().Format("02/01/2006") }

// sheetName is a valid, unique sheet name for a target code (at most 31 characters).
func sheetName(code string, used map[string]bool) string {
	name := code
	if len(name) > 28 {
		name = name[:28]
	}
	base := name
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	used[name] = true
	return name
}

type sheetWriter struct {
	f               *excelize.File
	sheet           string
	n               int
	pct, date, bold int
	err             error
}

func (s *sheetWriter) pair(label string, v any) { s.row(0, label, v) }

// row writes the next row; style, when not 0, applies to its first cell.
func (s *sheetWriter) row(style int, cells ...any) {
	s.n++
	for i, c := range cells {
		name, _ := excelize.CoordinatesToCellName(i+1, s.n)
		var err error
		switch v := c.(type) {
		case chitieu.Date:
			if v.IsZero() { // no date: an empty cell
				continue
			}
			err = s.f.SetCellValue(s.sheet, name, v.Time())
			if err == nil {
				err = s.f.SetCellStyle(s.sheet, name, name, s.date)
			}
		case ratio:
			err = s.f.SetCellValue(s.sheet, name, float64(v))
			if err == nil {
				err = s.f.SetCellStyle(s.sheet, name, name, s.pct)
			}
		default:
			err = s.f.SetCellValue(s.sheet, name, v)
		}
		if err == nil && style != 0 && (i == 0 || style == s.bold) {
			err = s.f.SetCellStyle(s.sheet, name, name, style)
		}
		if err != nil && s.err == nil {
			s.err = fmt.Errorf("report: %w", err)
		}
	}
}
