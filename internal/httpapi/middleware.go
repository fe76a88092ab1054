package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// quietPaths are logged at debug level: probes and scrapes would drown the rest.
var quietPaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// logRequests logs each request once it is answered.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	level := slog.LevelInfo
	if quietPaths[c.Request.URL.Path] {
		level = slog.LevelDebug
	}
	attrs := []slog.Attr{
		slog.String("method", clip(c.Request.Method, 16)),
		slog.String("path", clip(c.Request.URL.Path, 256)),
		slog.String("route", c.FullPath()),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", max(c.Writer.Size(), 0)),
		slog.Duration("duration", time.Since(start)),
		slog.String("client", c.ClientIP()),
	}
	if u := chitieu.UserFromContext(c.Request.Context()); u != nil {
		attrs = append(attrs, slog.String("user", u.Username))
	}
	s.Logger.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// clip cuts what a client sent to at most n bytes for the log, at a rune boundary, marked with
// an ellipsis: an 8 KB method or path must not make an 8 KB log line.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// noSniffNoFrames is on every answer, JSON, pages, files and exports alike: no guessing of
// content types, never shown in a frame of another site (clickjacking).
func noSniffNoFrames(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

// recoverPanics turns a panic into an internal error: logged with its stack, answered with a
// JSON 500 that tells the client nothing more.
// http.ErrAbortHandler, the deliberate way to abort a response, is passed on to net/http.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		rec := recover()
		if rec == nil {
			return
		}
		if rec == http.ErrAbortHandler {
			panic(rec)
		}
		err := fmt.Errorf("panic: %v\n%s", rec, debug.Stack())
		if c.Writer.Written() { // too late to answer: log it only
			s.Logger.Error("internal error", "method", clip(c.Request.Method, 16), "path", clip(c.Request.URL.Path, 256), "err", err)
			c.Abort()
			return
		}
		s.writeError(c, err)
	}()
	c.Next()
}
