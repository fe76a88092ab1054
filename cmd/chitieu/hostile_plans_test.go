package main_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// hostilePlans are plans and plan targets that break the plans' rules (issue 16): each is refused
// and nothing is written; the demo's plans and targets read back whole afterwards.
var hostilePlans = []hostileRequest{
	hostileValue("plan ending before it starts", "POST", "/api/v1/plans", "ends_on", planJSON("x-lui", `"starts_on": "2027-01-01", "ends_on": "2026-01-01"`)),
	hostileValue("plan ending the day it starts", "POST", "/api/v1/plans", "ends_on", planJSON("x-mot-ngay", `"starts_on": "2027-01-01", "ends_on": "2027-01-01"`)),
	hostileValue("plan from year 0", "POST", "/api/v1/plans", "starts_on", planJSON("x-nam-0", `"starts_on": "0000-12-31", "ends_on": "2026-01-01"`)),
	hostileValue("plan until 9999", "POST", "/api/v1/plans", "ends_on", planJSON("x-9999", `"starts_on": "2026-01-01", "ends_on": "9999-12-31"`)),
	hostileValue("plan code with SQL", "POST", "/api/v1/plans", "code", planJSON(`x' OR 1=1--`, `"starts_on": "2026-01-01", "ends_on": "2027-01-01"`)),
	hostileValue("plan code with capitals", "POST", "/api/v1/plans", "code", planJSON("KeHoach", `"starts_on": "2026-01-01", "ends_on": "2027-01-01"`)),
	hostileValue("plan code of 10,000 characters", "POST", "/api/v1/plans", "code", planJSON(strings.Repeat("k", 10000), `"starts_on": "2026-01-01", "ends_on": "2027-01-01"`)),
	hostileValue("plan name with a hidden character", "POST", "/api/v1/plans", "name", `{"code": "x-an", "name": "Kế hoạch\u202e", "starts_on": "2026-01-01",
		"ends_on": "2027-01-01", "scope_unit": "kien-giang"}`),
	hostileValue("plan of no unit", "POST", "/api/v1/plans", "scope_unit", `{"code": "x-khong", "name": "K", "starts_on": "2026-01-01",
		"ends_on": "2027-01-01", "scope_unit": "khong-co"}`),
	hostileValue("plan without a scope", "POST", "/api/v1/plans", "scope_unit", `{"code": "x-khong", "name": "K", "starts_on": "2026-01-01", "ends_on": "2027-01-01"}`),
	hostileJSON("plan code given twice", "POST", "/api/v1/plans", http.StatusConflict, "%s", planJSON("ke-hoach-2013", `"starts_on": "2013-01-01", "ends_on": "2015-12-31"`)),
	hostileJSON("plan with an unknown field", "POST", "/api/v1/plans", http.StatusBadRequest, `{"code": "x-thua", "name": "K", "starts_on": "2026-01-01",
		"ends_on": "2027-01-01", "scope_unit": "kien-giang", "targets": []}`),
	hostileJSON("plan as an array", "POST", "/api/v1/plans", http.StatusBadRequest, `[]`),
	hostileValue("plan's code changed", "PATCH", "/api/v1/plans/ke-hoach-2013", "code", `{"code": "ke-hoach-2014"}`),
	hostileJSON("plan shrunk off its targets' deadlines", "PATCH", "/api/v1/plans/ke-hoach-2013", http.StatusUnprocessableEntity, `{"ends_on": "2015-06-30"}`),
	hostileJSON("plan narrowed off its targets' scope", "PATCH", "/api/v1/plans/ke-hoach-2013", http.StatusUnprocessableEntity, `{"scope_unit": "van-phong"}`),
	hostileValue("plan's start moved after its end", "PATCH", "/api/v1/plans/nhiem-ky-2022-2027", "ends_on", `{"starts_on": "2028-01-01"}`),
	hostileValue("plan's name emptied", "PATCH", "/api/v1/plans/nhiem-ky-2022-2027", "name", `{"name": "   "}`),
	hostileJSON("plan that does not exist", "PATCH", "/api/v1/plans/khong-co", http.StatusNotFound, `{"name": "K"}`),
	hostileJSON("plan path with a NUL", "GET", "/api/v1/plans/%00", http.StatusNotFound, ``),
	{name: "plans without credentials", method: "POST", path: "/api/v1/plans", header: map[string]string{"Authorization": ""},
		body: planJSON("x-ai", `"starts_on": "2026-01-01", "ends_on": "2027-01-01"`), want: http.StatusUnauthorized},
	// Targets in plans.
	hostileValue("target in no such plan", "POST", "/api/v1/targets", "plan", targetInPlanJSON("khong-co", "2027-06-30")),
	hostileValue("target plan code with SQL", "POST", "/api/v1/targets", "plan", targetInPlanJSON(`x' OR 1=1--`, "2027-06-30")),
	hostileValue("target due after its plan ends", "POST", "/api/v1/targets", "deadline", targetInPlanJSON("ke-hoach-2013", "2027-06-30")),
	hostileValue("target moved to a plan it does not fit", "PUT", "/api/v1/targets/ly-luan-chinh-tri", "deadline", `{"name": "X",
		"kind": "political_theory", "min_level": "trung_cap", "scope_unit": "co-quan-tinh-doan", "threshold": 0.8,
		"baseline_date": "2013-01-01", "deadline": "2015-12-31", "plan": "nhiem-ky-2022-2027"}`),
	{name: "the demo's plans read back unchanged", method: "GET", path: "/api/v1/plans", want: http.StatusOK, check: func(t *testing.T, _ *http.Response, raw []byte) {
		type plan struct {
			Code      string `json:"code"`
			StartsOn  string `json:"starts_on"`
			EndsOn    string `json:"ends_on"`
			ScopeUnit string `json:"scope_unit"`
		}
		var list struct {
			Items []plan `json:"items"`
		}
		if err := json.Unmarshal(raw, &list); err != nil {
			t.Fatal(err)
		}
		want := []plan{
			{"nhiem-ky-2022-2027", "2022-07-01", "2027-06-30", "kien-giang"}, {"ke-hoach-2013", "2013-01-01", "2015-12-31", "kien-giang"}}
		if !slices.Equal(list.Items, want) {
			t.Errorf("plans after the refusals: %+v, want %+v", list.Items, want)
		}
	}},
}

// planJSON is a plan of the province with the code and the dates given.
func planJSON(code, dates string) string {
	return `{"code": "` + code + `", "name": "Kế hoạch thử", "scope_unit": "kien-giang", ` + dates + `}`
}

// targetInPlanJSON is a youth target of the province in a plan, due on deadline.
func targetInPlanJSON(plan, deadline string) string {
	return `{"code": "x-trong-ke-hoach", "name": "X", "kind": "youth_gathering", "scope_unit": "kien-giang", "comparator": ">",
		"threshold": 0.7, "baseline_date": "2022-07-01", "deadline": "` + deadline + `", "plan": "` + plan + `"}`
}
