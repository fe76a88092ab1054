package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"time"

	"chitieu/internal/chitieu"
)

// SessionService keeps the web pages' sessions in SQLite.
type SessionService struct {
	db *DB
}

var _ chitieu.SessionService = (*SessionService)(nil)

// NewSessionService returns the session service of db.
func NewSessionService(db *DB) *SessionService { return &SessionService{db: db} }

// SessionPrefix begins every session token, so that one is recognised in a log or a leak scan.
const SessionPrefix = "cts_"

// auditSession is a session as the audit log shows it: never its token.
type auditSession struct {
	ID        int64     `json:"id"`
	Username  string    `json:"username"`
	ExpiresAt time.Time `json:"expires_at"`
}

// CreateSession starts a session for the live, enabled user. The caller has checked the
// password; the sign-in is audited with the user as its actor.
func (s *SessionService) CreateSession(ctx context.Context, username string) (string, *chitieu.Session, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", nil, fmt.Errorf("session: %w", err)
	}
	token := SessionPrefix + base64.RawURLEncoding.EncodeToString(secret)

	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return "", nil, err
	}
	defer tx.Rollback()
	r, err := findUserRow(ctx, tx, username)
	if err != nil {
		return "", nil, err
	}
	if r.user.Disabled {
		return "", nil, errBadCredentials()
	}
	sess := &chitieu.Session{User: r.user, CreatedAt: tx.now, ExpiresAt: tx.now.Add(chitieu.SessionTTL)}
	res, err := tx.ExecContext(ctx, `INSERT INTO sessions (user_id, hash, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		r.id, tokenHash(token), formatTime(sess.CreatedAt), formatTime(sess.ExpiresAt))
	if err != nil {
		return "", nil, fmt.Errorf("create session: %w", err)
	}
	if sess.ID, err = res.LastInsertId(); err != nil {
		return "", nil, fmt.Errorf("create session: %w", err)
	}
	actx := chitieu.NewContextWithUser(ctx, &r.user)
	if err := tx.audit(actx, chitieu.ActionCreate, "session", strconv.FormatInt(sess.ID, 10), nil,
		auditSession{ID: sess.ID, Username: username, ExpiresAt: sess.ExpiresAt}); err != nil {
		return "", nil, err
	}
	if err := tx.Commit(); err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

// FindSession returns the live session of the token with its user as it is now.
func (s *SessionService) FindSession(ctx context.Context, token string) (*chitieu.Session, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	sess, err := findSession(ctx, tx, token)
	if err != nil {
		return nil, err
	}
	if !s.db.Now().Before(sess.ExpiresAt) {
		return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "session", chitieu.RuleSessionExpired)
	}
	if sess.User.Disabled {
		return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "session", chitieu.RuleSessionUserDisabled)
	}
	return sess, nil
}

// DeleteSession signs the session out. An unknown or already ended token is no error: the
// browser is signed out either way.
func (s *SessionService) DeleteSession(ctx context.Context, token string) error {
	tx, err := s.db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	sess, err := findSession(ctx, tx, token)
	if chitieu.ErrorCode(err) == chitieu.EUNAUTHORIZED {
		return nil
	} else if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET deleted_at = ? WHERE id = ?`, formatTime(tx.now), sess.ID); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	actx := chitieu.NewContextWithUser(ctx, &sess.User)
	if err := tx.audit(actx, chitieu.ActionDelete, "session", strconv.FormatInt(sess.ID, 10),
		auditSession{ID: sess.ID, Username: sess.User.Username, ExpiresAt: sess.ExpiresAt}, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// findSession returns the session of the token that is not signed out and whose user is not
// deleted; expiry and the disabled flag are the caller's to check.
func findSession(ctx context.Context, q queryer, token string) (*chitieu.Session, error) {
	var (
		sess chitieu.Session
		r    userRow
	)
	err := q.QueryRowContext(ctx, `
		SELECT s.id, s.created_at, s.expires_at, `+userColumnsOf("u")+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.hash = ? AND s.deleted_at IS NULL AND u.deleted_at IS NULL`, tokenHash(token)).
		Scan(&sess.ID, (*timeCol)(&sess.CreatedAt), (*timeCol)(&sess.ExpiresAt),
			&r.id, &r.hash, &r.user.Username, &r.user.Role, &r.user.Unit, &r.user.Disabled, (*timeCol)(&r.user.CreatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "session", chitieu.RuleSessionUnknown)
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	sess.User = r.user
	return &sess, nil
}
