// Package spreadsheettest builds hostile .xlsx files for tests: a real workbook's few parts
// around a sheet and shared strings given by the test, and extra parts of any size, written
// compressed so that a small file inflates to a lot.
package spreadsheettest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Part is an extra zip entry: Size bytes of Fill repeated (zeros when Fill is 0).
type Part struct {
	Name string
	Size int64
	Fill byte
}

// Workbook is an .xlsx whose first sheet has the rows given as XML (<row>…</row>…), with the
// shared strings given as XML (<si>…</si>…) when not empty, and the extra parts.
func Workbook(rows, shared string, extra ...Part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, content string) {
		w, _ := zw.Create(name)
		io.WriteString(w, content)
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	rels := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if shared != "" {
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
		put("xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+shared+`</sst>`)
	}
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels+`</Relationships>`)
	put("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		rows+`</sheetData></worksheet>`)
	for _, p := range extra {
		w, _ := zw.Create(p.Name)
		chunk := bytes.Repeat([]byte{p.Fill}, 1<<20)
		for left := p.Size; left > 0; left -= int64(len(chunk)) {
			w.Write(chunk[:min(left, int64(len(chunk)))])
		}
	}
	zw.Close()
	return buf.Bytes()
}

// Row is a sheet row of inline strings.
func Row(num int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, num)
	for _, c := range cells {
		fmt.Fprintf(&b, `<c t="inlineStr"><is><t>%s</t></is></c>`, c)
	}
	b.WriteString("</row>")
	return b.String()
}

// SharedStringsBomb is shared strings that inflate to about size bytes: n strings of one
// repeated letter, the first of them used by the sheet's header cell.
func SharedStringsBomb(size int64) string {
	const each = 64 << 10
	s := "<si><t>" + strings.Repeat("A", each) + "</t></si>"
	return strings.Repeat(s, int(size/int64(len(s)))+1)
}

// Zip is a zip archive of one part, to stand for a zip that is not a workbook.
func Zip(name, content string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	io.WriteString(w, content)
	zw.Close()
	return buf.Bytes()
}
