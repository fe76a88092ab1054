package chitieu

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Date is a civil day, with no time and no zone. Its value counts days from 0001-01-01 (which is
// 1), so dates compare and subtract as integers; the zero Date means "no date".
type Date int32

// DateLayout is how dates are written in the API and stored: YYYY-MM-DD.
const DateLayout = "2006-01-02"

const unixEpochDay = 719162 + 1 // the Date of 1970-01-01

// The range of every date a record holds: a day outside it is a mistake (year 0, 9999) that no
// record of the plan can mean, and the zero Date ("no date", which would be 0000-12-31) lies far
// outside it, so that no date typed can be stored as "no date".
var (
	MinDate = NewDate(1900, time.January, 1)
	MaxDate = NewDate(2100, time.December, 31)
)

// DateRule is the rule a date outside [MinDate, MaxDate] breaks.
const DateRule = "must be a date from 1900-01-01 to 2100-12-31"

// InRange tells whether d lies in [MinDate, MaxDate]; "no date" does not.
func (d Date) InRange() bool { return d >= MinDate && d <= MaxDate }

// checkDate is the error for a date field outside the range; "no date" passes (whether the
// field may be empty is each record's own rule).
func checkDate(field string, d Date) error {
	if d.IsZero() || d.InRange() {
		return nil
	}
	return Invalid(field, RuleDateRange, MinDate, MaxDate)
}

// NewDate returns the Date of a year, month and day; out-of-range values normalise as in time.Date.
func NewDate(year int, month time.Month, day int) Date {
	return Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix()/86400 + unixEpochDay)
}

// DateOf returns the civil day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate reads YYYY-MM-DD, a day from MinDate to MaxDate.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return 0, err
	}
	d := DateOf(t)
	if !d.InRange() {
		return 0, fmt.Errorf("date %q: %s", s, DateRule)
	}
	return d, nil
}

// ErrDateRange is ParseWrittenDate's error for a day outside [MinDate, MaxDate].
var ErrDateRange = errors.New("date: " + DateRule)

// ParseWrittenDate reads a day as people write it: yyyy-mm-dd, or the day, the month and the
// year with "/", "-" or "." between them (21/3/1995, 21-03-1995, 21.03.1995). A two-digit year
// is read as Excel reads one: 00 to 29 are 2000 to 2029, 30 to 99 are 1930 to 1999, so 21/3/95 is
// 21 March 1995. A day outside [MinDate, MaxDate] is ErrDateRange.
func ParseWrittenDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if d, err := ParseDate(s); err == nil {
		return d, nil
	} else if _, perr := time.Parse(DateLayout, s); perr == nil {
		return 0, ErrDateRange
	}
	bad := fmt.Errorf("date %q: write dd/mm/yyyy", s)
	sep := strings.IndexAny(s, "/-.")
	if sep < 0 {
		return 0, bad
	}
	parts := strings.Split(s, s[sep:sep+1])
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || (len(parts[2]) != 4 && len(parts[2]) != 2) {
		return 0, bad
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || strings.ContainsAny(p, "+-") {
			return 0, bad
		}
		n[i] = v
	}
	day, month, year := n[0], n[1], n[2]
	if len(parts[2]) == 2 {
		year += 1900
		if year < 1930 {
			year += 100
		}
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return 0, bad
	}
	d := NewDate(year, time.Month(month), day)
	if d.Time().Day() != day { // 31/02 normalises to March: refuse it
		return 0, bad
	}
	if !d.InRange() {
		return 0, ErrDateRange // 31/12/0000 would be "no date"
	}
	return d, nil
}

// IsZero tells whether d is "no date".
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d-unixEpochDay)*86400, 0).UTC() }

// Start returns the first instant of d in loc.
func (d Date) Start(loc *time.Location) time.Time {
	y, m, day := d.Time().Date()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// End returns the first instant after d in loc (the start of the next day).
func (d Date) End(loc *time.Location) time.Time { return (d + 1).Start(loc) }

// AddDays returns the day n days after d.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day n months later, clamped to the end of a shorter month.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.Time().Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(day, last))
}

// Year returns d's year.
func (d Date) Year() int { return d.Time().Year() }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(DateLayout)
}

// MarshalJSON writes "YYYY-MM-DD", or null for no date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null. A bad date, or one out of range, is reported as an *json.UnmarshalTypeError
// so that the decoder names the field it was found in.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if parsed, err := ParseDate(s); err == nil {
			*d = parsed
			return nil
		}
	}
	return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[Date]()}
}

// Optional is a field of a partial update that may be cleared: Set tells whether the request
// named it at all, so that JSON null clears the value rather than leaving it as it was.
type Optional[T any] struct {
	Set   bool
	Value T
}

// UnmarshalJSON is called for null too, since Optional is not a pointer.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	var zero T
	o.Value = zero
	if string(b) == "null" {
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}
