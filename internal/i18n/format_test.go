package i18n_test

import (
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// TestFormat: numbers, percentages and dates written by hand the way each language writes them.
func TestFormat(t *testing.T) {
	const nbsp = "\u00a0"
	for _, tt := range []struct {
		name   string
		vi, en string
		f      func(lang string) string
	}{
		{"percent", "72,5" + nbsp + "%", "72.5%", func(l string) string { return i18n.Percent(l, 0.725) }},
		{"percent whole", "100,0" + nbsp + "%", "100.0%", func(l string) string { return i18n.Percent(l, 1) }},
		{"percent zero", "0,0" + nbsp + "%", "0.0%", func(l string) string { return i18n.Percent(l, 0) }},
		{"percent rounds", "83,3" + nbsp + "%", "83.3%", func(l string) string { return i18n.Percent(l, 25.0/30) }},
		// 309,595 of 452,210 is 68.46...%: rounds up to 68.5.
		{"percent rounds up", "68,5" + nbsp + "%", "68.5%", func(l string) string { return i18n.Percent(l, 309595.0/452210) }},
		{"percent tiny", "0,0" + nbsp + "%", "0.0%", func(l string) string { return i18n.Percent(l, 0.0004) }},
		{"percent tiny negative", "0,0" + nbsp + "%", "0.0%", func(l string) string { return i18n.Percent(l, -0.0004) }},
		{"percent over", "112,5" + nbsp + "%", "112.5%", func(l string) string { return i18n.Percent(l, 1.125) }},
		{"percent none", "—", "—", func(l string) string { return i18n.PercentPtr(l, nil) }},
		{"int", "297.794", "297,794", func(l string) string { return i18n.Int(l, 297794) }},
		{"int small", "999", "999", func(l string) string { return i18n.Int(l, 999) }},
		{"int thousand", "1.000", "1,000", func(l string) string { return i18n.Int(l, 1000) }},
		{"int millions", "12.345.678", "12,345,678", func(l string) string { return i18n.Int(l, 12345678) }},
		{"int zero", "0", "0", func(l string) string { return i18n.Int(l, 0) }},
		{"int negative", "-1.234", "-1,234", func(l string) string { return i18n.Int(l, -1234) }},
		{"date", "21/03/2025", "21/03/2025", func(l string) string { return i18n.Date(l, chitieu.NewDate(2025, time.March, 21)) }},
		{"no date", "", "", func(l string) string { return i18n.Date(l, 0) }},
		{"instant", "05/12/2026 09:07", "05/12/2026 09:07", func(l string) string {
			return i18n.DateTime(l, time.Date(2026, time.December, 5, 9, 7, 59, 0, time.UTC))
		}},
	} {
		if got := tt.f(i18n.VI); got != tt.vi {
			t.Errorf("%s: vi %q, want %q", tt.name, got, tt.vi)
		}
		if got := tt.f(i18n.EN); got != tt.en {
			t.Errorf("%s: en %q, want %q", tt.name, got, tt.en)
		}
	}
}
