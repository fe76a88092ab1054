package spreadsheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
)

// Format is a spreadsheet file format.
type Format string

// Formats written.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ContentType is the MIME type of the format.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// Writer writes a table row by row: an .xlsx sheet through excelize's stream writer (so a
// large export is not held as cells), or CSV.
type Writer struct {
	out    io.Writer
	format Format

	file      *excelize.File
	stream    *excelize.StreamWriter
	dateStyle int
	row       int

	csv *csv.Writer
}

// NewWriter starts a table with a header row.
func NewWriter(out io.Writer, format Format, sheet string, header []string) (*Writer, error) {
	w := &Writer{out: out, format: format}
	switch format {
	case CSV:
		// The byte order mark makes Excel read the file as UTF-8, Vietnamese intact.
		if _, err := io.WriteString(out, "\xEF\xBB\xBF"); err != nil {
			return nil, err
		}
		w.csv = csv.NewWriter(out)
	case XLSX:
		w.file = excelize.NewFile()
		if err := w.file.SetSheetName("Sheet1", sheet); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		var err error
		if w.dateStyle, err = w.file.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")}); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		bold, err := w.file.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		if err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		if w.stream, err = w.file.NewStreamWriter(sheet); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		if err := w.stream.SetColWidth(1, max(1, len(header)), 18); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		cells := make([]any, len(header))
		for i, h := range header {
			cells[i] = excelize.Cell{StyleID: bold, Value: h}
		}
		w.row = 1
		if err := w.stream.SetRow("A1", cells); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		return w, nil
	default:
		return nil, chitieu.Invalid("format", chitieu.RuleSheetFormat)
	}
	return w, w.Write(anySlice(header))
}

func ptr[T any](v T) *T { return &v }

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// Write adds a row. Cells are strings, whole numbers, floats or chitieu.Dates (a date cell in
// .xlsx, dd/mm/yyyy in CSV; the zero Date is empty).
func (w *Writer) Write(cells []any) error {
	if w.csv != nil {
		rec := make([]string, len(cells))
		for i, c := range cells {
			rec[i] = csvCell(c)
		}
		return w.csv.Write(rec)
	}
	out := make([]any, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case chitieu.Date:
			if !v.IsZero() {
				out[i] = excelize.Cell{StyleID: w.dateStyle, Value: v.Time()}
			}
		default:
			out[i] = v
		}
	}
	w.row++
	cell, err := excelize.CoordinatesToCellName(1, w.row)
	if err != nil {
		return err
	}
	return w.stream.SetRow(cell, out)
}

// csvCell writes a cell as text. Text that a spreadsheet would take for a formula (starting
// with =, +, -, @, or a tab or carriage return before one) gets a leading apostrophe, which
// the import takes off again.
func csvCell(c any) string {
	switch v := c.(type) {
	case nil:
		return ""
	case chitieu.Date:
		if v.IsZero() {
			return ""
		}
		return v.Time().Format("02/01/2006")
	case string:
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			return "'" + v
		}
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return csvCell(fmt.Sprint(c))
}

// Close ends the table and writes the file out.
func (w *Writer) Close() error {
	if w.csv != nil {
		w.csv.Flush()
		return w.csv.Error()
	}
	defer w.file.Close()
	if err := w.stream.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := w.file.WriteTo(w.out); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// SheetName is the sheet of an export or template of the kind.
func SheetName(kind chitieu.ImportKind) string {
	switch kind {
	case chitieu.ImportCadres:
		return "Cán bộ"
	case chitieu.ImportTrainings:
		return "Đào tạo"
	}
	return "Tập hợp thanh niên"
}

// CadreCells is a cadre's export row; ptOn and eduOn are when its current levels were
// obtained.
func CadreCells(c *chitieu.Cadre, ptOn, eduOn chitieu.Date) []any {
	return []any{c.ID, c.FullName, c.Unit, c.Position, yesNo(c.FullTime), c.JoinedOn, c.LeftOn, c.BirthDate,
		genderLabels[c.Gender], levelCell(chitieu.PoliticalTheory, c.PoliticalTheoryLevel), ptOn,
		levelCell(chitieu.Education, c.EducationLevel), eduOn, recruitmentWords[c.Recruitment], c.ExamOn, examResultWords[c.ExamResult],
		""} // moved_on: an export states the postings in force, it moves nobody
}

// TrainingCells is a training record's export row, with its cadre's name, unit and birth date
// for people to read (and for an import to find the cadre by, when the ids are removed).
func TrainingCells(t *chitieu.Training, c *chitieu.Cadre) []any {
	return []any{t.ID, t.CadreID, c.FullName, c.Unit, c.BirthDate, KindLabel(t.Kind), levelCell(t.Kind, t.Level),
		t.Course, t.Provider, StatusLabel(t.Status), t.StartedOn, t.ExpectedOn, t.CompletedOn}
}

// YouthReportCells is a youth report's export row.
func YouthReportCells(r *chitieu.YouthReport, unitName string) []any {
	return []any{r.Unit, unitName, r.ReportedOn, r.YouthPopulation, r.UnionMembers, r.AssociationMembers, r.Gathered}
}

func levelCell(kind chitieu.TrainingKind, l chitieu.Level) string {
	if l == chitieu.LevelNone {
		return ""
	}
	return LevelLabel(kind, l)
}

func yesNo(b bool) string {
	if b {
		return "Có"
	}
	return "Không"
}

// Template writes the import template of a kind for a clerk to fill: the first sheet, the one
// imported, has the header row alone, with drop-down lists in Vietnamese for the levels, kinds,
// statuses, recruitment and units (by name, listed on the "Danh mục" sheet, since a list
// written into the validation itself is limited to 255 characters); the example row is on an
// instruction sheet after it, so that an untouched template imports nothing.
func Template(out io.Writer, kind chitieu.ImportKind, units []*chitieu.Unit) error {
	if !kind.Valid() {
		return chitieu.Invalid("kind", chitieu.RuleSheetKind)
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := SheetName(kind)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	const help, lists = "Hướng dẫn", "Danh mục"
	for _, name := range []string{help, lists} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	_ = f.SetCellValue(lists, "A1", "Tên đơn vị")
	_ = f.SetCellValue(lists, "B1", "Mã đơn vị")
	for i, u := range units {
		_ = f.SetCellValue(lists, fmt.Sprintf("A%d", i+2), u.Name)
		_ = f.SetCellValue(lists, fmt.Sprintf("B%d", i+2), u.Code)
	}
	_ = f.SetColWidth(lists, "A", "A", 40)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	cols := kindColumns[kind]
	example := templateExample(kind, units)
	_ = f.SetCellValue(help, "A1", "Cách điền mẫu nhập: "+strings.ToLower(sheet))
	_ = f.SetCellStyle(help, "A1", "A1", bold)
	for i, line := range []string{
		"Điền mỗi dòng một hồ sơ vào trang «" + sheet + "», từ dòng 2; giữ nguyên dòng tiêu đề.",
		"Các ô có danh sách chọn: bấm vào ô để chọn. Đơn vị ghi theo tên, như trong trang «" + lists + "».",
		"Ngày ghi dạng ngày/tháng/năm, ví dụ 21/3/1995.",
		"Dòng mẫu dưới đây chỉ để tham khảo: trang này không được nhập.",
	} {
		_ = f.SetCellValue(help, fmt.Sprintf("A%d", i+2), line)
	}
	const exampleHeader = 7
	for i, c := range cols {
		name, _ := excelize.CoordinatesToCellName(i+1, 1)
		_ = f.SetCellValue(sheet, name, c.VI)
		_ = f.SetCellStyle(sheet, name, name, bold)
		hname, _ := excelize.CoordinatesToCellName(i+1, exampleHeader)
		_ = f.SetCellValue(help, hname, c.VI)
		_ = f.SetCellStyle(help, hname, hname, bold)
		cell, _ := excelize.CoordinatesToCellName(i+1, exampleHeader+1)
		colName, _ := excelize.ColumnNumberToName(i + 1)
		switch v := example[c.Field].(type) {
		case nil:
		case chitieu.Date:
			_ = f.SetCellValue(help, cell, v.Time())
			_ = f.SetCellStyle(help, cell, cell, dateStyle)
		default:
			_ = f.SetCellValue(help, cell, v)
		}
		if isDateField(c.Field) {
			_ = f.SetColStyle(sheet, colName, dateStyle)
		}
		_ = f.SetColWidth(sheet, colName, colName, 20)
		_ = f.SetColWidth(help, colName, colName, 20)
		var drop []string
		switch c.Field {
		case "political_theory_level":
			drop = labels(chitieu.PoliticalTheory)
		case "education_level":
			drop = labels(chitieu.Education)
		case "level":
			drop = dedupe(append(labels(chitieu.PoliticalTheory), labels(chitieu.Education)...))
		case "kind":
			drop = []string{kindLabels[chitieu.PoliticalTheory], kindLabels[chitieu.Education], kindLabels[chitieu.Professional]}
		case "status":
			for _, s := range chitieu.TrainingStatuses {
				drop = append(drop, statusLabels[s])
			}
		case "full_time":
			drop = []string{"Có", "Không"}
		case "gender":
			drop = []string{"Nam", "Nữ"}
		case "recruitment":
			drop = recruitmentLabels()
		case "exam_result":
			drop = []string{examResultWords[chitieu.ExamPassed], examResultWords[chitieu.ExamFailed], examResultWords[""]}
		}
		sqref := fmt.Sprintf("%s2:%s10000", colName, colName)
		switch {
		case drop != nil:
			dv := excelize.NewDataValidation(true)
			dv.Sqref = sqref
			if err := dv.SetDropList(drop); err != nil {
				return fmt.Errorf("template: %w", err)
			}
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return fmt.Errorf("template: %w", err)
			}
		case c.Field == "unit" && len(units) > 0: // by name: a clerk knows the units by their names
			dv := excelize.NewDataValidation(true)
			dv.Sqref = sqref
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$A$2:$A$%d", lists, len(units)+1))
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return fmt.Errorf("template: %w", err)
			}
		}
	}
	if _, err := f.WriteTo(out); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	return nil
}

// recruitmentLabels are the recruitment drop-down's words: the ways, then "not recorded".
func recruitmentLabels() []string {
	return []string{recruitmentWords[chitieu.RecruitedByExam], recruitmentWords[chitieu.RecruitedByTransfer],
		recruitmentWords[chitieu.RecruitedByElection], recruitmentWords[chitieu.RecruitedOther], recruitmentWords[""]}
}

// isDateField tells the columns that hold a day.
func isDateField(field string) bool {
	switch field {
	case "joined_on", "left_on", "birth_date", "exam_on", "started_on", "expected_on", "completed_on", "reported_on", "moved_on":
		return true
	}
	return false
}

func recruitmentChoices() string { return strings.Join(recruitmentLabels(), ", ") }

func labels(kind chitieu.TrainingKind) []string {
	var out []string
	for _, l := range chitieu.Levels(kind) {
		out = append(out, levelLabels[kind][l])
	}
	return out
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// templateExample is the example row of a template, on the first unit when there is one.
func templateExample(kind chitieu.ImportKind, units []*chitieu.Unit) map[string]any {
	unit := "Cơ quan Tỉnh Đoàn"
	if len(units) > 0 {
		unit = units[0].Name
	}
	switch kind {
	case chitieu.ImportCadres:
		return map[string]any{"full_name": "Nguyễn Văn An", "unit": unit, "position": "Chuyên viên", "full_time": "Có",
			"joined_on": chitieu.NewDate(2012, time.March, 1), "birth_date": chitieu.NewDate(1988, time.May, 20), "gender": "Nam",
			"political_theory_level": "Trung cấp", "political_theory_on": 2011, "education_level": "Đại học", "education_on": 2010,
			"recruitment": recruitmentWords[chitieu.RecruitedByExam], "exam_on": chitieu.NewDate(2012, time.January, 15),
			"exam_result": examResultWords[chitieu.ExamPassed]}
	case chitieu.ImportTrainings:
		return map[string]any{"full_name": "Nguyễn Văn An", "unit": unit, "birth_date": chitieu.NewDate(1988, time.May, 20),
			"kind": "Lý luận chính trị", "level": "Cao cấp", "course": "Cao cấp lý luận chính trị hệ không tập trung",
			"provider": "Học viện Chính trị khu vực IV", "status": "Đang học", "started_on": chitieu.NewDate(2013, time.September, 1),
			"expected_on": chitieu.NewDate(2015, time.June, 30)}
	}
	return map[string]any{"unit": unit, "reported_on": chitieu.NewDate(2013, time.December, 31), "youth_population": 12000,
		"union_members": 5200, "association_members": 4100, "gathered": 7000}
}

// TemplateName is the name a template of kind is saved under: "Mẫu nhập cán bộ.xlsx".
func TemplateName(kind chitieu.ImportKind) string {
	return "Mẫu nhập " + strings.ToLower(SheetName(kind)) + ".xlsx"
}
