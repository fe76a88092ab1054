package metrics_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"chitieu/internal/metrics"
)

// TestHTTPLabelsClosed: made-up methods, a method of 8,000 characters and odd status codes make
// no new series; every label value comes from a closed set.
func TestHTTPLabelsClosed(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	reg := prometheus.NewRegistry()
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.Use(metrics.NewHTTP(reg).Middleware())
	e.GET("/cadres/:id", func(c *gin.Context) { c.Status(http.StatusOK) })
	e.GET("/odd", func(c *gin.Context) { c.Status(799) })
	send := func(method, path string) {
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, path, nil))
	}
	send("GET", "/cadres/1")
	send("GET", "/cadres/2")
	send("GET", "/nowhere")
	send("BREW", "/cadres/1")
	send("BREW", "/nowhere")
	send("GET", "/odd")
	series := func() int { return testutil.CollectAndCount(reg, "chitieu_http_requests_total") }
	before := series()
	for i := range 100 {
		send(fmt.Sprintf("M%03d", i), "/cadres/1")
		send(fmt.Sprintf("X%03d", i), fmt.Sprintf("/nowhere/%d", i))
	}
	send(strings.Repeat("A", 8000), "/cadres/1")
	send("GET", "/odd")
	if after := series(); after != before {
		t.Errorf("made-up methods made %d series, want none", after-before)
	}
	want := `
# HELP chitieu_http_requests_total HTTP requests by method, route pattern and status code.
# TYPE chitieu_http_requests_total counter
chitieu_http_requests_total{code="200",method="GET",route="/cadres/:id"} 2
chitieu_http_requests_total{code="404",method="GET",route="unmatched"} 1
chitieu_http_requests_total{code="404",method="other",route="unmatched"} 101
chitieu_http_requests_total{code="405",method="other",route="unmatched"} 102
chitieu_http_requests_total{code="other",method="GET",route="/odd"} 2
`
	if err := testutil.CollectAndCompare(reg, strings.NewReader(want), "chitieu_http_requests_total"); err != nil {
		t.Error(err)
	}
}
