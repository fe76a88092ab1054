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

// Error is an error the user can act on. It says which rule was broken, on which field, with
// which arguments, and never holds a sentence: internal/i18n words it in the reader's language.
type Error struct {
	Code  string
	Field string // the field or parameter at fault; "" when the whole request or record is
	Rule  Rule
	Args  []any // the rule's arguments in the catalogue's order: limits, the other field, the unit
}

// Error renders the error for logs; people read it through internal/i18n.
func (e *Error) Error() string {
	return fmt.Sprintf("chitieu error: code=%s field=%s rule=%s args=%v", e.Code, e.Field, e.Rule, e.Args)
}

// NewError returns an *Error of code: field broke rule, with its arguments.
func NewError(code, field string, rule Rule, args ...any) *Error {
	return &Error{Code: code, Field: field, Rule: rule, Args: args}
}

// Invalid returns an EINVALID *Error: field broke rule.
func Invalid(field string, rule Rule, args ...any) *Error {
	return NewError(EINVALID, field, rule, args...)
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
