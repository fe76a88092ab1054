package sqlite_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/spreadsheet"
	"chitieu/internal/sqlite"
)

// An applied import writes one audit entry with the file's digest and counts; a record it
// created answers "who created this" with that entry, and a change it made to a record that
// existed keeps an entry of its own with the record before and after.
func TestImportService_Audit(t *testing.T) {
	db := MustOpenDB(t)
	importUnits(t, db)
	existing := chitieu.Cadre{FullName: "Nguyễn Thị Ánh", Unit: "rach-gia", FullTime: true, JoinedOn: day(t, "2012-03-01")}
	if err := sqlite.NewCadreService(db).CreateCadre(system, &existing); err != nil {
		t.Fatal(err)
	}
	audit := sqlite.NewAuditService(db)
	entries := func(f chitieu.AuditFilter) []*chitieu.AuditEntry {
		t.Helper()
		list, _, err := audit.FindAuditEntries(adminCtx, f)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	before := len(entries(chitieu.AuditFilter{}))

	file := "Họ và tên,Đơn vị,Chức vụ,Ngày vào,Trình độ LLCT\n" +
		"Nguyễn Thị Ánh,rach-gia,Bí thư,01/03/2012,\n" +
		"Trần Văn Bình,tinh-doan,Chuyên viên,02/01/2013,TC\n" +
		"Lê Văn Cường,tinh-doan,,02/01/2013,\n"
	res, err := sqlite.NewImportService(db).Import(editorCtx, spreadsheet.Open(chitieu.ImportCadres, "can-bo.csv", []byte(file), spreadsheet.Limits{}), true)
	if err != nil || !res.Applied || res.Created != 2 || res.Updated != 1 {
		t.Fatalf("import: %v %+v", err, res)
	}
	// The import's entry and the update's: none for the two cadres and the record created.
	if got := len(entries(chitieu.AuditFilter{})) - before; got != 2 {
		t.Fatalf("%d audit entries written, want 2", got)
	}
	imp := entries(chitieu.AuditFilter{Entity: "import"})
	sum := sha256.Sum256([]byte(file))
	var summary struct {
		SHA256                            string
		Rows, Created, Updated, Unchanged int
	}
	if len(imp) != 1 || imp[0].Key != "can-bo.csv" || imp[0].Actor != "bien.tap" {
		t.Fatalf("import entries = %+v", imp)
	}
	if err := json.Unmarshal(imp[0].After, &summary); err != nil || summary.SHA256 != hex.EncodeToString(sum[:]) ||
		summary.Rows != 3 || summary.Created != 2 || summary.Updated != 1 || summary.Unchanged != 0 {
		t.Fatalf("import entry = %s (%v)", imp[0].After, err)
	}

	created := strconv.FormatInt(res.Results[1].ID, 10)
	got := entries(chitieu.AuditFilter{Entity: "cadre", Key: created})
	if len(got) != 1 || got[0].ID != imp[0].ID {
		t.Fatalf("audit of the imported cadre %s = %+v, want the import's entry %d", created, got, imp[0].ID)
	}
	trs, _, err := sqlite.NewTrainingService(db).FindTrainings(system, chitieu.TrainingFilter{CadreID: res.Results[1].ID})
	if err != nil || len(trs) != 1 {
		t.Fatalf("records of the imported cadre: %v %+v", err, trs)
	}
	if got := entries(chitieu.AuditFilter{Entity: "training", Key: strconv.FormatInt(trs[0].ID, 10)}); len(got) != 1 || got[0].ID != imp[0].ID {
		t.Fatalf("audit of the imported record = %+v", got)
	}

	// A later change to the imported cadre is listed with the import's entry, newest first.
	pos := "Phó Bí thư"
	if _, err := sqlite.NewCadreService(db).UpdateCadre(adminCtx, res.Results[1].ID, chitieu.CadreUpdate{Position: &pos}); err != nil {
		t.Fatal(err)
	}
	if got := entries(chitieu.AuditFilter{Entity: "cadre", Key: created}); len(got) != 2 || got[0].Action != chitieu.ActionUpdate || got[1].ID != imp[0].ID {
		t.Fatalf("audit after an update = %+v", got)
	}

	// The cadre that existed: its creation and the import's change, before and after.
	got = entries(chitieu.AuditFilter{Entity: "cadre", Key: strconv.FormatInt(existing.ID, 10)})
	if len(got) != 2 || got[0].Action != chitieu.ActionUpdate || got[0].Actor != "bien.tap" || string(got[0].Before) == "null" {
		t.Fatalf("audit of the updated cadre = %+v", got)
	}
}
