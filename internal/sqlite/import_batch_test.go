package sqlite_test

import (
	"fmt"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// An import writes the rows it creates several to a statement: a row below that reads or changes
// one of them finds it, on either side of a statement's end, and each row's id is its record's.
func TestImportService_Batches(t *testing.T) {
	db := MustOpenDB(t)
	importUnits(t, db)
	s := sqlite.NewImportService(db)
	const n = 150 // two statements' worth and some
	var cf strings.Builder
	cf.WriteString("Họ và tên,Đơn vị,Ngày vào\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&cf, "Cán bộ %d,tinh-doan,02/01/2013\n", i)
	}
	cf.WriteString("Cán bộ 140,tinh-doan,03/01/2013\n") // not written yet when this row comes
	cf.WriteString("Cán bộ 3,tinh-doan,04/01/2013\n")   // written
	res, err := s.Import(system, readBatch(t, chitieu.ImportCadres, "c.csv", cf.String()), true)
	if err != nil || !res.Applied || res.Created != n || res.Updated != 2 || len(res.Problems) > 0 {
		t.Fatalf("cadres: %v %+v", err, res)
	}
	cadres := sqlite.NewCadreService(db)
	for _, r := range res.Results {
		c, err := cadres.FindCadreByID(system, r.ID)
		if err != nil || c.FullName != r.Name {
			t.Fatalf("row %d: id %d is %+v (%v), want %s", r.Row, r.ID, c, err, r.Name)
		}
		want := chitieu.NewDate(2013, 1, 2)
		switch r.Name {
		case "Cán bộ 140":
			want = chitieu.NewDate(2013, 1, 3)
		case "Cán bộ 3":
			want = chitieu.NewDate(2013, 1, 4)
		}
		if c.JoinedOn != want {
			t.Errorf("%s joined on %s, want %s", c.FullName, c.JoinedOn, want)
		}
	}

	// Records by name: the second row of a course finds the record the first created, unwritten.
	var tf strings.Builder
	tf.WriteString("Họ và tên,Đơn vị,Loại,Khóa học,Trạng thái,Ngày hoàn thành\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&tf, "Cán bộ %d,tinh-doan,professional,Khóa %d,completed,30/06/2014\n", i, i)
	}
	tf.WriteString("Cán bộ 150,tinh-doan,professional,Khóa 150,completed,30/06/2015\n")
	tf.WriteString("Cán bộ 150,tinh-doan,professional,Khóa 151,completed,30/06/2015\n")
	res, err = s.Import(system, readBatch(t, chitieu.ImportTrainings, "t.csv", tf.String()), true)
	if err != nil || !res.Applied || res.Created != n+1 || res.Updated != 1 || len(res.Problems) > 0 {
		t.Fatalf("records: %v %+v", err, res)
	}
	trainings := sqlite.NewTrainingService(db)
	for _, r := range res.Results {
		tr, err := trainings.FindTrainingByID(system, r.ID)
		if err != nil || tr.CadreID != res.Results[0].ID+int64(min(r.Row-2, n-1)) {
			t.Fatalf("row %d: id %d is %+v (%v)", r.Row, r.ID, tr, err)
		}
	}
	if c, tr := countRows(t, db); c != n || tr != n+1 {
		t.Fatalf("%d cadres, %d records", c, tr)
	}

	// By ids: a record renamed to a course by its id is found by the next row of that course,
	// though the course was no record's when the file's records were read.
	first, cadre := res.Results[0].ID, res.Results[0].ID
	if tr, err := trainings.FindTrainingByID(system, first); err != nil {
		t.Fatal(err)
	} else {
		cadre = tr.CadreID
	}
	// The course is JSON and SQL, as the list of courses sent to SQLite would be if built by hand.
	const course = `Khóa "mới"], ["x' --`
	field := `"` + strings.ReplaceAll(course, `"`, `""`) + `"`
	byID := fmt.Sprintf("Mã hồ sơ,Mã cán bộ,Loại,Khóa học,Trạng thái,Ngày hoàn thành\n"+
		"%d,%d,professional,%s,completed,30/06/2014\n"+
		",%d,professional,%s,completed,30/06/2016\n", first, cadre, field, cadre, field)
	res, err = s.Import(system, readBatch(t, chitieu.ImportTrainings, "id.csv", byID), true)
	if err != nil || !res.Applied || actions(res) != "2:update 3:update" || res.Results[1].ID != first {
		t.Fatalf("by ids: %v %s %+v", err, actions(res), res)
	}
	// The last row again, alone: the record is read back by its course.
	again := byID[:strings.Index(byID, "\n")+1] + byID[strings.LastIndex(byID[:len(byID)-1], "\n")+1:]
	res, err = s.Import(system, readBatch(t, chitieu.ImportTrainings, "again.csv", again), true)
	if err != nil || !res.Applied || actions(res) != "2:unchanged" || res.Results[0].ID != first {
		t.Fatalf("by ids again: %v %s %+v", err, actions(res), res)
	}
	if tr, err := trainings.FindTrainingByID(system, first); err != nil || tr.Course != course || tr.CompletedOn != chitieu.NewDate(2016, 6, 30) {
		t.Fatalf("record %d: %+v %v", first, tr, err)
	}
}
