package httpapi

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// DefaultMaxRequestBytes bounds every request body when Config.MaxRequestBytes is 0. JSON
// bodies have their own, smaller bound (MaxBodyBytes); this one is for routes that take files.
const DefaultMaxRequestBytes = 32 << 20

// limitBody bounds the body of every request, whatever its route reads: past the bound, a read
// of the body fails with *http.MaxBytesError and the connection is closed after the answer.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.MaxRequestBytes {
		// 413, as a spreadsheet over its own limit: the request is well formed, only too large.
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": fmt.Sprintf("request body: must not exceed %d bytes", s.MaxRequestBytes)})
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxRequestBytes)
	c.Next()
}

// Concurrency caps the requests that run the handlers after it at n at a time; one more is
// answered at once with 503 and a Retry-After, rather than queued, so that heavy requests (a
// spreadsheet import) cannot pile up and starve the rest. what names them in the message, in
// the API's words ("import"). Use one per kind of heavy request, e.g.
//
//	imports := httpapi.Concurrency(2, "import")
//	api.POST("/import/cadres", records, imports, s.importCadres)
func Concurrency(n int, what string) gin.HandlerFunc {
	slots := make(chan struct{}, max(n, 1))
	return func(c *gin.Context) {
		select {
		case slots <- struct{}{}:
		default:
			c.Header("Retry-After", "5")
			c.AbortWithStatusJSON(http.StatusServiceUnavailable, gin.H{"error": chitieu.ErrorMessage(
				chitieu.Errorf(chitieu.EUNAVAILABLE, "%s: at most %d at a time are allowed and that many are running; try again in a few seconds", what, cap(slots)))})
			return
		}
		defer func() { <-slots }()
		c.Next()
	}
}
