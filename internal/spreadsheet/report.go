package spreadsheet

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
)

// StatusLabels are the Vietnamese names of the target statuses.
var StatusLabels = map[chitieu.Status]string{
	chitieu.Achieved: "Đạt", chitieu.Missed: "Không đạt", chitieu.OnTrack: "Đúng tiến độ",
	chitieu.AtRisk: "Có nguy cơ chậm", chitieu.Behind: "Chậm tiến độ",
}

// TargetKindLabels are the Vietnamese names of the target kinds.
var TargetKindLabels = map[chitieu.TargetKind]string{
	chitieu.TargetPoliticalTheory: "Trình độ lý luận chính trị", chitieu.TargetEducation: "Trình độ chuyên môn",
	chitieu.TargetYouthGathering: "Tập hợp thanh niên",
}

// AnnualReport writes the annual review as a workbook: one sheet per target (its figures on
// the day and on the baseline, the expected and projected ratios, the status and each unit's
// part) and a sheet of the training carried out in the year.
func AnnualReport(out io.Writer, r *chitieu.AnnualReport) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})

	first := true
	used := map[string]bool{}
	for _, t := range r.Targets {
		sheet := sheetName(t.Target.Code, used)
		if first {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return fmt.Errorf("report: %w", err)
			}
			first = false
		} else if _, err := f.NewSheet(sheet); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		s := &sheetWriter{f: f, sheet: sheet, pct: pct, date: dateStyle, bold: bold}
		s.row(title, "Báo cáo sơ kết chỉ tiêu: "+t.Target.Name)
		s.row(0)
		s.pair("Mã chỉ tiêu", t.Target.Code)
		s.pair("Loại", TargetKindLabels[t.Target.Kind])
		if t.Target.MinLevel != "" {
			s.pair("Trình độ tối thiểu", LevelLabel(chitieu.TrainingKind(t.Target.Kind), t.Target.MinLevel))
		}
		s.pair("Đơn vị phạm vi", t.Target.ScopeUnit)
		s.pair("Ngưỡng ("+string(t.Target.Comparator)+")", ratioCell(&t.Target.Threshold))
		s.pair("Ngày cơ sở", t.Target.BaselineDate)
		s.pair("Hạn", t.Target.Deadline)
		s.row(0)
		s.row(bold, "", "Ngày báo cáo", "Ngày cơ sở")
		s.row(0, "Ngày", r.Day, t.Target.BaselineDate)
		s.row(0, "Tử số", t.Progress.Numerator, t.Baseline.Numerator)
		s.row(0, "Mẫu số", t.Progress.Denominator, t.Baseline.Denominator)
		s.row(0, "Tỷ lệ", ratioCell(t.Progress.Ratio), ratioCell(t.Baseline.Ratio))
		s.pair("Tỷ lệ cơ sở dùng để tính", ratioCell(&t.Progress.BaselineRatio))
		s.pair("Tỷ lệ kỳ vọng theo lộ trình", ratioCell(&t.Progress.ExpectedRatio))
		s.pair("Tỷ lệ dự báo đến hạn", ratioCell(t.Progress.ProjectedRatio))
		s.pair("Tình trạng", StatusLabels[t.Progress.Status])
		s.row(0)
		s.row(bold, "Mã đơn vị", "Tên đơn vị", "Tử số", "Mẫu số", "Tỷ lệ")
		for _, u := range t.Units {
			ratio, ok := u.Ratio()
			var rc any
			if ok {
				rc = ratioCell(&ratio)
			}
			s.row(0, u.Unit, u.Name, u.Numerator, u.Denominator, rc)
		}
		_ = f.SetColWidth(sheet, "A", "A", 32)
		_ = f.SetColWidth(sheet, "B", "E", 18)
		if s.err != nil {
			return s.err
		}
	}
	sheet := "Đào tạo " + fmt.Sprint(r.Day.Year())
	if first {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	} else if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	s := &sheetWriter{f: f, sheet: sheet, pct: pct, date: dateStyle, bold: bold}
	s.row(title, fmt.Sprintf("Đào tạo, bồi dưỡng từ %s đến %s", dmy(r.From), dmy(r.Day)))
	s.row(0)
	s.row(bold, "Loại", "Trình độ", "Khóa học", "Cơ sở đào tạo", "Số cán bộ", "Số hoàn thành")
	for _, t := range r.Training {
		s.row(0, KindLabel(t.Kind), levelCell(t.Kind, t.Level), t.Course, t.Provider, t.Cadres, t.Completed)
	}
	_ = f.SetColWidth(sheet, "A", "F", 24)
	if s.err != nil {
		return s.err
	}
	if _, err := f.WriteTo(out); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
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
