package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"chitieu/internal/testenv"
)

func TestAnnualReviewOnTheDemo(t *testing.T) {
	s := testenv.Start(t, "", "--demo")
	c := (&env{t: t, srv: &httptest.Server{URL: s.URL}}).client()
	if p := c.post("/sign-in", url.Values{"username": {"admin"}, "password": {testenv.AdminPassword}, "next": {"/"}}); p.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", p.status)
	}
	os.WriteFile("/tmp/a2015.html", []byte(c.get("/reports/annual?date=31/12/2015").body), 0o644)
	os.WriteFile("/tmp/atoday.html", []byte(c.get("/reports/annual").body), 0o644)
	os.WriteFile("/tmp/atoday.xlsx", []byte(c.get("/reports/annual.xlsx").body), 0o644)
	os.WriteFile("/tmp/a2015.xlsx", []byte(c.get("/reports/annual.xlsx?date=31/12/2015").body), 0o644)
}
