package chitieu

import (
	"context"
	"time"
)

// SessionTTL is how long a browser session lasts after sign-in; it is not extended by use, so
// a session left open on a shared computer ends the same day.
const SessionTTL = 12 * time.Hour

// Session is a signed-in browser. Its token is given to the browser once, in a cookie; only
// its hash is kept.
type Session struct {
	ID        int64
	User      User
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionService keeps the sessions of the web pages in the database, so that signing out and
// disabling or deleting a user end them at once.
type SessionService interface {
	// CreateSession starts a session for the live, enabled user and returns its token.
	CreateSession(ctx context.Context, username string) (token string, s *Session, err error)
	// FindSession returns the session of the token with its user, or EUNAUTHORIZED when the token
	// is unknown, signed out or expired, or its user is disabled or deleted.
	FindSession(ctx context.Context, token string) (*Session, error)
	// DeleteSession signs the session of the token out; an unknown token is no error.
	DeleteSession(ctx context.Context, token string) error
}
