package spreadsheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// AnnualReport writes the annual review as a workbook: when it is grouped by plan, a sheet of
// the plans with their targets; one sheet per target (its figures on
// the day and on the baseline, the expected and projected ratios, the status and each unit's
// part), a sheet of the training carried out in the year, one of the cadres who break the
// recruitment rule and one of the leadership positions with their vacancies in the year. Its
// words are the catalogue's in lang, the same as the review's page.
func AnnualReport(out io.Writer, r *chitieu.AnnualReport, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	w := &workbook{f: f, lang: lang}
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
	// With plans: a sheet of the plans first, then the targets in the plans' order.
	targets, planName := r.Targets, map[string]string{}
	if hasPlan(r.Plans) {
		w.plansSheet(r)
		targets = nil
		for _, p := range r.Plans {
			if p.Plan != nil {
				planName[p.Plan.Code] = p.Plan.Name
			}
			targets = append(targets, p.Targets...)
		}
	}
	used := map[string]bool{}
	for _, t := range targets {
		w.targetSheet(sheetName(t.Target.Code, used), r.Day, t, planName[t.Target.Plan])
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
	lang                   string
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

// t is the catalogue's text of key in the workbook's language.
func (w *workbook) t(key string, args ...any) string { return i18n.Text(w.lang, key, args...) }

// hasPlan tells whether the review was grouped by at least one plan.
func hasPlan(plans []chitieu.PlanReport) bool {
	for _, p := range plans {
		if p.Plan != nil {
			return true
		}
	}
	return false
}

// plansSheet lists each plan, in force on the day first, with its targets and their status
// (a finished plan's: their verdicts), then the targets outside every plan.
func (w *workbook) plansSheet(r *chitieu.AnnualReport) {
	s := w.sheet(w.t("annual.plans_sheet"))
	s.row(w.title, w.t("annual.plans_title", w.day(r.Day)))
	for _, p := range r.Plans {
		s.row(0)
		if p.Plan == nil {
			s.row(w.bold, w.t("annual.outside_plans"))
		} else {
			state := "annual.plan_upcoming"
			if p.InForce {
				state = "annual.plan_in_force"
			} else if p.Plan.Finished(r.Day) {
				state = "annual.plan_finished"
			}
			s.row(w.bold, w.t("annual.plan_title", p.Plan.Name))
			s.pair(w.t("annual.plan_code"), p.Plan.Code)
			s.pair(w.t("annual.starts_on"), p.Plan.StartsOn)
			s.pair(w.t("annual.ends_on"), p.Plan.EndsOn)
			s.pair(w.t("annual.plan_state"), w.t(state))
		}
		s.row(w.bold, w.t("annual.code"), w.t("annual.target"), w.t("annual.deadline"), w.t("annual.ratio"), w.t("annual.status"))
		for _, t := range p.Targets {
			s.row(0, t.Target.Code, t.Target.Name, t.Target.Deadline, ratioCell(t.Progress.Ratio), w.t("status."+string(t.Progress.Status)))
		}
	}
	w.done(s, 24, 20, "E")
}

func (w *workbook) targetSheet(name string, day chitieu.Date, t chitieu.TargetReport, plan string) {
	s := w.sheet(name)
	s.row(w.title, w.t("annual.target_title", t.Target.Name))
	s.row(0)
	s.pair(w.t("annual.code"), t.Target.Code)
	if plan != "" {
		s.pair(w.t("annual.plan"), plan)
	}
	s.pair(w.t("annual.kind"), w.t("tkind."+string(t.Target.Kind)))
	if t.Target.MinLevel != "" {
		s.pair(w.t("annual.min_level"), w.t(LevelKey(chitieu.TrainingKind(t.Target.Kind), t.Target.MinLevel)))
	}
	if t.Target.Kind == chitieu.TargetProfessionalTraining {
		s.pair(w.t("annual.window"), w.t("annual.window_days", t.Target.WindowDays))
		s.pair(w.t("annual.provider"), w.or(t.Target.Provider, "annual.any_provider"))
	}
	s.pair(w.t("annual.scope"), w.or(t.ScopeName, "annual.all_units"))
	s.pair(w.t("annual.threshold")+" ("+w.t("comparator."+string(t.Target.Comparator))+")", ratioCell(&t.Target.Threshold))
	s.pair(w.t("annual.baseline_day"), t.Target.BaselineDate)
	s.pair(w.t("annual.deadline"), t.Target.Deadline)
	s.row(0)
	s.row(w.bold, "", w.t("annual.day"), w.t("annual.baseline_day"))
	s.row(0, w.t("annual.date"), day, t.Target.BaselineDate)
	s.row(0, w.t("annual.met"), t.Progress.Numerator, t.Baseline.Numerator)
	s.row(0, w.t("annual.counted"), t.Progress.Denominator, t.Baseline.Denominator)
	s.row(0, w.t("annual.ratio"), ratioCell(t.Progress.Ratio), ratioCell(t.Baseline.Ratio))
	if v := t.Verdict; v != nil {
		s.row(0, w.t("annual.verdict."+v.EndedBy), v.AsOf, v.Numerator, v.Denominator, ratioCell(v.Ratio))
	}
	s.pair(w.t("annual.baseline_ratio"), ratioCell(&t.Progress.BaselineRatio))
	s.pair(w.t("annual.expected"), ratioCell(&t.Progress.ExpectedRatio))
	s.pair(w.t("annual.projected"), ratioCell(t.Progress.ProjectedRatio))
	s.pair(w.t("annual.status"), w.t("status."+string(t.Progress.Status)))
	s.row(0)
	s.row(w.bold, w.t("annual.unit_code"), w.t("annual.unit"), w.t("annual.met"), w.t("annual.counted"), w.t("annual.ratio"))
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

// date is a day in a title, written the language's way.
func (w *workbook) day(d chitieu.Date) string { return i18n.Date(w.lang, d) }

// or is the text of value, or the catalogue's words of key when value is empty.
func (w *workbook) or(value, key string) string {
	if value == "" {
		return w.t(key)
	}
	return value
}

func (w *workbook) trainingSheet(r *chitieu.AnnualReport) {
	s := w.sheet(w.t("annual.training_sheet", fmt.Sprint(r.Day.Year())))
	s.row(w.title, w.t("annual.training_title", w.day(r.From), w.day(r.Day)))
	s.row(0)
	s.row(w.bold, w.t("annual.kind"), w.t("annual.level"), w.t("annual.course"), w.t("annual.training_provider"),
		w.t("annual.cadres"), w.t("annual.completed"))
	for _, t := range r.Training {
		level := ""
		if t.Level != chitieu.LevelNone {
			level = w.t(LevelKey(t.Kind, t.Level))
		}
		s.row(0, w.t("kind."+string(t.Kind)), level, t.Course, t.Provider, t.Cadres, t.Completed)
	}
	w.done(s, 24, 24, "F")
}

// recruitmentSheet is the rule, then the count of each unit, then the cadres.
func (w *workbook) recruitmentSheet(r *chitieu.AnnualReport) {
	rec := r.Recruitment
	s := w.sheet(w.t("annual.recruitment_sheet"))
	s.row(w.title, w.t("annual.recruitment_title", w.day(r.Day)))
	s.row(0)
	s.pair(w.t("annual.rule_start"), rec.Rule.StartDate)
	s.pair(w.t("annual.rule_scope"), w.or(rec.ScopeName, "annual.all_units"))
	s.pair(w.t("annual.exempt"), ExemptText(w.lang, rec.Rule.Exempt))
	s.pair(w.t("annual.failing"), len(rec.Failing))
	s.row(0)
	s.row(w.bold, w.t("annual.unit_code"), w.t("annual.unit"), w.t("annual.cadres"))
	for _, u := range rec.ByUnit {
		s.row(0, u.Unit, u.Name, u.Count)
	}
	s.row(0)
	s.row(w.bold, w.t("annual.number"), w.t("annual.name"), w.t("annual.unit_code"), w.t("annual.unit"), w.t("annual.joined_on"),
		w.t("annual.recruitment"), w.t("annual.exam_on"), w.t("annual.exam_result"))
	for i, c := range rec.Failing {
		s.row(0, i+1, c.Cadre.FullName, c.Cadre.Unit, c.UnitName, c.Cadre.JoinedOn,
			w.t(RecruitmentKey(c.Cadre.Recruitment)), c.Cadre.ExamOn, w.t(ExamResultKey(c.Cadre.ExamResult)))
	}
	w.done(s, 24, 20, "H")
}

// leadershipSheet is a row per position: its seats and vacancy on the day, and its vacancies
// in the year.
func (w *workbook) leadershipSheet(r *chitieu.AnnualReport) {
	s := w.sheet(w.t("annual.leadership_sheet"))
	s.row(w.title, w.t("annual.leadership_title", w.day(r.From), w.day(r.Day)))
	s.row(0)
	s.row(w.bold, w.t("annual.unit_code"), w.t("annual.unit"), w.t("annual.position"), w.t("annual.seats"), w.t("annual.vacant"),
		w.t("annual.vacant_since"), w.t("annual.days_vacant"), w.t("annual.longest_from"), w.t("annual.longest_to"), w.t("annual.longest_days"))
	for _, p := range r.Leadership {
		var to any = p.LongestTo
		if p.LongestTo.IsZero() && p.LongestDays > 0 {
			to = w.t("annual.still_vacant")
		}
		var longest any
		if p.LongestDays > 0 {
			longest = p.LongestDays
		}
		s.row(0, p.Unit, p.UnitName, p.Title, p.Seats, p.Vacant, p.VacantSince, p.DaysVacant, p.LongestFrom, to, longest)
	}
	w.done(s, 24, 18, "J")
}

// LevelKey, RecruitmentKey and ExamResultKey are the catalogue's keys of the names of a level,
// a way of recruitment ("" is not recorded) and an exam result ("" is no exam), for the
// workbook and the review's page alike.
func LevelKey(kind chitieu.TrainingKind, l chitieu.Level) string {
	return "level." + string(kind) + "." + string(l)
}

func RecruitmentKey(k chitieu.RecruitmentKind) string {
	if k == "" {
		return "recruitment.none"
	}
	return "recruitment." + string(k)
}

func ExamResultKey(r chitieu.ExamResult) string {
	if r == "" {
		return "annual.no_exam"
	}
	return "exam_result." + string(r)
}

// ExemptText lists the recruitment rule's exempt ways in lang, "none" for none.
func ExemptText(lang string, exempt []chitieu.RecruitmentKind) string {
	if len(exempt) == 0 {
		return i18n.Text(lang, "annual.exempt_none")
	}
	labels := make([]string, len(exempt))
	for i, k := range exempt {
		labels[i] = i18n.Text(lang, RecruitmentKey(k))
	}
	return strings.Join(labels, "; ")
}

// ratio is a cell with a percentage style.
type ratio float64

func ratioCell(r *float64) any {
	if r == nil {
		return "—"
	}
	return ratio(*r)
}

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
