package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/internal/testenv"
)

// TestCommandLineLanguage: the command line's reports come from the catalogue, in Vietnamese by
// default and in English with --lang en: a backup, its restore and a check of the copy, and an
// import's dry run with its summary and problem rows.
func TestCommandLineLanguage(t *testing.T) {
	bin := testenv.Binary(t)
	dir := t.TempDir()
	db, copy := filepath.Join(dir, "chitieu.db"), filepath.Join(dir, "copy.db")
	file := filepath.Join(dir, "thanh-nien.csv")
	if err := os.WriteFile(file, []byte("Đơn vị;Ngày báo cáo;Số thanh niên;Đoàn viên;Hội viên;Số tập hợp\nkhong-co;31/12/2014;10;5;3;7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(wantFail bool, args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, args...).CombinedOutput()
		if (err != nil) != wantFail {
			t.Fatalf("chitieu %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run(false, "user", "list", "--db", db) // a fresh database, made by the first command that opens it
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"vi", []string{"Đã sao lưu " + db + " vào " + copy, "Đã khôi phục " + db + " từ " + copy, "Cơ sở dữ liệu cũ được giữ lại ở",
			"Mọi bản ghi trong " + db + " đều đọc lại được.", "dòng 2\tĐơn vị\t", "thanh-nien.csv: 1 dòng — tạo mới 0, cập nhật 0, không đổi 0, lỗi 1"}},
		{"en", []string{"Backed up " + db + " to " + copy, "Restored " + db + " from " + copy, "The former database is kept at",
			"Every record in " + db + " reads back.", "row 2\tĐơn vị\t", "thanh-nien.csv: 1 row — 0 created, 0 updated, 0 unchanged, 1 with problems"}},
	} {
		os.Remove(copy)
		out := run(false, "backup", "--db", db, "--out", copy, "--lang", tt.lang) +
			run(false, "restore", "--db", db, "--from", copy, "--lang", tt.lang) +
			run(false, "check", "--db", db, "--lang", tt.lang) +
			run(true, "import", "--db", db, "--kind", "youth-reports", file, "--lang", tt.lang)
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("--lang %s: no %q in\n%s", tt.lang, w, out)
			}
		}
	}
	// A dry run without problems says so.
	os.WriteFile(file, []byte("Đơn vị;Ngày báo cáo;Số thanh niên;Đoàn viên;Hội viên;Số tập hợp\n"), 0o644)
	if out := run(false, "import", "--db", db, "--kind", "youth-reports", file, "--lang", "en"); !strings.Contains(out, "Dry run: nothing written.") {
		t.Errorf("dry run: %s", out)
	}
}
