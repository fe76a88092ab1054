package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
)

// staffingState is what the recruitment and position routes can show, beside e.state().
func (e *env) staffingState() string {
	e.t.Helper()
	var b strings.Builder
	b.WriteString(e.state())
	for _, path := range []string{"/api/v1/positions?limit=1000", "/api/v1/positions/1", "/api/v1/rules/recruitment"} {
		r := e.do(admin, "GET", path, nil)
		b.WriteString(fmt.Sprintf("%s %d %s\n", path, r.status, r.body))
	}
	return b.String()
}

// TestStaffing goes through the routes of issue 7 as staff would, today being 2014-07-01.
func TestStaffing(t *testing.T) {
	e := newEnv(t)
	p := seed(e)
	viewer := e.addUser("viewer", chitieu.RoleViewer, "")
	editor := e.addUser("editor", chitieu.RoleEditor, "")

	// The rule seeded from the plan, then limited to the province's subtree.
	rule := e.must(viewer, http.StatusOK, "GET", "/api/v1/rules/recruitment", nil)
	if fmt.Sprint(rule) != "map[exempt:[election transfer] scope_unit: start_date:2014-01-01]" {
		t.Fatalf("seeded rule %v", rule)
	}
	e.must(admin, http.StatusOK, "PUT", "/api/v1/rules/recruitment",
		`{"start_date":"2014-01-01","scope_unit":"tinh","exempt":["transfer","election"]}`)

	// Cadres hired in 2014: one without an exam, one by a passed exam, one transferred.
	hire := func(name, fields string) string {
		return id(e.must(editor, http.StatusCreated, "POST", "/api/v1/cadres",
			`{"full_name":"`+name+`","unit":"huyen-a","joined_on":"2014-03-01"`+fields+`}`))
	}
	noExam := hire("Không Thi", "")
	passed := hire("Thi Đỗ", `,"recruitment":"exam","exam_on":"2014-02-15","exam_result":"passed"`)
	hire("Điều Động", `,"recruitment":"transfer"`)
	c := e.must(viewer, http.StatusOK, "GET", "/api/v1/cadres/"+passed, nil)
	if c["recruitment"] != "exam" || c["exam_on"] != "2014-02-15" || c["exam_result"] != "passed" {
		t.Fatalf("cadre read back %v", c)
	}
	failing := items(t, e.must(viewer, http.StatusOK, "GET", "/api/v1/cadres?recruitment_check=failing", nil))
	if len(failing) != 1 || id(failing[0]) != noExam {
		t.Fatalf("failing cadres %v, want only %s", failing, noExam)
	}

	// A position with two seats from 2014-01-01, one held from 2014-02-01 by c1.
	pos := e.must(admin, http.StatusCreated, "POST", "/api/v1/positions",
		`{"unit":"huyen-a","title":"Phó Bí thư","seats":2,"created_on":"2014-01-01"}`)
	if pos["vacant_seats"] != 2.0 || pos["vacant_since"] != "2014-01-01" {
		t.Fatalf("new position %v", pos)
	}
	a := e.must(editor, http.StatusCreated, "POST", "/api/v1/positions/"+id(pos)+"/assignments",
		fmt.Sprintf(`{"cadre_id":%s,"started_on":"2014-02-01"}`, p.c1))
	e.must(editor, http.StatusCreated, "POST", "/api/v1/positions/"+id(pos)+"/assignments",
		fmt.Sprintf(`{"cadre_id":%s,"started_on":"2014-04-01","ended_on":"2014-06-01"}`, p.c2))
	got := e.must(viewer, http.StatusOK, "GET", "/api/v1/positions/"+id(pos), nil)
	// Today one seat is vacant, since c2's assignment ended on 2014-06-01.
	if got["vacant_seats"] != 1.0 || got["vacant_since"] != "2014-06-01" || len(got["assignments"].([]any)) != 2 {
		t.Fatalf("position today %v", got)
	}
	// As of 2014-05-01 both seats were held.
	past := e.must(viewer, http.StatusOK, "GET", "/api/v1/positions/"+id(pos)+"?as_of=2014-05-01", nil)
	if past["vacant_seats"] != 0.0 || past["vacant_since"] != nil || past["as_of"] != "2014-05-01" {
		t.Fatalf("position as of 2014-05-01 %v", past)
	}
	ended := e.must(editor, http.StatusOK, "PATCH", "/api/v1/assignments/"+id(a), `{"ended_on":"2014-07-01"}`)
	if ended["ended_on"] != "2014-07-01" {
		t.Fatalf("ended %v", ended)
	}
	// An assignment entered by mistake is deleted: its seat is vacant since the position began.
	wrong := e.must(editor, http.StatusCreated, "POST", "/api/v1/positions/"+id(pos)+"/assignments",
		fmt.Sprintf(`{"cadre_id":%s,"started_on":"2014-06-01"}`, p.c2))
	e.must(viewer, http.StatusForbidden, "DELETE", "/api/v1/assignments/"+id(wrong), nil)
	e.must(editor, http.StatusNoContent, "DELETE", "/api/v1/assignments/"+id(wrong), nil)
	e.must(editor, http.StatusNotFound, "DELETE", "/api/v1/assignments/"+id(wrong), nil)
	list := e.must(viewer, http.StatusOK, "GET", "/api/v1/positions?unit=huyen-a", nil)
	if list["total"] != 1.0 || items(t, list)[0]["vacant_seats"] != 2.0 || items(t, list)[0]["vacant_since"] != "2014-06-01" {
		t.Fatalf("positions %v", list)
	}
	// The positions a cadre holds or held; none of a cadre never assigned.
	if held := e.must(viewer, http.StatusOK, "GET", "/api/v1/positions?cadre_id="+p.c2, nil); held["total"] != 1.0 || id(items(t, held)[0]) != id(pos) {
		t.Fatalf("positions of c2 %v", held)
	}
	if held := e.must(viewer, http.StatusOK, "GET", "/api/v1/positions?cadre_id="+passed, nil); held["total"] != 0.0 {
		t.Fatalf("positions of a cadre never assigned %v", held)
	}
	e.must(admin, http.StatusOK, "PUT", "/api/v1/positions/"+id(pos),
		`{"unit":"huyen-a","title":"Phó Bí thư","seats":3,"created_on":"2014-01-01"}`)

	// The figures follow: /metrics shows them once the keeper has computed a snapshot.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.keeper.Run(ctx)
	if err := e.keeper.WaitCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	body := string(e.do(anonymous, "GET", "/metrics", nil).body)
	for _, want := range []string{
		`chitieu_cadres_recruited_without_exam{unit="huyen-a"} 1`,
		`chitieu_cadres_recruited_without_exam{unit="xa-a1"} 0`,
		// Three seats, none held today (c1's assignment ended today), and never all held: vacant
		// since the seats were created; 2014-01-01 starts at 2013-12-31T17:00:00Z.
		`chitieu_leadership_seats{title="Phó Bí thư",unit="huyen-a"} 3`,
		`chitieu_leadership_vacant_seats{title="Phó Bí thư",unit="huyen-a"} 3`,
		`chitieu_leadership_vacant_since_timestamp_seconds{title="Phó Bí thư",unit="huyen-a"} 1.3885092e+09`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	e.must(admin, http.StatusNoContent, "DELETE", "/api/v1/positions/"+id(pos), nil)
	e.must(viewer, http.StatusNotFound, "GET", "/api/v1/positions/"+id(pos), nil)
}

// TestStaffingBadInput: each bad input of the recruitment and position routes gets its 4xx with a
// naming the field, and leaves nothing behind.
func TestStaffingBadInput(t *testing.T) {
	e := newEnv(t)
	p := seed(e)
	viewer := e.addUser("viewer", chitieu.RoleViewer, "")
	editor := e.addUser("editor", chitieu.RoleEditor, "")
	e.must(admin, http.StatusCreated, "POST", "/api/v1/positions", `{"unit":"huyen-a","title":"Bí thư","seats":1,"created_on":"2014-01-01"}`)
	a := e.must(admin, http.StatusCreated, "POST", "/api/v1/positions/1/assignments", fmt.Sprintf(`{"cadre_id":%s,"started_on":"2014-01-01"}`, p.c1))
	cadre := func(fields string) string {
		return withFields(`{"full_name":"Ngô Văn Hải","unit":"huyen-a","joined_on":"2014-03-01"}`, fields)
	}
	position := func(fields string) string {
		return withFields(`{"unit":"huyen-b","title":"Trưởng ban","seats":1,"created_on":"2014-01-01"}`, fields)
	}
	assign := func(cadreID, fields string) string {
		return withFields(`{"cadre_id":`+cadreID+`,"started_on":"2014-03-01"}`, fields)
	}
	tests := []badInput{
		// Recruitment on the cadre.
		{"unknown recruitment", admin, "POST", "/api/v1/cadres", cadre(`,"recruitment":"hop_dong"`), 422, "recruitment"},
		{"exam without date", admin, "POST", "/api/v1/cadres", cadre(`,"recruitment":"exam","exam_result":"passed"`), 422, "exam_on"},
		{"exam without result", admin, "POST", "/api/v1/cadres", cadre(`,"recruitment":"exam","exam_on":"2014-02-01"`), 422, "exam_result"},
		{"exam after joining", admin, "POST", "/api/v1/cadres", cadre(`,"recruitment":"exam","exam_on":"2014-03-02","exam_result":"passed"`), 422, "exam_on: must not be after joined_on"},
		{"bad exam result", admin, "POST", "/api/v1/cadres", cadre(`,"recruitment":"exam","exam_on":"2014-02-01","exam_result":"đỗ"`), 422, "exam_result"},
		{"exam date for a transfer", admin, "PATCH", "/api/v1/cadres/" + p.c1, `{"recruitment":"transfer","exam_on":"2011-01-01"}`, 422, "exam_on"},
		{"bad exam date", admin, "PATCH", "/api/v1/cadres/" + p.c1, `{"exam_on":"2011-02-30"}`, 422, "exam_on: must be a date YYYY-MM-DD"},
		{"number for recruitment", admin, "POST", "/api/v1/cadres", cadre(`,"recruitment":1`), 400, "recruitment"},
		{"bad recruitment_check", viewer, "GET", "/api/v1/cadres?recruitment_check=yes", "", 422, "recruitment_check"},

		// The recruitment rule.
		{"rule by an editor", editor, "PUT", "/api/v1/rules/recruitment", `{"start_date":"2014-01-01"}`, 403, "role"},
		{"rule without start", admin, "PUT", "/api/v1/rules/recruitment", `{"exempt":[]}`, 422, "start_date"},
		{"rule bad start", admin, "PUT", "/api/v1/rules/recruitment", `{"start_date":"2014-1-1"}`, 422, "start_date: must be a date YYYY-MM-DD"},
		{"rule missing scope", admin, "PUT", "/api/v1/rules/recruitment", `{"start_date":"2014-01-01","scope_unit":"khong-co"}`, 422, "scope_unit"},
		{"rule exempts exam", admin, "PUT", "/api/v1/rules/recruitment", `{"start_date":"2014-01-01","exempt":["exam"]}`, 422, "exempt"},
		{"rule unknown exempt", admin, "PUT", "/api/v1/rules/recruitment", `{"start_date":"2014-01-01","exempt":["bau"]}`, 422, "exempt"},
		{"rule exempt not a list", admin, "PUT", "/api/v1/rules/recruitment", `{"start_date":"2014-01-01","exempt":"transfer"}`, 400, "exempt"},
		{"rule unknown field", admin, "PUT", "/api/v1/rules/recruitment", `{"start_date":"2014-01-01","full_time_only":true}`, 400, "full_time_only"},

		// Positions.
		{"position by an editor", editor, "POST", "/api/v1/positions", position(""), 403, "role"},
		{"position without unit", admin, "POST", "/api/v1/positions", `{"title":"Trưởng ban","seats":1,"created_on":"2014-01-01"}`, 422, "unit"},
		{"position missing unit", admin, "POST", "/api/v1/positions", position(`,"unit":"khong-co"`), 422, "unit"},
		{"position without title", admin, "POST", "/api/v1/positions", position(`,"title":" "`), 422, "title"},
		{"position no seats", admin, "POST", "/api/v1/positions", position(`,"seats":0`), 422, "seats"},
		{"position fractional seats", admin, "POST", "/api/v1/positions", position(`,"seats":1.5`), 400, "seats"},
		{"position without created_on", admin, "POST", "/api/v1/positions", `{"unit":"huyen-b","title":"Trưởng ban","seats":1}`, 422, "created_on"},
		{"position bad created_on", admin, "POST", "/api/v1/positions", position(`,"created_on":"2014-02-30"`), 422, "created_on: must be a date YYYY-MM-DD"},
		{"position read-only field", admin, "POST", "/api/v1/positions", position(`,"vacant_seats":0`), 400, "vacant_seats"},
		{"duplicate position", admin, "POST", "/api/v1/positions", `{"unit":"huyen-a","title":"Bí thư","seats":1,"created_on":"2014-01-01"}`, 409, "title"},
		{"position fewer seats than held", admin, "PUT", "/api/v1/positions/1", `{"unit":"huyen-a","title":"Bí thư","seats":1,"created_on":"2014-02-01"}`, 409, "created_on"},
		{"missing position", admin, "PUT", "/api/v1/positions/99", position(""), 404, "~99"},
		{"bad position id", viewer, "GET", "/api/v1/positions/abc", "", 400, "id"},
		{"delete missing position", admin, "DELETE", "/api/v1/positions/99", "", 404, "~99"},
		{"position as of a bad day", viewer, "GET", "/api/v1/positions/1?as_of=2014-13-01", "", 422, "as_of"},
		{"positions as of a bad day", viewer, "GET", "/api/v1/positions?as_of=hôm-qua", "", 422, "as_of"},
		{"list positions of a missing unit", viewer, "GET", "/api/v1/positions?unit=khong-co", "", 422, "unit"},

		// Assignments.
		{"assignment by a viewer", viewer, "POST", "/api/v1/positions/1/assignments", assign(p.c3, ""), 403, "role"},
		{"assignment over-fills", admin, "POST", "/api/v1/positions/1/assignments", assign(p.c3, ""), 409, "seats"},
		{"assignment without cadre", admin, "POST", "/api/v1/positions/1/assignments", `{"started_on":"2014-03-01"}`, 422, "cadre_id"},
		{"assignment missing cadre", admin, "POST", "/api/v1/positions/1/assignments", assign("999", ""), 422, "cadre_id"},
		{"assignment without start", admin, "POST", "/api/v1/positions/1/assignments", `{"cadre_id":` + p.c3 + `}`, 422, "started_on"},
		{"assignment ends before it starts", admin, "POST", "/api/v1/positions/1/assignments", assign(p.c3, `,"ended_on":"2014-03-01"`), 422, "ended_on"},
		{"assignment before the position", admin, "POST", "/api/v1/positions/1/assignments", `{"cadre_id":` + p.c3 + `,"started_on":"2013-12-01","ended_on":"2013-12-31"}`, 422, "started_on"},
		{"assignment before the cadre joined", admin, "POST", "/api/v1/positions/1/assignments", `{"cadre_id":` + p.c3 + `,"started_on":"2012-01-01","ended_on":"2012-02-01"}`, 422, "started_on"},
		{"assignment after the cadre left", admin, "POST", "/api/v1/positions/1/assignments", `{"cadre_id":` + p.c5 + `,"started_on":"2014-01-01"}`, 422, "started_on"},
		{"assignment of a missing position", admin, "POST", "/api/v1/positions/99/assignments", assign(p.c3, ""), 404, "~99"},
		{"assignment with position_id", admin, "POST", "/api/v1/positions/1/assignments", assign(p.c3, `,"position_id":2`), 400, "position_id"},
		{"end before start", admin, "PATCH", "/api/v1/assignments/" + id(a), `{"ended_on":"2013-12-31"}`, 422, "ended_on"},
		{"end bad date", admin, "PATCH", "/api/v1/assignments/" + id(a), `{"ended_on":"hôm nay"}`, 422, "ended_on: must be a date YYYY-MM-DD"},
		{"change the cadre", admin, "PATCH", "/api/v1/assignments/" + id(a), `{"cadre_id":3}`, 400, "cadre_id"},
		{"missing assignment", admin, "PATCH", "/api/v1/assignments/99", `{"ended_on":"2014-06-01"}`, 404, "~99"},
		{"leaving before holding", admin, "PATCH", "/api/v1/cadres/" + p.c1, `{"left_on":"2013-12-31"}`, 409, "left_on"},

		// professional_training targets.
		{"professional with a level", admin, "POST", "/api/v1/targets", `{"code":"nv","name":"Nghiệp vụ","kind":"professional_training","min_level":"dai_hoc","scope_unit":"tinh","threshold":0.9,"baseline_date":"2013-01-01","deadline":"2015-12-31"}`, 422, "min_level"},
		{"professional negative window", admin, "POST", "/api/v1/targets", `{"code":"nv","name":"Nghiệp vụ","kind":"professional_training","window_days":-5,"scope_unit":"tinh","threshold":0.9,"baseline_date":"2013-01-01","deadline":"2015-12-31"}`, 422, "window_days"},
		{"window on another kind", admin, "POST", "/api/v1/targets", `{"code":"nv","name":"Nghiệp vụ","kind":"education","min_level":"dai_hoc","window_days":30,"scope_unit":"tinh","threshold":0.9,"baseline_date":"2013-01-01","deadline":"2015-12-31"}`, 422, "window_days"},
		{"provider on another kind", admin, "POST", "/api/v1/targets", `{"code":"nv","name":"Nghiệp vụ","kind":"education","min_level":"dai_hoc","provider":"TW","scope_unit":"tinh","threshold":0.9,"baseline_date":"2013-01-01","deadline":"2015-12-31"}`, 422, "provider"},
		{"window as text", admin, "POST", "/api/v1/targets", `{"code":"nv","name":"Nghiệp vụ","kind":"professional_training","window_days":"2 năm","scope_unit":"tinh","threshold":0.9,"baseline_date":"2013-01-01","deadline":"2015-12-31"}`, 400, "window_days"},
	}
	checkBadInputs(t, e, tests, e.staffingState)
}
