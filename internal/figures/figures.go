// Package figures keeps the records the targets are computed from in memory, following the
// database through the changes its store reports, and keeps a snapshot of every figure current
// so that a scrape of /metrics reads memory, never the tables.
package figures

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"chitieu/internal/chitieu"
)

// Keeper owns the in-memory dataset and the current snapshot. Writers hand it their committed
// changes (RecordsChanged), which only queue them; one goroutine (Run) applies the queue, so a
// write never waits for the figures. A change of a cadre, training record or youth report
// updates the snapshot by what it touches (chitieu.Figures.Apply) at once, in Run, with the
// others queued meanwhile as one batch; a reader (a scrape, the API's figures) that comes first
// waits for it, or applies them itself when Run is not running. Any other change, and the day
// changing, has Run recompute every figure, spaced out under a stream of such changes.
type Keeper struct {
	now func() time.Time
	loc *time.Location
	log *slog.Logger

	// OnRefresh, when set, is told how long each snapshot took to compute.
	OnRefresh func(time.Duration)
	// OnSnapshot, when set, is called with each new snapshot after it is stored (the scrape
	// encodes it), by Run or New.
	OnSnapshot func(*chitieu.Snapshot)

	// MinInterval and MaxShare, when set, space out the full refreshes under a steady stream of
	// writes that need one, which would otherwise spend a core recomputing the figures after every commit:
	// Run leaves at least MinInterval between the starts of two refreshes, and enough time
	// that refreshing takes at most MaxShare of one core (a refresh that took 50 ms with a
	// MaxShare of 0.1 is followed by one 500 ms later at the soonest), which matters as the
	// records grow. Changes that arrive meanwhile are all in the next refresh; until then a
	// reader who made one of them gets figures computed afresh (TargetProgress), the others
	// the snapshot. Zero values refresh after every change.
	MinInterval time.Duration
	MaxShare    float64
	// BatchInterval, when set, is the least time between the starts of two batches of changes
	// applied by their parts: under a stream of writes Run waits out the rest of it, so that
	// the writes that come meanwhile are applied, published and encoded as one batch. Zero
	// applies each change as soon as Run is free.
	BatchInterval time.Duration

	mu  sync.RWMutex // guards ds and fig
	ds  *chitieu.Dataset
	fig *chitieu.Figures // the figures ds reflects, kept by the change; nil until a full refresh
	// incremental tells (without k.mu) that fig is kept: queued changes can be applied by their
	// parts at once.
	incremental atomic.Bool
	running     atomic.Bool // Run is applying the changes: readers wait for it

	pendingMu sync.Mutex
	pending   []chitieu.Change
	received  uint64 // changes queued so far
	// lastChangeBy is, for each actor with a change not yet in the snapshot, the count of
	// changes received up to their last one.
	lastChangeBy map[string]uint64
	dsApplied    atomic.Uint64 // changes written into ds

	wake chan struct{} // has a value when there is work for Run

	snapMu  sync.Mutex
	snapNew *sync.Cond // broadcast when a snapshot is stored
	snap    *chitieu.Snapshot
	applied uint64 // changes reflected in snap
}

// New returns a keeper of ds, whose days are civil days of now() in loc. It computes the first
// snapshot before returning.
func New(ds *chitieu.Dataset, now func() time.Time, loc *time.Location, log *slog.Logger) *Keeper {
	k := &Keeper{now: now, loc: loc, log: log, ds: ds, wake: make(chan struct{}, 1), lastChangeBy: map[string]uint64{}}
	k.snapNew = sync.NewCond(&k.snapMu)
	k.refresh()
	return k
}

// Today is the current civil day in the keeper's time zone.
func (k *Keeper) Today() chitieu.Date { return chitieu.DateOf(k.now().In(k.loc)) }

// Location is the keeper's time zone.
func (k *Keeper) Location() *time.Location { return k.loc }

// RecordsChanged queues committed changes for the next snapshot.
func (k *Keeper) RecordsChanged(changes ...chitieu.Change) {
	k.pendingMu.Lock()
	k.pending = append(k.pending, changes...)
	for _, c := range changes {
		k.received++
		k.lastChangeBy[c.Actor] = k.received
	}
	k.pendingMu.Unlock()
	k.signal()
}

func (k *Keeper) signal() {
	select {
	case k.wake <- struct{}{}:
	default: // a refresh is already due; it will see these changes too
	}
}

// Run computes a new snapshot after changes and at the start of each day, until ctx ends.
// Changes applied by their parts are applied in a batch, whatever queued meanwhile, and the
// snapshot published and encoded once for the batch; so they are during the wait after a full
// refresh too, so that readers can wait for Run rather than apply them on their path.
func (k *Keeper) Run(ctx context.Context) {
	k.running.Store(true)
	defer func() {
		k.running.Store(false)
		k.wakeReaders()
	}()
	stale := false      // a change waits for a full refresh
	var batch time.Time // when the last batch started
	update := func() bool {
		if wait := k.BatchInterval - time.Since(batch); wait > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
		}
		batch = time.Now()
		return k.update()
	}
	for {
		if !stale {
			// Measured on the keeper's clock, which tests may set in the past.
			nextDay := max(k.Today().End(k.loc).Sub(k.now()), 0)
			timer := time.NewTimer(nextDay + time.Second)
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case <-k.wake:
			case <-timer.C:
			}
			timer.Stop()
			if update() {
				continue // every change applied by its parts: no full refresh, no gap
			}
		}
		start := time.Now()
		k.refresh()
		stale = false
		gap := time.NewTimer(max(k.refreshGap(time.Since(start)), 0))
	wait:
		for {
			select {
			case <-ctx.Done():
				gap.Stop()
				return
			case <-gap.C:
				break wait
			case <-k.wake:
				stale = !update() || stale
			}
		}
	}
}

// update applies the queued changes and tells whether the figures are current without a full
// refresh: every change was applied by its parts, on today's figures.
func (k *Keeper) update() bool {
	k.applyPending()
	k.mu.RLock()
	ok := k.fig != nil && k.fig.Day() == k.Today()
	k.mu.RUnlock()
	if ok && k.OnSnapshot != nil {
		k.OnSnapshot(k.published())
	}
	return ok
}

// refreshGap is how long Run waits after a full refresh that took took.
func (k *Keeper) refreshGap(took time.Duration) time.Duration {
	gap := k.MinInterval
	if k.MaxShare > 0 {
		gap = max(gap, time.Duration(float64(took)/k.MaxShare))
	}
	return gap - took
}

// applyPending writes the queued changes into the dataset and returns how many changes the
// dataset reflects once the caller holds k.mu. Changes are drained only under k.mu's write lock,
// so a caller that finds the queue empty and then takes the read lock sees every change applied.
func (k *Keeper) applyPending() uint64 {
	k.pendingMu.Lock()
	empty, received := len(k.pending) == 0, k.received
	k.pendingMu.Unlock()
	if empty {
		return received
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.drainLocked()
}

// drainLocked writes the queued changes into the dataset and returns how many changes it
// reflects. The caller holds k.mu's write lock.
func (k *Keeper) drainLocked() uint64 {
	k.pendingMu.Lock()
	changes, received := k.pending, k.received
	k.pending = nil
	k.pendingMu.Unlock()
	if k.fig != nil && k.fig.Day() != k.Today() {
		k.fig = nil // the day changed: a full refresh computes the new day's figures
	}
	switch {
	case len(changes) == 0:
	case k.fig != nil:
		// One batch: its parts of the figures copied once. Nil when a change needs a full
		// refresh, every change written into ds all the same.
		k.fig = k.fig.Apply(k.ds, changes...)
	default:
		for _, c := range changes {
			k.ds.Apply(c)
		}
	}
	if k.incremental.Swap(k.fig != nil) && k.fig == nil {
		k.wakeReaders() // they no longer wait for the figures kept by the change
	}
	k.dsApplied.Store(received)
	if k.fig != nil && len(changes) > 0 {
		k.publish(k.fig.Snapshot(), received)
	}
	return received
}

// catchUpFigures makes the snapshot hold the changes queued so far before it is read, when the
// figures are kept by the change, so that a write shows at once. While Run runs the reader
// waits for it: Run applies every queued change in one batch and publishes and encodes once,
// where readers applying them would each publish a snapshot to encode. Without Run, the reader
// applies them, waiting for the write lock.
func (k *Keeper) catchUpFigures() {
	if !k.incremental.Load() {
		return
	}
	k.pendingMu.Lock()
	want := k.received
	k.pendingMu.Unlock()
	k.snapMu.Lock()
	for k.applied < want && k.running.Load() && k.incremental.Load() {
		k.snapNew.Wait()
	}
	current := k.applied >= want
	k.snapMu.Unlock()
	if !current && !k.running.Load() && k.incremental.Load() {
		// Under the lock Run may hold, so that a drain under way is seen published.
		k.mu.Lock()
		k.drainLocked()
		k.mu.Unlock()
	}
}

// wakeReaders wakes the readers waiting in catchUpFigures to look again.
func (k *Keeper) wakeReaders() {
	k.snapMu.Lock()
	k.snapNew.Broadcast()
	k.snapMu.Unlock()
}

// published returns the current snapshot as it is, queued changes left to Run.
func (k *Keeper) published() *chitieu.Snapshot {
	k.snapMu.Lock()
	defer k.snapMu.Unlock()
	return k.snap
}

// catchUp applies the queued changes before actor reads the records: always when some of them
// are actor's own, so that everyone reads their own writes; otherwise only when the dataset is
// free at once. A refresh holds it while it computes (0.65 s at 200,000 cadres), and so do
// other readers; a reader who made none of the changes then reads without them rather than
// wait, and they show by the next refresh at the latest. While Run applies changes by their
// parts, it alone drains them (one batch, published and encoded once): actor waits for its
// next batch when some are actor's own, and the others read without waiting.
func (k *Keeper) catchUp(actor string) {
	batching := k.running.Load() && k.incremental.Load()
	if batching && k.owns(actor) {
		k.catchUpFigures()
	}
	k.pendingMu.Lock()
	pending := len(k.pending) > 0
	k.pendingMu.Unlock()
	switch {
	case k.owns(actor): // without Run, or Run turned to a full refresh meanwhile
		k.applyPending()
	case pending && !batching && k.mu.TryLock():
		k.drainLocked()
		k.mu.Unlock()
	}
}

// owns tells whether some of the changes not yet in the dataset are actor's.
func (k *Keeper) owns(actor string) bool {
	k.pendingMu.Lock()
	defer k.pendingMu.Unlock()
	return k.lastChangeBy[actor] > k.dsApplied.Load()
}

// refresh applies the queued changes and computes every figure of today from every record.
func (k *Keeper) refresh() {
	received := k.applyPending()
	start := time.Now()
	k.mu.RLock()
	fig := k.ds.Figures(k.Today())
	k.mu.RUnlock()
	took := time.Since(start)
	if k.OnRefresh != nil {
		k.OnRefresh(took)
	}
	k.mu.Lock()
	if k.dsApplied.Load() == received {
		k.fig = fig
		k.incremental.Store(true)
	} else {
		k.signal() // changes applied meanwhile are not in fig: another refresh follows
	}
	k.mu.Unlock()
	k.publish(fig.Snapshot(), received)
	if k.OnSnapshot != nil {
		k.OnSnapshot(k.published())
	}
	if k.log != nil {
		k.log.Debug("figures refreshed", "took", took, "changes", received)
	}
}

// publish makes snap, which reflects received changes, the current snapshot, unless one that
// reflects more is.
func (k *Keeper) publish(snap *chitieu.Snapshot, received uint64) {
	k.snapMu.Lock()
	if received < k.applied {
		k.snapMu.Unlock()
		return
	}
	k.snap, k.applied = snap, received
	k.snapNew.Broadcast()
	k.snapMu.Unlock()
	k.pendingMu.Lock()
	for actor, last := range k.lastChangeBy {
		if last <= received {
			delete(k.lastChangeBy, actor)
		}
	}
	k.pendingMu.Unlock()
}

// Snapshot returns the current snapshot, with the changes queued so far when they apply by
// their parts; it must not be modified.
func (k *Keeper) Snapshot() *chitieu.Snapshot {
	k.catchUpFigures()
	k.snapMu.Lock()
	defer k.snapMu.Unlock()
	return k.snap
}

// WaitCurrent blocks until the snapshot reflects every change queued before the call, or ctx
// ends. Run must be running.
func (k *Keeper) WaitCurrent(ctx context.Context) error {
	k.pendingMu.Lock()
	want := k.received
	k.pendingMu.Unlock()
	stop := context.AfterFunc(ctx, func() {
		k.snapMu.Lock()
		k.snapNew.Broadcast()
		k.snapMu.Unlock()
	})
	defer stop()
	k.snapMu.Lock()
	defer k.snapMu.Unlock()
	for k.applied < want {
		if err := ctx.Err(); err != nil {
			return err
		}
		k.snapNew.Wait()
	}
	return nil
}

// TargetProgress returns a target's figures on day d, with every change the context's actor
// made so far: from the snapshot when it holds them, computed afresh when it does not yet.
func (k *Keeper) TargetProgress(ctx context.Context, code string, d chitieu.Date) (chitieu.Progress, error) {
	if p, ok := k.fromSnapshot(chitieu.ActorFromContext(ctx), code, d); ok {
		return p, nil
	}
	var p chitieu.Progress
	err := k.read(code, func(ds *chitieu.Dataset, t *chitieu.Target) { p = ds.Progress(t, d) })
	return p, err
}

// fromSnapshot returns a target's progress on d from the snapshot, when it holds every change
// actor made (see currentSnapshot).
func (k *Keeper) fromSnapshot(actor, code string, d chitieu.Date) (chitieu.Progress, bool) {
	snap := k.currentSnapshot(actor, d)
	if snap == nil {
		return chitieu.Progress{}, false
	}
	for i := range snap.Targets {
		if snap.Targets[i].Target.Code == code {
			return snap.Targets[i].Progress, true
		}
	}
	return chitieu.Progress{}, false
}

// currentSnapshot returns the snapshot when it is of day d and holds every change actor made,
// else nil. A reader then sees its own writes, and others' within a refresh, without the cost of
// computing the figures afresh, which the busiest reads (GET /targets, the overview) would
// otherwise pay at every request under a stream of writes.
func (k *Keeper) currentSnapshot(actor string, d chitieu.Date) *chitieu.Snapshot {
	k.catchUpFigures()
	k.pendingMu.Lock()
	own := k.lastChangeBy[actor]
	k.pendingMu.Unlock()
	k.snapMu.Lock()
	snap, applied := k.snap, k.applied
	k.snapMu.Unlock()
	if snap == nil || applied < own || snap.Day != d {
		return nil
	}
	return snap
}

// Commitments returns the figures of the plan's other commitments on day d, with every change
// the context's actor made so far, as TargetProgress does.
func (k *Keeper) Commitments(ctx context.Context, d chitieu.Date) (chitieu.Commitments, error) {
	if snap := k.currentSnapshot(chitieu.ActorFromContext(ctx), d); snap != nil {
		return snap.Commitments, nil
	}
	var c chitieu.Commitments
	k.readAll(func(ds *chitieu.Dataset) { c = ds.Commitments(d) })
	return c, nil
}

// FindCadres lists cadres from the records in memory (chitieu.Dataset.FindCadres) as of today,
// with every change the context's actor made and the others' as catchUp applies them.
func (k *Keeper) FindCadres(ctx context.Context, f chitieu.CadreFilter) ([]*chitieu.Cadre, int, error) {
	k.catchUp(chitieu.ActorFromContext(ctx))
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.ds.FindCadres(f, k.Today())
}

// Cadres is a CadreService whose lists come from a keeper's records in memory, so that the
// busiest list, a unit's cadres, costs no query; the rest is the wrapped store's.
type Cadres struct {
	chitieu.CadreService
	Keeper *Keeper
}

// FindCadres lists cadres from the keeper.
func (c Cadres) FindCadres(ctx context.Context, f chitieu.CadreFilter) ([]*chitieu.Cadre, int, error) {
	return c.Keeper.FindCadres(ctx, f)
}

// TargetHistory computes a target's figures on each of days.
func (k *Keeper) TargetHistory(ctx context.Context, code string, days []chitieu.Date) ([]chitieu.Progress, error) {
	var h []chitieu.Progress
	err := k.read(code, func(ds *chitieu.Dataset, t *chitieu.Target) { h = ds.History(t, days) })
	return h, err
}

// ReadRecords runs f on the records with every queued change applied, under the read lock, and
// their version: the count of changes applied, so that what is kept from a computation over
// them (Prometheus's remote read) is known to be out of date after a late entry.
func (k *Keeper) ReadRecords(f func(ds *chitieu.Dataset, version uint64)) {
	k.readAll(func(ds *chitieu.Dataset) { f(ds, k.dsApplied.Load()) })
}

// read runs f on the dataset and the target (see readAll).
func (k *Keeper) read(code string, f func(*chitieu.Dataset, *chitieu.Target)) error {
	var err error
	k.readAll(func(ds *chitieu.Dataset) {
		if t := ds.Target(code); t != nil {
			f(ds, t)
		} else {
			err = chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleTargetNotFound, code)
		}
	})
	return err
}

// readAll runs f on the dataset after applying the queued changes, so that a client reads its
// own writes.
func (k *Keeper) readAll(f func(*chitieu.Dataset)) {
	k.catchUpFigures() // Run applies them, when it can
	k.applyPending()
	k.mu.RLock()
	defer k.mu.RUnlock()
	f(k.ds)
}

var (
	_ chitieu.FigureService  = (*Keeper)(nil)
	_ chitieu.ChangeListener = (*Keeper)(nil)
)
