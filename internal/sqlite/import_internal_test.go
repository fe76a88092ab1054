package sqlite

import (
	"context"
	"testing"

	"chitieu/internal/chitieu"
)

// An import widens the writer's page cache and memory map while it runs, and gives both back,
// applied or not, so that the server's writer keeps its usual memory.
func TestImportCacheRestored(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	settings := func() (cache, mmap int64) {
		t.Helper()
		if err := db.rw.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := db.rw.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&mmap); err != nil {
			t.Fatal(err)
		}
		return cache, mmap
	}
	cache, mmap := settings()
	if err := NewUnitService(db).CreateUnit(ctx, &chitieu.Unit{Code: "u", Name: "Đơn vị"}); err != nil {
		t.Fatal(err)
	}
	for _, apply := range []bool{false, true} {
		b := &chitieu.ImportBatch{Kind: chitieu.ImportCadres, File: "f.csv", Columns: map[string]string{"full_name": "Họ và tên"},
			Cadres: []chitieu.CadreRow{{Row: 2, Cadre: chitieu.Cadre{FullName: "Nguyễn Văn A", Unit: "u", FullTime: true, JoinedOn: chitieu.NewDate(2012, 1, 1)}}}}
		res, err := NewImportService(db).Import(ctx, b, apply)
		if err != nil || res.Created != 1 || res.Applied != apply {
			t.Fatalf("apply %v: %v %+v", apply, err, res)
		}
		if c, m := settings(); c != cache || m != mmap {
			t.Fatalf("after an import (apply %v): cache_size %d, mmap_size %d; want %d, %d", apply, c, m, cache, mmap)
		}
	}
}
