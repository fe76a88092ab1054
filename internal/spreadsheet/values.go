package spreadsheet

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"chitieu/internal/chitieu"
)

// valueKey folds a cell for matching a word list, like headers. The same few words fill a
// column row after row, so the folds are remembered, up to a bound.
func valueKey(s string) string {
	valueKeys.Lock()
	k, ok := valueKeys.m[s]
	valueKeys.Unlock()
	if ok {
		return k
	}
	k = headerKey(s)
	valueKeys.Lock()
	if len(valueKeys.m) < 4096 {
		valueKeys.m[s] = k
	}
	valueKeys.Unlock()
	return k
}

var valueKeys = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

// Labels as written on export and in the templates' drop-downs (Vietnamese, as staff write
// them); the import reads these and the synonyms below.
var (
	levelLabels = map[chitieu.TrainingKind]map[chitieu.Level]string{
		chitieu.PoliticalTheory: {"so_cap": "Sơ cấp", "trung_cap": "Trung cấp", "cao_cap": "Cao cấp", "cu_nhan": "Cử nhân chính trị"},
		chitieu.Education:       {"trung_cap": "Trung cấp", "cao_dang": "Cao đẳng", "dai_hoc": "Đại học", "thac_si": "Thạc sĩ", "tien_si": "Tiến sĩ"},
	}
	kindLabels = map[chitieu.TrainingKind]string{
		chitieu.PoliticalTheory: "Lý luận chính trị", chitieu.Education: "Chuyên môn", chitieu.Professional: "Nghiệp vụ",
	}
	statusLabels = map[chitieu.TrainingStatus]string{
		chitieu.Planned: "Kế hoạch", chitieu.InProgress: "Đang học", chitieu.Completed: "Hoàn thành", chitieu.Dropped: "Bỏ dở",
	}
	genderLabels = map[string]string{chitieu.GenderMale: "Nam", chitieu.GenderFemale: "Nữ"}
	// recruitmentWords are the ways a cadre is recruited; "" is not recorded.
	recruitmentWords = map[chitieu.RecruitmentKind]string{
		"": "Chưa ghi nhận", chitieu.RecruitedByExam: "Thi tuyển", chitieu.RecruitedByTransfer: "Điều động, luân chuyển",
		chitieu.RecruitedByElection: "Bầu cử", chitieu.RecruitedOther: "Khác",
	}
	// examResultWords are the recruitment exam's results; "" is no exam.
	examResultWords = map[chitieu.ExamResult]string{"": "Không thi", chitieu.ExamPassed: "Đạt", chitieu.ExamFailed: "Không đạt"}
)

// Other ways people write levels, kinds and statuses (folded with valueKey when looked up).
var (
	levelSynonyms = map[chitieu.TrainingKind]map[string]chitieu.Level{
		chitieu.PoliticalTheory: {
			"sc": "so_cap", "so cap": "so_cap",
			"tc": "trung_cap", "trung cap": "trung_cap", "trung cap llct": "trung_cap", "trung cap chinh tri": "trung_cap",
			"cc": "cao_cap", "cao cap": "cao_cap", "cao cap llct": "cao_cap", "cao cap chinh tri": "cao_cap",
			"cn": "cu_nhan", "cu nhan": "cu_nhan", "cu nhan chinh tri": "cu_nhan", "cu nhan llct": "cu_nhan", "cnct": "cu_nhan",
		},
		chitieu.Education: {
			"tc": "trung_cap", "trung cap": "trung_cap", "trung hoc chuyen nghiep": "trung_cap", "thcn": "trung_cap",
			"cd": "cao_dang", "cao dang": "cao_dang",
			"dh": "dai_hoc", "dai hoc": "dai_hoc", "cu nhan": "dai_hoc", "ky su": "dai_hoc", "bachelor": "dai_hoc", "university": "dai_hoc",
			"ths": "thac_si", "thac si": "thac_si", "cao hoc": "thac_si", "master": "thac_si",
			"ts": "tien_si", "tien si": "tien_si", "ths ts": "tien_si", "phd": "tien_si", "doctor": "tien_si",
		},
	}
	kindSynonyms = map[string]chitieu.TrainingKind{
		"llct": chitieu.PoliticalTheory, "ly luan chinh tri": chitieu.PoliticalTheory, "chinh tri": chitieu.PoliticalTheory,
		"political theory": chitieu.PoliticalTheory,
		"chuyen mon":       chitieu.Education, "cm": chitieu.Education, "trinh do chuyen mon": chitieu.Education, "hoc van": chitieu.Education,
		"nghiep vu": chitieu.Professional, "boi duong nghiep vu": chitieu.Professional, "boi duong": chitieu.Professional,
		"lop nghiep vu": chitieu.Professional,
	}
	statusSynonyms = map[string]chitieu.TrainingStatus{
		"ke hoach": chitieu.Planned, "du kien": chitieu.Planned, "chua hoc": chitieu.Planned,
		"dang hoc": chitieu.InProgress, "dang dao tao": chitieu.InProgress, "in progress": chitieu.InProgress,
		"hoan thanh": chitieu.Completed, "da hoan thanh": chitieu.Completed, "tot nghiep": chitieu.Completed, "da tot nghiep": chitieu.Completed,
		"bo do": chitieu.Dropped, "bo hoc": chitieu.Dropped, "dung hoc": chitieu.Dropped, "ngung hoc": chitieu.Dropped,
	}
)

// lookup tables folded once: the codes, the labels and the synonyms.
var (
	levelIndex  = map[chitieu.TrainingKind]map[string]chitieu.Level{}
	kindIndex   = map[string]chitieu.TrainingKind{}
	statusIndex = map[string]chitieu.TrainingStatus{}
	// recruitmentIndex and examIndex read the template's drop-down words and the codes;
	// "Chưa ghi nhận" and "Không thi" are no value.
	recruitmentIndex = map[string]chitieu.RecruitmentKind{}
	examIndex        = map[string]chitieu.ExamResult{}
)

func init() {
	for kind, syn := range levelSynonyms {
		m := map[string]chitieu.Level{}
		for _, l := range chitieu.Levels(kind) {
			m[valueKey(string(l))] = l
			m[valueKey(levelLabels[kind][l])] = l
		}
		for s, l := range syn {
			m[valueKey(s)] = l
		}
		levelIndex[kind] = m
	}
	for k, label := range kindLabels {
		kindIndex[valueKey(string(k))] = k
		kindIndex[valueKey(label)] = k
	}
	for s, k := range kindSynonyms {
		kindIndex[valueKey(s)] = k
	}
	for _, st := range chitieu.TrainingStatuses {
		statusIndex[valueKey(string(st))] = st
		statusIndex[valueKey(statusLabels[st])] = st
	}
	for s, st := range statusSynonyms {
		statusIndex[valueKey(s)] = st
	}
	for k, label := range recruitmentWords {
		recruitmentIndex[valueKey(string(k))] = k
		recruitmentIndex[valueKey(label)] = k
	}
	for r, label := range examResultWords {
		examIndex[valueKey(string(r))] = r
		examIndex[valueKey(label)] = r
	}
}

// ParseLevel reads a level of a kind as people write it ("Trung cấp", "TC", "ThS.", "dai_hoc").
func ParseLevel(kind chitieu.TrainingKind, s string) (chitieu.Level, bool) {
	if strings.TrimSpace(s) == "" {
		return chitieu.LevelNone, true
	}
	l, ok := levelIndex[kind][valueKey(s)]
	return l, ok
}

// LevelLabel is the Vietnamese name of a level.
func LevelLabel(kind chitieu.TrainingKind, l chitieu.Level) string {
	if s, ok := levelLabels[kind][l]; ok {
		return s
	}
	return string(l)
}

// KindLabel and StatusLabel are the Vietnamese names of a training kind and status.
func KindLabel(k chitieu.TrainingKind) string     { return labelOr(kindLabels[k], string(k)) }
func StatusLabel(s chitieu.TrainingStatus) string { return labelOr(statusLabels[s], string(s)) }

func labelOr(label, def string) string {
	if label == "" {
		return def
	}
	return label
}

func levelLabelList(kind chitieu.TrainingKind) string {
	var out []string
	for _, l := range chitieu.Levels(kind) {
		out = append(out, levelLabels[kind][l])
	}
	return strings.Join(out, ", ")
}

// excelEpoch is day 0 of Excel's 1900 date system, counted as Excel does: its serial 60 is
// 29 February 1900, a day that never was, so serials from 61 on count from 30 December 1899.
var excelEpoch = chitieu.NewDate(1899, time.December, 30)

// ParseDate reads a date as a spreadsheet holds it: as people write one
// (chitieu.ParseWrittenDate: dd/mm/yyyy, also with '-' or '.', a two-digit year, yyyy-mm-dd),
// or an Excel serial day number (the time of day, if any, is dropped).
func ParseDate(s string) (chitieu.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "-/") {
		// A bare year is not a date; a serial below 3000 would be a day of 1900-1908.
		if !(n >= 3000 && n <= 2958465) { // also refuses NaN
			return 0, false
		}
		day := int64(n)
		if day < 61 {
			return excelEpoch + chitieu.Date(day) + 1, true
		}
		return inRange(excelEpoch + chitieu.Date(day))
	}
	d, err := chitieu.ParseWrittenDate(s)
	return d, err == nil
}

// inRange returns d if it lies in the range of every date, and false otherwise.
func inRange(d chitieu.Date) (chitieu.Date, bool) {
	if !d.InRange() {
		return 0, false
	}
	return d, true
}

// ParseYearOrDate reads when a qualification was obtained: a year (the last day of that year,
// the latest it can have been) or a date.
func ParseYearOrDate(s string) (chitieu.Date, bool) {
	s = strings.TrimSpace(s)
	if y, err := strconv.Atoi(s); err == nil && len(s) == 4 {
		if y < chitieu.MinDate.Year() || y > chitieu.MaxDate.Year() {
			return 0, false
		}
		return chitieu.NewDate(y, time.December, 31), true
	}
	return ParseDate(s)
}

// ParseCount reads a whole number >= 0, with '.', ',' or spaces between groups of three digits
// ("12.345" in Vietnamese) or as a spreadsheet's number ("12345", "12345.0").
func ParseCount(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		return n, true
	}
	for _, sep := range []string{".", ",", " ", "\u00a0"} {
		parts := strings.Split(s, sep)
		if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
			continue
		}
		ok := true
		for _, p := range parts[1:] {
			if len(p) != 3 {
				ok = false
			}
		}
		if n, err := strconv.ParseInt(strings.Join(parts, ""), 10, 64); ok && err == nil && n >= 0 {
			return n, true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f < 1<<53 && f == float64(int64(f)) {
		return int64(f), true
	}
	return 0, false
}

// ParseBool reads yes or no as people write it; empty is def.
func ParseBool(s string, def bool) (bool, bool) {
	switch valueKey(s) {
	case "":
		return def, true
	case "x", "co", "yes", "y", "true", "1", "chuyentrach", "ct":
		return true, true
	case "khong", "no", "n", "false", "0", "kiemnhiem", "kn", "bantrach":
		return false, true
	}
	return false, false
}

// ParseGender reads Nam/Nữ or male/female; empty is not recorded.
func ParseGender(s string) (string, bool) {
	switch valueKey(s) {
	case "":
		return "", true
	case "nam", "male", "m":
		return chitieu.GenderMale, true
	case "nu", "female", "f":
		return chitieu.GenderFemale, true
	}
	return "", false
}

// unformula undoes the neutralising of a cell that an export wrote with a leading apostrophe.
func unformula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}
