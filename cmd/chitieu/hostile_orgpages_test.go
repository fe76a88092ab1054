package main_test

import "net/http"

// hostileOrgPages are the pages of moves and reorganisations (issue 16) asked as an attacker
// would: from another site, or without a session (the pages take no Basic credentials).
var hostileOrgPages = []hostileRequest{
	{name: "cross-site reorganisation from the pages", method: "POST", path: "/reorganise",
		header: map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"},
		body:   "op=dissolve&effective_on=01/01/2026&unit=van-phong&to=an-giang-moi&confirm=1", want: http.StatusForbidden},
	{name: "cross-site move of a cadre", method: "POST", path: "/cadres/1/move",
		header: map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"},
		body:   "unit=van-phong&from=01/01/2026", want: http.StatusForbidden},
	{name: "reorganisation page with Basic credentials only", method: "POST", path: "/reorganise",
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		body:   `op=body&confirm=1&body={"effective_on":"2026-01-01","changes":[{"op":"dissolve","unit":"van-phong","to":"an-giang-moi"}]}`,
		want:   http.StatusSeeOther},
	{name: "move page without a session", method: "POST", path: "/cadres/1/move",
		header: map[string]string{"Authorization": "", "Content-Type": "application/x-www-form-urlencoded"},
		body:   "unit=van-phong&from=01/01/2026", want: http.StatusSeeOther},
}
