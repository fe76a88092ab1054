package chitieu

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// CleanText trims s, folds runs of white space into one space and returns it in Unicode NFC, so
// that a name typed on one system and pasted from a spreadsheet made on another (which may send
// Vietnamese decomposed, in NFD) is stored as the same string.
func CleanText(s string) string {
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// SearchKey folds s for diacritics-insensitive matching: lower case, no combining marks, đ as d.
// "Nguyễn Văn Ân" and "nguyen van an" have the same key.
func SearchKey(s string) string {
	fold := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	key, _, err := transform.String(fold, strings.ToLower(CleanText(s)))
	if err != nil {
		key = strings.ToLower(CleanText(s))
	}
	return strings.ReplaceAll(key, "đ", "d")
}

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
