package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
	"chitieu/internal/sqlite"
)

func importUnits(tb testing.TB, db *sqlite.DB) {
	tb.Helper()
	units := sqlite.NewUnitService(db)
	for _, u := range []chitieu.Unit{
		{Code: "tinh-doan", Name: "Tỉnh Đoàn Kiên Giang"},
		{Code: "rach-gia", Name: "Thành Đoàn Rạch Giá", Parent: "tinh-doan"},
		{Code: "van-phong-a", Name: "Văn phòng", Parent: "tinh-doan"},
		{Code: "van-phong-b", Name: "Văn phòng", Parent: "rach-gia"},
	} {
		if err := units.CreateUnit(system, &u); err != nil {
			tb.Fatal(err)
		}
	}
}

func readBatch(tb testing.TB, kind chitieu.ImportKind, name, content string) *chitieu.ImportBatch {
	tb.Helper()
	b, err := spreadsheet.Read(kind, name, []byte(content), spreadsheet.Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func actions(res *chitieu.ImportResult) string {
	var out []string
	for _, r := range res.Results {
		out = append(out, fmt.Sprintf("%d:%s", r.Row, r.Action))
	}
	return strings.Join(out, " ")
}

func countRows(tb testing.TB, db *sqlite.DB) (cadres, trainings int) {
	tb.Helper()
	_, cadres, err := sqlite.NewCadreService(db).FindCadres(system, chitieu.CadreFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	_, trainings, err = sqlite.NewTrainingService(db).FindTrainings(system, chitieu.TrainingFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	return cadres, trainings
}

func TestImportService_Cadres(t *testing.T) {
	db := MustOpenDB(t)
	importUnits(t, db)
	var mu sync.Mutex
	var heard []chitieu.Change
	db.Listener = listenerFunc(func(cs ...chitieu.Change) { mu.Lock(); heard = append(heard, cs...); mu.Unlock() })
	existing := chitieu.Cadre{FullName: "Nguyễn Thị Ánh", Unit: "rach-gia", FullTime: true, JoinedOn: day(t, "2012-03-01"), BirthDate: day(t, "1988-05-20")}
	if err := sqlite.NewCadreService(db).CreateCadre(system, &existing); err != nil {
		t.Fatal(err)
	}
	heard = nil
	// The file writes the name decomposed (NFD) and the unit by its name without diacritics.
	file := "Họ và tên;Đơn vị;Chức vụ;Ngày vào;Ngày sinh;Trình độ LLCT;Năm đạt LLCT;Trình độ chuyên môn;Năm đạt chuyên môn\n" +
		norm.NFD.String("Nguyễn Thị Ánh") + ";thanh doan rach gia;Phó Bí thư;01/03/2012;20/05/1988;TC;2011;;\n" +
		"Trần Văn Bình;tinh-doan;Chuyên viên;2013-01-02;;;;ĐH;2010\n"
	s := sqlite.NewImportService(db)

	res, err := s.Import(editorCtx, readBatch(t, chitieu.ImportCadres, "can-bo.csv", file), false)
	if err != nil {
		t.Fatal(err)
	}
	if actions(res) != "2:update 3:create" || res.Applied || len(res.Problems) > 0 || res.Created != 1 || res.Updated != 1 {
		t.Fatalf("dry run: %s %+v", actions(res), res)
	}
	if c, tr := countRows(t, db); c != 1 || tr != 0 || len(heard) != 0 {
		t.Fatalf("dry run wrote: %d cadres, %d records, %d changes heard", c, tr, len(heard))
	}

	res, err = s.Import(editorCtx, readBatch(t, chitieu.ImportCadres, "can-bo.csv", file), true)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Applied || actions(res) != "2:update 3:create" {
		t.Fatalf("apply: %v %s %+v", err, actions(res), res)
	}
	if c, tr := countRows(t, db); c != 2 || tr != 2 {
		t.Fatalf("after apply: %d cadres, %d records", c, tr)
	}
	got, err := sqlite.NewCadreService(db).FindCadreByID(system, existing.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Position != "Phó Bí thư" || got.PoliticalTheoryLevel != "trung_cap" || got.EducationLevel != "" {
		t.Errorf("updated cadre = %+v", got)
	}
	// The new cadre's degree is dated the end of the year given.
	trs, _, _ := sqlite.NewTrainingService(db).FindTrainings(system, chitieu.TrainingFilter{CadreID: res.Results[1].ID})
	if len(trs) != 1 || trs[0].Level != "dai_hoc" || trs[0].CompletedOn != day(t, "2010-12-31") || trs[0].Status != chitieu.Completed {
		t.Errorf("new cadre's records = %+v", trs)
	}
	if len(heard) != 4 { // cadre updated, level record, cadre created, degree
		t.Errorf("heard %d changes, want 4", len(heard))
	}
	entries, _, err := sqlite.NewAuditService(db).FindAuditEntries(system, chitieu.AuditFilter{Entity: "import"})
	if err != nil || len(entries) != 1 || entries[0].Key != "can-bo.csv" || entries[0].Actor != "bien.tap" ||
		!strings.Contains(string(entries[0].After), `"rows":2`) {
		t.Fatalf("import audit = %+v, %v", entries, err)
	}

	// The same file again changes nothing.
	res, err = s.Import(editorCtx, readBatch(t, chitieu.ImportCadres, "can-bo.csv", file), true)
	if err != nil || actions(res) != "2:unchanged 3:unchanged" || res.Unchanged != 2 {
		t.Fatalf("re-import: %v %s", err, actions(res))
	}
	if c, tr := countRows(t, db); c != 2 || tr != 2 {
		t.Fatalf("after re-import: %d cadres, %d records", c, tr)
	}
}

func TestImportService_Problems(t *testing.T) {
	db := MustOpenDB(t)
	importUnits(t, db)
	s := sqlite.NewImportService(db)
	file := "Họ và tên,Đơn vị,Ngày vào,Ngày sinh\n" +
		"Lê Văn C,tinh-doan,02/01/2013,\n" + // good, but the file has bad rows: nothing is written
		"Lê Văn D,Văn phòng,02/01/2013,\n" +
		"Lê Văn E,khong-co,02/01/2013,\n" +
		"Lê Văn F,rach-gia,02/01/2013,03/01/2013\n" +
		"Lê Văn G,rach-gia,32/01/2013,\n"
	res, err := s.Import(editorOfRG, readBatch(t, chitieu.ImportCadres, "x.csv", file), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied || actions(res) != "2:error 3:error 4:error 5:error 6:error" {
		t.Fatalf("result: %s %+v", actions(res), res)
	}
	want := []struct {
		row         int
		col, vi, en string
	}{
		{2, "Đơn vị", "chỉ được ghi hồ sơ của đơn vị \"rach-gia\"", "user \"rach.gia\" may only write records of unit \"rach-gia\""},
		{3, "Đơn vị", "trùng nhiều đơn vị", "ambiguous, give the code: van-phong-a (Văn phòng), van-phong-b (Văn phòng)"},
		{4, "Đơn vị", "không có đơn vị \"khong-co\"", "no unit has the code or name"},
		{5, "Ngày sinh", "phải để cán bộ từ 15 đến 70 tuổi", "must make the cadre 15 to 70 years old on joined_on"},
		{6, "Ngày vào", "không phải ngày", "is not a date"},
	}
	if len(res.Problems) != len(want) {
		t.Fatalf("problems = %+v", res.Problems)
	}
	for i, w := range want {
		p := res.Problems[i]
		if p.Row != w.row || p.Column != w.col || !strings.Contains(p.Message.VI, w.vi) || !strings.Contains(p.Message.EN, w.en) {
			t.Errorf("problem %d = %+v, want %+v", i, p, w)
		}
	}
	if c, _ := countRows(t, db); c != 0 {
		t.Fatalf("%d cadres written", c)
	}
	if _, err := s.Import(viewerCtx, readBatch(t, chitieu.ImportCadres, "x.csv", file), true); chitieu.ErrorCode(err) != chitieu.EFORBIDDEN {
		t.Fatalf("viewer: %v", err)
	}

	// Streamed, a file that turns out too long is refused when the limit is reached, after rows
	// before it were written in the transaction: they are rolled back.
	long := "Họ và tên,Đơn vị,Ngày vào\n" + strings.Repeat("Lê Văn H,tinh-doan,02/01/2013\n", 300)
	batch := spreadsheet.Open(chitieu.ImportCadres, "long.csv", []byte(long), spreadsheet.Limits{MaxRows: 299})
	_, err = s.Import(system, batch, true)
	var fe *spreadsheet.FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Error(), "more than 299 data rows") {
		t.Fatalf("streamed long file: %v", err)
	}
	// Streamed, the same file within the limit: the first row creates, the others match it.
	res, err = s.Import(system, spreadsheet.Open(chitieu.ImportCadres, "long.csv", []byte(long), spreadsheet.Limits{}), true)
	if err != nil || !res.Applied || res.Rows != 300 || res.Created != 1 || res.Unchanged != 299 {
		t.Fatalf("streamed: %v %+v", err, res)
	}
	if _, err := s.Import(system, spreadsheet.Open(chitieu.ImportCadres, "x.csv", []byte("Ghi chú\n"), spreadsheet.Limits{}), true); !errors.As(err, &fe) {
		t.Fatalf("streamed bad header: %v", err)
	}
}

// TestImportService_RoundTrip exports every kind to .xlsx and imports it back: nothing changes.
func TestImportService_RoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	importUnits(t, db)
	s := sqlite.NewImportService(db)
	cadres := "Họ và tên,Đơn vị,Ngày vào,Trình độ LLCT,Năm đạt LLCT,Trình độ chuyên môn\n" +
		"Phạm Thị H,rach-gia,01/06/2013,CC,2012,ThS\nVõ Văn K,tinh-doan,01/06/2013,,,CĐ\n"
	trainings := "Họ và tên,Đơn vị,Loại,Trình độ,Khóa học,Cơ sở đào tạo,Trạng thái,Ngày bắt đầu,Ngày dự kiến hoàn thành,Ngày hoàn thành\n" +
		"Võ Văn K,tinh-doan,Chuyên môn,Đại học,Luật,Đại học Cần Thơ,Đang học,01/09/2013,30/06/2016,\n" +
		"Võ Văn K,tinh-doan,Nghiệp vụ,,Bồi dưỡng cán bộ Đoàn,Trường Đoàn Lý Tự Trọng,Hoàn thành,01/03/2014,,15/03/2014\n"
	youth := "Đơn vị;Ngày báo cáo;Số thanh niên;Đoàn viên;Hội viên;Số tập hợp\nrach-gia;31/12/2013;12.000;5200;4100;7000\n"
	for _, f := range []struct {
		kind    chitieu.ImportKind
		content string
	}{{chitieu.ImportCadres, cadres}, {chitieu.ImportTrainings, trainings}, {chitieu.ImportYouthReports, youth}} {
		if res, err := s.Import(system, readBatch(t, f.kind, "in.csv", f.content), true); err != nil || !res.Applied {
			t.Fatalf("%s: %v %+v", f.kind, err, res)
		}
	}
	// A cadre deleted, its record kept: the export still carries the record, and imports again.
	gone := chitieu.Cadre{FullName: "Đã nghỉ", Unit: "rach-gia", FullTime: true, JoinedOn: day(t, "2010-01-01")}
	if err := sqlite.NewCadreService(db).CreateCadre(system, &gone); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewTrainingService(db).CreateTraining(system, &chitieu.Training{CadreID: gone.ID, Kind: chitieu.Professional,
		Course: "Nghiệp vụ", Status: chitieu.Completed, CompletedOn: day(t, "2011-05-05")}); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.NewCadreService(db).DeleteCadre(system, gone.ID); err != nil {
		t.Fatal(err)
	}
	c0, t0 := countRows(t, db)
	for _, kind := range chitieu.ImportKinds {
		for _, format := range []spreadsheet.Format{spreadsheet.XLSX, spreadsheet.CSV} {
			var buf bytes.Buffer
			w, err := spreadsheet.NewWriter(&buf, format, spreadsheet.SheetName(kind), spreadsheet.Headers(kind, "vi"))
			if err != nil {
				t.Fatal(err)
			}
			switch kind {
			case chitieu.ImportCadres:
				err = s.ExportCadres(system, chitieu.CadreFilter{}, func(c *chitieu.Cadre, pt, edu chitieu.Date) error { return w.Write(spreadsheet.CadreCells(c, pt, edu)) })
			case chitieu.ImportTrainings:
				err = s.ExportTrainings(system, chitieu.TrainingFilter{}, func(tr *chitieu.Training, c *chitieu.Cadre) error { return w.Write(spreadsheet.TrainingCells(tr, c)) })
			default:
				err = s.ExportYouthReports(system, chitieu.YouthReportFilter{}, func(r *chitieu.YouthReport, n string) error { return w.Write(spreadsheet.YouthReportCells(r, n)) })
			}
			if err != nil || w.Close() != nil {
				t.Fatal(err)
			}
			b, err := spreadsheet.Read(kind, "out."+string(format), buf.Bytes(), spreadsheet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Import(system, b, true)
			if err != nil || res.Created+res.Updated != 0 || len(res.Problems) > 0 || res.Unchanged == 0 {
				t.Fatalf("%s %s re-import: %v %s %+v", kind, format, err, actions(res), res.Problems)
			}
		}
	}
	if c, tr := countRows(t, db); c != c0 || tr != t0 {
		t.Fatalf("round trip changed the counts: %d/%d -> %d/%d", c0, t0, c, tr)
	}
}

// BenchmarkImportTrainings imports 100,000 training records of 10,000 cadres from an .xlsx
// file made with the package's own writer: reading, matching and one transaction. It reports
// the peak heap in use while importing.
func BenchmarkImportTrainings(b *testing.B) {
	const cadres, records = 10_000, 100_000
	ctx := context.Background()
	var file []byte
	{
		var buf bytes.Buffer
		w, err := spreadsheet.NewWriter(&buf, spreadsheet.XLSX, "Đào tạo", spreadsheet.Headers(chitieu.ImportTrainings, "vi"))
		if err != nil {
			b.Fatal(err)
		}
		for i := range records {
			cadre := &chitieu.Cadre{ID: int64(i%cadres + 1)}
			t := &chitieu.Training{CadreID: cadre.ID, Kind: chitieu.Professional, Course: fmt.Sprintf("Lớp bồi dưỡng nghiệp vụ số %d", i/cadres+1),
				Provider: "Trường Đoàn Lý Tự Trọng", Status: chitieu.Completed, StartedOn: chitieu.NewDate(2014, 3, 1), CompletedOn: chitieu.NewDate(2014, 3, 15)}
			cells := spreadsheet.TrainingCells(t, cadre)
			cells[0] = "" // no record id: the import matches or creates
			if err := w.Write(cells); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		file = buf.Bytes()
	}
	b.ReportMetric(float64(len(file))/(1<<20), "file-MiB")
	var peak uint64
	b.StopTimer()
	for range b.N {
		db := MustOpenDB(b)
		importUnits(b, db)
		cs := sqlite.NewCadreService(db)
		for i := range cadres {
			c := chitieu.Cadre{FullName: fmt.Sprintf("Cán bộ %d", i), Unit: "rach-gia", FullTime: true, JoinedOn: chitieu.NewDate(2012, 1, 1)}
			if err := cs.CreateCadre(ctx, &c); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		stop := samplePeakHeap(&peak)
		b.StartTimer()
		batch := spreadsheet.Open(chitieu.ImportTrainings, "dao-tao.xlsx", file, spreadsheet.Limits{})
		res, err := sqlite.NewImportService(db).Import(ctx, batch, true)
		if err != nil || !res.Applied || res.Created != records {
			b.Fatalf("%v: %+v", err, res.Problems[:min(3, len(res.Problems))])
		}
		b.StopTimer()
		stop()
	}
	b.StartTimer()
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	if hwm := vmHWM(); hwm > 0 {
		b.ReportMetric(hwm, "peak-rss-MiB")
	}
}

// samplePeakHeap records the largest heap in use until stop is called.
func samplePeakHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		// runtime/metrics reads without stopping the world, unlike ReadMemStats.
		samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
		for {
			metrics.Read(samples)
			*peak = max(*peak, samples[0].Value.Uint64()+samples[1].Value.Uint64())
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// vmHWM is the process's peak resident memory in MiB (Linux), 0 when unknown.
func vmHWM() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}

// A file still being read holds no writer back: the import reads the whole file before its
// write transaction, so a cadre's update made while the reader waits goes through at once.
func TestImportService_ReadsOutsideTheTransaction(t *testing.T) {
	db := MustOpenDB(t)
	importUnits(t, db)
	cadres := sqlite.NewCadreService(db)
	c := chitieu.Cadre{FullName: "Lê Văn Tám", Unit: "rach-gia", JoinedOn: day(t, "2015-01-01")}
	if err := cadres.CreateCadre(system, &c); err != nil {
		t.Fatal(err)
	}
	full := readBatch(t, chitieu.ImportCadres, "can-bo.csv", "Họ và tên;Đơn vị;Ngày vào\nTrần Thị Hoa;rach-gia;01/02/2020\n")
	updated := make(chan struct{})
	slow := &chitieu.ImportBatch{Kind: full.Kind, File: full.File, Columns: full.Columns,
		Stream: func(yield func(chitieu.ImportItem) bool) error {
			select { // a file that takes long to read, until the update is through
			case <-updated:
			case <-time.After(10 * time.Second):
				return errors.New("the update waited for the file being read")
			}
			yield(chitieu.ImportItem{Row: full.Cadres[0].Row, Cadre: &full.Cadres[0]})
			return nil
		}}
	done := make(chan error, 1)
	go func() {
		res, err := sqlite.NewImportService(db).Import(system, slow, true)
		if err == nil && !res.Applied {
			err = fmt.Errorf("not applied: %+v", res.Problems)
		}
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // the import is reading
	start := time.Now()
	pos := "Bí thư"
	if _, err := cadres.UpdateCadre(system, c.ID, chitieu.CadreUpdate{Position: &pos}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the update took %s while the file was read", took)
	}
	close(updated)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n, _ := countRows(t, db); n != 2 {
		t.Errorf("%d cadres after the import, want 2", n)
	}
}

// The write transaction is bounded: past TxLimit the rows are rolled back, the import fails with
// EUNAVAILABLE, and nothing is written.
func TestImportService_TxLimit(t *testing.T) {
	db := MustOpenDB(t)
	importUnits(t, db)
	var file strings.Builder
	file.WriteString("Họ và tên;Đơn vị;Ngày vào\n")
	for i := range 2000 {
		fmt.Fprintf(&file, "Cán bộ %d;rach-gia;01/02/2020\n", i)
	}
	svc := sqlite.NewImportService(db)
	svc.TxLimit = time.Millisecond
	_, err := svc.Import(system, readBatch(t, chitieu.ImportCadres, "nhieu.csv", file.String()), true)
	if code := chitieu.ErrorCode(err); code != chitieu.EUNAVAILABLE {
		t.Fatalf("error %v (code %q), want EUNAVAILABLE", err, code)
	}
	if n, _ := countRows(t, db); n != 0 {
		t.Errorf("%d cadres written by an import that failed", n)
	}
	// A client that left: nothing applied either.
	ctx, cancel := context.WithCancel(system)
	cancel()
	if _, err := sqlite.NewImportService(db).Import(ctx, readBatch(t, chitieu.ImportCadres, "nhieu.csv", file.String()), true); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if n, _ := countRows(t, db); n != 0 {
		t.Errorf("%d cadres written for a client that left", n)
	}
}
