package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"chitieu/internal/httpapi"
)

// TestRequestBodyCap: a body past MaxRequestBytes is refused on any route, before a handler
// reads it, with a 413 that gives the bound.
func TestRequestBodyCap(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.MaxRequestBytes = 4096; c.MaxBodyBytes = 1 << 20 })
	big := `{"code": "x", "name": "` + strings.Repeat("a", 5000) + `"}`
	r := e.do(admin, "POST", "/api/v1/units", big)
	if r.status != http.StatusRequestEntityTooLarge || r.errorMessage(t) != "request body: must not exceed 4096 bytes" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	e.must(admin, http.StatusCreated, "POST", "/api/v1/units", map[string]any{"code": "x", "name": "Đơn vị"})
	if n := len(e.must(admin, http.StatusOK, "GET", "/api/v1/units", nil)["items"].([]any)); n != 1 {
		t.Fatalf("%d units, want the one under the cap", n)
	}
}
