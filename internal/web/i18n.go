package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

//go:embed locales/*.json
var localeFS embed.FS

// Languages the pages speak, the first the default.
var languages = []string{"vi", "en"}

// Locale is one language's message catalogue and its ways of writing numbers.
type Locale struct {
	Lang     string
	messages map[string]string
	decimal  string
}

// loadLocales reads every catalogue; each must hold exactly the keys of the default one, so a
// string missing in one language is found at start, not by a user.
func loadLocales() (map[string]*Locale, error) {
	out := map[string]*Locale{}
	for _, lang := range languages {
		buf, err := localeFS.ReadFile("locales/" + lang + ".json")
		if err != nil {
			return nil, err
		}
		var cat struct {
			Decimal  string            `json:"decimal"`
			Messages map[string]string `json:"messages"`
		}
		if err := json.Unmarshal(buf, &cat); err != nil {
			return nil, fmt.Errorf("locales/%s.json: %w", lang, err)
		}
		l := &Locale{Lang: lang, messages: cat.Messages, decimal: cat.Decimal}
		out[lang] = l
	}
	def := out[languages[0]]
	for _, lang := range languages[1:] {
		for k := range def.messages {
			if _, ok := out[lang].messages[k]; !ok {
				return nil, fmt.Errorf("locales/%s.json: message %q missing", lang, k)
			}
		}
		for k := range out[lang].messages {
			if _, ok := def.messages[k]; !ok {
				return nil, fmt.Errorf("locales/%s.json: message %q is not in %s.json", lang, k, languages[0])
			}
		}
	}
	return out, nil
}

// T returns the message of key with args put in by fmt.Sprintf; a missing key shows itself so
// that a test or a reader notices it.
func (l *Locale) T(key string, args ...any) string {
	m, ok := l.messages[key]
	if !ok {
		return "«" + key + "»"
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// Has tells whether the catalogue has key.
func (l *Locale) Has(key string) bool { _, ok := l.messages[key]; return ok }

// Date writes d as dd/mm/yyyy, the way Vietnamese (and British) readers write a day; "" for no
// date.
func (l *Locale) Date(d chitieu.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("02/01/2006")
}

// Time writes an instant as dd/mm/yyyy HH:MM in its own location.
func (l *Locale) Time(t time.Time) string { return t.Format("02/01/2006 15:04") }

// Percent writes a ratio as a percentage with one decimal and the locale's decimal sign:
// 0.725 is "72,5%" in Vietnamese, "72.5%" in English.
func (l *Locale) Percent(ratio float64) string {
	s := strconv.FormatFloat(math.Round(ratio*1000)/10, 'f', 1, 64)
	return strings.Replace(s, ".", l.decimal, 1) + "%"
}

// PercentPtr is Percent for an optional ratio: "—" when it is undefined.
func (l *Locale) PercentPtr(ratio *float64) string {
	if ratio == nil {
		return "—"
	}
	return l.Percent(*ratio)
}

// Int writes a count with thousands grouped: "12.345" in Vietnamese, "12,345" in English.
func (l *Locale) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "."
	if l.decimal == "." {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Refusal returns the field of a domain error and its rule in this language, from the catalogue.
func (l *Locale) Refusal(err error) (field, text string) {
	return i18n.Rule(l.Lang, err)
}

// negotiate picks the language of a request: the "lang" cookie set by the switch, else the
// first of Accept-Language's languages that the pages speak, else the default.
func negotiate(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && isLanguage(c.Value) {
		return c.Value
	}
	type choice struct {
		lang string
		q    float64
	}
	best := choice{languages[0], 0}
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if isLanguage(base) && q > best.q {
			best = choice{base, q}
		}
	}
	return best.lang
}

func isLanguage(s string) bool {
	for _, l := range languages {
		if s == l {
			return true
		}
	}
	return false
}
