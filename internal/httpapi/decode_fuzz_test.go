package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// writeBodies are the body types of every write endpoint, with the read-only fields each
// handler refuses.
var writeBodies = []struct {
	name     string
	new      func() any
	readOnly []string
}{
	{"cadre", func() any { return &chitieu.Cadre{FullTime: true} }, []string{"id", "political_theory_level", "education_level"}},
	{"cadre update", func() any { return &chitieu.CadreUpdate{} }, nil},
	{"training", func() any { return &chitieu.Training{} }, []string{"id"}},
	{"training update", func() any { return &chitieu.TrainingUpdate{} }, nil},
	{"youth report", func() any { return &chitieu.YouthReport{} }, []string{"id"}},
	{"unit", func() any { return &chitieu.Unit{} }, nil},
	{"target", func() any { t := chitieu.NewTarget(); return &t }, nil},
	{"user", func() any { return &chitieu.UserCreate{} }, []string{"created_at"}},
	{"user update", func() any { return &chitieu.UserUpdate{} }, nil},
	{"recruitment rule", func() any { return &chitieu.RecruitmentRule{} }, nil},
	{"position", func() any { return &positionBody{} }, nil},
	{"assignment", func() any { return &assignmentBody{} }, nil},
	{"assignment update", func() any { return &chitieu.AssignmentUpdate{} }, nil},
}

// FuzzDecodeJSON reads any body as each write endpoint's type. The decoder never panics; it
// refuses with a client's error (400, 415 or 422) and a bounded message; and what it accepts,
// encoding/json alone reads the same, so no repeated key or key in another case got through.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"full_name":"Nguyễn Văn An","unit":"huyen-a","joined_on":"2014-01-01","birth_date":null}`,
		`{"full_name":"A","full_name":"B"}`, `{"Full_Name":"A"}`, `{"id":1}`, `{"exempt":["transfer"],"start_date":"2014-01-01"}`,
		`{"cadre_id":1,"kind":"political_theory","level":"trung_cap","status":"planned","\u212aind":"x"}`,
		`{"left_on":null,"exam_result":"passed"}`, `[1,2]`, `{"a":{"b":{"b":1,"b":2}}}`, `{"seats":1e400}`, `{}`, `{"unit":"a"} {}`,
	} {
		for i := range writeBodies {
			f.Add(uint8(i), []byte(seed))
		}
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{Config: Config{MaxBodyBytes: DefaultMaxBodyBytes}}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		b := writeBodies[int(which)%len(writeBodies)]
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest("POST", "/", bytes.NewReader(body))
		c.Request.Header.Set("Content-Type", "application/json")
		v := b.new()
		err := s.decodeJSON(c, v, b.readOnly...)
		if err != nil {
			var chErr *chitieu.Error
			if !errors.As(err, &chErr) {
				t.Fatalf("%s: %q: not a domain error: %v", b.name, body, err)
			}
			if status := ErrorStatus(err); status != http.StatusBadRequest && status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: %q: status %d: %v", b.name, body, status, err)
			}
			if msg := i18n.Message(i18n.EN, err); len(msg) > 2000 {
				t.Fatalf("%s: a message of %d bytes", b.name, len(msg))
			}
			return
		}
		plain := b.new()
		if err := json.Unmarshal(body, plain); err != nil {
			t.Fatalf("%s: accepted %q, which encoding/json refuses: %v", b.name, body, err)
		}
		if !reflect.DeepEqual(v, plain) {
			t.Fatalf("%s: %q read as %+v, encoding/json reads %+v", b.name, body, v, plain)
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil {
			for _, k := range b.readOnly {
				if _, ok := m[k]; ok {
					t.Fatalf("%s: accepted the read-only %s in %q", b.name, k, body)
				}
			}
		}
	})
}

// BenchmarkDecodeJSON measures the decoding of a cadre's body, with the walk over its keys
// (checkKeys) and without it, to show what the strict reading costs.
func BenchmarkDecodeJSON(b *testing.B) {
	body := []byte(`{"full_name":"Nguyễn Văn An","unit":"huyen-a","position":"Bí thư","full_time":true,"joined_on":"2014-01-01",` +
		`"birth_date":"1990-05-01","gender":"male","recruitment":"exam","exam_on":"2013-12-01","exam_result":"passed"}`)
	gin.SetMode(gin.ReleaseMode)
	s := &Server{Config: Config{MaxBodyBytes: DefaultMaxBodyBytes}}
	b.Run("strict", func(b *testing.B) {
		for b.Loop() {
			c, _ := gin.CreateTestContext(httptest.NewRecorder())
			c.Request = httptest.NewRequest("POST", "/", bytes.NewReader(body))
			c.Request.Header.Set("Content-Type", "application/json")
			var cd chitieu.Cadre
			if err := s.decodeJSON(c, &cd, "id"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("keys only", func(b *testing.B) {
		t := reflect.TypeFor[*chitieu.Cadre]()
		for b.Loop() {
			if err := checkKeys(body, t, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
