package httpapi

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
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
