package chitieu_test

import (
	"errors"
	"testing"
	"time"

	"chitieu/internal/chitieu"
)

// The ways a clerk writes a day, each worked by hand; two-digit years as Excel reads them.
func TestParseWrittenDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want chitieu.Date
		err  error // nil: want; errBad: a bad format
	}{
		{"21/3/1995", chitieu.NewDate(1995, time.March, 21), nil},
		{"21/03/1995", chitieu.NewDate(1995, time.March, 21), nil},
		{"21-03-1995", chitieu.NewDate(1995, time.March, 21), nil},
		{"21.03.1995", chitieu.NewDate(1995, time.March, 21), nil},
		{" 1/9/2020 ", chitieu.NewDate(2020, time.September, 1), nil},
		{"1995-03-21", chitieu.NewDate(1995, time.March, 21), nil},
		{"21/3/95", chitieu.NewDate(1995, time.March, 21), nil},
		{"21/3/30", chitieu.NewDate(1930, time.March, 21), nil}, // 30 is the first of the 1900s
		{"21/3/29", chitieu.NewDate(2029, time.March, 21), nil}, // 29 the last of the 2000s
		{"1.1.00", chitieu.NewDate(2000, time.January, 1), nil},
		{"29/2/2024", chitieu.NewDate(2024, time.February, 29), nil},
		{"29/2/2023", 0, errBad}, // no such day
		{"31/4/2020", 0, errBad},
		{"21/13/1995", 0, errBad},
		{"0/1/1995", 0, errBad},
		{"21/3-1995", 0, errBad}, // one separator throughout
		{"21/3/995", 0, errBad},
		{"21/+3/1995", 0, errBad},
		{"21 3 1995", 0, errBad},
		{"hôm qua", 0, errBad},
		{"1/1/1899", 0, chitieu.ErrDateRange},
		{"0001-01-01", 0, chitieu.ErrDateRange},
		{"1/1/2101", 0, chitieu.ErrDateRange},
	} {
		got, err := chitieu.ParseWrittenDate(c.in)
		switch {
		case c.err == nil && (err != nil || got != c.want):
			t.Errorf("%q = %v, %v; want %v", c.in, got, err, c.want)
		case c.err == errBad && (err == nil || errors.Is(err, chitieu.ErrDateRange)):
			t.Errorf("%q = %v, %v; want a format error", c.in, got, err)
		case c.err == chitieu.ErrDateRange && !errors.Is(err, chitieu.ErrDateRange):
			t.Errorf("%q = %v, %v; want ErrDateRange", c.in, got, err)
		}
	}
}

var errBad = errors.New("bad format")
