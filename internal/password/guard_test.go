package password

import (
	"errors"
	"sync"
	"testing"
	"time"

	"chitieu/internal/chitieu"
)

func TestGuard(t *testing.T) {
	now := time.Date(2014, 7, 1, 8, 0, 0, 0, time.UTC)
	g := NewGuard(func() time.Time { return now })
	g.perPair, g.perAddr = 3, 5
	fail := func(user, addr string) {
		t.Helper()
		try, err := g.Begin(user, addr)
		if err != nil {
			t.Fatalf("%s from %s refused: %v", user, addr, err)
		}
		try.Done(false)
	}
	for range 3 {
		fail("an", "10.0.0.1")
		now = now.Add(time.Minute)
	}
	// Three failures at 8:00, 8:01, 8:02; it is 8:03: the first leaves the window at 8:15.
	var locked *LockedError
	if _, err := g.Begin("an", "10.0.0.1"); !errors.As(err, &locked) || locked.Wait != 12*time.Minute || chitieu.ErrorCode(err) != chitieu.ETOOMANY {
		t.Fatalf("after 3 failures: %v; want locked for 12m", err)
	}
	if err := g.Check("an", "10.0.0.1"); err == nil {
		t.Fatal("Check let a locked user through")
	}
	fail("an", "10.0.0.2") // the same user from another address
	fail("binh", "10.0.0.1")
	fail("chi", "10.0.0.1")
	if _, err := g.Begin("dung", "10.0.0.1"); err == nil {
		t.Fatal("five failures from one address, and a sixth user may still try")
	}
	now = now.Add(12 * time.Minute) // 8:15: the 8:00 failure has left the window
	try, err := g.Begin("an", "10.0.0.1")
	if err != nil {
		t.Fatalf("refused after the window moved past the first failure: %v", err)
	}
	try.Done(true)
	if _, ok := g.tries[pairKey("an", "10.0.0.1")]; ok {
		t.Fatal("a success kept the pair's failures")
	}
	now = now.Add(time.Hour)
	fail("e", "10.0.0.9") // sweeps
	if len(g.tries) != 2 {
		t.Fatalf("after an hour the guard keeps %d keys, want only the new failure's 2", len(g.tries))
	}
}

// Tries are reserved atomically: of 20 simultaneous guesses with a limit of 5, 5 are checked and
// 15 refused with ETOOMANY; and no more than MaxHashing checks run at once.
func TestGuard_Simultaneous(t *testing.T) {
	g := NewGuard(nil)
	var mu sync.Mutex
	checked, running, peak, refused := 0, 0, 0, 0
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for {
				try, err := g.Begin("admin", "203.0.113.9")
				if errors.As(err, new(*BusyError)) {
					time.Sleep(time.Millisecond) // a client that tries again
					continue
				}
				mu.Lock()
				if err != nil {
					refused++
					mu.Unlock()
					return
				}
				checked++
				running++
				peak = max(peak, running)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond) // the hash
				mu.Lock()
				running--
				mu.Unlock()
				try.Done(false)
				return
			}
		}()
	}
	close(start)
	wg.Wait()
	if checked != PerPair || refused != 20-PerPair || peak > MaxHashing {
		t.Fatalf("checked %d, refused %d, at most %d at once; want %d, %d, at most %d", checked, refused, peak, PerPair, 20-PerPair, MaxHashing)
	}
}

// Beyond MaxHashing checks under way, one more is refused at once with EUNAVAILABLE.
func TestGuard_HashingBound(t *testing.T) {
	g := NewGuard(nil)
	var tries []*Try
	for i := range MaxHashing {
		try, err := g.Begin("u", string(rune('a'+i)))
		if err != nil {
			t.Fatal(err)
		}
		tries = append(tries, try)
	}
	if _, err := g.Begin("v", "z"); !errors.As(err, new(*BusyError)) || chitieu.ErrorCode(err) != chitieu.EUNAVAILABLE {
		t.Fatalf("a check beyond the bound: %v", err)
	}
	tries[0].Done(true)
	if _, err := g.Begin("v", "z"); err != nil {
		t.Fatalf("a check after one ended: %v", err)
	}
}
