package main_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"chitieu/internal/testenv"
)

// hostileRequest is one entry of the catalogue of hostile requests: what an attacker or a careless
// clerk sends the running binary, and the refusal it must give. The catalogue grows: each class
// of attack keeps its entries in a group of its own (a hostile_*_test.go file), listed in
// hostileGroups.
type hostileRequest struct {
	name   string
	method string
	path   string
	// header is set on the request. Authorization defaults to the admin's Basic credentials;
	// give it as "" to send none. Content-Type defaults to application/json when there is a body.
	header map[string]string
	body   string
	want   int // the status the service must answer
	// check, when set, looks further at the answer (a header, the error's field).
	check func(t *testing.T, resp *http.Response, body []byte)
	// as, when set, sends the page session of that user (pageSession) instead of Basic
	// credentials: the pages take no Basic credentials.
	as string
}

// hostileGroup is a named list of hostile requests, sent in order to one server on the demo data.
type hostileGroup struct {
	name     string
	requests []hostileRequest
}

// hostileGroups lists every group of the catalogue.
var hostileGroups = []hostileGroup{
	{"held before issue 11", heldBefore},
	{"HTTP surface", hostileHTTP},
	{"values the store cannot read back", hostileValues},
	{"remote read of the history", hostileHistory},
	{"imports and passwords", hostileGuard},
	{"scrape headers", hostileScrape},
	{"refusals worded in each language", hostileCatalogue},
	{"plans", hostilePlans},
	{"pages of moves and reorganisations", hostileOrgPages},
	{"postings and reorganisations", hostileOrg},
	{"pages of corrections, restores, exports and reviews", hostilePages},
	{"names, courses and ids an import reads in SQL", hostileImport},
}

// heldBefore are attacks the service already refused before the hardening of issue 11.
var heldBefore = []hostileRequest{
	{name: "no credentials", method: "GET", path: "/api/v1/cadres", header: map[string]string{"Authorization": ""}, want: http.StatusUnauthorized},
	{name: "wrong password", method: "GET", path: "/api/v1/cadres", header: map[string]string{"Authorization": "Basic YWRtaW46eA=="}, want: http.StatusUnauthorized},
	hostileJSON("malformed JSON", "POST", "/api/v1/cadres", http.StatusBadRequest, `{"name": `),
	hostileJSON("unknown field", "POST", "/api/v1/cadres", http.StatusBadRequest, `{"name": "A", "unit": "van-phong", "joined_on": "2014-01-01", "salary": 1}`),
	hostileJSON("SQL in a unit code", "GET", "/api/v1/units/x'%20OR%201=1--", http.StatusNotFound, ``),
}

// TestHostileRequests sends the whole catalogue to one binary on the demo data, each request
// checked against its expected refusal. Afterwards the service must still answer, its data must
// still read back whole (lists, exports, metrics), and it must start again on the same database:
// no refused request may have left a trace that poisons the store.
func TestHostileRequests(t *testing.T) {
	srv := testenv.Start(t, "", "--demo")
	for _, g := range hostileGroups {
		t.Run(g.name, func(t *testing.T) {
			for _, h := range g.requests {
				t.Run(h.name, func(t *testing.T) { sendHostile(t, srv.URL, h) })
			}
		})
	}
	checkStillWhole(t, srv.URL)

	_ = srv.Cmd.Process.Kill()
	_, _ = srv.Cmd.Process.Wait()
	again := testenv.Start(t, srv.DB)
	checkStillWhole(t, again.URL)
}

func sendHostile(t *testing.T, base string, h hostileRequest) {
	t.Helper()
	var body io.Reader
	if h.body != "" {
		body = strings.NewReader(h.body)
	}
	req, err := http.NewRequest(h.method, base+h.path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("admin", testenv.AdminPassword)
	if h.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range h.header {
		if v == "" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	if h.as != "" {
		req.Header.Del("Authorization")
		req.AddCookie(pageSession(t, base, h.as))
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %.200s: %v", h.method, h.path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != h.want {
		t.Fatalf("%s %.200s: status %d, want %d: %.500s", h.method, h.path, resp.StatusCode, h.want, raw)
	}
	if h.check != nil {
		h.check(t, resp, raw)
	}
}

// noRedirects hands back a redirect as it is, so that its Location can be checked.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// checkStillWhole reads back everything a person or Prometheus would read in bulk.
func checkStillWhole(t *testing.T, base string) {
	t.Helper()
	for _, path := range []string{
		"/readyz",
		"/metrics",
		"/api/v1/cadres?limit=1000",
		"/api/v1/targets",
		"/api/v1/units",
		"/api/v1/export/cadres.xlsx",
		"/api/v1/export/trainings.xlsx",
		"/api/v1/export/youth-reports.xlsx",
	} {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth("admin", testenv.AdminPassword)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s after the catalogue: %v", path, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s after the catalogue: status %d: %.300s", path, resp.StatusCode, raw)
		}
	}
}

// hostileJSON is a shorthand for a request with a JSON body.
func hostileJSON(name, method, path string, want int, body string, args ...any) hostileRequest {
	return hostileRequest{name: name, method: method, path: path, want: want, body: fmt.Sprintf(body, args...)}
}
