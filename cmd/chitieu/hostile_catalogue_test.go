package main_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// hostileCatalogue are refusals asked for in each language: each must carry its code, field and
// rule for programs, and words from the catalogue in the language of Accept-Language.
var hostileCatalogue = worded(
	refusal{"a unit that does not exist", "POST", "/api/v1/cadres", `{"full_name":"A","unit":"khong-co","joined_on":"2014-01-01"}`,
		http.StatusUnprocessableEntity, "invalid", "unit", "unit_not_found", `không có đơn vị "khong-co"`, `unit "khong-co" does not exist`},
	refusal{"a code with capitals", "POST", "/api/v1/units", `{"code":"Bad Code","name":"X"}`,
		http.StatusUnprocessableEntity, "invalid", "code", "code_format", "chỉ gồm chữ thường", "must be lower-case letters"},
	refusal{"month 13", "POST", "/api/v1/cadres", `{"full_name":"A","unit":"khong-co","joined_on":"2014-13-01"}`,
		http.StatusUnprocessableEntity, "invalid", "joined_on", "date_format", "từ 01/01/1900 đến 31/12/2100", "from 1900-01-01 to 2100-12-31"},
	refusal{"a limit of 0", "GET", "/api/v1/cadres?limit=0", ``,
		http.StatusBadRequest, "malformed", "limit", "integer_between", "từ 1 đến 1.000", "from 1 to 1,000"},
	refusal{"an unknown field", "POST", "/api/v1/units", `{"code":"x1","name":"X","salary":1}`,
		http.StatusBadRequest, "malformed", "salary", "unknown_field", "không phải là trường đã biết", "unknown field"},
)

// refusal is a request and the refusal it must get, with words of it in each language.
type refusal struct {
	name, method, path, body string
	want                     int
	code, field, rule        string
	vi, en                   string
}

// worded makes two hostile requests of each refusal, one per language.
func worded(refusals ...refusal) []hostileRequest {
	var out []hostileRequest
	for _, r := range refusals {
		for lang, text := range map[string]string{"vi": r.vi, "en": r.en} {
			out = append(out, hostileRequest{name: r.name + " (" + lang + ")", method: r.method, path: r.path, body: r.body, want: r.want,
				header: map[string]string{"Accept-Language": lang},
				check: func(t *testing.T, _ *http.Response, raw []byte) {
					var got struct{ Error, Code, Field, Rule string }
					if err := json.Unmarshal(raw, &got); err != nil {
						t.Fatalf("%v: %s", err, raw)
					}
					if got.Code != r.code || got.Field != r.field || got.Rule != r.rule {
						t.Errorf("code %q field %q rule %q, want %q %q %q", got.Code, got.Field, got.Rule, r.code, r.field, r.rule)
					}
					if !strings.HasPrefix(got.Error, r.field+": ") || !strings.Contains(got.Error, text) {
						t.Errorf("%s message %q, want %q", lang, got.Error, text)
					}
				}})
		}
	}
	return out
}
