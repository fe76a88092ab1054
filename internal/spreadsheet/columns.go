package spreadsheet

import (
	"fmt"
	"slices"
	"strings"

	"chitieu/internal/chitieu"
)

// column is a field of an import kind: the record field it fills, the header written on
// export and templates (Vietnamese, as staff write it), the English one, and other ways people
// head it. Headers match without regard to case, diacritics, spacing and punctuation.
type column struct {
	Field    string
	VI, EN   string
	Aliases  []string
	Required bool
	Ignored  bool // shown on export for people to read; ignored on import
}

// Columns of each kind, in the order of the export and the template.
var kindColumns = map[chitieu.ImportKind][]column{
	chitieu.ImportCadres: {
		{Field: "id", VI: "Mã cán bộ", EN: "ID", Aliases: []string{"cadre id", "mã", "id cán bộ"}},
		{Field: "full_name", VI: "Họ và tên", EN: "Full name", Aliases: []string{"họ tên", "tên", "name", "full_name"}, Required: true},
		{Field: "unit", VI: "Đơn vị", EN: "Unit", Aliases: []string{"mã đơn vị", "unit code", "tên đơn vị", "cơ quan"}, Required: true},
		{Field: "position", VI: "Chức vụ", EN: "Position", Aliases: []string{"chức danh", "chức vụ hiện nay"}},
		{Field: "full_time", VI: "Chuyên trách", EN: "Full time", Aliases: []string{"full_time", "cán bộ chuyên trách"}},
		{Field: "joined_on", VI: "Ngày vào", EN: "Joined on", Aliases: []string{"joined_on", "ngày tuyển dụng", "ngày vào cơ quan", "ngày nhận công tác"}, Required: true},
		{Field: "left_on", VI: "Ngày nghỉ", EN: "Left on", Aliases: []string{"left_on", "ngày thôi việc", "ngày chuyển công tác"}},
		{Field: "birth_date", VI: "Ngày sinh", EN: "Birth date", Aliases: []string{"birth_date", "date of birth", "ngày tháng năm sinh"}},
		{Field: "gender", VI: "Giới tính", EN: "Gender", Aliases: []string{"phái"}},
		{Field: "political_theory_level", VI: "Trình độ LLCT", EN: "Political theory level", Aliases: []string{"political_theory_level", "lý luận chính trị", "trình độ lý luận chính trị", "llct"}},
		{Field: "political_theory_on", VI: "Năm đạt LLCT", EN: "Political theory obtained", Aliases: []string{"political_theory_on", "năm llct", "ngày đạt llct", "năm tốt nghiệp llct"}},
		{Field: "education_level", VI: "Trình độ chuyên môn", EN: "Education level", Aliases: []string{"education_level", "chuyên môn", "trình độ cm", "học vị"}},
		{Field: "education_on", VI: "Năm đạt chuyên môn", EN: "Education obtained", Aliases: []string{"education_on", "năm tốt nghiệp", "năm đạt cm", "ngày tốt nghiệp"}},
		{Field: "recruitment", VI: "Hình thức tuyển dụng", EN: "Recruitment", Aliases: []string{"tuyển dụng", "hình thức tuyển", "recruited"}},
		{Field: "exam_on", VI: "Ngày thi tuyển", EN: "Exam date", Aliases: []string{"exam_on", "ngày thi"}},
		{Field: "exam_result", VI: "Kết quả thi tuyển", EN: "Exam result", Aliases: []string{"exam_result", "kết quả thi"}},
		// A move of an existing cadre from a day (issue 16): unit, full_time and position are
		// then a new posting's, not a correction.
		{Field: "moved_on", VI: "Chuyển từ ngày", EN: "Moved on", Aliases: []string{"moved_on", "ngày chuyển đến", "chuyển công tác từ ngày"}},
	},
	chitieu.ImportTrainings: {
		{Field: "id", VI: "Mã hồ sơ", EN: "Record ID", Aliases: []string{"training id", "record id", "mã đào tạo"}},
		{Field: "cadre_id", VI: "Mã cán bộ", EN: "Cadre ID", Aliases: []string{"cadre_id", "id cán bộ"}},
		{Field: "full_name", VI: "Họ và tên", EN: "Full name", Aliases: []string{"họ tên", "tên", "name", "full_name"}},
		{Field: "unit", VI: "Đơn vị", EN: "Unit", Aliases: []string{"mã đơn vị", "unit code", "tên đơn vị"}},
		{Field: "birth_date", VI: "Ngày sinh", EN: "Birth date", Aliases: []string{"birth_date", "date of birth"}},
		{Field: "kind", VI: "Loại", EN: "Kind", Aliases: []string{"loại đào tạo", "loại hồ sơ", "hình thức"}, Required: true},
		{Field: "level", VI: "Trình độ", EN: "Level", Aliases: []string{"bậc", "cấp độ"}},
		{Field: "course", VI: "Khóa học", EN: "Course", Aliases: []string{"khoá học", "tên lớp", "lớp", "chuyên ngành", "ngành"}},
		{Field: "provider", VI: "Cơ sở đào tạo", EN: "Provider", Aliases: []string{"nơi đào tạo", "đơn vị đào tạo", "trường"}},
		{Field: "status", VI: "Trạng thái", EN: "Status", Aliases: []string{"tình trạng", "kết quả"}, Required: true},
		{Field: "started_on", VI: "Ngày bắt đầu", EN: "Started on", Aliases: []string{"started_on", "ngày nhập học", "từ ngày"}},
		{Field: "expected_on", VI: "Ngày dự kiến hoàn thành", EN: "Expected on", Aliases: []string{"expected_on", "dự kiến hoàn thành", "ngày dự kiến"}},
		{Field: "completed_on", VI: "Ngày hoàn thành", EN: "Completed on", Aliases: []string{"completed_on", "ngày tốt nghiệp", "đến ngày"}},
	},
	chitieu.ImportYouthReports: {
		{Field: "unit", VI: "Đơn vị", EN: "Unit", Aliases: []string{"mã đơn vị", "unit code"}, Required: true},
		{Field: "unit_name", VI: "Tên đơn vị", EN: "Unit name", Ignored: true},
		{Field: "reported_on", VI: "Ngày báo cáo", EN: "Reported on", Aliases: []string{"reported_on", "ngày", "thời điểm"}, Required: true},
		{Field: "youth_population", VI: "Số thanh niên", EN: "Youth population", Aliases: []string{"youth_population", "tổng số thanh niên", "thanh niên"}, Required: true},
		{Field: "union_members", VI: "Đoàn viên", EN: "Union members", Aliases: []string{"union_members", "số đoàn viên"}, Required: true},
		{Field: "association_members", VI: "Hội viên", EN: "Association members", Aliases: []string{"association_members", "số hội viên"}, Required: true},
		{Field: "gathered", VI: "Số tập hợp", EN: "Gathered", Aliases: []string{"thanh niên được tập hợp", "tập hợp"}, Required: true},
	},
}

// ignoredHeaders are columns of any kind that people add and the import passes over: the row
// number that Vietnamese lists start with, and notes.
var ignoredHeaders = []string{"STT", "TT", "Số TT", "Số thứ tự", "No.", "Ghi chú", "Notes"}

// headerKey folds a header for matching: no case, no diacritics, no spaces or punctuation.
func headerKey(s string) string { return chitieu.MatchKey(s) }

// headerIndex maps folded headers to their column, per kind, built once.
var headerIndex = func() map[chitieu.ImportKind]map[string]int {
	out := map[chitieu.ImportKind]map[string]int{}
	for kind, cols := range kindColumns {
		m := map[string]int{}
		for i, c := range cols {
			for _, h := range append([]string{c.VI, c.EN, c.Field}, c.Aliases...) {
				k := headerKey(h)
				if j, dup := m[k]; dup && j != i {
					panic(fmt.Sprintf("spreadsheet: header %q of %s names two columns", h, kind))
				}
				m[k] = i
			}
		}
		for _, h := range ignoredHeaders {
			m[headerKey(h)] = -1
		}
		out[kind] = m
	}
	return out
}()

// mapping ties the file's columns to fields: at[field] is the file column index.
type mapping struct {
	at     map[string]int
	header map[string]string // field -> header as written
}

// mapHeader matches a header row to the kind's columns. An unknown header, a column given
// twice or a required column missing is an error naming them and the accepted headers.
func mapHeader(kind chitieu.ImportKind, header []string) (*mapping, error) {
	cols := kindColumns[kind]
	m := &mapping{at: map[string]int{}, header: map[string]string{}}
	var unknown []string
	for i, h := range header {
		if h == "" {
			continue
		}
		j, ok := headerIndex[kind][headerKey(h)]
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%q", h))
			continue
		} else if j < 0 {
			continue
		}
		f := cols[j].Field
		if prev, dup := m.header[f]; dup {
			return nil, fileError(chitieu.RuleFileColumnTwice, prev, h, cols[j].VI)
		}
		m.at[f], m.header[f] = i, h
	}
	if len(unknown) > 0 {
		list := strings.Join(unknown, ", ")
		return nil, fileError(chitieu.RuleFileUnknownColumns, list, accepted(cols, "vi"), accepted(cols, "en"))
	}
	var missing []string
	for _, c := range cols {
		if _, ok := m.at[c.Field]; c.Required && !ok {
			missing = append(missing, c.VI+" ("+c.EN+")")
		}
	}
	if kind == chitieu.ImportTrainings {
		_, byID := m.at["cadre_id"]
		_, byName := m.at["full_name"]
		_, byUnit := m.at["unit"]
		if !byID && !(byName && byUnit) {
			missing = append(missing, "Mã cán bộ (Cadre ID), hoặc/or Họ và tên + Đơn vị (Full name + Unit)")
		}
	}
	if len(missing) > 0 {
		return nil, fileError(chitieu.RuleFileMissingColumns, strings.Join(missing, ", "))
	}
	return m, nil
}

func accepted(cols []column, lang string) string {
	var out []string
	for _, c := range cols {
		if lang == "en" {
			out = append(out, fmt.Sprintf("%q", c.EN))
		} else {
			out = append(out, fmt.Sprintf("%q", c.VI))
		}
	}
	return strings.Join(out, ", ")
}

// Headers returns the kind's headers in a language ("vi" or "en"), in export order.
func Headers(kind chitieu.ImportKind, lang string) []string {
	var out []string
	for _, c := range kindColumns[kind] {
		if lang == "en" {
			out = append(out, c.EN)
		} else {
			out = append(out, c.VI)
		}
	}
	return out
}

func fieldIndex(kind chitieu.ImportKind, field string) int {
	return slices.IndexFunc(kindColumns[kind], func(c column) bool { return c.Field == field })
}

// maxTitleRows is how many non-empty rows may come before the header: lists often open with the
// unit's name, a title and a date.
const maxTitleRows = 5

// headerFinder takes the first row that maps to the kind's columns as the header, passing over
// title rows; when none of the first rows does, the first one's error is the file's.
type headerFinder struct {
	kind     chitieu.ImportKind
	tried    int
	firstErr error
}

// try returns the mapping when cells are the header, nil and no error for a title row.
func (h *headerFinder) try(cells []string) (*mapping, error) {
	m, err := mapHeader(h.kind, cells)
	if err == nil {
		return m, nil
	}
	if h.firstErr == nil {
		h.firstErr = err
	}
	if h.tried++; h.tried > maxTitleRows {
		return nil, h.firstErr
	}
	return nil, nil
}
