package sqlite

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/password"
)

// UserService keeps users and their API tokens in SQLite and checks credentials.
type UserService struct {
	db *DB
}

var _ chitieu.UserService = (*UserService)(nil)

// NewUserService returns the user service of db.
func NewUserService(db *DB) *UserService { return &UserService{db: db} }

// TokenPrefix begins every API token, so that one is recognised in a log or a leak scan.
const TokenPrefix = "ctk_"

// AdminUsername is the user EnsureAdmin creates.
const AdminUsername = "admin"

// errBadCredentials is the one answer to a failed sign-in: it does not tell an unknown user
// from a wrong password or a disabled user.
func errBadCredentials() error {
	return chitieu.NewError(chitieu.EUNAUTHORIZED, "credentials", chitieu.RuleBadCredentials)
}

// FindUser returns the live user. An admin may see anyone, another user only themself.
func (s *UserService) FindUser(ctx context.Context, username string) (*chitieu.User, error) {
	if u := chitieu.UserFromContext(ctx); u != nil && !u.IsAdmin() && u.Username != username {
		return nil, chitieu.NewError(chitieu.EFORBIDDEN, "role", chitieu.RuleSeeOnlySelf, chitieu.Term(u.Role))
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	row, err := findUserRow(ctx, tx, username)
	if err != nil {
		return nil, err
	}
	return &row.user, nil
}

// FindUsers lists live users by username; admins only.
func (s *UserService) FindUsers(ctx context.Context, page chitieu.Page) ([]*chitieu.User, int, error) {
	if err := requireAdmin(ctx, "list users"); err != nil {
		return nil, 0, err
	}
	if err := page.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	total, err := count(ctx, tx, `SELECT COUNT(*) FROM users WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE deleted_at IS NULL ORDER BY username LIMIT ? OFFSET ?`,
		page.Limit, page.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	users := []*chitieu.User{}
	for rows.Next() {
		var r userRow
		if err := scanUser(rows, &r); err != nil {
			return nil, 0, fmt.Errorf("find users: %w", err)
		}
		users = append(users, &r.user)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	return users, total, nil
}

// CreateUser adds a user with its password; admins only.
func (s *UserService) CreateUser(ctx context.Context, uc *chitieu.UserCreate) error {
	if err := requireAdmin(ctx, "manage users"); err != nil {
		return err
	}
	uc.Unit = chitieu.CleanText(uc.Unit)
	if err := uc.User.Validate(); err != nil {
		return err
	}
	if err := password.Validate(uc.User.Username, uc.Password); err != nil {
		return err
	}
	hash, err := password.Hash(uc.Password) // before the transaction: it takes tens of milliseconds
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createUser(ctx, tx, &uc.User, hash); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.db.creds.clear()
	return nil
}

// UpdateUser changes a user's role, unit, disabled flag or password; admins only. The last
// enabled admin cannot lose the role or be disabled.
func (s *UserService) UpdateUser(ctx context.Context, username string, upd chitieu.UserUpdate) (*chitieu.User, error) {
	if err := requireAdmin(ctx, "manage users"); err != nil {
		return nil, err
	}
	var hash string
	if upd.Password != nil {
		if err := password.Validate(username, *upd.Password); err != nil {
			return nil, err
		}
		var err error
		if hash, err = password.Hash(*upd.Password); err != nil {
			return nil, err
		}
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, err := updateUser(ctx, tx, username, upd, hash)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	s.db.creds.clear()
	return u, nil
}

// DeleteUser marks the user and its tokens deleted; admins only. The last enabled admin stays.
func (s *UserService) DeleteUser(ctx context.Context, username string) error {
	if err := requireAdmin(ctx, "manage users"); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := deleteUser(ctx, tx, username); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.db.creds.clear()
	return nil
}

// Authenticate returns the enabled user with that username and password, or EUNAUTHORIZED.
// Checking a password costs tens of milliseconds by design, and API clients send it with every
// request, so a verified pair is remembered for a few minutes (under a keyed hash, never in
// clear), until any user changes.
//
// Every check goes through the DB's password.Guard, by username and the client's address in ctx
// (password.NewContextWithClient): a try is reserved before the hash, too many failures are
// ETOOMANY, too many hashes at once EUNAVAILABLE; remembered credentials cost no hash but are
// refused too while the user is locked out from the address. Simultaneous checks of the same
// pair (a client's workers after a restart) share one hash and one try.
func (s *UserService) Authenticate(ctx context.Context, username, pw string) (user *chitieu.User, err error) {
	if username == "" || pw == "" {
		return nil, errBadCredentials()
	}
	guard, addr := s.db.passwordGuard(), password.ClientFromContext(ctx)
	if err := guard.Check(username, addr); err != nil {
		return nil, err
	}
	key := s.db.creds.key(username, pw)
	if u, ok := s.db.creds.get(key, s.db.Now()); ok {
		return u, nil
	}
	check, first := s.db.creds.join(key)
	if !first {
		select {
		case <-check.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if errors.Is(check.err, context.Canceled) || errors.Is(check.err, context.DeadlineExceeded) {
			return s.Authenticate(ctx, username, pw) // the first's client left: check again
		} else if check.err != nil {
			return nil, check.err
		}
		u := check.user
		return &u, nil
	}
	defer func() { s.db.creds.leave(key, check, user, err) }()
	gen := s.db.creds.generation()
	try, err := guard.Begin(username, addr)
	if err != nil {
		return nil, err
	}
	defer func() { try.Done(err == nil) }()

	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	row, err := findUserRow(ctx, tx, username)
	tx.Rollback()
	if chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
		password.Verify(dummyHash, pw) // take as long as for a known user
		return nil, errBadCredentials()
	} else if err != nil {
		return nil, err
	}
	ok, err := password.Verify(row.hash, pw)
	if err != nil {
		return nil, fmt.Errorf("user %q: %w", username, err)
	}
	if !ok || row.user.Disabled {
		return nil, errBadCredentials()
	}
	s.db.creds.put(key, row.user, gen, s.db.Now().Add(credentialTTL))
	return &row.user, nil
}

// guardOnce makes a DB's password guard when first needed, on the DB's clock.
type guardOnce struct {
	once  sync.Once
	guard *password.Guard
}

func (db *DB) passwordGuard() *password.Guard {
	db.guard.once.Do(func() { db.guard.guard = password.NewGuard(func() time.Time { return db.Now() }) })
	return db.guard.guard
}

// dummyHash is checked against when the user is unknown, so that the answer takes as long.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$wJt4ICNoCfc1zyRmS4dbr2BnIZzA13XHG6g/f4W1GZ8"

// CreateToken makes an API token for a live, enabled user and returns it; only its SHA-256 is
// kept. An admin may make one for anyone, another user only for themself.
func (s *UserService) CreateToken(ctx context.Context, username string) (string, error) {
	if u := chitieu.UserFromContext(ctx); u != nil && !u.IsAdmin() && u.Username != username {
		return "", chitieu.NewError(chitieu.EFORBIDDEN, "role", chitieu.RuleTokensOnlySelf, chitieu.Term(u.Role))
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	token := TokenPrefix + base64.RawURLEncoding.EncodeToString(secret)

	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if err := createToken(ctx, tx, username, tokenHash(token)); err != nil {
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	return token, nil
}

// AuthenticateToken returns the live, enabled user the token belongs to, or EUNAUTHORIZED.
func (s *UserService) AuthenticateToken(ctx context.Context, token string) (*chitieu.User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "token", chitieu.RuleTokenFormat)
	}
	// An empty username is never checked as a password's, so a token's key meets no pair's.
	key := s.db.creds.key("", token)
	if u, ok := s.db.creds.get(key, s.db.Now()); ok {
		return u, nil
	}
	gen := s.db.creds.generation()
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var r userRow
	err = scanUser(tx.QueryRowContext(ctx, `
		SELECT `+userColumnsOf("u")+` FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.deleted_at IS NULL AND u.deleted_at IS NULL`, tokenHash(token)), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "token", chitieu.RuleTokenUnknown)
	} else if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	if r.user.Disabled {
		return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "token", chitieu.RuleTokenUserDisabled)
	}
	s.db.creds.put(key, r.user, gen, s.db.Now().Add(tokenTTL))
	return &r.user, nil
}

// EnsureAdmin creates the user "admin" with the role admin when there is no live user, with
// the password given, or a random one when it is empty. It returns whether it created the user
// and the password it used, for the caller to show once.
func (s *UserService) EnsureAdmin(ctx context.Context, pw string) (created bool, usedPassword string, err error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return false, "", err
	}
	n, err := count(ctx, tx, `SELECT COUNT(*) FROM users WHERE deleted_at IS NULL`)
	tx.Rollback()
	if err != nil {
		return false, "", fmt.Errorf("ensure admin: %w", err)
	} else if n > 0 {
		return false, "", nil
	}

	if pw == "" {
		secret := make([]byte, 18)
		if _, err := rand.Read(secret); err != nil {
			return false, "", fmt.Errorf("ensure admin: %w", err)
		}
		pw = base64.RawURLEncoding.EncodeToString(secret) // 24 characters
	} else if err := password.Validate(AdminUsername, pw); err != nil {
		return false, "", err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return false, "", err
	}

	wtx, err := s.db.BeginTx(ctx)
	if err != nil {
		return false, "", err
	}
	defer wtx.Rollback()
	// Check again under the write lock: another process may have made a user meanwhile.
	if n, err := count(ctx, wtx, `SELECT COUNT(*) FROM users WHERE deleted_at IS NULL`); err != nil {
		return false, "", fmt.Errorf("ensure admin: %w", err)
	} else if n > 0 {
		return false, "", nil
	}
	if err := createUser(ctx, wtx, &chitieu.User{Username: AdminUsername, Role: chitieu.RoleAdmin}, hash); err != nil {
		return false, "", err
	}
	if err := wtx.Commit(); err != nil {
		return false, "", err
	}
	s.db.creds.clear()
	return true, pw, nil
}

// userRow is a user as stored, with what only the store sees.
type userRow struct {
	id   int64
	hash string
	user chitieu.User
}

const userColumns = `id, password_hash, username, role, COALESCE(unit, ''), disabled, created_at`

func userColumnsOf(alias string) string {
	return alias + ".id, " + alias + ".password_hash, " + alias + ".username, " + alias + ".role, COALESCE(" + alias + ".unit, ''), " +
		alias + ".disabled, " + alias + ".created_at"
}

func scanUser(row interface{ Scan(...any) error }, r *userRow) error {
	return row.Scan(&r.id, &r.hash, &r.user.Username, &r.user.Role, &r.user.Unit, &r.user.Disabled, (*timeCol)(&r.user.CreatedAt))
}

func findUserRow(ctx context.Context, q queryer, username string) (*userRow, error) {
	var r userRow
	err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = ? AND deleted_at IS NULL`, username), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleUserNotFound, username)
	} else if err != nil {
		return nil, fmt.Errorf("find user %q: %w", username, err)
	}
	return &r, nil
}

// auditUser is a user as the audit log shows it: never the password hash, but whether the
// password changed.
type auditUser struct {
	chitieu.User
	PasswordChanged bool `json:"password_changed,omitempty"`
}

func createUser(ctx context.Context, tx *Tx, u *chitieu.User, hash string) error {
	if u.Unit != "" {
		if err := requireLiveUnit(ctx, tx, "unit", u.Unit); err != nil {
			return err
		}
	}
	u.CreatedAt = tx.now
	now := formatTime(tx.now)
	_, err := tx.ExecContext(ctx, `
		INSERT INTO users (username, password_hash, role, unit, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.Username, hash, string(u.Role), nullString(u.Unit), u.Disabled, now, now)
	if isUniqueViolation(err) {
		return chitieu.NewError(chitieu.ECONFLICT, "username", chitieu.RuleUserExists, u.Username)
	} else if err != nil {
		return fmt.Errorf("create user %q: %w", u.Username, err)
	}
	return tx.audit(ctx, chitieu.ActionCreate, "user", u.Username, nil, auditUser{User: *u})
}

func updateUser(ctx context.Context, tx *Tx, username string, upd chitieu.UserUpdate, hash string) (*chitieu.User, error) {
	before, err := findUserRow(ctx, tx, username)
	if err != nil {
		return nil, err
	}
	u := before.user
	if upd.Role != nil {
		u.Role = *upd.Role
	}
	if upd.Unit != nil {
		u.Unit = chitieu.CleanText(*upd.Unit)
	}
	if upd.Disabled != nil {
		u.Disabled = *upd.Disabled
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if u.Unit != "" && u.Unit != before.user.Unit {
		if err := requireLiveUnit(ctx, tx, "unit", u.Unit); err != nil {
			return nil, err
		}
	}
	if isEnabledAdmin(&before.user) && !isEnabledAdmin(&u) {
		if err := checkNotLastAdmin(ctx, tx, before); err != nil {
			return nil, err
		}
	}
	if hash == "" {
		hash = before.hash
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, role = ?, unit = ?, disabled = ?, updated_at = ? WHERE id = ?`,
		hash, string(u.Role), nullString(u.Unit), u.Disabled, formatTime(tx.now), before.id); err != nil {
		return nil, fmt.Errorf("update user %q: %w", username, err)
	}
	if upd.Password != nil {
		// A new password is often set because the old one leaked: the sessions opened with it
		// end too (API tokens stay; they are revoked with the user).
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET deleted_at = ? WHERE user_id = ? AND deleted_at IS NULL`,
			formatTime(tx.now), before.id); err != nil {
			return nil, fmt.Errorf("update user %q: end sessions: %w", username, err)
		}
	}
	if err := tx.audit(ctx, chitieu.ActionUpdate, "user", username, auditUser{User: before.user},
		auditUser{User: u, PasswordChanged: upd.Password != nil}); err != nil {
		return nil, err
	}
	return &u, nil
}

func deleteUser(ctx context.Context, tx *Tx, username string) error {
	before, err := findUserRow(ctx, tx, username)
	if err != nil {
		return err
	}
	if isEnabledAdmin(&before.user) {
		if err := checkNotLastAdmin(ctx, tx, before); err != nil {
			return err
		}
	}
	now := formatTime(tx.now)
	if _, err := tx.ExecContext(ctx, `UPDATE users SET deleted_at = ? WHERE id = ?`, now, before.id); err != nil {
		return fmt.Errorf("delete user %q: %w", username, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tokens SET deleted_at = ? WHERE user_id = ? AND deleted_at IS NULL`, now, before.id); err != nil {
		return fmt.Errorf("delete user %q: tokens: %w", username, err)
	}
	return tx.audit(ctx, chitieu.ActionDelete, "user", username, auditUser{User: before.user}, nil)
}

func isEnabledAdmin(u *chitieu.User) bool { return u.Role == chitieu.RoleAdmin && !u.Disabled }

// checkNotLastAdmin refuses to take away the last enabled admin, which would leave no one able
// to manage users.
func checkNotLastAdmin(ctx context.Context, tx *Tx, r *userRow) error {
	n, err := count(ctx, tx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND deleted_at IS NULL AND id <> ?`, r.id)
	if err != nil {
		return fmt.Errorf("count admins: %w", err)
	} else if n == 0 {
		return chitieu.NewError(chitieu.ECONFLICT, "username", chitieu.RuleLastAdmin, r.user.Username)
	}
	return nil
}

func createToken(ctx context.Context, tx *Tx, username string, hash []byte) error {
	r, err := findUserRow(ctx, tx, username)
	if err != nil {
		return err
	}
	if r.user.Disabled {
		return chitieu.Invalid("username", chitieu.RuleUserDisabled, username)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO tokens (user_id, hash, created_at) VALUES (?, ?, ?)`, r.id, hash, formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	type auditToken struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	}
	return tx.audit(ctx, chitieu.ActionCreate, "token", strconv.FormatInt(id, 10), nil, auditToken{ID: id, Username: username})
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// credentialTTL is how long a verified username and password are remembered.
const credentialTTL = 5 * time.Minute

// tokenTTL is how long a verified API token is remembered: its check is a query, not a
// password hash, so it is kept only long enough to spare the query under a stream of requests,
// and a change made by another process (the command line) shows within it.
const tokenTTL = 10 * time.Second

// maxCredentials bounds the remembered pairs.
const maxCredentials = 4096

// credentialCache remembers recently verified credentials under an HMAC of the pair with a key
// made at start, so that the memory never holds a password or a plain hash of one. Any change
// to users clears it; the generation keeps a check that began before a change from storing
// what it read.
type credentialCache struct {
	once    sync.Once
	secret  []byte
	mu      sync.Mutex
	gen     uint64
	entries map[[sha256.Size]byte]credentialEntry
	checks  map[[sha256.Size]byte]*credentialCheck // under way
}

// credentialCheck is a check of a pair under way, which others with the same pair wait for.
type credentialCheck struct {
	done chan struct{}
	user chitieu.User
	err  error
}

// join returns the check of the pair under way, or a new one and first when there is none: the
// first does the check and calls leave.
func (c *credentialCache) join(k [sha256.Size]byte) (check *credentialCheck, first bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if check := c.checks[k]; check != nil {
		return check, false
	}
	if c.checks == nil {
		c.checks = map[[sha256.Size]byte]*credentialCheck{}
	}
	check = &credentialCheck{done: make(chan struct{})}
	c.checks[k] = check
	return check, true
}

// leave ends the first's check with its outcome, for those waiting.
func (c *credentialCache) leave(k [sha256.Size]byte, check *credentialCheck, u *chitieu.User, err error) {
	c.mu.Lock()
	delete(c.checks, k)
	c.mu.Unlock()
	if u != nil {
		check.user = *u
	}
	check.err = err
	close(check.done)
}

type credentialEntry struct {
	user    chitieu.User
	expires time.Time
}

func (c *credentialCache) key(username, pw string) [sha256.Size]byte {
	c.once.Do(func() {
		c.secret = make([]byte, 32)
		rand.Read(c.secret)
	})
	m := hmac.New(sha256.New, c.secret)
	m.Write([]byte(username))
	m.Write([]byte{0})
	m.Write([]byte(pw))
	var k [sha256.Size]byte
	m.Sum(k[:0])
	return k
}

func (c *credentialCache) get(k [sha256.Size]byte, now time.Time) (*chitieu.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || !now.Before(e.expires) {
		return nil, false
	}
	u := e.user
	return &u, true
}

func (c *credentialCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *credentialCache) put(k [sha256.Size]byte, u chitieu.User, gen uint64, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return // users changed while this pair was checked
	}
	if c.entries == nil || len(c.entries) >= maxCredentials {
		c.entries = map[[sha256.Size]byte]credentialEntry{}
	}
	c.entries[k] = credentialEntry{user: u, expires: expires}
}

func (c *credentialCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.entries = nil
}
