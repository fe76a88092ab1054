package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

var dateType = reflect.TypeFor[chitieu.Date]()

// decodeJSON reads the request body into v strictly: Content-Type application/json, one JSON
// value, at most MaxBodyBytes, every key exactly a field of v (encoding/json alone would match
// "FULL_NAME" to full_name and let a repeated key win silently), none of readOnly (the fields the
// API answers but does not take). Its errors name the field at fault: EMALFORMED for what cannot
// be read (bad syntax, a wrong JSON type, an unknown, repeated or read-only field), EINVALID for a
// date that is not a date, and 415 for a body that is not JSON.
func (s *Server) decodeJSON(c *gin.Context, v any, readOnly ...string) error {
	if err := requireJSON(c.Request); err != nil {
		return err
	}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxBodyBytes)
	dec := json.NewDecoder(body)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return decodeError(err)
		}
		return malformed("request body", chitieu.RuleBodyTrailing)
	}
	if raw[0] != '{' {
		return malformed("request body", chitieu.RuleBodyNotObject, string(raw[:min(len(raw), 20)]))
	}
	if err := checkKeys(raw, reflect.TypeOf(v), readOnly); err != nil {
		return err
	}
	strict := json.NewDecoder(bytes.NewReader(raw))
	strict.DisallowUnknownFields()
	if err := strict.Decode(v); err != nil {
		return decodeError(err)
	}
	return nil
}

// decodeError turns an error of encoding/json into one that names the field.
func decodeError(err error) error {
	var (
		syn    *json.SyntaxError
		typ    *json.UnmarshalTypeError
		tooBig *http.MaxBytesError
	)
	switch {
	case errors.As(err, &tooBig):
		return malformed("request body", chitieu.RuleBodyTooLarge, tooBig.Limit)
	case errors.Is(err, io.EOF):
		return malformed("request body", chitieu.RuleBodyEmpty)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("request body", chitieu.RuleJSONTruncated)
	case errors.As(err, &syn):
		return malformed("request body", chitieu.RuleJSONSyntax, syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		field := jsonPath(typ.Field)
		if field == "" {
			return malformed("request body", chitieu.RuleBodyNotObject, typ.Value)
		}
		if typ.Type == dateType && strings.HasPrefix(typ.Value, `"`) {
			return chitieu.Invalid(field, chitieu.RuleDateFormat, chitieu.MinDate, chitieu.MaxDate)
		}
		if typ.Type == dateType {
			return malformed(field, chitieu.RuleDateType, typ.Value)
		}
		return malformed(field, chitieu.RuleJSONType, chitieu.Term(jsonKind(typ.Type)), typ.Value)
	case strings.HasPrefix(err.Error(), `json: unknown field "`):
		// encoding/json has no type for this one; its message is stable.
		name := strings.TrimSuffix(strings.TrimPrefix(err.Error(), `json: unknown field "`), `"`)
		return malformed(name, chitieu.RuleUnknownField)
	}
	var chErr *chitieu.Error
	if errors.As(err, &chErr) { // from an UnmarshalJSON of the domain
		return err
	}
	return malformed("request body", chitieu.RuleJSONInvalid, strings.TrimPrefix(err.Error(), "json: "))
}

// jsonPath drops from a field path the names of embedded Go structs (capitalised), which
// encoding/json puts in it but the client never wrote: "Hiring.recruitment" is "recruitment".
func jsonPath(field string) string {
	parts := strings.Split(field, ".")
	kept := parts[:0]
	for _, p := range parts {
		if p != "" && (p[0] < 'A' || p[0] > 'Z') {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ".")
}

// jsonKind names the JSON type that a Go type is read from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.String()
}

// query reads the query parameters of a list or a figure; the first bad one is kept in err.
type query struct {
	c   *gin.Context
	err error
}

func (q *query) fail(err error) {
	if q.err == nil {
		q.err = err
	}
}

// string returns the parameter trimmed of spaces.
func (q *query) string(name string) string { return strings.TrimSpace(q.c.Query(name)) }

// int returns an integer parameter, or def when it is absent.
func (q *query) int(name string, def int64) int64 {
	s := q.string(name)
	if s == "" {
		return def
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		q.fail(malformed(name, chitieu.RuleInteger, s))
		return def
	}
	return n
}

// id returns the id of a record named by a parameter, or 0 when it is absent.
func (q *query) id(name string) int64 {
	n := q.int(name, 0)
	if n < 0 {
		q.fail(malformed(name, chitieu.RulePositiveInteger, n))
		return 0
	}
	return n
}

// bool returns a boolean parameter, or nil when it is absent.
func (q *query) bool(name string) *bool {
	s := q.string(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.fail(malformed(name, chitieu.RuleBoolean, s))
		return nil
	}
	return &b
}

// date returns a date parameter, or the zero Date when it is absent.
func (q *query) date(name string) chitieu.Date {
	s := q.string(name)
	if s == "" {
		return 0
	}
	d, err := chitieu.ParseDate(s)
	if err != nil {
		q.fail(chitieu.Invalid(name, chitieu.RuleQueryDate, s))
		return 0
	}
	return d
}

// maxOffset bounds the offset of a list: far more records than a province holds, and far from
// overflowing when the store adds the limit to it.
const maxOffset = 1_000_000_000

// page returns the limit and offset of a list. A value out of range is refused as malformed,
// naming the parameter, like one that is not an integer.
func (q *query) page() chitieu.Page {
	limit := q.int("limit", chitieu.DefaultLimit)
	offset := q.int("offset", 0)
	if q.err != nil {
		return chitieu.Page{}
	}
	switch {
	case limit < 1 || limit > chitieu.MaxLimit:
		q.fail(malformed("limit", chitieu.RuleIntegerBetween, 1, chitieu.MaxLimit))
	case offset < 0 || offset > maxOffset:
		q.fail(malformed("offset", chitieu.RuleIntegerBetween, 0, maxOffset))
	}
	return chitieu.Page{Limit: int(limit), Offset: int(offset)}
}

// pathID reads the numeric id of a path.
func pathID(c *gin.Context) (int64, error) {
	s := c.Param("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, malformed("id", chitieu.RulePositiveID, s)
	}
	return id, nil
}

// list is the answer to a list request.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func newList[T any](items []T, total int) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total}
}
