package main_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// hostileValues are values the store could not read back, or that would poison the figures,
// sent through the API (issue 11, classes 1, 2 and the names of 9): each is refused with 422
// naming its field, and nothing is written (the catalogue then reads everything back and
// starts the binary again). The page forms' dates are in internal/web's TestFormValuesOutOfRange.
var hostileValues = []hostileRequest{
	// Dates out of the range of every date (1900-01-01..2100-12-31); 0000-12-31 is day 0, "no date".
	hostileValue("birth date in year 0", "POST", "/api/v1/cadres", "birth_date", cadreJSON(`"birth_date": "0000-06-15"`)),
	hostileValue("birth date on day 0", "POST", "/api/v1/cadres", "birth_date", cadreJSON(`"birth_date": "0000-12-31"`)),
	hostileValue("joined in 9999", "POST", "/api/v1/cadres", "joined_on", `{"full_name": "A", "unit": "van-phong", "joined_on": "9999-12-31"}`),
	hostileValue("joined on 0001-01-01", "POST", "/api/v1/cadres", "joined_on", `{"full_name": "A", "unit": "van-phong", "joined_on": "0001-01-01"}`),
	hostileValue("left in 2101", "POST", "/api/v1/cadres", "left_on", cadreJSON(`"left_on": "2101-01-01"`)),
	hostileValue("exam in year 0", "POST", "/api/v1/cadres", "exam_on", cadreJSON(`"recruitment": "exam", "exam_on": "0000-01-01", "exam_result": "passed"`)),
	hostileValue("clear a left date with day 0", "PATCH", "/api/v1/cadres/1", "left_on", `{"left_on": "0000-12-31"}`),
	hostileValue("birth date patched to year 0", "PATCH", "/api/v1/cadres/1", "birth_date", `{"birth_date": "0000-06-15"}`),
	hostileValue("report in 9999", "POST", "/api/v1/youth-reports", "reported_on", reportJSON("9999-12-31", 10, 5, 0, 5)),
	hostileValue("target deadline in 9999", "POST", "/api/v1/targets", "deadline", `{"code": "x-9999", "name": "X", "kind": "youth_gathering",
		"scope_unit": "van-phong", "comparator": ">=", "threshold": 0.5, "baseline_date": "2013-01-01", "deadline": "9999-12-31"}`),
	hostileValue("position created in year 0", "POST", "/api/v1/positions", "created_on", `{"unit": "van-phong", "title": "Năm Không", "seats": 1, "created_on": "0000-01-01"}`),
	hostileValue("rule from year 0", "PUT", "/api/v1/rules/recruitment", "start_date", `{"start_date": "0000-12-31"}`),
	hostileValue("as_of on day 0", "GET", "/api/v1/targets?as_of=0000-12-31", "as_of", ""),
	// Dates a person could not have.
	hostileValue("born after joining", "POST", "/api/v1/cadres", "birth_date", cadreJSON(`"birth_date": "2015-01-01"`)),
	hostileValue("joined at 5", "POST", "/api/v1/cadres", "birth_date", cadreJSON(`"birth_date": "2009-01-01"`)),
	hostileValue("joined at 95", "POST", "/api/v1/cadres", "birth_date", cadreJSON(`"birth_date": "1919-01-01"`)),
	hostileValue("born in the future", "POST", "/api/v1/cadres", "birth_date", `{"full_name": "A", "unit": "van-phong", "joined_on": "2099-01-01", "birth_date": "2070-01-01"}`),
	hostileValue("completed before birth", "POST", "/api/v1/trainings", "completed_on", `{"cadre_id": 1, "kind": "education", "level": "dai_hoc",
		"status": "completed", "completed_on": "1950-01-01"}`),
	hostileValue("started before birth", "POST", "/api/v1/trainings", "started_on", `{"cadre_id": 1, "kind": "professional",
		"status": "in_progress", "started_on": "1901-01-01"}`),
	// Counts beyond what a province holds, and negative ones; the 2^63−1 wrapped the sums.
	hostileValue("population of 2^63-1", "POST", "/api/v1/youth-reports", "youth_population",
		reportJSON("2015-01-01", 9223372036854775807, 9223372036854775807, 0, 9223372036854775807)),
	hostileValue("population of 100000001", "POST", "/api/v1/youth-reports", "youth_population", reportJSON("2015-01-01", 100000001, 5, 0, 5)),
	hostileValue("members over the bound", "POST", "/api/v1/youth-reports", "union_members", reportJSON("2015-01-01", 10, 100000001, 0, 5)),
	hostileValue("negative association", "POST", "/api/v1/youth-reports", "association_members", reportJSON("2015-01-01", 10, 5, -1, 5)),
	hostileValue("members over the population", "POST", "/api/v1/youth-reports", "gathered", reportJSON("2015-01-01", 10, 50, 0, 50)),
	// Names with hidden characters, or too long.
	hostileValue("NUL in a name", "POST", "/api/v1/cadres", "full_name", `{"full_name": "Trần\u0000Bình", "unit": "van-phong", "joined_on": "2014-01-01"}`),
	hostileValue("control character in a name", "POST", "/api/v1/cadres", "full_name", `{"full_name": "Trần\u001bBình", "unit": "van-phong", "joined_on": "2014-01-01"}`),
	hostileValue("right-to-left override in a name", "POST", "/api/v1/cadres", "full_name", `{"full_name": "Trần\u202eBình", "unit": "van-phong", "joined_on": "2014-01-01"}`),
	hostileValue("isolate in a name", "POST", "/api/v1/cadres", "full_name", `{"full_name": "\u2067Trần Bình", "unit": "van-phong", "joined_on": "2014-01-01"}`),
	hostileValue("zero-width space in a name", "POST", "/api/v1/cadres", "full_name", `{"full_name": "Trần\u200bBình", "unit": "van-phong", "joined_on": "2014-01-01"}`),
	hostileValue("byte order mark in a name", "POST", "/api/v1/cadres", "full_name", `{"full_name": "\ufeffTrần Bình", "unit": "van-phong", "joined_on": "2014-01-01"}`),
	hostileValue("900 KB name", "POST", "/api/v1/cadres", "full_name", `{"full_name": "`+strings.Repeat("a", 900<<10)+`", "unit": "van-phong", "joined_on": "2014-01-01"}`),
	hostileValue("invisible character in a position", "PATCH", "/api/v1/cadres/1", "position", `{"position": "Bí thư\u2060"}`),
	hostileValue("bidi control in a unit name", "POST", "/api/v1/units", "name", `{"code": "xa-bidi", "name": "Xã\u202dA", "parent": "van-phong"}`),
	hostileValue("zero-width joiner in a target name", "POST", "/api/v1/targets", "name", `{"code": "x-zwj", "name": "Tập\u200dhợp", "kind": "youth_gathering",
		"scope_unit": "van-phong", "comparator": ">=", "threshold": 0.5, "baseline_date": "2013-01-01", "deadline": "2015-12-31"}`),
	hostileValue("left-to-right mark in a position title", "POST", "/api/v1/positions", "title", `{"unit": "van-phong", "title": "Trưởng ban\u200e", "seats": 1, "created_on": "2014-01-01"}`),
	hostileValue("course of 2001 characters", "POST", "/api/v1/trainings", "course", `{"cadre_id": 1, "kind": "professional",
		"status": "planned", "course": "`+strings.Repeat("x", 2001)+`"}`),
}

// hostileValue is a request that must be refused with 422 naming field.
func hostileValue(name, method, path, field, body string) hostileRequest {
	h := hostileJSON(name, method, path, http.StatusUnprocessableEntity, "%s", body)
	h.check = func(t *testing.T, _ *http.Response, raw []byte) {
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(raw, &e); err != nil || !strings.HasPrefix(e.Error, field+":") {
			t.Errorf("error %.300s does not name %s", raw, field)
		}
	}
	return h
}

// cadreJSON is a cadre who would be taken but for the fields given.
func cadreJSON(fields string) string {
	return `{"full_name": "Nguyễn Văn Thử", "unit": "van-phong", "joined_on": "2014-01-01", ` + fields + `}`
}

func reportJSON(on string, population, union, association, gathered int64) string {
	b, _ := json.Marshal(map[string]any{"unit": "van-phong", "reported_on": on, "youth_population": population,
		"union_members": union, "association_members": association, "gathered": gathered})
	return string(b)
}
