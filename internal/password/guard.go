package password

import (
	"context"
	"math"
	"sync"
	"time"

	"chitieu/internal/chitieu"
)

// Guard is the one limiter of password checks, whatever way the password comes (the API's
// Basic credentials, the sign-in page): failures are counted by user and client address together
// and by address alone, in a sliding window, so that a guesser is stopped on one account without
// locking its owner out from elsewhere, and one address cannot try many accounts either.
//
// A try is reserved before the password is hashed and counted as a failure until it succeeds,
// under one lock: twenty simultaneous guesses with a limit of five check five passwords. And at
// most MaxHashing hashes run at once (each takes 19 MiB and tens of milliseconds of a core):
// beyond, a check is refused at once rather than queued, so that guessing cannot starve the
// service.
type Guard struct {
	now       func() time.Time
	window    time.Duration
	perPair   int
	perAddr   int
	hashing   chan struct{}
	mu        sync.Mutex
	tries     map[string][]time.Time // failures and tries under way, oldest first
	lastSweep time.Time
}

// The guard's bounds: five failures for one user from one address in a quarter of an hour, and
// thirty from one address whatever the user; four hashes at once (76 MiB).
const (
	Window     = 15 * time.Minute
	PerPair    = 5
	PerAddr    = 30
	MaxHashing = 4
)

// NewGuard returns a guard with the bounds above and the clock now (nil is time.Now).
func NewGuard(now func() time.Time) *Guard {
	if now == nil {
		now = time.Now
	}
	return &Guard{now: now, window: Window, perPair: PerPair, perAddr: PerAddr,
		hashing: make(chan struct{}, MaxHashing), tries: map[string][]time.Time{}}
}

func pairKey(user, addr string) string { return "u\x00" + user + "\x00" + addr }
func addrKey(addr string) string       { return "a\x00" + addr }

// Try is a password check under way: call Done with its outcome.
type Try struct {
	g          *Guard
	user, addr string
	at         time.Time
}

// Begin reserves a try of user's password from addr, or answers *LockedError (too many
// failures) or *BusyError (too many hashes under way) at once.
func (g *Guard) Begin(user, addr string) (*Try, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if wait := g.wait(user, addr, now); wait > 0 {
		return nil, &LockedError{Wait: wait}
	}
	select {
	case g.hashing <- struct{}{}:
	default:
		return nil, &BusyError{}
	}
	for _, key := range []string{pairKey(user, addr), addrKey(addr)} {
		g.tries[key] = append(g.recent(key, now), now)
	}
	g.sweep(now)
	return &Try{g: g, user: user, addr: addr, at: now}, nil
}

// Done ends the try: a failure stays counted; a success is forgotten, with the user's earlier
// failures from the address (its owner got in).
func (t *Try) Done(ok bool) {
	g := t.g
	<-g.hashing
	if !ok {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.tries, pairKey(t.user, t.addr))
	key := addrKey(t.addr)
	ts := g.tries[key]
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Equal(t.at) {
			g.tries[key] = append(ts[:i:i], ts[i+1:]...)
			break
		}
	}
}

// Check tells whether user may present a password from addr now, without reserving a try: for
// credentials already verified (remembered), which cost no hash but must be refused while the
// user is locked out from that address.
func (g *Guard) Check(user, addr string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if wait := g.wait(user, addr, g.now()); wait > 0 {
		return &LockedError{Wait: wait}
	}
	return nil
}

// wait is how long until user may try from addr, 0 if now.
func (g *Guard) wait(user, addr string, now time.Time) time.Duration {
	wait := time.Duration(0)
	for _, k := range []struct {
		key string
		max int
	}{{pairKey(user, addr), g.perPair}, {addrKey(addr), g.perAddr}} {
		if recent := g.recent(k.key, now); len(recent) >= k.max {
			wait = max(wait, recent[len(recent)-k.max].Add(g.window).Sub(now))
		}
	}
	return wait
}

// recent returns the key's tries still in the window, dropping older ones.
func (g *Guard) recent(key string, now time.Time) []time.Time {
	ts := g.tries[key]
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-g.window)) {
		i++
	}
	if i == len(ts) {
		delete(g.tries, key)
		return nil
	}
	ts = ts[i:]
	g.tries[key] = ts
	return ts
}

// sweep drops keys with no try left in the window, at most once a window, so that the map does
// not grow with every address ever seen.
func (g *Guard) sweep(now time.Time) {
	if now.Sub(g.lastSweep) < g.window {
		return
	}
	g.lastSweep = now
	for key := range g.tries {
		g.recent(key, now)
	}
}

// LockedError is a password not checked because of too many failures; its code is ETOOMANY
// (429, with Retry-After).
type LockedError struct{ Wait time.Duration }

func (e *LockedError) Error() string { return e.Unwrap().Error() }

// RetryAfter is the wait, for the Retry-After header.
func (e *LockedError) RetryAfter() time.Duration { return e.Wait }

func (e *LockedError) Unwrap() error {
	return chitieu.NewError(chitieu.ETOOMANY, "credentials", chitieu.RuleTooManySignIns, int(math.Ceil(e.Wait.Minutes())))
}

// BusyError is a password not checked because MaxHashing checks are under way; its code is
// EUNAVAILABLE (503, with Retry-After).
type BusyError struct{}

func (e *BusyError) Error() string { return e.Unwrap().Error() }

// RetryAfter is the wait, for the Retry-After header.
func (e *BusyError) RetryAfter() time.Duration { return time.Second }

func (e *BusyError) Unwrap() error {
	return chitieu.NewError(chitieu.EUNAVAILABLE, "credentials", chitieu.RuleTooManyChecks)
}

type clientKey struct{}

// NewContextWithClient returns ctx carrying the client's address, by which Guard counts.
func NewContextWithClient(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// ClientFromContext is the client's address in ctx, "" when none was put there.
func ClientFromContext(ctx context.Context) string {
	addr, _ := ctx.Value(clientKey{}).(string)
	return addr
}
