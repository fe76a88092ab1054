package chitieu_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"chitieu/internal/chitieu"
)

// FuzzParseDate: a date read is a day of the range, never "no date", written back as it was
// read; JSON reads the same days as ParseDate.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2015-12-31", "0000-12-31", "0000-06-15", "9999-12-31", "1900-01-01", "2100-12-31",
		"2101-01-01", "1899-12-31", "2024-02-29", "2015-02-29", "+2015-01-01", "2015-1-1", " 2015-01-01", "2015-01-01\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := chitieu.ParseDate(s)
		var fromJSON chitieu.Date
		jsonErr := json.Unmarshal([]byte(strconv.Quote(s)), &fromJSON)
		if (err == nil) != (jsonErr == nil) || fromJSON != d {
			t.Fatalf("%q: ParseDate %v, %v; JSON %v, %v", s, d, err, fromJSON, jsonErr)
		}
		if err != nil {
			if d != 0 {
				t.Fatalf("%q: refused, but gave %d", s, d)
			}
			return
		}
		if d.IsZero() || !d.InRange() {
			t.Fatalf("%q read as %d, outside the range", s, d)
		}
		if d.String() != s {
			t.Fatalf("%q reads as %s", s, d)
		}
		if again, err := chitieu.ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("%s does not read back: %v, %v", d, again, err)
		}
	})
}

// FuzzCleanText: what CleanText leaves and CheckText accepts is valid UTF-8 in NFC, without
// hidden characters or white space at the ends, at most the length asked for; CleanText is
// idempotent.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn Ân", "Nguye\u0302\u0303n", "A\x00B", "\u202Egnp", "A\u200BB", "\uFEFF", "\xff\xfe", " a \t b ", "\u0085", "🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clean := chitieu.CleanText(s)
		if chitieu.CleanText(clean) != clean {
			t.Fatalf("%q: CleanText is not idempotent: %q, %q", s, clean, chitieu.CleanText(clean))
		}
		if chitieu.CheckText("name", clean, 50) != nil {
			return
		}
		if !utf8.ValidString(clean) || utf8.RuneCountInString(clean) > 50 || strings.TrimSpace(clean) != clean {
			t.Fatalf("%q: accepted %q", s, clean)
		}
		for _, r := range clean {
			if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co) || unicode.Is(unicode.Noncharacter_Code_Point, r) {
				t.Fatalf("%q: accepted %q with %U", s, clean, r)
			}
		}
	})
}
