// Package i18n is the one catalogue of the words a person reads for a refusal: it turns a
// chitieu.Error (a rule, its field and its arguments) into Vietnamese or English. Every surface
// asks it: the pages, the importer's row errors and the API.
//
// It is built on golang.org/x/text/message and its catalog: a printer per language puts the
// arguments in (numbers grouped the language's way, "100.000.000" against "100,000,000"), and
// feature/plural chooses the English form for a count ("1 cadre", "2 cadres"). The texts are Go
// values rather than JSON files so that a plural message is checked by the compiler and each rule
// identifier is the domain's constant.
package i18n

import (
	"errors"
	"fmt"
	"strconv"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"chitieu/internal/chitieu"
)

// The languages spoken, the first the default.
const (
	VI = "vi"
	EN = "en"
)

// Languages lists the languages spoken, the default first.
var Languages = []string{VI, EN}

var (
	tags    = []language.Tag{language.Vietnamese, language.English}
	matcher = language.NewMatcher(tags)
	cat     = build()
	// printers are made once: a Printer is safe for concurrent use.
	printers = map[string]*message.Printer{
		VI: message.NewPrinter(language.Vietnamese, message.Catalog(cat)),
		EN: message.NewPrinter(language.English, message.Catalog(cat)),
	}
)

// build puts every text of texts into a catalogue, in both languages.
func build() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.Vietnamese))
	for key, t := range texts {
		for i, m := range []catalog.Message{t.vi, t.en} {
			if err := b.Set(tags[i], key, m); err != nil {
				panic(fmt.Sprintf("i18n: %s: %v", key, err)) // a malformed text is found by any test
			}
		}
	}
	return b
}

// Match returns the language of an Accept-Language header, the default for none or for
// languages not spoken.
func Match(acceptLanguage string) string {
	tag, _ := language.MatchStrings(matcher, acceptLanguage)
	if base, _ := tag.Base(); base.String() == EN {
		return EN
	}
	return VI
}

// printer returns the printer of lang, the default language's for any other.
func printer(lang string) *message.Printer {
	if p, ok := printers[lang]; ok {
		return p
	}
	return printers[VI]
}

// Keys returns every key of the catalogue.
func Keys() []string {
	out := make([]string, 0, len(texts))
	for k := range texts {
		out = append(out, k)
	}
	return out
}

// Has tells whether the catalogue has key.
func Has(key string) bool { _, ok := texts[key]; return ok }

// Text returns the words of key with args put in, in lang: dates are written the language's
// way, the domain's terms in the language's words, and record ids (int64) without grouping.
func Text(lang, key string, args ...any) string {
	if _, ok := texts[key]; !ok {
		return "«" + key + "»" // shows itself so that a test or a reader notices it
	}
	args = append([]any(nil), args...)
	for i, a := range args {
		switch a := a.(type) {
		case chitieu.Date:
			args[i] = ruleDate(lang, a)
		case chitieu.Term:
			args[i] = term(lang, a)
		case int64:
			args[i] = strconv.FormatInt(a, 10) // record ids, int64 in the domain, are names, not amounts
		}
	}
	return printer(lang).Sprintf(key, args...)
}

// ruleDate writes a date in a message: the pages' way in Vietnamese, the API's (YYYY-MM-DD) in
// English, whose readers are mostly the API's programs and the messages name that form.
func ruleDate(lang string, d chitieu.Date) string {
	if lang == EN {
		return d.String()
	}
	return Date(lang, d)
}

func term(lang string, t chitieu.Term) string {
	if w, ok := terms[t]; ok && lang == VI {
		return w
	}
	return string(t)
}

// Rule returns the field of err's *chitieu.Error and the words of its rule in lang. An error
// that is not a *chitieu.Error is an internal one, whose details are for the log only.
func Rule(lang string, err error) (field, text string) {
	e, ok := errors.AsType[*chitieu.Error](err)
	if !ok {
		return "", Text(lang, "internal")
	}
	return e.Field, Text(lang, string(e.Rule), e.Args...)
}

// Message returns err in lang as one line, "field: rule".
func Message(lang string, err error) string {
	if err == nil {
		return ""
	}
	field, text := Rule(lang, err)
	if field == "" {
		return text
	}
	return field + ": " + text
}

// Problem returns a refusal of a record as the importer shows it by a row: the field, and the
// rule in both languages without the field, which the row's column names.
func Problem(err error) (field string, m chitieu.Message) {
	field, vi := Rule(VI, err)
	_, en := Rule(EN, err)
	return field, chitieu.Message{VI: vi, EN: en}
}
