package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
)

// form is what a user typed and what is wrong with it: a refused form is shown again with
// the values kept and each message next to its field.
type form struct {
	Values map[string]string
	Errors map[string]string
	Other  string // an error that belongs to no field of the form
}

func newForm() *form { return &form{Values: map[string]string{}, Errors: map[string]string{}} }

// readForm takes the named fields of a posted form, trimmed.
func readForm(c *gin.Context, names ...string) *form {
	f := newForm()
	for _, n := range names {
		f.Values[n] = strings.TrimSpace(c.PostForm(n))
	}
	return f
}

func (f *form) V(name string) string { return f.Values[name] }
func (f *form) E(name string) string { return f.Errors[name] }
func (f *form) Checked(name string) bool {
	v := f.Values[name]
	return v == "on" || v == "true" || v == "1"
}
func (f *form) OK() bool { return len(f.Errors) == 0 && f.Other == "" }

// date reads a day as people write it (dd/mm/yyyy as the pages show them, or 21-3-95, ...);
// an empty field is no date. A bad one is put in the form's errors.
func (f *form) date(l *Locale, name string) chitieu.Date {
	d, err := parseDay(f.Values[name])
	if errors.Is(err, chitieu.ErrDateRange) {
		f.Errors[name] = l.T("form.date_range")
	} else if err != nil {
		f.Errors[name] = l.T("form.bad_date")
	}
	return d
}

// int reads a whole number; empty is 0 when optional is true.
func (f *form) int(l *Locale, name string, optional bool) int64 {
	v := strings.ReplaceAll(strings.ReplaceAll(f.Values[name], ".", ""), " ", "")
	if v == "" && optional {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		f.Errors[name] = l.T("form.bad_integer")
	}
	return n
}

// percent reads a percentage (65 or 65,5 or 65.5) and returns it as a ratio.
func (f *form) percent(l *Locale, name string) *float64 {
	v := strings.TrimSuffix(strings.TrimSpace(f.Values[name]), "%")
	if v == "" {
		return nil
	}
	p, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(v), ",", ".", 1), 64)
	if err != nil {
		f.Errors[name] = l.T("form.bad_percent")
		return nil
	}
	r := p / 100
	return &r
}

// refuse puts a domain error next to its field, in the page's language; an error of a field
// the form does not have, or of none, goes above the form.
func (f *form) refuse(l *Locale, err error) {
	field, rule := l.Refusal(err)
	if _, ok := f.Values[field]; ok && field != "" {
		f.Errors[field] = rule
		return
	}
	if field != "" {
		f.Other = l.T("field."+field) + ": " + rule
		return
	}
	f.Other = rule
}

// summary is what is wrong with the form in one line, for a form too small to show each message
// by its field.
func (f *form) summary(l *Locale) string {
	msg := f.Other
	for k, v := range f.Errors {
		msg = l.T("field."+k) + ": " + v
	}
	return msg
}

// pagerURLs are the addresses of the pages before and after page of a list at path, filtered
// by the form's values; "" where there is none.
func pagerURLs(path string, f *form, page, pages int) (prev, next string) {
	q := f.query()
	if page > 1 {
		q.Set("page", strconv.Itoa(page-1))
		prev = path + "?" + q.Encode()
	}
	if page < pages {
		q.Set("page", strconv.Itoa(page+1))
		next = path + "?" + q.Encode()
	}
	return prev, next
}

// query is the form's filled fields, as a query string's values.
func (f *form) query() url.Values {
	q := url.Values{}
	for k, v := range f.Values {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// filterURL is path with the form's filled fields in its query: a list's export with the
// list's filters.
func filterURL(path string, f *form) string {
	if q := f.query().Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// parseDay reads a day as people write it (chitieu.ParseWrittenDate); empty is no date.
func parseDay(s string) (chitieu.Date, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return chitieu.ParseWrittenDate(s)
}

// submit runs write when the form has no error of format, and answers: on success, 303 to
// next() with the notice; on a fault of ours, the error page. It returns whether the form must
// be shown again, with what is wrong next to its fields.
func (h *Handler) submit(c *gin.Context, f *form, write func() error, next func() string, notice string) bool {
	if f.OK() {
		err := write()
		switch {
		case err == nil:
			redirect(c, next(), notice)
			return false
		case !isUserError(err):
			h.fail(c, err)
			return false
		}
		f.refuse(h.locale(c), err)
	}
	return true
}

// isUserError tells whether the error is the user's to fix on the form.
func isUserError(err error) bool {
	switch chitieu.ErrorCode(err) {
	case chitieu.EINVALID, chitieu.EMALFORMED, chitieu.ECONFLICT:
		return true
	}
	return false
}

// funcs are the templates' helpers; words come from the view's locale, not from here.
var funcs = template.FuncMap{
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"str":            func(v any) string { return fmt.Sprint(v) },
	"list":           func(s ...string) []string { return s },
	"indent":         func(depth int) string { return strings.Repeat("\u00a0\u00a0\u00a0", depth) },
	"inc":            func(i int) int { return i + 1 },
	"exempt":         spreadsheet.ExemptText,
	"recruitmentKey": spreadsheet.RecruitmentKey,
	"examResultKey":  spreadsheet.ExamResultKey,
	"ratio": func(num, den int64) float64 {
		if den == 0 {
			return 0
		}
		return float64(num) / float64(den)
	},
}
