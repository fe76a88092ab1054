package sqlite

// Group commit. A durable commit (synchronous=FULL) costs one or two fsyncs, from 0.1 ms to
// several milliseconds on a shared disk; one commit per request would cap writes at a few hundred
// a second on a slow disk. So concurrent write transactions share one SQLite transaction, a
// batch:
//
//   - a Tx is a SAVEPOINT inside the batch. Tx's take turns on the one writer connection, as
//     before; a Tx that fails rolls back to its savepoint and leaves its neighbours' work alone;
//   - when a Tx commits it releases its savepoint and, if another Tx is waiting for the turn,
//     hands the turn on and waits; the last of a run of Tx's, who finds nobody waiting, commits
//     the batch (one fsync for all) and wakes the others;
//   - Commit returns only after the COMMIT that holds the Tx's writes has returned, so nothing is
//     acknowledged before it is on disk, and the Listener hears of a batch's changes, in the order
//     of their savepoints, after that COMMIT and before the next batch begins;
//   - an error that makes SQLite roll back the whole transaction (a full disk, an I/O error)
//     fails every Tx of the batch: none of them was acknowledged.
//
// Nobody waits to fill a batch: a lone write commits at once, and batches grow only when writes
// arrive while a commit is under way.
//
// When the disk refuses writes (full, read-only, I/O errors), the DB remembers it: writes then
// fail at once with EUNAVAILABLE, without touching the disk, until a retry time that backs off
// from 250 ms to 15 s, so that a full disk is not hammered in a tight loop. Reads go on.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"chitieu/internal/chitieu"
)

const (
	// maxBatch bounds the Tx's of one batch, so that the first of them is not kept waiting
	// while new ones keep joining.
	maxBatch = 256

	writeBackoffMin = 250 * time.Millisecond
	writeBackoffMax = 15 * time.Second
)

// writer is the state of the writer connection.
type writer struct {
	waiting atomic.Int32 // BeginTx calls waiting for the turn
	batch   *batch       // the open batch; only the holder of the turn touches it
	commits atomic.Int64 // batches committed
	txs     atomic.Int64 // Tx's committed in them

	mu      sync.Mutex
	failure error     // why the last write failed, while the disk refuses writes
	since   time.Time // when writes began to fail
	retryAt time.Time // no write is tried before this
	backoff time.Duration
}

// batch is one SQLite transaction shared by the Tx's that ran in it.
type batch struct {
	conn    *sql.Conn
	members int              // Tx's released into it
	changes []chitieu.Change // theirs, in order
	done    chan struct{}    // closed when the batch has ended
	err     error            // the batch's outcome, set before done is closed
}

// Tx is a write transaction: a savepoint in the current batch on the writer connection. It holds
// the writer's turn until Commit or Rollback, carries the transaction's time, and collects the
// changes to hand to the Listener after the commit.
//
// Its statements run without the caller's cancellation: interrupting a statement could roll
// back the whole batch, neighbours' writes included.
type Tx struct {
	db      *DB
	batch   *batch
	now     time.Time    // the time of the transaction, UTC
	today   chitieu.Date // its civil day
	actor   string       // who writes, for the changes
	changes []chitieu.Change
	done    bool
}

// BeginTx starts a write transaction, waiting for the turn on the writer.
func (db *DB) BeginTx(ctx context.Context) (*Tx, error) {
	if db.rw == nil {
		return nil, chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleDatabaseClosed)
	}
	if err := db.w.pausedError(); err != nil {
		return nil, err
	}
	db.w.waiting.Add(1)
	select {
	case db.writeLock <- struct{}{}:
		db.w.waiting.Add(-1)
	case <-ctx.Done():
		db.w.waiting.Add(-1)
		db.commitIfIdle() // the holder may have handed the turn on to us
		return nil, ctx.Err()
	}
	b := db.w.batch
	if b == nil {
		if err := db.w.pausedError(); err != nil { // another write failed while this one waited
			<-db.writeLock
			return nil, err
		}
		var err error
		if b, err = db.beginBatch(ctx); err != nil {
			<-db.writeLock
			return nil, err
		}
	}
	// One name serves: the Tx's of a batch run one after the other, each released before the
	// next begins, and the statements stay in the connection's cache.
	if _, err := b.conn.ExecContext(context.Background(), "SAVEPOINT tx"); err != nil {
		db.endBatch(b, db.writeError("savepoint", err))
		<-db.writeLock
		return nil, b.err
	}
	now := db.Now()
	return &Tx{db: db, batch: b, now: now.UTC(), today: chitieu.DateOf(now.In(db.Location)), actor: chitieu.ActorFromContext(ctx)}, nil
}

// beginBatch opens a batch: an immediate transaction on the writer connection. The caller holds
// the turn.
func (db *DB) beginBatch(ctx context.Context) (*batch, error) {
	conn, err := db.rw.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		conn.Close()
		return nil, db.writeError("begin", err)
	}
	b := &batch{conn: conn, done: make(chan struct{})}
	db.w.batch = b
	return b, nil
}

// ExecContext runs a statement in the transaction.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := tx.batch.conn.ExecContext(context.WithoutCancel(ctx), query, args...)
	return res, tx.db.statementError(err)
}

// QueryContext runs a query in the transaction.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := tx.batch.conn.QueryContext(context.WithoutCancel(ctx), query, args...)
	return rows, tx.db.statementError(err)
}

// QueryRowContext runs a query for one row in the transaction.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.batch.conn.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}

// PrepareContext prepares a statement for the transaction, for loads of many rows. Errors of its
// executions are not classed as disk errors: bulk loads are for tools and benchmarks.
func (tx *Tx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	stmt, err := tx.batch.conn.PrepareContext(context.WithoutCancel(ctx), query)
	return stmt, tx.db.statementError(err)
}

// Commit releases the transaction's savepoint into its batch and returns once the batch is
// committed (or has failed); the Listener has then heard of the changes.
func (tx *Tx) Commit() error {
	if tx.done {
		return sql.ErrTxDone
	}
	tx.done = true
	db, b := tx.db, tx.batch
	if err := tx.release(false); err != nil {
		db.endBatch(b, err)
		<-db.writeLock
		return b.err
	}
	b.members++
	b.changes = append(b.changes, tx.changes...)
	if db.w.waiting.Load() > 0 && b.members < maxBatch {
		<-db.writeLock // the next Tx joins the batch; one of a later run commits it
		db.handedOn()
		<-b.done
		return b.err
	}
	db.commitBatch(b)
	<-db.writeLock
	return b.err
}

// Rollback abandons the transaction's writes and leaves the batch to the others; after Commit it
// does nothing, so that it can be deferred.
func (tx *Tx) Rollback() error {
	if tx.done {
		return nil
	}
	tx.done = true
	db, b := tx.db, tx.batch
	if err := tx.release(true); err != nil {
		db.endBatch(b, err)
		<-db.writeLock
		return err
	}
	switch {
	case db.w.waiting.Load() > 0 && b.members < maxBatch: // the next Tx carries the batch on
		<-db.writeLock
		db.handedOn()
		return nil
	case b.members > 0:
		db.commitBatch(b)
	default:
		db.endBatch(b, nil) // nothing to keep
	}
	<-db.writeLock
	return nil
}

// handedOn follows a Tx's handing the turn and its open batch on to a waiting one: if every
// waiter gave up meanwhile (after the Tx saw them, before it let the turn go), nobody would
// carry the batch on, so it is committed here.
func (db *DB) handedOn() {
	if db.w.waiting.Load() == 0 {
		db.commitIfIdle()
	}
}

// release ends the savepoint, keeping its writes or not, and makes sure SQLite has not rolled
// back the whole transaction (as it may on a full disk or an I/O error).
func (tx *Tx) release(rollback bool) error {
	conn := tx.batch.conn
	bg := context.Background()
	if rollback {
		if _, err := conn.ExecContext(bg, "ROLLBACK TO tx"); err != nil {
			return tx.db.writeError("rollback", err)
		}
	}
	if _, err := conn.ExecContext(bg, "RELEASE tx"); err != nil {
		return tx.db.writeError("release", err)
	}
	if autocommit(conn) {
		return chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleWriteRolledBack)
	}
	return nil
}

// autocommit tells whether the connection is outside any transaction.
func autocommit(conn *sql.Conn) bool {
	ac := false
	_ = conn.Raw(func(dc any) error {
		if c, ok := dc.(*sqlite3.SQLiteConn); ok {
			ac = c.AutoCommit()
		}
		return nil
	})
	return ac
}

// commitBatch commits the batch, then tells the Listener of its changes. The caller holds the
// turn.
func (db *DB) commitBatch(b *batch) {
	if db.CommitDelay > 0 {
		time.Sleep(db.CommitDelay)
	}
	if _, err := b.conn.ExecContext(context.Background(), "COMMIT"); err != nil {
		db.endBatch(b, db.writeError("commit", err))
		return
	}
	db.w.commits.Add(1)
	db.w.txs.Add(int64(b.members))
	db.w.succeeded(db)
	if db.Listener != nil && len(b.changes) > 0 {
		db.Listener.RecordsChanged(b.changes...)
	}
	db.closeBatch(b, nil)
}

// endBatch rolls the batch back: err fails every Tx of it, or nil when none kept any write.
func (db *DB) endBatch(b *batch, err error) {
	if !autocommit(b.conn) {
		_, _ = b.conn.ExecContext(context.Background(), "ROLLBACK")
	}
	if err != nil && b.members > 0 && chitieu.ErrorCode(err) == chitieu.EINTERNAL {
		// The neighbours did nothing wrong: they may try again.
		err = fmt.Errorf("%w: %w", chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleWriteNotSaved), err)
	}
	db.closeBatch(b, err)
}

func (db *DB) closeBatch(b *batch, err error) {
	b.err = err
	b.conn.Close()
	db.w.batch = nil
	close(b.done)
}

// commitIfIdle takes the turn if it is free and commits the open batch if nobody waits to join
// it: a Tx that handed the turn on to a caller that then gave up leaves its batch open.
func (db *DB) commitIfIdle() {
	select {
	case db.writeLock <- struct{}{}:
	default:
		return // its holder will see to the batch
	}
	if b := db.w.batch; b != nil && db.w.waiting.Load() == 0 {
		db.commitBatch(b)
	}
	<-db.writeLock
}

// closeWriter waits for the turn and commits a batch left open; for Close.
func (db *DB) closeWriter() {
	if db.writeLock == nil || db.rw == nil {
		return
	}
	db.writeLock <- struct{}{}
	if b := db.w.batch; b != nil {
		db.commitBatch(b)
	}
	<-db.writeLock
}

// diskErrors are the SQLite errors that say the disk, not the request, is at fault.
var diskErrors = map[sqlite3.ErrNo]string{
	sqlite3.ErrFull:     "the disk is full",
	sqlite3.ErrReadonly: "the database is read-only",
	sqlite3.ErrIoErr:    "disk I/O error",
	sqlite3.ErrCantOpen: "the database file cannot be opened",
	sqlite3.ErrPerm:     "permission denied",
	sqlite3.ErrCorrupt:  "the database file is damaged",
	sqlite3.ErrNotADB:   "the file is not a database",
}

// diskError returns the reason when err is an error of the disk.
func diskError(err error) (string, bool) {
	var e sqlite3.Error
	if !errors.As(err, &e) {
		return "", false
	}
	reason, ok := diskErrors[e.Code]
	return reason, ok
}

// writeError wraps an error of a write step; an error of the disk becomes EUNAVAILABLE and pauses
// the writes.
func (db *DB) writeError(step string, err error) error {
	reason, ok := diskError(err)
	if !ok {
		return fmt.Errorf("%s: %w", step, err)
	}
	db.w.failed(db, reason, err)
	return fmt.Errorf("%w: %s: %w", chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleWritesPaused, reason), step, err)
}

// statementError is writeError for a statement of a Tx; other errors (constraints) pass as they
// are, for the services to recognise.
func (db *DB) statementError(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := diskError(err); ok {
		return db.writeError("statement", err)
	}
	return err
}

// failed records that the disk refused a write and sets when the next may be tried.
func (w *writer) failed(db *DB, reason string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now() // the wall clock, not db.Now: tests set that to a fixed day
	if w.failure == nil {
		w.since, w.backoff = now, writeBackoffMin
		db.logger().Error("database: writes fail; writes are refused with 503 and retried with back-off, reads go on", "reason", reason, "err", err)
	} else {
		w.backoff = min(2*w.backoff, writeBackoffMax)
	}
	w.failure = fmt.Errorf("%s: %w", reason, err)
	w.retryAt = now.Add(w.backoff)
}

// succeeded records a committed write.
func (w *writer) succeeded(db *DB) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failure != nil {
		db.logger().Info("database: writes work again", "failing_for", time.Since(w.since).Round(time.Millisecond))
		w.failure = nil
	}
}

// pausedError is the error of a write refused while the writes back off.
func (w *writer) pausedError() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failure == nil || !time.Now().Before(w.retryAt) {
		return nil
	}
	return fmt.Errorf("%w: %w", chitieu.NewError(chitieu.EUNAVAILABLE, "database", chitieu.RuleWritesPausedUntil,
		w.failure.Error(), w.retryAt.UTC().Format(time.RFC3339)), w.failure)
}

// Writable tells whether the last write reached the disk: false, with the reason, from a write
// that the disk refused until one succeeds again.
func (db *DB) Writable() (bool, error) {
	db.w.mu.Lock()
	defer db.w.mu.Unlock()
	return db.w.failure == nil, db.w.failure
}

// CommitStats returns how many batches were committed since Open and how many write
// transactions they held.
func (db *DB) CommitStats() (commits, txs int64) { return db.w.commits.Load(), db.w.txs.Load() }

func (db *DB) logger() *slog.Logger {
	if db.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return db.Logger
}

// changed records a change for the Listener.
func (tx *Tx) changed(c chitieu.Change) {
	c.Actor = tx.actor
	tx.changes = append(tx.changes, c)
}

// write runs f in one write transaction and commits it, for the service methods whose work is a
// single (ctx, tx) helper.
func (db *DB) write(ctx context.Context, f func(tx *Tx) error) error {
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// writeReturning is write for a helper that also returns the record as written.
func writeReturning[T any](ctx context.Context, db *DB, f func(tx *Tx) (T, error)) (T, error) {
	var out T
	err := db.write(ctx, func(tx *Tx) (err error) {
		out, err = f(tx)
		return err
	})
	return out, err
}
