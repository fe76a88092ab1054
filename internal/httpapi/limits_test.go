package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

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

// TestConcurrency: with two running, a third request is answered 503 at once, with the cap in
// its message and a Retry-After; once one ends, the next runs.
func TestConcurrency(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	release, started := make(chan struct{}), make(chan struct{}, 2)
	e.POST("/import", httpapi.Concurrency(2, "import"), func(c *gin.Context) {
		started <- struct{}{}
		<-release
		c.Status(http.StatusNoContent)
	})
	srv := httptest.NewServer(e)
	defer srv.Close()
	post := func() *http.Response {
		resp, err := http.Post(srv.URL+"/import", "text/csv", strings.NewReader("a,b"))
		if err != nil {
			t.Error(err)
			return nil
		}
		return resp
	}
	done := make(chan int, 2)
	for range 2 {
		go func() {
			if resp := post(); resp != nil {
				resp.Body.Close()
				done <- resp.StatusCode
			}
		}()
	}
	<-started
	<-started
	resp := post()
	body := make([]byte, 200)
	n, _ := resp.Body.Read(body)
	resp.Body.Close()
	want := `{"error":"import: at most 2 at a time are allowed and that many are running; try again in a few seconds"}`
	if resp.StatusCode != http.StatusServiceUnavailable || string(body[:n]) != want || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("third import: %d %s (Retry-After %q)", resp.StatusCode, body[:n], resp.Header.Get("Retry-After"))
	}
	release <- struct{}{}
	if s := <-done; s != http.StatusNoContent {
		t.Fatalf("first import: %d", s)
	}
	close(release)
	if resp := post(); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("an import after one ended: %d", resp.StatusCode)
	}
	<-done
}
