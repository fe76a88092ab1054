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
	k, day, count := provinceKeeper(t)
	lan, minh := asUser("lan"), asUser("minh")

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

// TestReadersWhileRunBatches: while Run applies changes by their parts, in batches at most
// every BatchInterval, the writer of a queued change waits for Run's next batch and reads it (in
// the lists and in the snapshot), another reader reads at once without it (neither drains the
// queue: Run's batch is published and encoded once), and a reader still waiting when Run stops
// is answered with the change.
func TestReadersWhileRunBatches(t *testing.T) {
	k, day, count := provinceKeeper(t)
	k.BatchInterval = time.Hour // the second batch waits for Run's end
	encoded := make(chan *chitieu.Snapshot, 10)
	k.OnSnapshot = func(s *chitieu.Snapshot) { encoded <- s }
	lan, minh := asUser("lan"), asUser("minh")
	cadre := func(id int64) chitieu.Change {
		return chitieu.Change{Cadre: &chitieu.Cadre{ID: id, FullName: "Cán bộ", Unit: "tinh", FullTime: true, JoinedOn: day - 100}, Actor: "lan"}
	}
	cadresIn := func(s *chitieu.Snapshot) (n int) {
		for _, c := range s.Cadres {
			n += c.Count
		}
		return n
	}

	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { k.Run(ctx); close(ran) }()
	// Run's first batch comes at once: lan reads her change, and so does the snapshot, which
	// Run has handed on to be encoded.
	k.RecordsChanged(cadre(1))
	if n := count(lan); n != 1 {
		t.Fatalf("lan after her first change: %d cadres, want 1", n)
	}
	if s := <-encoded; cadresIn(s) != 1 {
		t.Fatalf("the snapshot encoded after the first batch counts %d cadres, want 1", cadresIn(s))
	}
	// The second waits out the batch interval: minh reads without it, at once.
	k.RecordsChanged(cadre(2))
	if n := count(minh); n != 1 {
		t.Fatalf("minh while the second change waits for Run: %d cadres, want 1", n)
	}
	lanRead := make(chan int, 1)
	go func() { lanRead <- count(lan) }()
	stop() // Run ends its wait with the batch; lan, waiting for it, reads her change
	if n := <-lanRead; n != 2 {
		t.Fatalf("lan after Run stopped: %d cadres, want 2", n)
	}
	<-ran
	if s := k.Snapshot(); cadresIn(s) != 2 {
		t.Fatalf("the snapshot after Run stopped counts %d cadres, want 2", cadresIn(s))
	}
}

// provinceKeeper returns a keeper of a province with no cadre yet, on a day of 2015, and a count
// of the province's cadres as a user reads the list.
func provinceKeeper(t *testing.T) (*Keeper, chitieu.Date, func(context.Context) int) {
	ds := chitieu.NewDataset()
	ds.Apply(chitieu.Change{Unit: &chitieu.Unit{Code: "tinh", Name: "Tỉnh Đoàn"}})
	day := chitieu.NewDate(2015, 6, 1)
	k := New(ds, func() time.Time { return day.Start(time.UTC).Add(12 * time.Hour) }, time.UTC, nil)
	return k, day, func(ctx context.Context) int {
		t.Helper()
		_, total, err := k.FindCadres(ctx, chitieu.CadreFilter{Unit: "tinh"})
		if err != nil {
			t.Error(err)
		}
		return total
	}
}

// asUser is the context of a request by the user.
func asUser(name string) context.Context {
	return chitieu.NewContextWithUser(context.Background(), &chitieu.User{Username: name})
}
