package web

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
)

// The domain and the store write their messages in English, "field: rule"; the pages put them
// in Vietnamese through the catalogue's rules and patterns (Locale.Rule). These tests read the
// source of the packages whose errors reach the pages and check that every message they can
// make with a code a page prints (isUserError) comes out in Vietnamese, and names a field the
// catalogue has a name for: a new English-only message fails here, not in front of a user.

// messageSources are the packages whose errors the pages show.
var messageSources = []string{"../chitieu", "../sqlite", "../figures"}

// messageArgs are the values a message is tried with, by its format, where the placeholders'
// defaults (%q "x", %d 7, %s a day) do not make the message the code makes: a verb that is not a
// day, a field given as an argument, a rule built from the domain's lists.
var messageArgs = map[string][][]any{
	"%s: unit %q does not exist":             {{"unit", "x"}, {"scope_unit", "x"}, {"parent", "x"}},
	"recruitment_check: must be %q or empty": {{chitieu.RecruitmentCheckFailing}},
	"unit: unit %q has %d %s; move or delete them first": {{"x", 2, "child units"}, {"x", 2, "cadres"}, {"x", 2, "youth reports"},
		{"x", 2, "targets scoped to it"}, {"x", 2, "users limited to it"}, {"x", 2, "leadership positions"},
		{"x", 2, "recruitment rules scoped to it"}},
	"level: is required for kind %s: one of %s": levelArgs(true),
	"level: must be one of %s for kind %s":      levelArgs(false),
	"min_level: must be one of %s for kind %s":  levelArgs(false),
	"min_level: must be empty for kind %s":      {{chitieu.TargetYouthGathering}, {chitieu.TargetProfessionalTraining}},
	"%s: must be a date from 1900-01-01 to 2100-12-31": fieldArgs("joined_on", "left_on", "birth_date", "exam_on", "started_on",
		"expected_on", "completed_on", "reported_on", "baseline_date", "deadline", "created_on", "ended_on", "start_date"),
	"%s: must not be before the cadre's birth_date":           fieldArgs("started_on", "expected_on", "completed_on"),
	"%s: must not be negative":                                fieldArgs(countFields...),
	"%s: must be at most 100000000":                           fieldArgs(countFields...),
	"%s: must be valid UTF-8 text":                            fieldArgs(textFields...),
	"%s: must be at most %d characters":                       {{"full_name", chitieu.MaxNameLength}, {"course", chitieu.MaxTextLength}},
	"%s: must not hold the control or invisible character %U": {{"full_name", rune(0)}, {"name", '\u202e'}, {"title", '\u200b'}},
}

var (
	countFields = []string{"youth_population", "union_members", "association_members", "gathered"}
	textFields  = []string{"code", "name", "parent", "full_name", "unit", "position", "gender", "course", "provider", "scope_unit", "title"}
)

// fieldArgs are the argument lists of a format whose one argument is the field.
func fieldArgs(fields ...string) [][]any {
	var out [][]any
	for _, f := range fields {
		out = append(out, []any{f})
	}
	return out
}

// levelArgs are the arguments of the rules that list a kind's levels, as the domain quotes them.
func levelArgs(kindFirst bool) [][]any {
	var out [][]any
	for _, kind := range []chitieu.TrainingKind{chitieu.PoliticalTheory, chitieu.Education} {
		var quoted []string
		for _, l := range chitieu.Levels(kind) {
			quoted = append(quoted, strconv.Quote(string(l)))
		}
		levels := strings.Join(quoted, ", ")
		if kindFirst {
			out = append(out, []any{kind, levels})
		} else {
			out = append(out, []any{levels, kind})
		}
	}
	return out
}

// ownWords are messages that carry their Vietnamese with them, by format and why.
var ownWords = map[string]string{
	"%s: %s": "an import's own problem (sqlite rowProblem): its Vietnamese is in its chitieu.Message",
}

// sourceMessage is a message as its source writes it: a format and its arguments' source.
type sourceMessage struct {
	pos    token.Position
	code   string
	format string
}

func TestLocale_EveryDomainMessage(t *testing.T) {
	vi, en := mustLocales(t)["vi"], mustLocales(t)["en"]
	msgs := sourceMessages(t)
	if len(msgs) < 100 {
		t.Fatalf("found only %d messages in %v: is the walk still finding the calls?", len(msgs), messageSources)
	}
	shown := 0
	for _, m := range msgs {
		if !isUserError(&chitieu.Error{Code: m.code}) {
			continue // the pages print their own words for these codes (forbidden, not found, …)
		}
		if _, ok := ownWords[m.format]; ok {
			continue
		}
		shown++
		for _, args := range argsOf(m.format) {
			msg := fmt.Sprintf(m.format, args...)
			if strings.Contains(msg, "%!") {
				t.Errorf("%s: %q with %v makes %q: fix messageArgs", m.pos, m.format, args, msg)
				continue
			}
			field, rule := vi.Rule(msg)
			_, english, _ := strings.Cut(msg, ": ")
			switch {
			case field == "":
				t.Errorf("%s: %q names no field (\"field: rule\")", m.pos, msg)
			case rule == english:
				t.Errorf("%s: %q shows in English on the Vietnamese pages: add its rule to locales/vi.json (rules, or patterns when it names a record)", m.pos, msg)
			case !vi.Has("field." + field):
				t.Errorf("%s: %q: the field %q has no name in the catalogues (field.%s)", m.pos, msg, field, field)
			}
			if _, r := en.Rule(msg); r != english {
				t.Errorf("%s: the English pages show %q as %q", m.pos, msg, r)
			}
		}
	}
	t.Logf("%d messages, %d of them shown on the pages", len(msgs), shown)
}

// argsOf are the argument lists a format is tried with: those of messageArgs, else one with a
// default for each verb.
func argsOf(format string) [][]any {
	if args, ok := messageArgs[format]; ok {
		return args
	}
	var args []any
	for _, verb := range fmtVerb.FindAllString(format, -1) {
		switch verb[len(verb)-1] {
		case 'q':
			args = append(args, "x")
		case 'd':
			args = append(args, 7)
		case 's', 'v':
			args = append(args, chitieu.NewDate(2014, 6, 30))
		}
	}
	return [][]any{args}
}

var fmtVerb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z]`)

// sourceMessages reads the messages of chitieu.Errorf and chitieu's invalidField calls from the
// packages' source. A message it cannot read (not a literal) fails the test, as does an Error
// built by hand, which the walk would not see.
func sourceMessages(t *testing.T) []sourceMessage {
	t.Helper()
	fset := token.NewFileSet()
	var out []sourceMessage
	for _, dir := range messageSources {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if ok && f.Name.Name == "chitieu" && (fn.Name.Name == "Errorf" || fn.Name.Name == "invalidField") {
					continue // the makers themselves
				}
				ast.Inspect(decl, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.CompositeLit:
						if isChitieuName(n.Type, "Error", f.Name.Name) {
							t.Errorf("%s: a chitieu.Error built by hand; use chitieu.Errorf so that this test sees its message", fset.Position(n.Pos()))
						}
					case *ast.CallExpr:
						if m, ok := callMessage(t, fset, n, f.Name.Name); ok {
							out = append(out, m)
						}
					}
					return true
				})
			}
		}
	}
	return out
}

// callMessage reads the message of a call to chitieu.Errorf or invalidField.
func callMessage(t *testing.T, fset *token.FileSet, call *ast.CallExpr, pkg string) (sourceMessage, bool) {
	pos := fset.Position(call.Pos())
	switch {
	case isChitieuName(call.Fun, "Errorf", pkg):
		code, ok := codeOf(call.Args[0], pkg)
		format, lit := stringLit(call.Args[1])
		if !ok || !lit {
			t.Errorf("%s: chitieu.Errorf with a code or a format that is not a constant", pos)
			return sourceMessage{}, false
		}
		return sourceMessage{pos: pos, code: code, format: format}, true
	case pkg == "chitieu" && isIdent(call.Fun, "invalidField"):
		field, ok := stringLit(call.Args[0])
		rule, ok2 := ruleFormat(call.Args[1])
		if !ok || !ok2 {
			t.Errorf("%s: invalidField with a field or a rule this test cannot read", pos)
			return sourceMessage{}, false
		}
		return sourceMessage{pos: pos, code: chitieu.EINVALID, format: field + ": " + rule}, true
	}
	return sourceMessage{}, false
}

// ruleFormat is the rule given to invalidField as a format: a literal (its % doubled), a
// fmt.Sprintf of a literal, or a literal followed by a value.
func ruleFormat(e ast.Expr) (string, bool) {
	if s, ok := stringLit(e); ok {
		return strings.ReplaceAll(s, "%", "%%"), true
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "fmt") && sel.Sel.Name == "Sprintf" {
			return stringLit(e.Args[0])
		}
	case *ast.BinaryExpr:
		if s, ok := stringLit(e.X); ok && e.Op == token.ADD {
			return strings.ReplaceAll(s, "%", "%%") + "%s", true
		}
	}
	return "", false
}

// codeOf is the value of an error code constant, EINVALID or chitieu.EINVALID.
func codeOf(e ast.Expr, pkg string) (string, bool) {
	codes := map[string]string{"EMALFORMED": chitieu.EMALFORMED, "EINVALID": chitieu.EINVALID, "ENOTFOUND": chitieu.ENOTFOUND,
		"ECONFLICT": chitieu.ECONFLICT, "EUNAUTHORIZED": chitieu.EUNAUTHORIZED, "EFORBIDDEN": chitieu.EFORBIDDEN,
		"EUNAVAILABLE": chitieu.EUNAVAILABLE, "EINTERNAL": chitieu.EINTERNAL}
	for name, code := range codes {
		if isChitieuName(e, name, pkg) {
			return code, true
		}
	}
	return "", false
}

// isChitieuName tells whether e names chitieu's name: chitieu.name, or name inside chitieu.
func isChitieuName(e ast.Expr, name, pkg string) bool {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		return isIdent(sel.X, "chitieu") && sel.Sel.Name == name
	}
	return pkg == "chitieu" && isIdent(e, name)
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
