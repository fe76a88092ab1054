package spreadsheet

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"chitieu/internal/chitieu"
)

// The .xlsx reader reads, from the zip's central directory, only the parts it needs: the package
// relationships, the workbook and its relationships, the shared strings and the first sheet. No
// other part is ever inflated, whatever its size. Each part read is refused when its declared
// size, or the bytes it actually inflates to, pass its bound: the parts held whole in memory
// (everything but the sheet) Limits.MaxPart, the sheet, streamed row by row, Limits.MaxUnzipped;
// and no single XML token (a cell, a string) may be over maxToken, so that a streamed part never
// makes the decoder buffer more.

// maxCellChars is Excel's own limit on the text of a cell.
const maxCellChars = 32_767

// maxToken bounds what the XML decoder reads for one token (a cell's value, a run of a string's
// text): four bytes for each of a cell's characters, with room to spare.
const maxToken = 1 << 20

// maxColumn is Excel's last column, XFD.
const maxColumn = 16_384

const (
	relOfficeDocument = "/officeDocument"
	relSharedStrings  = "/sharedStrings"
)

type xlsxFile struct {
	name  string
	lim   Limits
	parts map[string]*zip.File // by lower-case name without a leading slash
	read  int64                // declared bytes of the parts read so far
}

func readXLSX(name string, data []byte, lim Limits, t *counter) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return corrupt(name, err)
	}
	x := &xlsxFile{name: name, lim: lim, parts: map[string]*zip.File{}}
	for _, f := range zr.File {
		x.parts[partKey(f.Name)] = f
	}
	wb := "xl/workbook.xml"
	if rels, err := x.rels("_rels/.rels"); err != nil {
		return err
	} else if p := rels.target("", relOfficeDocument); p != "" {
		wb = p
	}
	if x.parts[partKey(wb)] == nil {
		return fileError(chitieu.RuleFileZipNotXLSX, name)
	}
	var book struct {
		Sheets []struct {
			ID string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := x.decode(wb, &book); err != nil {
		return err
	}
	if len(book.Sheets) == 0 {
		return fileError(chitieu.RuleFileNoSheet, name)
	}
	dir := path.Dir(wb)
	rels, err := x.rels(path.Join(dir, "_rels", path.Base(wb)+".rels"))
	if err != nil {
		return err
	}
	sheet := rels.byID(dir, book.Sheets[0].ID)
	if sheet == "" || x.parts[partKey(sheet)] == nil {
		return corrupt(name, errors.New("the first sheet's part is missing"))
	}
	var shared *sharedStrings
	if p := rels.target(dir, relSharedStrings); p != "" && x.parts[partKey(p)] != nil {
		if shared, err = x.sharedStrings(p); err != nil {
			return err
		}
	}
	return x.rows(sheet, shared, t)
}

func partKey(name string) string { return strings.ToLower(strings.TrimPrefix(name, "/")) }

// open inflates a part, refusing it when its declared size, or what it inflates to, is over max
// or over what is left of MaxUnzipped.
func (x *xlsxFile) open(name string, max int64) (*tokenReader, io.Closer, error) {
	f := x.parts[partKey(name)]
	if f == nil {
		return nil, nil, corrupt(x.name, fmt.Errorf("the part %s is missing", name))
	}
	max = min(max, x.lim.MaxUnzipped-x.read)
	if f.UncompressedSize64 > uint64(max) {
		return nil, nil, x.tooLarge(name, max)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, corrupt(x.name, err)
	}
	x.read += int64(f.UncompressedSize64)
	tokenErr := fileError(chitieu.RuleFileTokenTooLong, x.name, name, formatBytes(maxToken))
	return &tokenReader{r: rc, left: max, err: x.tooLarge(name, max), tokenErr: tokenErr}, rc, nil
}

func (x *xlsxFile) tooLarge(part string, max int64) *FileError {
	return fileError(chitieu.RuleFileUnzipsTooLarge, x.name, part, formatBytes(max))
}

// decode reads a small part whole into v.
func (x *xlsxFile) decode(name string, v any) error {
	r, c, err := x.open(name, x.lim.MaxPart)
	if err != nil {
		return err
	}
	defer c.Close()
	r.token = x.lim.MaxPart // one element: the whole part
	if err := xml.NewDecoder(r).Decode(v); err != nil {
		return x.xmlError(err)
	}
	return nil
}

func (x *xlsxFile) xmlError(err error) error {
	if fe := (*FileError)(nil); errors.As(err, &fe) {
		return fe
	}
	return corrupt(x.name, err)
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// rels reads a relationships part; a missing one has no relationship.
func (x *xlsxFile) rels(name string) (*relationships, error) {
	r := &relationships{}
	if x.parts[partKey(name)] == nil {
		return r, nil
	}
	return r, x.decode(name, r)
}

func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return target[1:]
	}
	return path.Join(dir, target)
}

// target is the part of the first relationship whose type ends with suffix.
func (r *relationships) target(dir, suffix string) string {
	for _, rel := range r.Rels {
		if strings.HasSuffix(rel.Type, suffix) {
			return resolve(dir, rel.Target)
		}
	}
	return ""
}

func (r *relationships) byID(dir, id string) string {
	for _, rel := range r.Rels {
		if rel.ID == id {
			return resolve(dir, rel.Target)
		}
	}
	return ""
}

// sharedStrings holds a workbook's strings end to end in one buffer, so that a million short
// strings cost their text and four bytes each, not a string header each.
type sharedStrings struct {
	text []byte
	ends []uint32
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return string(s.text[start:s.ends[i]]), true
}

// textCollector gathers the text of a string item (<si> of the shared strings, <is> of an inline
// string): the <t> elements, plain or in runs (<r>), but not the phonetic runs (<rPh>).
type textCollector struct {
	depthRPh int
	inT      bool
	text     []byte
}

func (c *textCollector) start(local string) {
	switch local {
	case "rPh":
		c.depthRPh++
	case "t":
		c.inT = c.depthRPh == 0
	}
}

func (c *textCollector) end(local string) {
	switch local {
	case "rPh":
		c.depthRPh--
	case "t":
		c.inT = false
	}
}

func (x *xlsxFile) sharedStrings(name string) (*sharedStrings, error) {
	r, c, err := x.open(name, x.lim.MaxPart)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	// The text is no longer than the part (checked by open): one allocation, no regrowth.
	s := &sharedStrings{text: make([]byte, 0, x.parts[partKey(name)].UncompressedSize64)}
	d := xml.NewDecoder(r)
	var item *textCollector
	for n := 0; ; n++ {
		r.mark()
		yield(n)
		tok, err := d.Token()
		if err == io.EOF {
			return s, nil
		} else if err != nil {
			return nil, x.xmlError(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "si" {
				item = &textCollector{text: s.text}
			} else if item != nil {
				item.start(tok.Name.Local)
			}
		case xml.CharData:
			if item != nil && item.inT {
				item.text = append(item.text, tok...)
			}
		case xml.EndElement:
			if tok.Name.Local == "si" && item != nil {
				s.text = item.text
				s.ends = append(s.ends, uint32(len(s.text))) // the text is bounded by MaxPart, under 4 GiB
				item = nil
			} else if item != nil {
				item.end(tok.Name.Local)
			}
		}
	}
}

// cellReader is the cell being read: its reference, type, and value or inline string.
type cellReader struct {
	ref, typ  string
	inV, inIS bool
	v         []byte
	inline    *textCollector
}

// rows streams the sheet's rows, each cell at its column, to t.
func (x *xlsxFile) rows(name string, shared *sharedStrings, t *counter) error {
	r, c, err := x.open(name, x.lim.MaxUnzipped)
	if err != nil {
		return err
	}
	defer c.Close()
	d := xml.NewDecoder(r)
	num, col := 0, 0
	var cells []string
	var cell *cellReader
	for n := 0; ; n++ {
		r.mark()
		yield(n)
		tok, err := d.Token()
		if err == io.EOF {
			return t.done()
		} else if err != nil {
			return x.xmlError(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch local := tok.Name.Local; {
			case cell != nil && cell.inIS:
				cell.inline.start(local)
			case local == "row":
				num++
				if ref := attr(tok, "r"); ref != "" {
					n, err := strconv.Atoi(ref)
					if err != nil || n < num {
						return corrupt(x.name, fmt.Errorf("row %q after row %d", ref, num-1))
					}
					num = n
				}
				cells, col = cells[:0], 0
			case local == "c":
				cell = &cellReader{ref: attr(tok, "r"), typ: attr(tok, "t")}
			case cell != nil && local == "v":
				cell.inV = true
			case cell != nil && local == "is":
				cell.inline, cell.inIS = &textCollector{}, true
			}
		case xml.CharData:
			switch {
			case cell == nil:
			case cell.inV:
				cell.v = append(cell.v, tok...)
			case cell.inline != nil && cell.inline.inT:
				cell.inline.text = append(cell.inline.text, tok...)
			}
		case xml.EndElement:
			switch local := tok.Name.Local; {
			case cell != nil && cell.inIS && local == "is":
				cell.inIS = false
			case cell != nil && cell.inIS:
				cell.inline.end(local)
			case cell != nil && local == "v":
				cell.inV = false
			case cell != nil && local == "c":
				if cell.ref != "" {
					if col, err = columnOf(cell.ref); err != nil {
						return corrupt(x.name, err)
					}
				}
				v, err := cell.value(shared)
				if err != nil {
					return corrupt(x.name, fmt.Errorf("cell %s: %w", cell.ref, err))
				}
				if utf8.RuneCountInString(v) > maxCellChars {
					return fileError(chitieu.RuleFileCellTooLong, cell.ref, x.name, maxCellChars)
				}
				for len(cells) <= col {
					cells = append(cells, "")
				}
				cells[col] = v
				col++
				cell = nil
			case local == "row" && len(cells) > 0:
				if num > t.lim.MaxRows+maxEmptyRows {
					return fileError(chitieu.RuleFileSheetTooLong, x.name, t.lim.MaxRows+maxEmptyRows)
				}
				if err := t.add(num, cells); err != nil {
					return err
				}
				cells = nil // the sink may keep them
			}
		}
	}
}

// yield lets the other goroutines of the server run now and then during a long parse, so that
// a request arriving meanwhile (a write) waits less for a core.
func yield(n int) {
	if n%4096 == 4095 {
		runtime.Gosched()
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// value is the cell's raw value: dates stay serial numbers, as Excel stores them.
func (c *cellReader) value(shared *sharedStrings) (string, error) {
	switch c.typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(string(c.v)))
		if err != nil || shared == nil {
			return "", fmt.Errorf("bad shared string %q", c.v)
		}
		s, ok := shared.get(i)
		if !ok {
			return "", fmt.Errorf("no shared string %d", i)
		}
		return s, nil
	case "inlineStr":
		if c.inline == nil {
			return "", nil
		}
		return string(c.inline.text), nil
	}
	return string(c.v), nil
}

// columnOf is the 0-based column of a reference such as "AB12".
func columnOf(ref string) (int, error) {
	col, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
		if col > maxColumn {
			return 0, fmt.Errorf("cell reference %q: past the last column", ref)
		}
	}
	if i == 0 {
		return 0, fmt.Errorf("cell reference %q: no column", ref)
	}
	return col - 1, nil
}

// tokenReader reads an inflated part, failing with err once it passes left bytes in all, or
// token bytes since the last mark (one XML token or element).
type tokenReader struct {
	r        io.Reader
	left     int64
	token    int64 // 0 is maxToken
	since    int64
	err      error // past left
	tokenErr error // past token
}

func (r *tokenReader) mark() { r.since = 0 }

func (r *tokenReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		// One byte more than allowed tells a part at its bound from one past it.
		var b [1]byte
		if n, _ := r.r.Read(b[:]); n > 0 {
			return 0, r.err
		}
		return 0, io.EOF
	}
	token := cmp.Or(r.token, maxToken)
	if r.since >= token {
		return 0, r.tokenErr
	}
	p = p[:min(int64(len(p)), r.left, token-r.since)]
	n, err := r.r.Read(p)
	r.left -= int64(n)
	r.since += int64(n)
	return n, err
}
