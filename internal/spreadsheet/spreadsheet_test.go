package spreadsheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
	"chitieu/internal/spreadsheet/spreadsheettest"
)

func TestParseLevel(t *testing.T) {
	for _, tt := range []struct {
		kind chitieu.TrainingKind
		in   string
		want chitieu.Level
		ok   bool
	}{
		{chitieu.PoliticalTheory, "Trung cấp", "trung_cap", true},
		{chitieu.PoliticalTheory, "TC", "trung_cap", true},
		{chitieu.PoliticalTheory, "  cao   CẤP ", "cao_cap", true},
		{chitieu.PoliticalTheory, "Cử nhân", "cu_nhan", true},
		{chitieu.PoliticalTheory, "cu_nhan", "cu_nhan", true},
		{chitieu.PoliticalTheory, "Sơ cấp", "so_cap", true},
		{chitieu.PoliticalTheory, norm.NFD.String("Trung cấp"), "trung_cap", true},
		{chitieu.PoliticalTheory, "Đại học", "", false},
		{chitieu.Education, "Đại học", "dai_hoc", true},
		{chitieu.Education, "ĐH", "dai_hoc", true},
		{chitieu.Education, "Cử nhân", "dai_hoc", true}, // a bachelor's degree is university level
		{chitieu.Education, "ThS.", "thac_si", true},
		{chitieu.Education, "Thạc sĩ", "thac_si", true},
		{chitieu.Education, "TS", "tien_si", true},
		{chitieu.Education, "Cao đẳng", "cao_dang", true},
		{chitieu.Education, "", "", true},
		{chitieu.Education, "Sơ cấp", "", false},
	} {
		got, ok := ParseLevel(tt.kind, tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLevel(%s, %q) = %q, %v; want %q, %v", tt.kind, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	d := chitieu.NewDate
	for _, tt := range []struct {
		in   string
		want chitieu.Date
		ok   bool
	}{
		{"31/12/2015", d(2015, 12, 31), true},
		{"1/2/2013", d(2013, 2, 1), true},
		{"01-02-2013", d(2013, 2, 1), true},
		{"01.02.2013", d(2013, 2, 1), true},
		{"2013-02-01", d(2013, 2, 1), true},
		{"41275", d(2013, 1, 1), true},      // Excel's serial of 1 January 2013
		{"42369.75", d(2015, 12, 31), true}, // the time of day is dropped
		{"32874", d(1990, 1, 1), true},      // 32874 days after 30/12/1899
		{"", 0, true},
		{"2015", 0, false}, // a year is not a date
		{"31/02/2015", 0, false},
		{"13/13/2015", 0, false},
		{"12/31/15", 0, false},
		{"NaN", 0, false},
		{"-41275", 0, false},
		{"hôm qua", 0, false},
		// Out of the range of every date; 31/12/0000 would be day 0, "no date".
		{"31/12/0000", 0, false},
		{"15/06/0000", 0, false},
		{"0000-12-31", 0, false},
		{"01/01/9999", 0, false},
		{"31/12/1899", 0, false},
		{"2958465", 0, false}, // Excel's last serial, 31/12/9999
		{"01/01/1900", d(1900, 1, 1), true},
		{"31/12/2100", d(2100, 12, 31), true},
	} {
		got, ok := ParseDate(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if got, ok := ParseYearOrDate("2011"); !ok || got != d(2011, 12, 31) {
		t.Errorf("ParseYearOrDate(2011) = %v, %v", got, ok)
	}
	for _, y := range []string{"0000", "1899", "2101", "9999"} {
		if got, ok := ParseYearOrDate(y); ok {
			t.Errorf("ParseYearOrDate(%s) = %v, want refused", y, got)
		}
	}
}

func TestParseCount(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"12345", 12345, true}, {"12.345", 12345, true}, {"1.234.567", 1234567, true}, {"12,345", 12345, true},
		{"12 345", 12345, true}, {"7000.0", 7000, true}, {"0", 0, true},
		{"-5", 0, false}, {"12.5", 0, false}, {"abc", 0, false}, {"1.23", 0, false},
	} {
		got, ok := ParseCount(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseCount(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// makeXLSX writes rows into a real workbook with excelize; time.Time cells become date cells.
func makeXLSX(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
			if _, ok := v.(time.Time); ok {
				_ = f.SetCellStyle("Sheet1", cell, cell, style)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSXCadres(t *testing.T) {
	unknown := makeXLSX(t, [][]any{{"Họ và tên", "Đơn vị", "Ngày vào", "Quê quán"}, {"A", "b", "01/01/2013", "Kiên Giang"}})
	_, err := Read(chitieu.ImportCadres, "a.xlsx", unknown, Limits{})
	if err == nil || !strings.Contains(err.Error(), `unknown columns: "Quê quán"`) {
		t.Fatalf("unknown column: err = %v", err)
	}
	// A title row and a row-number column (STT), as Vietnamese lists have them.
	data := makeXLSX(t, [][]any{
		{"DANH SÁCH CÁN BỘ CƠ QUAN TỈNH ĐOÀN"},
		{"STT", "Họ và tên", "ĐƠN VỊ", "Chức  vụ", "Ngày vào", "Ngày sinh", "Giới tính", "trinh do llct", "Năm đạt LLCT", "Trình độ chuyên môn"},
		{},
		{1, norm.NFD.String("Nguyễn Thị Ánh"), "Rạch Giá", "Phó Bí thư", time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC), "20/05/1988", "Nữ", "TC", 2011, "ĐH"},
	})
	b, err := Read(chitieu.ImportCadres, "a.xlsx", data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Problems) != 0 || len(b.Cadres) != 1 {
		t.Fatalf("problems %v, cadres %d", b.Problems, len(b.Cadres))
	}
	r := b.Cadres[0]
	if r.Row != 4 {
		t.Errorf("row = %d, want 4 (the title and the empty row count)", r.Row)
	}
	c := r.Cadre
	if c.FullName != "Nguyễn Thị Ánh" || c.FullName != norm.NFC.String(c.FullName) {
		t.Errorf("full name %q not NFC", c.FullName)
	}
	if c.Unit != "Rạch Giá" || c.Position != "Phó Bí thư" || !c.FullTime || c.Gender != chitieu.GenderFemale {
		t.Errorf("cadre = %+v", c)
	}
	if c.JoinedOn != chitieu.NewDate(2012, 3, 1) || c.BirthDate != chitieu.NewDate(1988, 5, 20) {
		t.Errorf("dates = %v, %v", c.JoinedOn, c.BirthDate)
	}
	if r.PoliticalTheory != (chitieu.HeldLevel{Level: "trung_cap", On: chitieu.NewDate(2011, 12, 31)}) || r.Education != (chitieu.HeldLevel{Level: "dai_hoc"}) {
		t.Errorf("levels = %+v %+v", r.PoliticalTheory, r.Education)
	}
	if b.Columns["unit"] != "ĐƠN VỊ" {
		t.Errorf("columns = %v", b.Columns)
	}
}

func TestReadCSVProblems(t *testing.T) {
	csv := "\xEF\xBB\xBFĐơn vị;Ngày báo cáo;Số thanh niên;Đoàn viên;Hội viên;Số tập hợp\n" +
		"rach-gia;31/12/2013;12.000;5200;4100;7000\n" +
		"ha-tien;31/02/2013;100;50;40;60\n" +
		"kien-luong;31/12/2013;100;50;40;95\n"
	b, err := Read(chitieu.ImportYouthReports, "y.csv", []byte(csv), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.YouthReports) != 1 || b.YouthReports[0].Report.YouthPopulation != 12000 || b.Rows != 3 {
		t.Fatalf("reports = %+v, rows %d", b.YouthReports, b.Rows)
	}
	if len(b.Problems) != 2 {
		t.Fatalf("problems = %+v", b.Problems)
	}
	if p := b.Problems[0]; p.Row != 3 || p.Column != "Ngày báo cáo" || !strings.Contains(p.Message.VI, "không phải ngày") || !strings.Contains(p.Message.EN, "not a date") {
		t.Errorf("problem 0 = %+v", p)
	}
	if p := b.Problems[1]; p.Row != 4 || p.Column != "Số tập hợp" || p.Message.VI != "không được lớn hơn tổng số đoàn viên và hội viên" {
		t.Errorf("problem 1 = %+v", p)
	}
}

func TestBadFiles(t *testing.T) {
	// 12 MiB unzipped, a few KiB zipped.
	bomb := spreadsheettest.Workbook(strings.Repeat("<row/>", 2<<20), "")
	header := spreadsheettest.Row(1, "Đơn vị", "Ngày báo cáo", "Số thanh niên", "Đoàn viên", "Hội viên", "Số tập hợp")
	manyStrings := spreadsheettest.Workbook(header, spreadsheettest.SharedStringsBomb(4<<20))
	longCell := spreadsheettest.Workbook(header+spreadsheettest.Row(2, strings.Repeat("x", 40_000)), "")
	hugeToken := spreadsheettest.Workbook(header+`<row r="2"><c><v>`+strings.Repeat("1", 2<<20)+`</v></c></row>`, "")
	manyRows := "Đơn vị,Ngày báo cáo,Số thanh niên,Đoàn viên,Hội viên,Số tập hợp\n" + strings.Repeat("a,01/01/2013,1,1,1,1\n", 11)
	for _, tt := range []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"empty", nil, Limits{}, "is empty"},
		{"too large", bytes.Repeat([]byte("a"), 2048), Limits{MaxBytes: 1024}, "larger than the limit"},
		{"encrypted", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), Limits{}, "password-protected"},
		{"corrupt zip", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 300)...), Limits{}, "not a readable .xlsx"},
		{"zip bomb", bomb, Limits{MaxUnzipped: 1 << 20}, "zip bomb"},
		{"shared strings over MaxPart", manyStrings, Limits{MaxPart: 1 << 20}, "zip bomb"},
		{"a cell past Excel's limit", longCell, Limits{}, "longer than 32,767 characters"},
		{"a token past the decoder's bound", hugeToken, Limits{}, "longer than 1 MiB"},
		{"a zip that is no workbook", spreadsheettest.Zip("word/document.xml", "<document/>"), Limits{}, "a zip archive but not an .xlsx workbook"},
		{"a PDF", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Limits{}, "is a PDF file, not a spreadsheet"},
		{"invalid UTF-8", []byte("Đơn vị,Ngày báo cáo\nr\xe1ch,1\n"), Limits{}, "not UTF-8 text (line 2)"},
		{"binary", []byte("Đơn vị\x00\x01"), Limits{}, "neither CSV nor .xlsx"},
		{"random bytes named .xlsx", []byte("\x13\x99\x42random"), Limits{}, `named .xlsx but is not an .xlsx workbook`},
		{"row limit", []byte(manyRows), Limits{MaxRows: 10}, "more than 10 data rows"},
		{"missing column", []byte("Đơn vị,Ngày báo cáo,Số thanh niên\n"), Limits{}, "missing required columns: Đoàn viên"},
		{"unknown column", []byte("Đơn vị,Ngày báo cáo,Dân tộc\n"), Limits{}, `unknown columns: "Dân tộc"`},
		{"no header among the first rows", []byte("Báo cáo\nTỉnh Đoàn\nnăm 2013\nx\ny\nz\nĐơn vị,Ngày báo cáo,Số thanh niên,Đoàn viên,Hội viên,Số tập hợp\n"), Limits{}, `unknown columns: "Báo cáo"`},
		{"no header", []byte("\n\n"), Limits{}, "no header row"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(chitieu.ImportYouthReports, "f", tt.data, tt.lim)
			if tt.name == "random bytes named .xlsx" {
				_, err = Read(chitieu.ImportYouthReports, "bao-cao.xlsx", tt.data, tt.lim)
			}
			fe, ok := err.(*FileError)
			if !ok {
				t.Fatalf("err = %v, want a FileError", err)
			}
			vi, en := fe.Text(i18n.VI), fe.Text(i18n.EN)
			if !strings.Contains(en, tt.want) || vi == "" || vi == en || strings.ContainsAny(vi+en, "«%") {
				t.Fatalf("err = %v, want a FileError with %q in both languages", err, tt.want)
			}
			if chitieu.ErrorCode(err) != chitieu.EINVALID {
				t.Errorf("code = %s", chitieu.ErrorCode(err))
			}
		})
	}
}

// TestWriteReadRoundTrip writes every kind to .xlsx and CSV and reads it back into the same
// records; a name that looks like a formula comes back as it was.
func TestWriteReadRoundTrip(t *testing.T) {
	c := &chitieu.Cadre{ID: 7, FullName: "=HYPERLINK(\"x\")", Unit: "rach-gia", Position: "-Bí thư", FullTime: false,
		JoinedOn: chitieu.NewDate(2010, 1, 4), BirthDate: chitieu.NewDate(1985, 6, 30), Gender: chitieu.GenderMale,
		PoliticalTheoryLevel: "cu_nhan", EducationLevel: "thac_si"}
	for _, format := range []Format{XLSX, CSV} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, format, SheetName(chitieu.ImportCadres), Headers(chitieu.ImportCadres, "vi"))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(CadreCells(c, chitieu.NewDate(2009, 6, 1), chitieu.NewDate(2012, 12, 31))); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if format == CSV && !strings.Contains(buf.String(), `"'=HYPERLINK(""x"")"`) {
			t.Errorf("formula not neutralised:\n%s", buf.String())
		}
		b, err := Read(chitieu.ImportCadres, "x."+string(format), buf.Bytes(), Limits{})
		if err != nil || len(b.Problems) > 0 || len(b.Cadres) != 1 {
			t.Fatalf("%s: err %v, problems %+v", format, err, b.Problems)
		}
		got := b.Cadres[0]
		want := *c
		want.PoliticalTheoryLevel, want.EducationLevel = "", ""
		if got.Cadre != want {
			t.Errorf("%s: cadre = %+v, want %+v", format, got.Cadre, want)
		}
		if got.PoliticalTheory != (chitieu.HeldLevel{Level: "cu_nhan", On: chitieu.NewDate(2009, 6, 1)}) ||
			got.Education != (chitieu.HeldLevel{Level: "thac_si", On: chitieu.NewDate(2012, 12, 31)}) {
			t.Errorf("%s: levels = %+v, %+v", format, got.PoliticalTheory, got.Education)
		}
	}
}

func TestTemplate(t *testing.T) {
	units := []*chitieu.Unit{{Code: "rach-gia", Name: "Thành Đoàn Rạch Giá"}, {Code: "ha-tien", Name: "Thị Đoàn Hà Tiên"}}
	for _, kind := range chitieu.ImportKinds {
		var buf bytes.Buffer
		if err := Template(&buf, kind, units); err != nil {
			t.Fatal(err)
		}
		// The template's example row reads as a good record.
		b, err := Read(kind, "template.xlsx", buf.Bytes(), Limits{})
		if err != nil || len(b.Problems) > 0 || b.Rows != 1 {
			t.Fatalf("%s: err %v, problems %+v, rows %d", kind, err, b.Problems, b.Rows)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		dvs, err := f.GetDataValidations(SheetName(kind))
		if err != nil || len(dvs) == 0 {
			t.Fatalf("%s: data validations %v, %v", kind, dvs, err)
		}
		var unitList bool
		for _, dv := range dvs {
			if strings.Contains(dv.Formula1, "Danh mục") {
				unitList = true
			}
		}
		if !unitList {
			t.Errorf("%s: no unit drop-down", kind)
		}
		f.Close()
	}
}

// A part the reader does not need is never inflated, however large: a 250 MiB extra part costs
// nothing. A part that inflates past the size its header declares is refused.
func TestXLSXPartsNotNeeded(t *testing.T) {
	rows := spreadsheettest.Row(1, "Đơn vị", "Ngày báo cáo", "Số thanh niên", "Đoàn viên", "Hội viên", "Số tập hợp") +
		spreadsheettest.Row(2, "rach-gia", "31/12/2013", "100", "50", "40", "60")
	data := spreadsheettest.Workbook(rows, "", spreadsheettest.Part{Name: "xl/media/extra.bin", Size: 250 << 20})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, err := Read(chitieu.ImportYouthReports, "f.xlsx", data, Limits{})
	runtime.ReadMemStats(&after)
	if err != nil || len(b.YouthReports) != 1 {
		t.Fatalf("read: %v, %+v", err, b)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading allocated %d MiB: the extra part was inflated", alloc>>20)
	}

	// The sheet's header says 100 bytes; it inflates to 10 MiB.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		if f.Name == "xl/media/extra.bin" {
			continue
		}
		h := f.FileHeader
		if f.Name == "xl/worksheets/sheet1.xml" {
			var raw bytes.Buffer
			fw, _ := flate.NewWriter(&raw, flate.BestSpeed)
			fw.Write([]byte("<worksheet><sheetData>" + strings.Repeat("<row/>", 10<<20/6) + "</sheetData></worksheet>"))
			fw.Close()
			h.UncompressedSize64, h.CompressedSize64, h.CRC32 = 100, uint64(raw.Len()), 0
			w, _ := zw.CreateRaw(&h)
			w.Write(raw.Bytes())
			continue
		}
		r, _ := f.OpenRaw()
		w, _ := zw.CreateRaw(&h)
		io.Copy(w, r)
	}
	zw.Close()
	if _, err := Read(chitieu.ImportYouthReports, "f.xlsx", buf.Bytes(), Limits{}); chitieu.ErrorCode(err) != chitieu.EINVALID {
		t.Fatalf("a part inflating past its declared size: %v", err)
	}
}

// The forms of cells Excel and other writers use: shared strings plain and in runs (phonetic
// runs left out), inline strings in runs, cells and rows without a reference, numbers and
// booleans as stored, a column skipped.
func TestXLSXCellForms(t *testing.T) {
	shared := `<si><t>Đơn vị</t></si><si><r><t>Ngày </t></r><r><rPr><b/></rPr><t>báo cáo</t></r><rPh><t>x</t></rPh></si>`
	rows := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c t="inlineStr"><is><r><t>Số </t></r><r><t>thanh niên</t></r></is></c></row>` +
		`<row><c><v>41639</v></c><c r="C2" t="b"><v>1</v></c><c t="str"><f>A1</f><v>x</v></c></row>`
	var got [][]string
	err := readRows("f.xlsx", spreadsheettest.Workbook(rows, shared), Limits{}, func(num int, cells []string) error {
		got = append(got, append([]string{strconv.Itoa(num)}, cells...))
		return nil
	})
	want := [][]string{{"1", "Đơn vị", "Ngày báo cáo", "Số thanh niên"}, {"2", "41639", "", "1", "x"}}
	if err != nil || !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("rows = %q, %v; want %q", got, err, want)
	}
}
