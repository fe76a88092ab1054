-- Browser sessions of the web pages. Only the SHA-256 of a session's token is kept. A session
-- is live while it is neither signed out (deleted_at) nor expired, and its user is live and
-- enabled: a disabled user's sessions end at once, with no row to update.
CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	hash       BLOB NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE deleted_at IS NULL;
