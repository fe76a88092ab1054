package web

import (
	"bytes"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/sheetimport"
)

func TestPendingUploads(t *testing.T) {
	now := time.Date(2014, 7, 1, 10, 0, 0, 0, time.UTC)
	p := newPendingUploads(func() time.Time { return now }, 100)
	file := func(n int) *sheetimport.File {
		return &sheetimport.File{Name: "x.csv", Data: bytes.Repeat([]byte("a"), n)}
	}
	a, b, c := sessionHash("a"), sessionHash("b"), sessionHash("c")

	ta := p.put(a, chitieu.ImportCadres, file(40))
	tb := p.put(b, chitieu.ImportCadres, file(40))
	if ta == tb || len(ta) < 20 {
		t.Fatalf("tokens %q %q", ta, tb)
	}
	// A third file over the budget pushes out the oldest.
	tc := p.put(c, chitieu.ImportCadres, file(40))
	if p.used != 80 || p.take(ta, a, chitieu.ImportCadres) != nil {
		t.Fatalf("the oldest was kept: %d bytes held", p.used)
	}
	// A new upload of a session replaces its last.
	now = now.Add(time.Minute)
	tb2 := p.put(b, chitieu.ImportTrainings, file(10))
	if p.take(tb, b, chitieu.ImportCadres) != nil || p.used != 50 {
		t.Fatalf("the session's last upload was kept: %d bytes held", p.used)
	}
	// Good once, for its session and kind, before it expires.
	if p.take(tb2, a, chitieu.ImportTrainings) != nil || p.take(tb2, b, chitieu.ImportCadres) != nil {
		t.Fatal("taken by another session or for another kind")
	}
	if f := p.take(tb2, b, chitieu.ImportTrainings); f == nil || len(f.Data) != 10 {
		t.Fatal("not handed over to its session")
	}
	if p.take(tb2, b, chitieu.ImportTrainings) != nil {
		t.Fatal("handed over twice")
	}
	now = now.Add(pendingTTL)
	if p.take(tc, c, chitieu.ImportCadres) != nil || p.used != 0 {
		t.Fatalf("handed over after %v; %d bytes held", pendingTTL, p.used)
	}
}
