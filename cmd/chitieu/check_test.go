package main_test

import (
	"database/sql"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"chitieu/internal/testenv"
)

// TestPoisonedDatabase writes, by hand through SQL, values the store would refuse (a birth date in
// year 0, a NUL in a name, a count of 2^63−1, a completion date that is not a date) into a
// database the binary made, as a database written before issue 11 may hold them. `chitieu check`
// names each row and fails; the service still starts, leaves the rows out of the figures and
// the lists, serves the rest, names the rows in its log and in chitieu_records_unreadable, and
// answers a read of one of them with an error that names it.
func TestPoisonedDatabase(t *testing.T) {
	srv := testenv.Start(t, "")
	admin := &testenv.Client{T: t, Base: srv.URL + "/api/v1", Auth: testenv.Basic("admin", testenv.AdminPassword), Label: "admin"}
	admin.Do("POST", "/units", map[string]string{"code": "tinh", "name": "Tỉnh Đoàn"}, http.StatusCreated, nil)
	admin.Do("POST", "/units", map[string]string{"code": "huyen-a", "name": "Huyện Đoàn A", "parent": "tinh"}, http.StatusCreated, nil)
	admin.Do("POST", "/units", map[string]string{"code": "huyen-b", "name": "Huyện Đoàn B", "parent": "tinh"}, http.StatusCreated, nil)
	admin.Do("POST", "/targets", map[string]any{"code": "tap-hop", "name": "Tập hợp", "kind": "youth_gathering", "scope_unit": "tinh",
		"comparator": ">", "threshold": 0.65, "baseline_date": "2013-01-01", "deadline": "2030-12-31"}, http.StatusCreated, nil)
	var ids []int64
	for _, name := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"} {
		var c created
		admin.Do("POST", "/cadres", map[string]any{"full_name": name, "unit": "huyen-a", "joined_on": "2014-01-01",
			"birth_date": "1990-05-06"}, http.StatusCreated, &c)
		ids = append(ids, c.ID)
	}
	var tr created
	admin.Do("POST", "/trainings", map[string]any{"cadre_id": ids[2], "kind": "education", "level": "dai_hoc",
		"status": "completed", "completed_on": "2012-06-30"}, http.StatusCreated, &tr)
	var good, bad created
	admin.Do("POST", "/youth-reports", map[string]any{"unit": "huyen-a", "reported_on": "2015-01-01", "youth_population": 1000,
		"union_members": 500, "association_members": 300, "gathered": 700}, http.StatusCreated, &good)
	admin.Do("POST", "/youth-reports", map[string]any{"unit": "huyen-b", "reported_on": "2015-01-01", "youth_population": 1000,
		"union_members": 100, "association_members": 0, "gathered": 100}, http.StatusCreated, &bad)
	var pos, seat created
	admin.Do("POST", "/positions", map[string]any{"unit": "huyen-a", "title": "Bí thư", "seats": 1, "created_on": "2014-01-01"}, http.StatusCreated, &pos)
	admin.Do("POST", "/positions/"+itoa(pos.ID)+"/assignments", map[string]any{"cadre_id": ids[2], "started_on": "2014-06-01"}, http.StatusCreated, &seat)
	_ = srv.Cmd.Process.Kill()
	_, _ = srv.Cmd.Process.Wait()

	db, err := sql.Open("sqlite3", "file:"+srv.DB+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE cadres SET birth_date = '0000-06-15' WHERE id = ?`, []any{ids[0]}},
		{`UPDATE cadres SET full_name = 'Trần' || char(0) || 'Bình' WHERE id = ?`, []any{ids[1]}},
		{`UPDATE youth_reports SET youth_population = 9223372036854775807, union_members = 9223372036854775807, gathered = 9223372036854775807 WHERE id = ?`, []any{bad.ID}},
		{`UPDATE trainings SET completed_on = 'hôm qua' WHERE id = ?`, []any{tr.ID}},
		{`UPDATE assignments SET started_on = '0000-01-01' WHERE id = ?`, []any{seat.ID}},
	} {
		if _, err := db.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	db.Close()

	out, err := exec.Command(testenv.Binary(t), "check", "--db", srv.DB).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Errorf("chitieu check on a poisoned database: %v, want a non-zero exit status:\n%s", err, out)
	}
	for _, want := range []string{
		"cadres\t" + itoa(ids[0]) + "\tbirth_date\t",
		"cadres\t" + itoa(ids[1]) + "\tfull_name\t",
		"youth_reports\t" + itoa(bad.ID) + "\tyouth_population\t",
		"trainings\t" + itoa(tr.ID) + "\tcompleted_on\t",
		"assignments\t" + itoa(seat.ID) + "\tstarted_on\t",
		"5 stored records cannot be read back",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("chitieu check does not name %q:\n%s", want, out)
		}
	}

	again := testenv.Start(t, srv.DB)
	admin.Base = again.URL + "/api/v1"
	// The rest is served: the good cadre, lists, exports, metrics.
	admin.Do("GET", "/cadres/"+itoa(ids[2]), nil, http.StatusOK, nil)
	var list struct {
		Items []created `json:"items"`
	}
	admin.Do("GET", "/cadres", nil, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].ID != ids[2] {
		t.Errorf("cadre list %v, want only cadre %d", list.Items, ids[2])
	}
	var reports struct {
		Items []created `json:"items"`
	}
	admin.Do("GET", "/youth-reports", nil, http.StatusOK, &reports)
	if len(reports.Items) != 1 || reports.Items[0].ID != good.ID {
		t.Errorf("youth reports %v, want only report %d", reports.Items, good.ID)
	}
	checkStillWhole(t, again.URL)
	admin.Do("GET", "/positions/"+itoa(pos.ID), nil, http.StatusOK, nil) // without the assignment

	// A cadre import still runs past the poisoned birth date (one that would update that cadre
	// is refused with the error that names it).
	csv := []byte("Họ và tên,Đơn vị,Ngày vào\nLê Văn Cường,huyen-a,01/01/2014\nPhạm Văn Dũng,huyen-a,01/01/2015\n")
	if status, res := upload(t, admin.Base+"/import/cadres?dry_run=true", "can-bo.csv", csv, "en"); status != http.StatusOK {
		t.Errorf("import dry run on the poisoned database: %d %v", status, res)
	}

	// A read of a bad record names it.
	for path, want := range map[string]string{
		"/cadres/" + itoa(ids[0]):        "cadres " + itoa(ids[0]) + " cannot be read: birth_date",
		"/cadres/" + itoa(ids[1]):        "cadres " + itoa(ids[1]) + " cannot be read: full_name",
		"/youth-reports/" + itoa(bad.ID): "youth_reports " + itoa(bad.ID) + " cannot be read: youth_population",
		"/trainings/" + itoa(tr.ID):      "trainings " + itoa(tr.ID) + " cannot be read: completed_on",
	} {
		var e struct {
			Error string `json:"error"`
		}
		admin.Do("GET", path, nil, http.StatusInternalServerError, &e)
		if !strings.Contains(e.Error, want) {
			t.Errorf("GET %s: error %q, want it to name %q", path, e.Error, want)
		}
	}

	// The huge report counts for nothing: 700 gathered of 1000, not a wrapped sum.
	waitForMetrics(t, again.URL, map[string]float64{
		`chitieu_records_unreadable{table="cadres"}`:           2,
		`chitieu_records_unreadable{table="trainings"}`:        1,
		`chitieu_records_unreadable{table="youth_reports"}`:    1,
		`chitieu_records_unreadable{table="units"}`:            0,
		`chitieu_records_unreadable{table="assignments"}`:      1,
		`chitieu_target_numerator{plan="",target="tap-hop"}`:   700,
		`chitieu_target_denominator{plan="",target="tap-hop"}`: 1000,
	})
	logs, err := os.ReadFile(again.Logs.Name())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "cannot be read back") || !strings.Contains(string(logs), "birth_date") {
		t.Errorf("the log does not name the rows:\n%s", logs)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
