package i18n_test

import (
	"slices"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// TestEveryRuleInBothLanguages: every rule the domain declares has its words in Vietnamese and in
// English, the two different, and the catalogue holds no rule the domain does not declare.
func TestEveryRuleInBothLanguages(t *testing.T) {
	declared := map[string]bool{}
	for _, r := range chitieu.Rules {
		if declared[string(r)] {
			t.Errorf("rule %q is declared twice", r)
		}
		declared[string(r)] = true
		vi, en := i18n.Text(i18n.VI, string(r)), i18n.Text(i18n.EN, string(r))
		if strings.HasPrefix(vi, "«") || strings.HasPrefix(en, "«") || vi == "" || en == "" {
			t.Errorf("rule %q: vi %q, en %q", r, vi, en)
		} else if vi == en {
			t.Errorf("rule %q: the Vietnamese is the English %q", r, en)
		}
		if strings.Contains(vi+en, "%!(NOVERB)") { // a lone % (write %%)
			t.Errorf("rule %q: vi %q, en %q", r, vi, en)
		}
	}
	for _, k := range i18n.Keys() {
		switch {
		case declared[k]:
		case slices.Contains(notRules, k) || strings.Contains(k, "."):
			// A word that is not a rule (a label, a heading): rule identifiers have no dot.
			if vi, en := i18n.Text(i18n.VI, k), i18n.Text(i18n.EN, k); vi == "" || en == "" {
				t.Errorf("%q: vi %q, en %q", k, vi, en)
			}
		default:
			t.Errorf("the catalogue has %q, which no rule declares", k)
		}
	}
}

// notRules are the catalogue's keys that are not rules and have no dot.
var notRules = []string{"internal"}

// TestMessage: hand-worked messages, with their arguments put in the way of each language.
func TestMessage(t *testing.T) {
	for _, tt := range []struct {
		err    error
		vi, en string
	}{
		{chitieu.Invalid("name", chitieu.RuleRequired), "name: bắt buộc", "name: is required"},
		{chitieu.Invalid("limit", chitieu.RuleBetween, 1, 1000), "limit: phải từ 1 đến 1.000", "limit: must be between 1 and 1,000"},
		{chitieu.NewError(chitieu.ECONFLICT, "unit", chitieu.RuleUnitHasCadres, "rach-gia", 1),
			`unit: đơn vị "rach-gia" còn 1 cán bộ; hãy chuyển hoặc xóa trước`, `unit: unit "rach-gia" has 1 cadre; move or delete it first`},
		{chitieu.NewError(chitieu.ECONFLICT, "unit", chitieu.RuleUnitHasCadres, "rach-gia", 12),
			`unit: đơn vị "rach-gia" còn 12 cán bộ; hãy chuyển hoặc xóa trước`, `unit: unit "rach-gia" has 12 cadres; move or delete them first`},
		{chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleUnitNotFound, "xyz"), `không có đơn vị "xyz"`, `unit "xyz" does not exist`},
		{errString("disk on fire"), "lỗi nội bộ", "internal error"},
	} {
		if got := i18n.Message(i18n.VI, tt.err); got != tt.vi {
			t.Errorf("vi %v = %q, want %q", tt.err, got, tt.vi)
		}
		if got := i18n.Message(i18n.EN, tt.err); got != tt.en {
			t.Errorf("en %v = %q, want %q", tt.err, got, tt.en)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// TestMatch: the language of an Accept-Language header, Vietnamese unless English is preferred.
func TestMatch(t *testing.T) {
	for header, want := range map[string]string{
		"":                        "vi",
		"en":                      "en",
		"en-US,en;q=0.9":          "en",
		"vi-VN,vi;q=0.9,en;q=0.5": "vi",
		"fr-FR":                   "vi",
		"fr;q=0.9, en;q=0.8":      "en",
		"en;q=0.3, vi;q=0.8":      "vi",
		"garbage;;;q=x":           "vi",
	} {
		if got := i18n.Match(header); got != want {
			t.Errorf("Match(%q) = %q, want %q", header, got, want)
		}
	}
}
