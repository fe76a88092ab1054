package i18n_test

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Where Vietnamese words may be written in Go strings: the catalogue, the demo's data and the
// tests. (Templates and the pages' catalogue are not Go.)
var vietnameseDirs = []string{"internal/i18n", "internal/demo"}

// vietnameseExceptions are the other places, each with its reason. A place that no longer holds
// Vietnamese must leave the list, so that it only shrinks.
var vietnameseExceptions = map[string]string{
	"internal/dashboards":             "Grafana dashboards as code: their titles are the generated JSON's, for the province's staff; Grafana has no catalogue",
	"internal/spreadsheet/columns.go": "the files' vocabulary: the column headers a clerk's workbook holds, read in either language",
	"internal/spreadsheet/values.go":  "the files' vocabulary: the cell values (levels, yes/no) read back by the importer",
	"internal/spreadsheet/write.go":   "the files' vocabulary: the sheet names and values the exports write and the importer reads",
	"internal/chitieu/text.go":        "the letter đ, folded for search without diacritics",
	"internal/metrics/collector.go":   "metric help texts: English, with the Vietnamese term in brackets",
	"internal/testenv/server.go":      "the test binary's admin password",
	"cmd/chitieu/main.go":             "the command line's usage text, in both languages",
	"cmd/chitieu/serve.go":            "flag help naming the demo province",
	"cmd/chitieu-bench":               "a measuring tool: the records it makes up and its password",
	"cmd/chitieu-load":                "a measuring tool: its password",
}

// TestNoVietnameseOutsideTheCatalogue: no string or rune literal of a Go file outside the tests
// holds a Vietnamese letter (a tone mark or a vowel's hat, hook or breve, or đ), except in the
// places allowed above.
func TestNoVietnameseOutsideTheCatalogue(t *testing.T) {
	root := filepath.Join("..", "..")
	found := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || allowed(rel) {
			return nil
		}
		for _, lit := range vietnameseLiterals(t, path) {
			if place, ok := exception(rel); ok {
				found[place] = true
			} else {
				t.Errorf("%s: %s is Vietnamese outside the catalogue (internal/i18n)", rel, lit)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for place := range vietnameseExceptions {
		if !found[place] {
			t.Errorf("%s holds no Vietnamese any more: take it off the exceptions", place)
		}
	}
}

func allowed(rel string) bool {
	for _, dir := range vietnameseDirs {
		if strings.HasPrefix(rel, dir+"/") {
			return true
		}
	}
	return false
}

// exception returns the listed place (a file, or a directory above it) that rel is in.
func exception(rel string) (string, bool) {
	for p := rel; p != "." && p != "/"; p = filepath.ToSlash(filepath.Dir(p)) {
		if _, ok := vietnameseExceptions[p]; ok {
			return p, true
		}
	}
	return "", false
}

// vietnameseLiterals returns the string and rune literals of a Go file that hold a Vietnamese
// letter; comments are not read.
func vietnameseLiterals(t *testing.T, path string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile(path, -1, len(src)), src, nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if (tok == token.STRING || tok == token.CHAR) && isVietnamese(lit) {
			out = append(out, lit)
		}
	}
}

// isVietnamese tells whether s has a letter with a diacritic mark or đ.
func isVietnamese(s string) bool {
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) || r == 'đ' || r == 'Đ' {
			return true
		}
	}
	return false
}

// TestIsVietnamese: the letters that make a text Vietnamese, by hand.
func TestIsVietnamese(t *testing.T) {
	for s, want := range map[string]bool{
		`"tệp rỗng"`: true, `"Đoàn"`: true, `"đ"`: true, `"ă"`: true, `"ơ"`: true, `"ư"`: true, `"ê"`: true,
		`"the file is empty"`: false, `"72.5%"`: false, `"—"`: false, `"«key»"`: false, `"café"`: true, // é is a Vietnamese letter too
	} {
		if got := isVietnamese(s); got != want {
			t.Errorf("isVietnamese(%s) = %v, want %v", s, got, want)
		}
	}
}
