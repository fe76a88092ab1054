package chitieu

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSmallestIDs: both ways of keeping the smallest ids give the first n of all in order, with
// the count of all: on 5,000 ids in random order, n below boundedPage, past it and past the end.
func TestSmallestIDs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	var cadres []*Cadre
	for _, id := range rng.Perm(5000) {
		cadres = append(cadres, &Cadre{ID: int64(id + 1)})
	}
	for _, n := range []int{1, 20, boundedPage, boundedPage + 1, 4999, 5000, 6000} {
		first, total := smallestIDs(slices.Values(cadres), n)
		if total != 5000 || len(first) != min(n, 5000) {
			t.Fatalf("n %d: %d first of %d, want %d of 5000", n, len(first), total, min(n, 5000))
		}
		for i, c := range first {
			if c.ID != int64(i+1) {
				t.Fatalf("n %d: first[%d] is id %d, want %d", n, i, c.ID, i+1)
			}
		}
	}
}
