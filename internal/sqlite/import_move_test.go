package sqlite_test

import (
	"fmt"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// TestImportMove: a cadres row with a move date ("Chuyển từ ngày") gives an existing cadre a
// posting from that day instead of rewriting its unit, so the past stays where it was; the same
// file again changes nothing; a move of nobody, or from before the cadre joined, is the row's
// problem on that column.
func TestImportMove(t *testing.T) {
	db := MustOpenDB(t)
	importUnits(t, db)
	cadres := sqlite.NewCadreService(db)
	an := chitieu.Cadre{FullName: "Trần Văn An", Unit: "rach-gia", Position: "Phó Bí thư", FullTime: true, JoinedOn: day(t, "2012-03-01")}
	binh := chitieu.Cadre{FullName: "Lê Thị Bình", Unit: "rach-gia", FullTime: true, JoinedOn: day(t, "2013-01-01")}
	for _, c := range []*chitieu.Cadre{&an, &binh} {
		if err := cadres.CreateCadre(system, c); err != nil {
			t.Fatal(err)
		}
	}
	s := sqlite.NewImportService(db)
	postings := func() string {
		t.Helper()
		var out []string
		for _, id := range []int64{an.ID, binh.ID} {
			ps, err := sqlite.NewPostingService(db).FindPostings(system, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				out = append(out, fmt.Sprintf("%d %s %v %q from %s", p.CadreID, p.Unit, p.FullTime, p.Position, p.From))
			}
		}
		return strings.Join(out, "; ")
	}

	// An moves to the province's office on 2016-07-01, as a specialist; Bình's row, without a
	// date, states what she is and changes nothing. An is named by name alone, in another unit.
	file := "Họ và tên;Đơn vị;Chức vụ;Ngày vào;Chuyển từ ngày\n" +
		"Trần Văn An;Tỉnh Đoàn Kiên Giang;Chuyên viên;01/03/2012;01/07/2016\n" +
		"Lê Thị Bình;rach-gia;;01/01/2013;\n"
	want := fmt.Sprintf(`%[1]d rach-gia true "Phó Bí thư" from 2012-03-01; %[1]d tinh-doan true "Chuyên viên" from 2016-07-01; %[2]d rach-gia true "" from 2013-01-01`, an.ID, binh.ID)
	for i, wantActions := range []string{"2:update 3:unchanged", "2:unchanged 3:unchanged"} {
		res, err := s.Import(system, readBatch(t, chitieu.ImportCadres, "chuyen.csv", file), true)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Applied || len(res.Problems) > 0 || actions(res) != wantActions {
			t.Fatalf("import %d: applied %v, problems %v, actions %q; want %q", i+1, res.Applied, res.Problems, actions(res), wantActions)
		}
		if got := postings(); got != want {
			t.Fatalf("import %d: postings\n%s\nwant\n%s", i+1, got, want)
		}
	}
	// The cadre is the office's from the move on, and its joining and the past stay.
	got, err := cadres.FindCadreByID(system, an.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Unit != "tinh-doan" || got.Position != "Chuyên viên" || got.JoinedOn != day(t, "2012-03-01") {
		t.Fatalf("cadre after the move: %+v", got)
	}

	// Problems, on the move column: nobody of that name; a move before the cadre joined.
	bad := "Họ và tên;Đơn vị;Ngày vào;Chuyển từ ngày\n" +
		"Ngô Văn Hải;tinh-doan;01/01/2014;01/01/2016\n" +
		"Lê Thị Bình;tinh-doan;01/01/2013;01/06/2012\n"
	res, err := s.Import(system, readBatch(t, chitieu.ImportCadres, "sai.csv", bad), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied || len(res.Problems) != 2 {
		t.Fatalf("applied %v, problems %v; want 2 problems", res.Applied, res.Problems)
	}
	for i, w := range []struct{ vi, en string }{
		{`không có cán bộ "Ngô Văn Hải" để chuyển công tác`, `no cadre "Ngô Văn Hải" to move`},
		{"01/01/2013", "2013"},
	} {
		p := res.Problems[i]
		if p.Row != i+2 || p.Column != "Chuyển từ ngày" || !strings.Contains(p.Message.VI, w.vi) || !strings.Contains(p.Message.EN, w.en) {
			t.Errorf("problem %d: %+v, want row %d on Chuyển từ ngày saying %q / %q", i, p, i+2, w.vi, w.en)
		}
	}
	if got := postings(); got != want {
		t.Fatalf("a refused file wrote postings:\n%s", got)
	}
}
