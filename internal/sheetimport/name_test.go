package sheetimport

import (
	"net/http/httptest"
	"testing"

	"chitieu/internal/spreadsheet"
)

// A Vietnamese file name is sent as UTF-8, with a name without diacritics for old browsers.
func TestSendName(t *testing.T) {
	for name, want := range map[string]string{
		"Mẫu nhập cán bộ.xlsx":             `attachment; filename="Mau-nhap-can-bo.xlsx"; filename*=UTF-8''M%E1%BA%ABu%20nh%E1%BA%ADp%20c%C3%A1n%20b%E1%BB%99.xlsx`,
		"Mẫu nhập tập hợp thanh niên.xlsx": `attachment; filename="Mau-nhap-tap-hop-thanh-nien.xlsx"; filename*=UTF-8''M%E1%BA%ABu%20nh%E1%BA%ADp%20t%E1%BA%ADp%20h%E1%BB%A3p%20thanh%20ni%C3%AAn.xlsx`,
		"Đào tạo.xlsx":                     `attachment; filename="Dao-tao.xlsx"; filename*=UTF-8''%C4%90%C3%A0o%20t%E1%BA%A1o.xlsx`,
		"can-bo-2024.csv":                  `attachment; filename="can-bo-2024.csv"`,
	} {
		w := httptest.NewRecorder()
		Send(w, name, spreadsheet.XLSX, nil)
		if got := w.Header().Get("Content-Disposition"); got != want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}
