package main_test

import (
	"net/http"
	"testing"

	"chitieu/internal/testenv"
)

// TestPlansAPI walks an admin through a plan's life over HTTP — created, read, a target put in it,
// extended, listed — with an editor refused every write and the audit log recording each change.
func TestPlansAPI(t *testing.T) {
	srv := testenv.Start(t, "")
	admin := &testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}
	admin.Do("POST", "/units", map[string]string{"code": "tinh", "name": "Tỉnh Đoàn"}, http.StatusCreated, nil)
	admin.Do("POST", "/units", map[string]string{"code": "huyen", "name": "Huyện Đoàn", "parent": "tinh"}, http.StatusCreated, nil)
	admin.Do("POST", "/users", map[string]any{"username": "bantochuc", "password": "Đoàn viên ưu tú 2015", "role": "editor"}, http.StatusCreated, nil)
	editor := &testenv.Client{T: t, Base: admin.Base, Auth: testenv.Basic("bantochuc", "Đoàn viên ưu tú 2015"), Label: "editor"}

	type plan struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		StartsOn  string `json:"starts_on"`
		EndsOn    string `json:"ends_on"`
		ScopeUnit string `json:"scope_unit"`
	}
	term := plan{"nhiem-ky", "Nghị quyết Đại hội nhiệm kỳ 2022–2027", "2022-07-01", "2027-06-30", "tinh"}
	editor.Do("POST", "/plans", term, http.StatusForbidden, nil)
	var got plan
	admin.Do("POST", "/plans", term, http.StatusCreated, &got)
	if got != term {
		t.Fatalf("created %+v, want %+v", got, term)
	}
	editor.Do("GET", "/plans/nhiem-ky", nil, http.StatusOK, &got)
	if got != term {
		t.Fatalf("read %+v, want %+v", got, term)
	}

	target := map[string]any{"code": "tap-hop", "name": "Tập hợp thanh niên", "kind": "youth_gathering", "scope_unit": "huyen",
		"comparator": ">", "threshold": 0.7, "baseline_date": "2022-07-01", "deadline": "2027-06-30", "plan": "nhiem-ky"}
	var tg struct {
		Plan string `json:"plan"`
	}
	admin.Do("POST", "/targets", target, http.StatusCreated, &tg)
	if tg.Plan != "nhiem-ky" {
		t.Fatalf("target's plan %q", tg.Plan)
	}

	// PATCH changes only the fields given.
	editor.Do("PATCH", "/plans/nhiem-ky", map[string]string{"ends_on": "2027-12-31"}, http.StatusForbidden, nil)
	admin.Do("PATCH", "/plans/nhiem-ky", map[string]string{"ends_on": "2027-12-31"}, http.StatusOK, &got)
	want := term
	want.EndsOn = "2027-12-31"
	if got != want {
		t.Fatalf("patched %+v, want %+v", got, want)
	}
	// The plan may narrow to its target's unit, not to a unit its target is outside of.
	admin.Do("PATCH", "/plans/nhiem-ky", map[string]string{"scope_unit": "huyen"}, http.StatusOK, &got)
	admin.Do("POST", "/units", map[string]string{"code": "huyen-2", "name": "Huyện Đoàn 2", "parent": "tinh"}, http.StatusCreated, nil)
	admin.Do("PATCH", "/plans/nhiem-ky", map[string]string{"scope_unit": "huyen-2"}, http.StatusUnprocessableEntity, nil)

	var list struct {
		Items []plan `json:"items"`
		Total int    `json:"total"`
	}
	editor.Do("GET", "/plans", nil, http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].ScopeUnit != "huyen" || list.Items[0].EndsOn != "2027-12-31" {
		t.Fatalf("plans = %+v", list)
	}

	var audit struct {
		Items []struct {
			Action string `json:"action"`
			Entity string `json:"entity"`
			Key    string `json:"key"`
		} `json:"items"`
	}
	admin.Do("GET", "/audit?limit=1000", nil, http.StatusOK, &audit)
	var changes []string
	for _, e := range audit.Items {
		if e.Entity == "plan" {
			changes = append(changes, e.Action+" "+e.Key)
		}
	}
	if len(changes) != 3 {
		t.Fatalf("audit of the plan: %v, want its creation and two updates", changes)
	}
}
