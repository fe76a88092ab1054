package figures

import (
	"context"
	"testing"
	"time"

	"chitieu/internal/chitieu"
)

// TestFindCadresDuringRefresh: while a refresh holds the records, a reader who made none of the
// queued changes is answered at once without them, and the one who made a change waits for the
// refresh and reads it; afterwards everyone reads it.
func TestFindCadresDuringRefresh(t *testing.T) {
	ds := chitieu.NewDataset()
	ds.Apply(chitieu.Change{Unit: &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}})
	day := chitieu.NewDate(2015, 6, 1)
	k := New(ds, func() time.Time { return day.Start(time.UTC).Add(12 * time.Hour) }, time.UTC, nil)
	lan := chitieu.NewContextWithUser(context.Background(), &chitieu.User{Username: "lan"})
	minh := chitieu.NewContextWithUser(context.Background(), &chitieu.User{Username: "minh"})
	count := func(ctx context.Context) int {
		_, total, err := k.FindCadres(ctx, chitieu.CadreFilter{Unit: "tinh"})
		if err != nil {
			t.Error(err)
		}
		return total
	}

	k.mu.RLock() // a refresh under way
	k.RecordsChanged(chitieu.Change{Cadre: &chitieu.Cadre{ID: 1, FullName: "Cán bộ", Unit: "tinh", JoinedOn: day - 100}, Actor: "lan"})
	if n := count(minh); n != 0 {
		t.Fatalf("minh during the refresh: %d cadres, want 0 (lan's change waits for its end)", n)
	}
	lanRead := make(chan int, 1)
	go func() { lanRead <- count(lan) }()
	select {
	case n := <-lanRead:
		t.Fatalf("lan read %d cadres during the refresh; she should have waited for it", n)
	case <-time.After(50 * time.Millisecond):
	}
	k.mu.RUnlock() // the refresh ends
	if n := <-lanRead; n != 1 {
		t.Fatalf("lan after the refresh: %d cadres, want her own 1", n)
	}
	if n := count(minh); n != 1 {
		t.Fatalf("minh after the refresh: %d cadres, want 1", n)
	}
}
