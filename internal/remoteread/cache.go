package remoteread

import (
	"sync"

	"chitieu/internal/chitieu"
)

// Bounds of the daily counts kept between reads: a few targets with their units, in at most
// cacheBytes (a year of 2,000 units' parts takes about 12 MiB).
const (
	cacheEntries = 8
	cacheBytes   = 64 << 20
)

// dailyCache keeps the daily counts last computed, for the records' version they were computed
// from: every Grafana refresh asks again the same targets over the same span, and then costs the
// encoding only. A change to the records makes a new version, and the cache holds only the
// newest version's counts, so it never answers from records older than the read's.
type dailyCache struct {
	mu      sync.Mutex
	version uint64
	entries []*cached // most recently used first
	bytes   int
	// projections are the projected ratios of the targets whose projection does not follow
	// the day (the cadre kinds'), by target: one pass over the records each.
	projections map[string]float64
}

type cached struct {
	target string
	byUnit bool
	daily  chitieu.Daily
	bytes  int
}

// get returns counts of the target computed from the records' version, covering from to to, with
// each unit's part when byUnit.
func (c *dailyCache) get(version uint64, target string, byUnit bool, from, to chitieu.Date) (chitieu.Daily, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return chitieu.Daily{}, false
	}
	for i, e := range c.entries {
		last := e.daily.From + chitieu.Date(len(e.daily.Counts)) - 1
		if e.target == target && (e.byUnit || !byUnit) && e.daily.From <= from && to <= last {
			copy(c.entries[1:i+1], c.entries[:i])
			c.entries[0] = e
			return e.daily, true
		}
	}
	return chitieu.Daily{}, false
}

// put keeps counts computed from the records' version, unless a newer version is kept already.
func (c *dailyCache) put(version uint64, target string, byUnit bool, dl chitieu.Daily) {
	size := dailyBytes(dl)
	if size > cacheBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.keeps(version) {
		return
	}
	c.entries = append([]*cached{{target: target, byUnit: byUnit, daily: dl, bytes: size}}, c.entries...)
	c.bytes += size
	for len(c.entries) > cacheEntries || c.bytes > cacheBytes {
		last := len(c.entries) - 1
		c.bytes -= c.entries[last].bytes
		c.entries[last] = nil
		c.entries = c.entries[:last]
	}
}

// keeps tells whether what was computed from the records' version may be kept: not when a newer
// version is kept already; what an older version left is dropped. The caller holds c.mu.
func (c *dailyCache) keeps(version uint64) bool {
	switch {
	case version < c.version:
		return false
	case version > c.version || c.projections == nil:
		c.version, c.entries, c.bytes, c.projections = version, nil, 0, map[string]float64{}
	}
	return true
}

// projection returns a target's projected ratio computed from the records' version.
func (c *dailyCache) projection(version uint64, target string) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.projections[target]
	return v, ok && version == c.version
}

// putProjection keeps a target's projected ratio computed from the records' version, unless a
// newer version is kept already.
func (c *dailyCache) putProjection(version uint64, target string, v float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keeps(version) {
		c.projections[target] = v
	}
}

// dailyBytes is about the memory a Daily takes.
func dailyBytes(dl chitieu.Daily) int {
	const countsBytes, unitBytes = 16, 100 // a Counts; a unit's map entry, UnitDaily and code
	n := len(dl.Counts) * countsBytes
	for _, ud := range dl.ByUnit {
		n += unitBytes + len(ud.Counts)*(countsBytes+1)
	}
	return n
}
