package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"

	"chitieu/internal/chitieu"
)

// The ways numbers, percentages and dates are written, in one place for every surface: the
// pages, the exports and the annual review (page and workbook). Vietnamese groups thousands with
// "." and writes the decimal with ",", and puts a space before the percent sign ("72,5 %");
// English writes "297,794" and "72.5%". A day is dd/mm/yyyy in both languages: the pages' date
// fields show and take that form, and the readers are the province's staff.

// nbsp keeps "72,5" and "%" on one line.
const nbsp = "\u00a0"

// Percent writes a ratio as a percentage with one decimal: 0.725 is "72,5 %" in Vietnamese,
// "72.5%" in English.
func Percent(lang string, ratio float64) string {
	s := strconv.FormatFloat(math.Round(ratio*1000)/10, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	if lang == EN {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + nbsp + "%"
}

// PercentPtr is Percent for an optional ratio: "—" when it is undefined.
func PercentPtr(lang string, ratio *float64) string {
	if ratio == nil {
		return "—"
	}
	return Percent(lang, *ratio)
}

// Int writes a count with its thousands grouped: "297.794" in Vietnamese, "297,794" in English.
func Int(lang string, n int64) string {
	sep := "."
	if lang == EN {
		sep = ","
	}
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Date writes a day as dd/mm/yyyy; "" for no date.
func Date(lang string, d chitieu.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("02/01/2006")
}

// DateTime writes an instant as dd/mm/yyyy HH:MM in its own location.
func DateTime(lang string, t time.Time) string { return t.Format("02/01/2006 15:04") }
