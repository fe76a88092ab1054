package main_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/internal/testenv"
)

// TestProvinceFlags: the demo says it is Kiên Giang unless told otherwise, --province names
// another province, and a code that is not a unit code stops the binary before it starts.
func TestProvinceFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--demo"}, `chitieu_province_info{name="Tỉnh Đoàn Kiên Giang",province="kien-giang"} 1`},
		{[]string{"--demo", "--province", "an-giang", "--province-name", "Tỉnh Đoàn An Giang"}, `chitieu_province_info{name="Tỉnh Đoàn An Giang",province="an-giang"} 1`},
	} {
		srv := testenv.Start(t, "", tc.args...)
		_, _, body := scrapeBinary(t, srv.URL, "", "text/plain", "")
		if !strings.Contains(string(body), tc.want+"\n") {
			t.Errorf("%v: /metrics lacks %s", tc.args, tc.want)
		}
	}
	out, err := exec.Command(testenv.Binary(t), "serve", "--db", filepath.Join(t.TempDir(), "x.db"),
		"--province", "Kiên Giang", "--province-name", "Tỉnh Đoàn").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--province") {
		t.Errorf("a province code with spaces and capitals: %v\n%s", err, out)
	}
}
