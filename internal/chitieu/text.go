package chitieu

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/rangetable"
)

// CleanText trims s, folds runs of white space into one space and returns it in Unicode NFC, so
// that a name typed on one system and pasted from a spreadsheet made on another (which may send
// Vietnamese decomposed, in NFD) is stored as the same string.
func CleanText(s string) string {
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// Lengths of free text, in characters (after CleanText).
const (
	MaxNameLength = 200  // a name, a title, a unit or target code referred to
	MaxTextLength = 2000 // longer free text: a course, a provider, a cadre's position
)

// hiddenRunes are the characters a name must not hold: control characters (NUL among them),
// format characters (the bidi controls U+202A–U+202E, U+2066–U+2069, U+200E/U+200F and the
// zero-width U+200B–U+200D, U+2060, U+FEFF are all of them), private-use characters and the
// non-characters. They are invisible or reorder what is shown, so that two names that look the
// same differ, or a name shows as something it is not.
var hiddenRunes = rangetable.Merge(unicode.Cc, unicode.Cf, unicode.Co, unicode.Noncharacter_Code_Point) // one search per rune

// CheckText returns the EINVALID error naming field when s is not valid UTF-8, holds a hidden
// character, or is longer than maxLen characters; s is expected as CleanText leaves it.
func CheckText(field, s string, maxLen int) error {
	n := 0
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return Invalid(field, RuleUtf8)
		case r >= 0x20 && r < 0x7f, r >= 0xa0 && r < 0x600 && r != 0xad, r >= 0x1e00 && r < 0x1f00:
			// ASCII and the Latin blocks of Vietnamese, with its combining marks: none hidden
			// but the soft hyphen U+00AD; skip the table's search.
		case r < 0x20 || unicode.Is(hiddenRunes, r):
			return Invalid(field, RuleHiddenChar, fmt.Sprintf("%U", r))
		}
		n++
	}
	if n > maxLen {
		return Invalid(field, RuleMaxLength, maxLen)
	}
	return nil
}

// SearchKey folds s for diacritics-insensitive matching: lower case, no combining marks, đ as d.
// "Nguyễn Văn Ân" and "nguyen van an" have the same key.
func SearchKey(s string) string {
	lower := strings.ToLower(CleanText(s))
	if ascii(lower) {
		return lower
	}
	fold := folds.Get().(transform.Transformer)
	defer folds.Put(fold)
	key, _, err := transform.String(fold, lower)
	if err != nil {
		key = lower
	}
	return strings.ReplaceAll(key, "đ", "d")
}

// folds keeps SearchKey's transformers for reuse: making one allocates its buffers, which took
// more CPU than the folding (an import computes a key a cadre). transform.String resets it.
var folds = sync.Pool{New: func() any { return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC) }}

// MatchKey folds s further than SearchKey, for matching what people type in spreadsheets
// against known names (headers, unit names): letters and digits only, so spacing, hyphens and
// dashes do not matter. "Ban Tổ chức – Kiểm tra" and "ban to chuc - kiem tra" have the same key.
func MatchKey(s string) string {
	if ascii(s) { // most cells: no need to decompose
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				b = append(b, c)
			case c >= 'A' && c <= 'Z':
				b = append(b, c+'a'-'A')
			}
		}
		return string(b)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, SearchKey(s))
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
