package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
)

// TestReadScope checks the read rule (scope.go) on the API: an editor limited to huyen-a reads
// the records of huyen-a and xa-a1 below it, and none of huyen-b's, in lists and single
// records; an admin and a viewer read them all.
func TestReadScope(t *testing.T) {
	e := newEnv(t)
	p := seed(e)
	ed := e.addUser("bien-tap-a", chitieu.RoleEditor, "huyen-a")
	viewer := e.addUser("xem", chitieu.RoleViewer, "")
	posA := id(e.must(admin, http.StatusCreated, "POST", "/api/v1/positions", `{"unit":"huyen-a","title":"Bí thư","seats":1,"created_on":"2012-01-01"}`))
	posB := id(e.must(admin, http.StatusCreated, "POST", "/api/v1/positions", `{"unit":"huyen-b","title":"Bí thư","seats":1,"created_on":"2012-01-01"}`))

	ids := func(c cred, path string) []string {
		t.Helper()
		var got []string
		for _, it := range e.must(c, http.StatusOK, "GET", path, nil)["items"].([]any) {
			got = append(got, fmt.Sprint(it.(map[string]any)["id"]))
		}
		slices.Sort(got)
		return got
	}
	for _, tt := range []struct {
		who  cred
		path string
		want []string
	}{
		{ed, "/api/v1/cadres", []string{p.c1, p.c2, p.c5}},
		{ed, "/api/v1/cadres?unit=xa-a1", []string{p.c2}},
		{ed, "/api/v1/trainings?cadre_id=" + p.c2, []string{"2"}},
		{ed, "/api/v1/youth-reports?unit=xa-a1", []string{p.rX}},
		{ed, "/api/v1/positions?unit=huyen-a", []string{posA}},
		{admin, "/api/v1/cadres", []string{p.c1, p.c2, p.c3, p.c4, p.c5}},
		{viewer, "/api/v1/youth-reports", []string{p.rA, p.rB, p.rX}},
		{viewer, "/api/v1/positions", []string{posA, posB}},
	} {
		if got := ids(tt.who, tt.path); !slices.Equal(got, tt.want) {
			t.Errorf("%s GET %s: ids %v, want %v", tt.who.user, tt.path, got, tt.want)
		}
	}

	for _, tt := range []struct {
		path   string
		status int
		field  string
	}{
		// Another unit's records do not exist for the editor, as on the pages.
		{"/api/v1/cadres/" + p.c3, 404, "cadre " + p.c3},
		{"/api/v1/trainings/" + p.t3, 404, "training record " + p.t3},
		{"/api/v1/youth-reports/" + p.rB, 404, "youth report " + p.rB},
		{"/api/v1/positions/" + posB, 404, "position " + posB},
		{"/api/v1/trainings?cadre_id=" + p.c3, 404, "cadre " + p.c3},
		// A list naming another unit is refused; one that must name a unit says so.
		{"/api/v1/cadres?unit=huyen-b", 403, "unit"},
		{"/api/v1/cadres?unit=tinh", 403, "unit"},
		{"/api/v1/youth-reports?unit=huyen-b", 403, "unit"},
		{"/api/v1/positions?unit=huyen-b", 403, "unit"},
		{"/api/v1/youth-reports", 422, "unit"},
		{"/api/v1/positions", 422, "unit"},
		{"/api/v1/trainings", 422, "cadre_id"},
	} {
		r := e.do(ed, "GET", tt.path, nil)
		if r.status != tt.status || !strings.HasPrefix(r.errorMessage(t), tt.field) {
			t.Errorf("editor GET %s: %d %s, want %d naming %q", tt.path, r.status, r.body, tt.status, tt.field)
		}
	}
	// Its own records, singly.
	for _, path := range []string{"/api/v1/cadres/" + p.c2, "/api/v1/trainings/" + p.t1, "/api/v1/youth-reports/" + p.rX, "/api/v1/positions/" + posA} {
		e.must(ed, http.StatusOK, "GET", path, nil)
	}
	for _, path := range []string{"/api/v1/cadres/" + p.c3, "/api/v1/trainings/" + p.t3, "/api/v1/youth-reports/" + p.rB, "/api/v1/positions/" + posB} {
		e.must(viewer, http.StatusOK, "GET", path, nil)
	}
}

// TestSeatScope: an editor limited to a unit cannot seat another unit's cadre on its unit's
// position, so that the other unit's editor can always record the cadre's leaving (once a 409).
func TestSeatScope(t *testing.T) {
	e := newEnv(t)
	p := seed(e)
	edA := e.addUser("bien-tap-a", chitieu.RoleEditor, "huyen-a")
	edB := e.addUser("bien-tap-b", chitieu.RoleEditor, "huyen-b")
	posA := id(e.must(admin, http.StatusCreated, "POST", "/api/v1/positions", `{"unit":"huyen-a","title":"Bí thư","seats":2,"created_on":"2012-01-01"}`))

	r := e.do(edA, "POST", "/api/v1/positions/"+posA+"/assignments", fmt.Sprintf(`{"cadre_id":%s,"started_on":"2013-01-01"}`, p.c3))
	if r.status != http.StatusForbidden || !strings.HasPrefix(r.errorMessage(t), "cadre_id") {
		t.Fatalf("seating huyen-b's cadre on huyen-a's position: %d %s, want 403 naming cadre_id", r.status, r.body)
	}
	if got := e.must(admin, http.StatusOK, "GET", "/api/v1/positions/"+posA, nil)["assignments"]; got != nil && len(got.([]any)) != 0 {
		t.Fatalf("the refused seat was written: %v", got)
	}
	// huyen-b's editor records the cadre's leaving, which the seat would have made a 409.
	e.must(edB, http.StatusOK, "PATCH", "/api/v1/cadres/"+p.c3, `{"left_on":"2014-06-01"}`)
	// Its own cadres it seats.
	e.must(edA, http.StatusCreated, "POST", "/api/v1/positions/"+posA+"/assignments", fmt.Sprintf(`{"cadre_id":%s,"started_on":"2013-01-01"}`, p.c2))
}
