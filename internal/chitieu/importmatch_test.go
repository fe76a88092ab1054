package chitieu_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"chitieu/internal/chitieu"
)

// wantErr checks err against the rule and arguments a case expects: none when rule is "".
func wantErr(t *testing.T, err error, field string, rule chitieu.Rule, args ...any) {
	t.Helper()
	var e *chitieu.Error
	switch {
	case rule == "" && err != nil:
		t.Fatalf("want no error, got %v", err)
	case rule == "":
	case !errors.As(err, &e):
		t.Fatalf("want %s on %s, got %v", rule, field, err)
	case e.Code != chitieu.EINVALID || e.Field != field || e.Rule != rule || !reflect.DeepEqual(e.Args, args):
		t.Fatalf("want invalid %s %s %v, got %v", field, rule, args, err)
	}
}

func TestUnitMatcher(t *testing.T) {
	m := chitieu.NewUnitMatcher()
	for _, u := range []chitieu.Unit{
		{Code: "an-bien", Name: "Huyện Đoàn An Biên"},
		{Code: "p1", Name: "Phường 1"},
		{Code: "rach-gia", Name: "Thành Đoàn Rạch Giá"},
		{Code: "xa-p1", Name: "phường 1"}, // another unit of the same name, in another case
	} {
		m.Add(u)
	}
	tests := []struct {
		in, want string
		rule     chitieu.Rule
		args     []any
	}{
		{in: "rach-gia", want: "rach-gia"},
		{in: "RACH-GIA", want: "rach-gia"},            // the code in any case
		{in: "Thành Đoàn Rạch Giá", want: "rach-gia"}, // the name
		{in: "thanh doan rach gia", want: "rach-gia"}, // without case or diacritics
		{in: "Huyện Đoàn Châu Thành", rule: chitieu.RuleImportUnitUnknown, args: []any{"Huyện Đoàn Châu Thành"}},
		{in: "Phuong 1", rule: chitieu.RuleImportUnitAmbiguous, args: []any{"Phuong 1", "p1 (Phường 1), xa-p1 (phường 1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := m.Resolve("unit", tt.in)
			wantErr(t, err, "unit", tt.rule, tt.args...)
			if got != tt.want {
				t.Fatalf("Resolve(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := m.Name("an-bien"); got != "Huyện Đoàn An Biên" {
		t.Errorf("Name(an-bien) = %q", got)
	}
	if got := m.Name("Nowhere"); got != "Nowhere" {
		t.Errorf("Name of no unit = %q, want it as written", got)
	}
}

func TestMatchCadre(t *testing.T) {
	b1, b2 := day("1990-05-01"), day("1992-11-20")
	tests := []struct {
		name       string
		birth      chitieu.Date
		candidates []chitieu.CadreCandidate
		want       int64
		rule       chitieu.Rule
		args       []any
	}{
		{name: "none: a new cadre", birth: b1},
		{name: "one, same birth date", birth: b1, candidates: []chitieu.CadreCandidate{{ID: 7, BirthDate: b1}}, want: 7},
		{name: "one, row without birth date", candidates: []chitieu.CadreCandidate{{ID: 7, BirthDate: b1}}, want: 7},
		{name: "one, stored without birth date", birth: b1, candidates: []chitieu.CadreCandidate{{ID: 7}}, want: 7},
		{name: "one, another birth date: another person", birth: b2, candidates: []chitieu.CadreCandidate{{ID: 7, BirthDate: b1}}},
		{name: "two, the birth date tells", birth: b2, candidates: []chitieu.CadreCandidate{{ID: 7, BirthDate: b1}, {ID: 9, BirthDate: b2}}, want: 9},
		{name: "two, row without birth date", candidates: []chitieu.CadreCandidate{{ID: 7, BirthDate: b1}, {ID: 9, BirthDate: b2}},
			rule: chitieu.RuleImportCadreAmbiguous, args: []any{"Lê Văn A", "u", "7, 9"}},
		{name: "two, one of them without birth date", birth: b2, candidates: []chitieu.CadreCandidate{{ID: 7}, {ID: 9, BirthDate: b2}},
			rule: chitieu.RuleImportCadreAmbiguous, args: []any{"Lê Văn A", "u", "7, 9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := chitieu.MatchCadre("full_name", "Lê Văn A", "u", tt.birth, tt.candidates)
			wantErr(t, err, "full_name", tt.rule, tt.args...)
			if got != tt.want {
				t.Fatalf("got cadre %d, want %d", got, tt.want)
			}
		})
	}
}

func TestMatchTraining(t *testing.T) {
	mar, sep := day("2014-03-01"), day("2014-09-01")
	a := &chitieu.Training{ID: 1, StartedOn: mar}
	b := &chitieu.Training{ID: 2, StartedOn: sep}
	c := &chitieu.Training{ID: 3, StartedOn: sep}
	tests := []struct {
		name       string
		started    chitieu.Date
		candidates []*chitieu.Training
		want       *chitieu.Training
		rule       chitieu.Rule
		args       []any
	}{
		{name: "none: a new record", started: mar},
		{name: "one, whatever its start", started: sep, candidates: []*chitieu.Training{a}, want: a},
		{name: "two, the start tells", started: mar, candidates: []*chitieu.Training{a, b}, want: a},
		{name: "two, neither starts then", started: day("2015-01-01"), candidates: []*chitieu.Training{a, b}},
		{name: "two of the same start", started: sep, candidates: []*chitieu.Training{a, b, c},
			rule: chitieu.RuleImportTrainingAmbiguous, args: []any{"2, 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			candidates := append([]*chitieu.Training(nil), tt.candidates...)
			got, err := chitieu.MatchTraining(&chitieu.Training{StartedOn: tt.started}, tt.candidates)
			wantErr(t, err, "id", tt.rule, tt.args...)
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			if !reflect.DeepEqual(candidates, tt.candidates) {
				t.Fatal("the candidates changed")
			}
		})
	}
}

// columns is a file's columns, for the RowUpdate functions.
func columns(fields ...string) func(string) bool {
	return func(f string) bool {
		for _, c := range fields {
			if c == f {
				return true
			}
		}
		return false
	}
}

func TestCadreRowUpdate(t *testing.T) {
	before := &chitieu.Cadre{ID: 4, FullName: "Lê Văn A", Unit: "u", Position: "Phó Bí thư", FullTime: true,
		JoinedOn: day("2012-01-01"), BirthDate: day("1990-05-01")}
	str := func(s string) *string { return &s }
	f := false
	tests := []struct {
		name    string
		row     chitieu.Cadre
		columns []string
		want    chitieu.CadreUpdate
		changed bool
	}{
		{name: "the same", row: *before, columns: []string{"full_name", "unit", "position", "full_time", "joined_on", "birth_date"}},
		{name: "another unit", row: chitieu.Cadre{FullName: "Lê Văn A", Unit: "v"}, columns: []string{"full_name", "unit"},
			want: chitieu.CadreUpdate{Unit: str("v")}, changed: true},
		{name: "a column the file lacks is left alone", row: chitieu.Cadre{FullName: "Lê Văn A", Unit: "u"}, columns: []string{"full_name", "unit"}},
		{name: "part-time, left", row: chitieu.Cadre{Unit: "u", LeftOn: day("2016-06-30")}, columns: []string{"full_time", "left_on"},
			want: chitieu.CadreUpdate{FullTime: &f, LeftOn: chitieu.Optional[chitieu.Date]{Set: true, Value: day("2016-06-30")}}, changed: true},
		{name: "a birth date emptied", row: chitieu.Cadre{}, columns: []string{"birth_date"},
			want: chitieu.CadreUpdate{BirthDate: chitieu.Optional[chitieu.Date]{Set: true}}, changed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := chitieu.CadreRowUpdate(before, &tt.row, columns(tt.columns...))
			if changed != tt.changed || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, %v; want %+v, %v", got, changed, tt.want, tt.changed)
			}
		})
	}
}

func TestTrainingRowUpdate(t *testing.T) {
	before := &chitieu.Training{ID: 2, Kind: chitieu.PoliticalTheory, Level: chitieu.Level("trung_cap"), Status: chitieu.Completed,
		Course: "Khóa 1", CompletedOn: day("2014-06-30")}
	kind, status, course := chitieu.Education, chitieu.InProgress, "Khóa 2"
	tests := []struct {
		name    string
		row     chitieu.Training
		columns []string
		want    chitieu.TrainingUpdate
		changed bool
	}{
		{name: "the same", row: *before, columns: []string{"level", "course", "completed_on"}},
		{name: "a level left out of the file stays", row: chitieu.Training{Kind: before.Kind, Status: before.Status}, columns: []string{"kind"}},
		{name: "another kind takes its level, even without the column", row: chitieu.Training{Kind: kind, Level: chitieu.Level("dai_hoc"), Status: before.Status},
			want: chitieu.TrainingUpdate{Kind: &kind, Level: chitieu.Optional[chitieu.Level]{Set: true, Value: chitieu.Level("dai_hoc")}}, changed: true},
		{name: "the status always, the course with its column", row: chitieu.Training{Kind: before.Kind, Level: before.Level, Status: status, Course: course},
			columns: []string{"course"}, want: chitieu.TrainingUpdate{Status: &status, Course: &course}, changed: true},
		{name: "a completion day emptied", row: chitieu.Training{Kind: before.Kind, Status: before.Status}, columns: []string{"completed_on"},
			want: chitieu.TrainingUpdate{CompletedOn: chitieu.Optional[chitieu.Date]{Set: true}}, changed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := chitieu.TrainingRowUpdate(before, &tt.row, columns(tt.columns...))
			if changed != tt.changed || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, %v; want %+v, %v", got, changed, tt.want, tt.changed)
			}
		})
	}
}

func TestYouthReportRowAction(t *testing.T) {
	stored := &chitieu.YouthReport{ID: 5, Unit: "u", ReportedOn: day("2014-12-31"), YouthPopulation: 1000, UnionMembers: 300}
	row := *stored
	row.ID = 0 // a file names the report by unit and day
	more := row
	more.UnionMembers = 320
	tests := []struct {
		name   string
		before *chitieu.YouthReport
		row    chitieu.YouthReport
		want   string
	}{
		{"none of that unit and day", nil, row, chitieu.RowCreate},
		{"the same figures", stored, row, chitieu.RowUnchanged},
		{"another figure", stored, more, chitieu.RowUpdate},
	}
	for _, tt := range tests {
		if got := chitieu.YouthReportRowAction(tt.before, tt.row); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestIsRowProblem(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{chitieu.Invalid("unit", chitieu.RuleImportUnitUnknown, "x"), true},
		{chitieu.NewError(chitieu.ECONFLICT, "", chitieu.RuleImportCadreID, 1), true},
		{chitieu.NewError(chitieu.EFORBIDDEN, "unit", chitieu.RuleImportCadreID, 1), true},
		{chitieu.NewError(chitieu.ENOTFOUND, "id", chitieu.RuleImportCadreID, 1), true},
		{chitieu.NewError(chitieu.EUNAVAILABLE, "import", chitieu.RuleImportTimeout, "30s"), false},
		{fmt.Errorf("import: disk I/O error"), false},
	}
	for _, tt := range tests {
		if got := chitieu.IsRowProblem(tt.err); got != tt.want {
			t.Errorf("IsRowProblem(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestMoveOf(t *testing.T) {
	c := &chitieu.Cadre{ID: 4, Unit: "tinh", FullTime: true, Position: "Chuyên viên", JoinedOn: day("2012-03-01")}
	c.SetPostings([]chitieu.Posting{
		{CadreID: 4, Unit: "huyen", FullTime: true, Position: "Phó Bí thư", From: day("2012-03-01")},
		{CadreID: 4, Unit: "tinh", FullTime: true, Position: "Chuyên viên", From: day("2016-07-01")},
	})
	tests := []struct {
		name    string
		row     chitieu.Cadre
		movedOn chitieu.Date
		columns []string
		want    *chitieu.Posting
	}{
		{name: "to another unit, keeping status and position", row: chitieu.Cadre{Unit: "xa"}, movedOn: day("2020-01-01"),
			want: &chitieu.Posting{CadreID: 4, Unit: "xa", FullTime: true, Position: "Chuyên viên", From: day("2020-01-01")}},
		{name: "part-time in the same unit", row: chitieu.Cadre{Unit: "tinh"}, movedOn: day("2020-01-01"), columns: []string{"full_time"},
			want: &chitieu.Posting{CadreID: 4, Unit: "tinh", FullTime: false, Position: "Chuyên viên", From: day("2020-01-01")}},
		{name: "the posting of that day says so: imported again", row: chitieu.Cadre{Unit: "tinh", FullTime: true, Position: "Chuyên viên"},
			movedOn: day("2016-07-01"), columns: []string{"full_time", "position"}},
		{name: "in force since earlier: nothing moves", row: chitieu.Cadre{Unit: "huyen"}, movedOn: day("2014-01-01")},
		{name: "between two postings, with the one in force then", row: chitieu.Cadre{Unit: "xa", Position: "Bí thư"}, movedOn: day("2014-01-01"),
			columns: []string{"position"}, want: &chitieu.Posting{CadreID: 4, Unit: "xa", FullTime: true, Position: "Bí thư", From: day("2014-01-01")}},
		{name: "before joining: a posting the store refuses", row: chitieu.Cadre{Unit: "huyen"}, movedOn: day("2011-01-01"),
			want: &chitieu.Posting{CadreID: 4, Unit: "huyen", FullTime: true, Position: "Phó Bí thư", From: day("2011-01-01")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := chitieu.MoveOf(c, &tt.row, tt.movedOn, columns(tt.columns...))
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
