package web

import (
	"sync"
	"time"
)

// limiter counts failed sign-ins in a sliding window, by user and address together and by
// address alone: a guesser is slowed on one account without locking its owner out from
// elsewhere, and one address cannot try many accounts either.
type limiter struct {
	now       func() time.Time
	window    time.Duration
	perPair   int
	perAddr   int
	mu        sync.Mutex
	failures  map[string][]time.Time
	lastSweep time.Time
}

func newLimiter(now func() time.Time, window time.Duration, perPair, perAddr int) *limiter {
	return &limiter{now: now, window: window, perPair: perPair, perAddr: perAddr, failures: map[string][]time.Time{}}
}

func pairKey(user, addr string) string { return "u\x00" + user + "\x00" + addr }
func addrKey(addr string) string       { return "a\x00" + addr }

// Allow tells whether a sign-in of user from addr may be tried now, and if not, how long to
// wait until the oldest failure leaves the window.
func (l *limiter) Allow(user, addr string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	wait := time.Duration(0)
	for _, k := range []struct {
		key string
		max int
	}{{pairKey(user, addr), l.perPair}, {addrKey(addr), l.perAddr}} {
		recent := l.recent(k.key, now)
		if len(recent) >= k.max {
			wait = max(wait, recent[len(recent)-k.max].Add(l.window).Sub(now))
		}
	}
	return wait == 0, wait
}

// Fail records a failed sign-in.
func (l *limiter) Fail(user, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, key := range []string{pairKey(user, addr), addrKey(addr)} {
		l.failures[key] = append(l.recent(key, now), now)
	}
	l.sweep(now)
}

// Succeed forgets the user's failures from the address: its owner got in.
func (l *limiter) Succeed(user, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, pairKey(user, addr))
}

// recent returns the key's failures still in the window, dropping older ones.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	ts := l.failures[key]
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-l.window)) {
		i++
	}
	if i == len(ts) {
		delete(l.failures, key)
		return nil
	}
	ts = ts[i:]
	l.failures[key] = ts
	return ts
}

// sweep drops keys with no failure left in the window, at most once a window, so that the map
// does not grow with every address ever seen.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < l.window {
		return
	}
	l.lastSweep = now
	for key := range l.failures {
		l.recent(key, now)
	}
}
