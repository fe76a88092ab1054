package spreadsheet

import (
	"testing"
	"unicode/utf8"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet/spreadsheettest"
)

// The fuzz tests feed the readers arbitrary bytes: they must never panic, and whatever they
// accept must be rows of valid UTF-8 with row numbers in order. The seed corpus is in
// testdata/fuzz; as a normal test it runs only the seeds.

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("Đơn vị;Ngày báo cáo;Số thanh niên;Đoàn viên;Hội viên;Số tập hợp\nrach-gia;31/12/2013;12.000;5200;4100;7000\n"))
	f.Add([]byte("\xEF\xBB\xBFHọ và tên,Đơn vị,Ngày vào\n\"Lê, Văn\"\"A\"\"\",x,41275\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 0 && (data[0] == 'P' || data[0] == 0xD0) {
			return // the XLSX fuzzer's ground
		}
		for _, kind := range chitieu.ImportKinds {
			checkRead(t, kind, data)
		}
	})
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(makeXLSX(f, [][]any{{"Đơn vị", "Ngày báo cáo", "Số thanh niên", "Đoàn viên", "Hội viên", "Số tập hợp"}, {"rach-gia", 41639, 100, 50, 40, 60}}))
	f.Add(makeXLSX(f, [][]any{{"Họ và tên", "Đơn vị", "Ngày vào", "Trình độ LLCT"}, {"Trần Văn B", "ha-tien", "01/02/2013", "CC"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, chitieu.ImportYouthReports, data)
		checkRead(t, chitieu.ImportCadres, data)
	})
}

func checkRead(t *testing.T, kind chitieu.ImportKind, data []byte) {
	lim := Limits{MaxBytes: 1 << 20, MaxRows: 1000, MaxUnzipped: 4 << 20}
	tab, err := ReadTable("fuzz", data, lim)
	if err != nil {
		if _, ok := err.(*FileError); !ok {
			t.Fatalf("ReadTable: error %T %v is not a FileError", err, err)
		}
		return
	}
	last := tab.HeaderRow
	for _, r := range tab.Rows {
		if r.Num <= last {
			t.Fatalf("row %d after row %d", r.Num, last)
		}
		last = r.Num
		for _, c := range r.Cells {
			if !utf8.ValidString(c) {
				t.Fatalf("row %d: invalid UTF-8 cell %q", r.Num, c)
			}
		}
	}
	if len(tab.Rows) > lim.MaxRows {
		t.Fatalf("%d rows over the limit", len(tab.Rows))
	}
	b, err := Parse(kind, "fuzz", tab)
	if err != nil {
		if _, ok := err.(*FileError); !ok {
			t.Fatalf("Parse: error %T %v is not a FileError", err, err)
		}
		return
	}
	if n := len(b.Cadres) + len(b.Trainings) + len(b.YouthReports); n > b.Rows {
		t.Fatalf("%d records from %d rows", n, b.Rows)
	}
}

// FuzzXLSXParts fuzzes the sheet's and the shared strings' XML inside a well-formed zip, where
// FuzzReadXLSX's mutations of the zip's bytes seldom reach.
func FuzzXLSXParts(f *testing.F) {
	f.Add(spreadsheettest.Row(1, "Đơn vị", "Ngày báo cáo", "Số thanh niên", "Đoàn viên", "Hội viên", "Số tập hợp")+
		`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>41639</v></c><c t="inlineStr"><is><r><t>1</t></r></is></c></row>`,
		`<si><t>rach-gia</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si>`)
	f.Fuzz(func(t *testing.T, rows, shared string) {
		checkRead(t, chitieu.ImportYouthReports, spreadsheettest.Workbook(rows, shared))
	})
}
