package httpapi

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"

	"chitieu/internal/chitieu"
)

// requireJSON refuses, with 415, a body that does not say it is JSON. A browser sends a
// cross-site form as text/plain, urlencoded or multipart without asking first; only a request it
// must first ask the server about (a preflight, which this server never grants) can say
// application/json.
func requireJSON(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && mt == "application/json" {
		return nil
	}
	if ct == "" {
		ct = "none"
	}
	return &statusError{http.StatusUnsupportedMediaType,
		malformed("Content-Type", chitieu.RuleContentType, clip(ct, 100))}
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkKeys walks the JSON value raw beside the Go type t it is to be decoded into, and refuses
// an object key given twice, a key of a struct that is not exactly one of its fields, and, at the
// top level, a key of readOnly. raw is already known to be one well-formed JSON value.
func checkKeys(raw []byte, t reflect.Type, readOnly []string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return walkKeys(dec, t, "", readOnly)
}

// walkKeys reads one value from dec; t is its Go type, or nil when it is not known (the inside of
// a type that reads itself, or of an interface), where only repeated keys are looked for.
func walkKeys(dec *json.Decoder, t reflect.Type, path string, readOnly []string) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && (reflect.PointerTo(t).Implements(unmarshalerType) || t.Kind() == reflect.Interface) {
		t = nil
	}
	tok, err := dec.Token()
	if err != nil {
		return decodeError(err)
	}
	switch tok {
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for dec.More() {
			if err := walkKeys(dec, elem, path, nil); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	case json.Delim('{'):
		var fields map[string]reflect.Type
		if t != nil && t.Kind() == reflect.Struct {
			fields = cachedFields(t)
		}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return decodeError(err)
			}
			key := tok.(string)
			name := joinPath(path, key)
			switch {
			case seen[key]:
				return malformed(clip(name, 200), chitieu.RuleDuplicateKey)
			case slices.Contains(readOnly, key):
				return malformed(name, chitieu.RuleReadOnly)
			}
			seen[key] = true
			var ft reflect.Type
			if fields != nil {
				var ok bool
				if ft, ok = fields[key]; !ok {
					for f := range fields {
						if strings.EqualFold(f, key) {
							return malformed(clip(name, 200), chitieu.RuleUnknownFieldCase, joinPath(path, f))
						}
					}
					return malformed(clip(name, 200), chitieu.RuleUnknownField)
				}
			}
			if err := walkKeys(dec, ft, name, nil); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	}
	if err != nil {
		return decodeError(err)
	}
	return nil
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fieldCache holds jsonFields of each struct type a body was read into.
var fieldCache sync.Map

func cachedFields(t reflect.Type) map[string]reflect.Type {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	f := jsonFields(t)
	fieldCache.Store(t, f)
	return f
}

// jsonFields maps the JSON names of a struct's fields to their types, as encoding/json names
// them: the tag's name, else the Go name; the fields of an embedded struct without a tag as the
// struct's own.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" && tag == "-" {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			for k, v := range jsonFields(ft) {
				if _, ok := fields[k]; !ok {
					fields[k] = v
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}
