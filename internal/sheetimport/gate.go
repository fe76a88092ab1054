package sheetimport

import (
	"chitieu/internal/chitieu"
)

// DefaultConcurrentImports is how many imports (dry runs included) run at once when nothing else
// is said: each holds its file, its parsed rows and up to the spreadsheet's unzip bounds in
// memory, and takes a core.
const DefaultConcurrentImports = 2

// RetryAfter is the Retry-After, in seconds, of an import refused because others are running.
const RetryAfter = 5

// Gate bounds the imports running at once across the API and the pages: one more is refused at
// once (*BusyError), rather than queued, so that uploads cannot pile up in memory and starve the
// rest of the service.
type Gate struct {
	slots chan struct{}
}

// NewGate returns a gate that lets n imports run at once (at least one).
func NewGate(n int) *Gate { return &Gate{slots: make(chan struct{}, max(n, 1))} }

// Enter takes a slot before the upload is read, or answers *BusyError when none is free; the
// caller calls release when the import is done.
func (g *Gate) Enter() (release func(), err error) {
	select {
	case g.slots <- struct{}{}:
		return func() { <-g.slots }, nil
	default:
		return nil, &BusyError{Max: cap(g.slots)}
	}
}

// BusyError is an import refused because the gate's imports are all running; its code is
// EUNAVAILABLE (503, with Retry-After).
type BusyError struct{ Max int }

func (e *BusyError) Error() string { return e.Unwrap().Error() }

// Unwrap lets the error map of the transports see an EUNAVAILABLE, and the catalogue word it.
func (e *BusyError) Unwrap() error {
	return chitieu.NewError(chitieu.EUNAVAILABLE, "import", chitieu.RuleImportBusy, e.Max)
}
