package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// codes maps each domain error code to its HTTP status.
var codes = map[string]int{
	chitieu.EMALFORMED:    http.StatusBadRequest,
	chitieu.EUNAUTHORIZED: http.StatusUnauthorized,
	chitieu.EFORBIDDEN:    http.StatusForbidden,
	chitieu.ENOTFOUND:     http.StatusNotFound,
	chitieu.ECONFLICT:     http.StatusConflict,
	chitieu.EINVALID:      http.StatusUnprocessableEntity,
	chitieu.EUNAVAILABLE:  http.StatusServiceUnavailable,
	chitieu.ETOOMANY:      http.StatusTooManyRequests,
	chitieu.EINTERNAL:     http.StatusInternalServerError,
}

// statusError is a domain error answered with an HTTP status that no domain code means (415).
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

// ErrorStatus returns the HTTP status of an error's code.
func ErrorStatus(err error) int {
	if se, ok := errors.AsType[*statusError](err); ok {
		return se.status
	}
	if status, ok := codes[chitieu.ErrorCode(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// writeError answers {"error": message, "code", "field", "rule", "args"} with the status of the
// error's code and ends the request; the message is in the language of Accept-Language. Only internal errors are logged, and their details stay in the log.
func (s *Server) writeError(c *gin.Context, err error) {
	code := chitieu.ErrorCode(err)
	status := ErrorStatus(err)
	if status == http.StatusInternalServerError {
		level := slog.LevelError
		if errors.Is(err, context.Canceled) {
			level = slog.LevelInfo // the client went away
		}
		s.Logger.Log(c.Request.Context(), level, "internal error",
			"method", clip(c.Request.Method, 16), "path", clip(c.Request.URL.Path, 256), "route", c.FullPath(), "err", err)
	}
	if ra := retryAfter(nil); errors.As(err, &ra) {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(ra.RetryAfter().Seconds()))))
	}
	if code == chitieu.EUNAVAILABLE && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", "5") // the database backs off for seconds, not minutes
	}
	// A Basic challenge would make a browser prompt for a password and then send it with every
	// request to this site, a cross-site page's too; a Bearer one prompts nothing. The body says
	// that Basic credentials are taken as well.
	if code == chitieu.EUNAUTHORIZED && c.Writer.Header().Get("WWW-Authenticate") == "" {
		c.Header("WWW-Authenticate", `Bearer realm="chitieu"`)
	}
	c.AbortWithStatusJSON(status, errorBody(i18n.Match(c.GetHeader("Accept-Language")), err))
}

// errorBody is the JSON of a refusal: its words for people, its code, field, rule and arguments
// for programs.
func errorBody(lang string, err error) gin.H {
	body := gin.H{"error": i18n.Message(lang, err), "code": chitieu.ErrorCode(err)}
	if e, ok := errors.AsType[*chitieu.Error](err); ok && e.Rule != "" {
		body["rule"] = e.Rule
		if e.Field != "" {
			body["field"] = e.Field
		}
		if len(e.Args) > 0 {
			body["args"] = e.Args
		}
	}
	return body
}

// retryAfter is an error that knows when to try again (the password guard's).
type retryAfter interface{ RetryAfter() time.Duration }

func malformed(field string, rule chitieu.Rule, args ...any) error {
	return chitieu.NewError(chitieu.EMALFORMED, field, rule, args...)
}
