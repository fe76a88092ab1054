package web

import (
	"embed"
	"encoding/json"
	"fmt"
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

// Locale is one language's message catalogue.
type Locale struct {
	Lang     string
	messages map[string]string
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
			Messages map[string]string `json:"messages"`
		}
		if err := json.Unmarshal(buf, &cat); err != nil {
			return nil, fmt.Errorf("locales/%s.json: %w", lang, err)
		}
		l := &Locale{Lang: lang, messages: cat.Messages}
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

// T returns the message of key with args put in by fmt.Sprintf: the pages' own, else the
// catalogue's (internal/i18n), which holds the words the pages share with the exports and the
// annual review; a key in neither shows itself so that a test or a reader notices it.
func (l *Locale) T(key string, args ...any) string {
	m, ok := l.messages[key]
	if !ok {
		return i18n.Text(l.Lang, key, args...)
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// Has tells whether the pages' catalogue or i18n's has key.
func (l *Locale) Has(key string) bool { _, ok := l.messages[key]; return ok || i18n.Has(key) }

// Date writes d the language's way (i18n.Date); "" for no date.
func (l *Locale) Date(d chitieu.Date) string { return i18n.Date(l.Lang, d) }

// Time writes an instant the language's way (i18n.DateTime).
func (l *Locale) Time(t time.Time) string { return i18n.DateTime(l.Lang, t) }

// Percent writes a ratio as a percentage the language's way (i18n.Percent).
func (l *Locale) Percent(ratio float64) string { return i18n.Percent(l.Lang, ratio) }

// PercentPtr is Percent for an optional ratio: "—" when it is undefined.
func (l *Locale) PercentPtr(ratio *float64) string { return i18n.PercentPtr(l.Lang, ratio) }

// Int writes a count with its thousands grouped the language's way (i18n.Int).
func (l *Locale) Int(n int64) string { return i18n.Int(l.Lang, n) }

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
