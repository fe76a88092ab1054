package main_test

import (
	"fmt"
	"net/http"
	"testing"

	"chitieu/internal/testenv"
)

// TestImportMoveEndToEnd: through the binary, a cadres file with a move date gives the cadre a
// posting from that day; the cadre reads as the new unit's and its first posting stays.
func TestImportMoveEndToEnd(t *testing.T) {
	srv := testenv.Start(t, "")
	admin := &testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}
	admin.Do("POST", "/units", map[string]string{"code": "co-quan", "name": "Cơ quan Tỉnh Đoàn"}, http.StatusCreated, nil)
	admin.Do("POST", "/units", map[string]string{"code": "rach-gia", "name": "Thành Đoàn Rạch Giá", "parent": "co-quan"}, http.StatusCreated, nil)
	var cadre struct {
		ID   int64  `json:"id"`
		Unit string `json:"unit"`
	}
	admin.Do("POST", "/cadres", map[string]any{"full_name": "Trần Văn Bình", "unit": "rach-gia", "full_time": true, "joined_on": "2012-02-01"},
		http.StatusCreated, &cadre)

	file := "Mã cán bộ,Họ và tên,Đơn vị,Ngày vào,Chuyển từ ngày\n" +
		fmt.Sprintf("%d,Trần Văn Bình,Cơ quan Tỉnh Đoàn,01/02/2012,01/07/2016\n", cadre.ID)
	status, res := upload(t, admin.Base+"/import/cadres", "chuyen-cong-tac.csv", []byte(file), "")
	if status != http.StatusOK || res["applied"] != true || res["updated"] != float64(1) {
		t.Fatalf("import: %d %v", status, res)
	}
	var postings struct {
		Items []struct {
			Unit string `json:"unit"`
			From string `json:"from"`
		} `json:"items"`
	}
	admin.Do("GET", fmt.Sprintf("/cadres/%d/postings", cadre.ID), nil, http.StatusOK, &postings)
	if got := fmt.Sprint(postings.Items); got != "[{rach-gia 2012-02-01} {co-quan 2016-07-01}]" {
		t.Fatalf("postings: %s", got)
	}
	admin.Do("GET", fmt.Sprintf("/cadres/%d", cadre.ID), nil, http.StatusOK, &cadre)
	if cadre.Unit != "co-quan" {
		t.Fatalf("cadre's unit after the move: %s", cadre.Unit)
	}
	// The same file again moves nobody.
	if status, res = upload(t, admin.Base+"/import/cadres", "chuyen-cong-tac.csv", []byte(file), ""); status != http.StatusOK || res["unchanged"] != float64(1) {
		t.Fatalf("import again: %d %v", status, res)
	}
}
