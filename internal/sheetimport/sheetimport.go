// Package sheetimport is what the API and the web pages share of a spreadsheet import: the
// uploaded file read within the size limit, handed to the store's import as a stream, and the
// templates to fill in. The store matches, checks and writes the records
// (chitieu.ImportService); neither caller runs SQL.
package sheetimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
)

// Store is what imports need of the store: the import itself, and the units for the templates'
// drop-down (sqlite.ImportService).
type Store interface {
	chitieu.ImportService
	Units(ctx context.Context) ([]*chitieu.Unit, error)
}

// Field is the form field that carries the file.
const Field = "file"

// ErrNoFile is a request that is not a multipart form with a file in Field.
var ErrNoFile = errors.New(`file: a multipart/form-data upload with the file in the field "file" is required`)

// File is an uploaded spreadsheet.
type File struct {
	Name string
	Data []byte
}

// envelope is what the multipart encoding may add to the file itself: boundaries, part
// headers, a few small fields.
const envelope = 64 << 10

// Read reads the file uploaded in Field, no larger than lim.MaxBytes. A larger one is a
// *spreadsheet.FileError with TooLarge set, found without reading much past the limit; a request
// without a file there is ErrNoFile.
func Read(w http.ResponseWriter, r *http.Request, lim spreadsheet.Limits) (*File, error) {
	maxBytes := lim.WithDefaults().MaxBytes
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes+envelope)
	f, fh, err := r.FormFile(Field)
	if err != nil {
		if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
			return nil, spreadsheet.TooLargeError(maxBytes)
		}
		return nil, ErrNoFile
	}
	defer f.Close()
	data, err := spreadsheet.ReadLimited(f, spreadsheet.Limits{MaxBytes: maxBytes})
	if err != nil {
		return nil, fmt.Errorf("upload %s: %w", fh.Filename, err)
	}
	return &File{Name: fh.Filename, Data: data}, nil
}

// Import has the store read the file, then write its records in one transaction: a dry run
// that writes nothing unless apply. A file that cannot be read at all is a
// *spreadsheet.FileError; a bad row is a problem of the result, not an error.
func Import(ctx context.Context, store chitieu.ImportService, kind chitieu.ImportKind, f *File, lim spreadsheet.Limits, apply bool) (*chitieu.ImportResult, error) {
	return store.Import(ctx, spreadsheet.Open(kind, f.Name, f.Data, lim), apply)
}

// Template builds the template of kind, with the store's units in its drop-down, and the name
// to save it under.
func Template(ctx context.Context, store Store, kind chitieu.ImportKind) (name string, data []byte, err error) {
	units, err := store.Units(ctx)
	if err != nil {
		return "", nil, err
	}
	var buf bytes.Buffer
	if err := spreadsheet.Template(&buf, kind, units); err != nil {
		return "", nil, fmt.Errorf("template %s: %w", kind, err)
	}
	return spreadsheet.TemplateName(kind), buf.Bytes(), nil
}

// asciiName is a file name without diacritics or spaces, for a browser that reads no UTF-8
// file name: "Mẫu nhập cán bộ.xlsx" is "Mau-nhap-can-bo.xlsx". Each letter is folded as a search
// is (chitieu.SearchKey), keeping its case.
func asciiName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r == ' ' {
			b.WriteByte('-')
			continue
		}
		folded := chitieu.SearchKey(string(r))
		if unicode.IsUpper(r) {
			folded = strings.ToUpper(folded)
		}
		for _, f := range folded {
			if f < utf8.RuneSelf && f > ' ' && f != '"' && f != '\\' {
				b.WriteRune(f)
			}
		}
	}
	return b.String()
}

// Send answers a download, built whole before the first byte is sent.
func Send(w http.ResponseWriter, name string, format spreadsheet.Format, data []byte) {
	h := w.Header()
	ascii := asciiName(name)
	disposition := fmt.Sprintf(`attachment; filename="%s"`, ascii)
	if ascii != name {
		disposition += "; filename*=UTF-8''" + url.PathEscape(name)
	}
	h.Set("Content-Disposition", disposition)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", format.ContentType())
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}
