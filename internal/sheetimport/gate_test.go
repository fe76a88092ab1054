package sheetimport_test

import (
	"errors"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
	"chitieu/internal/sheetimport"
)

// With two imports running a third is refused at once, as EUNAVAILABLE in both languages; once
// one ends, the next one runs.
func TestGate(t *testing.T) {
	g := sheetimport.NewGate(2)
	r1, err1 := g.Enter()
	_, err2 := g.Enter()
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	_, err := g.Enter()
	var busy *sheetimport.BusyError
	if !errors.As(err, &busy) || chitieu.ErrorCode(err) != chitieu.EUNAVAILABLE || busy.Max != 2 || i18n.Message(i18n.VI, err) == "" {
		t.Fatalf("third import: %v (code %q)", err, chitieu.ErrorCode(err))
	}
	r1()
	if _, err := g.Enter(); err != nil {
		t.Fatalf("an import after one ended: %v", err)
	}
}
