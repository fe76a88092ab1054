// Package spreadsheet reads and writes the spreadsheets that organisation staff keep: it turns
// an .xlsx or .csv file into domain records (headers and levels as people write them, dates in
// the forms Vietnamese Excel uses) and writes records, templates and the annual review report
// back out. It is pure code on bytes: no SQL, no HTTP.
package spreadsheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// Limits bound what a reader accepts; the zero value of a field takes its default.
type Limits struct {
	MaxBytes int64 // the file itself; default 20 MiB
	MaxRows  int   // data rows of the sheet; default 200,000
	// MaxUnzipped bounds the unzipped size of the parts of an .xlsx that are read (the sheet
	// is streamed, never held whole), against zip bombs; default 256 MiB. Other parts are never
	// unzipped.
	MaxUnzipped int64
	// MaxPart bounds each part of an .xlsx held whole in memory while the sheet is read: the
	// shared strings, the workbook and its relationships; default 64 MiB.
	MaxPart int64
}

// Defaults of Limits.
const (
	DefaultMaxBytes    = 20 << 20
	DefaultMaxRows     = 200_000
	DefaultMaxUnzipped = 256 << 20
	DefaultMaxPart     = 64 << 20
)

// WithDefaults fills in the defaults of the fields left zero.
func (l Limits) WithDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = DefaultMaxUnzipped
	}
	if l.MaxPart <= 0 {
		l.MaxPart = DefaultMaxPart
	}
	return l
}

// Table is the first sheet of a file: its header row and its non-empty data rows, each with
// the row number the spreadsheet shows.
type Table struct {
	Header    []string
	HeaderRow int
	Rows      []Row
}

// Row is a data row.
type Row struct {
	Num   int
	Cells []string
}

// Cell returns the row's cell in column i, "" past its end.
func (r Row) Cell(i int) string {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

// FileError is a file that cannot be read at all: the rule it breaks on the field "file", an
// EINVALID (a readable request carrying a bad file) that internal/i18n words.
type FileError struct {
	Err *chitieu.Error
	// TooLarge tells that the file is over the size limit, which HTTP answers with its own
	// status (413).
	TooLarge bool
}

// Error is the problem in English, for logs.
func (e *FileError) Error() string { return e.Text(i18n.EN) }

// Unwrap lets the error map of the transports and the catalogue see the *chitieu.Error.
func (e *FileError) Unwrap() error { return e.Err }

// Text is the file's problem in lang, without the field.
func (e *FileError) Text(lang string) string {
	_, text := i18n.Rule(lang, e.Err)
	return text
}

func fileError(rule chitieu.Rule, args ...any) *FileError {
	return &FileError{Err: chitieu.Invalid("file", rule, args...)}
}

// otherMagic tells the kinds of file sent by mistake for a spreadsheet, by their first bytes.
var otherMagic = []struct{ magic, what string }{
	{"%PDF-", "PDF"}, {"\x89PNG", "PNG"}, {"\xFF\xD8\xFF", "JPEG"}, {"GIF8", "GIF"},
	{"\x1F\x8B", "gzip"}, {"Rar!", "RAR"}, {"7z\xBC\xAF", "7z"},
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // encrypted .xlsx, or .xls
)

// ReadLimited reads all of r, refusing more than the limit's bytes.
func ReadLimited(r io.Reader, lim Limits) ([]byte, error) {
	lim = lim.WithDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read file: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, TooLargeError(lim.MaxBytes)
	}
	return data, nil
}

// TooLargeError is the error of a file over the limit of n bytes, however it was found out.
func TooLargeError(n int64) *FileError {
	e := fileError(chitieu.RuleFileTooLarge, formatBytes(n))
	e.TooLarge = true
	return e
}

func formatBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadTable reads the first sheet of an .xlsx file or a CSV file, told apart by their content
// (the name only helps the messages).
func ReadTable(name string, data []byte, lim Limits) (*Table, error) {
	t := &Table{}
	err := readRows(name, data, lim, func(num int, cells []string) error {
		if t.Header == nil {
			t.Header, t.HeaderRow = cells, num
		} else {
			t.Rows = append(t.Rows, Row{Num: num, Cells: cells})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// rowSink takes the non-empty rows of a sheet in order, the header row first.
type rowSink func(num int, cells []string) error

// readRows streams the non-empty rows of the first sheet to sink, so that a large file is
// never held as a table of cells.
func readRows(name string, data []byte, lim Limits, sink rowSink) error {
	lim = lim.WithDefaults()
	switch {
	case int64(len(data)) > lim.MaxBytes:
		return TooLargeError(lim.MaxBytes)
	case len(data) == 0:
		return fileError(chitieu.RuleFileEmpty, name)
	case bytes.HasPrefix(data, oleMagic):
		return fileError(chitieu.RuleFileEncrypted, name)
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(name, data, lim, &counter{sink: sink, lim: lim, name: name})
	}
	for _, m := range otherMagic {
		if bytes.HasPrefix(data, []byte(m.magic)) {
			return fileError(chitieu.RuleFileOtherType, name, m.what)
		}
	}
	if ext := strings.ToLower(path.Ext(name)); ext == ".xlsx" || ext == ".xlsm" {
		return fileError(chitieu.RuleFileNotZip, name, ext)
	}
	return readCSV(name, data, lim, &counter{sink: sink, lim: lim, name: name})
}

// maxEmptyRows is how many empty rows a sheet may have besides its data rows: a cell far down
// a sheet would otherwise make the reader walk a million empty rows.
const maxEmptyRows = 10_000

func corrupt(name string, err error) *FileError {
	var msg string
	switch {
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrAlgorithm):
		msg = "zip: " + err.Error()
	default:
		msg = err.Error()
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return fileError(chitieu.RuleFileCorrupt, name, strings.ToValidUTF8(msg, "?"))
}

// readCSV reads UTF-8 text, with or without a byte order mark, separated by ',' or ';' (as
// Vietnamese Excel writes it): the separator is the one the header row uses more.
func readCSV(name string, data []byte, lim Limits, t *counter) error {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return fileError(chitieu.RuleFileNotUTF8, name, line)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return fileError(chitieu.RuleFileBinary, name)
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bufio.NewReader(bytes.NewReader(data)))
	r.Comma = ','
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	for {
		cells, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return fileError(chitieu.RuleFileBadCSV, name, err.Error())
		}
		line, _ := r.FieldPos(0)
		if err := t.add(line, cells); err != nil {
			return err
		}
	}
	return t.done()
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// counter passes the non-empty rows on, trimmed, and enforces the row limit.
type counter struct {
	sink   rowSink
	lim    Limits
	name   string
	header bool
	rows   int
}

// add takes a row: the first non-empty one is the header, later empty ones are skipped.
func (t *counter) add(num int, cells []string) error {
	empty := true
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
		if cells[i] != "" {
			empty = false
		}
	}
	if empty {
		return nil
	}
	if t.header {
		if t.rows >= t.lim.MaxRows {
			return fileError(chitieu.RuleFileTooManyRows, t.name, t.lim.MaxRows)
		}
		t.rows++
	}
	t.header = true
	return t.sink(num, cells)
}

func (t *counter) done() error {
	if !t.header {
		return fileError(chitieu.RuleFileNoHeader, t.name)
	}
	return nil
}
