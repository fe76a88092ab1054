// Package chitieu holds the domain of the service: units, cadres, training records, youth
// reports, targets and users, their rules, and the arithmetic of target progress as pure
// functions of the records and a day. It imports no HTTP and no SQL; storage and transport
// depend on it.
package chitieu

import (
	"errors"
	"fmt"
)

// Error codes, each mapped to one HTTP status by the transport.
const (
	EMALFORMED    = "malformed"    // the request could not be read
	EINVALID      = "invalid"      // readable, but breaks a rule
	ENOTFOUND     = "not_found"    // no such record
	ECONFLICT     = "conflict"     // clashes with a record that exists
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EFORBIDDEN    = "forbidden"    // the role does not allow it
	ETOOMANY      = "too_many"     // too many tries (passwords): wait and try again
	EUNAVAILABLE  = "unavailable"  // cannot be served now (the database cannot be written)
	EINTERNAL     = "internal"     // a fault of ours
)

// Error is an error the user can act on: its Message is shown to them as it is.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("chitieu error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for any other error and ""
// for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the *Error in err's chain, or a generic one for an
// internal error, whose details are for the log only.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
