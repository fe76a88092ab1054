-- The first schema of chitieu.
--
-- Dates are TEXT in YYYY-MM-DD (CHECKed with date()), instants TEXT in RFC 3339 UTC. Nothing is
-- ever deleted: every record table has deleted_at, set when the record is deleted, and a
-- trigger refuses a real DELETE. Reads and uniqueness look at live rows (deleted_at IS NULL),
-- except unit and target codes, which are primary keys and so are never given twice: they are
-- metric labels, and history must not change meaning.

CREATE TABLE units (
	code       TEXT PRIMARY KEY,
	name       TEXT NOT NULL CHECK (name <> ''),
	parent     TEXT REFERENCES units (code), -- NULL for a root
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	CHECK (parent IS NULL OR parent <> code)
);
CREATE INDEX units_parent ON units (parent) WHERE deleted_at IS NULL;

CREATE TABLE cadres (
	id         INTEGER PRIMARY KEY,
	full_name  TEXT NOT NULL CHECK (full_name <> ''),
	search_key TEXT NOT NULL, -- chitieu.SearchKey(full_name): lower case, no diacritics; matched with LIKE '%...%', which no index serves
	unit       TEXT NOT NULL REFERENCES units (code),
	position   TEXT NOT NULL DEFAULT '',
	full_time  INTEGER NOT NULL CHECK (full_time IN (0, 1)),
	joined_on  TEXT NOT NULL CHECK (joined_on = date(joined_on)),
	left_on    TEXT CHECK (left_on IS NULL OR (left_on = date(left_on) AND left_on > joined_on)),
	birth_date TEXT CHECK (birth_date IS NULL OR birth_date = date(birth_date)),
	gender     TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE INDEX cadres_unit ON cadres (unit) WHERE deleted_at IS NULL;

CREATE TABLE trainings (
	id           INTEGER PRIMARY KEY,
	cadre_id     INTEGER NOT NULL REFERENCES cadres (id),
	kind         TEXT NOT NULL CHECK (kind IN ('political_theory', 'education', 'professional')),
	level        TEXT NOT NULL DEFAULT '', -- '' for professional courses
	rank         INTEGER NOT NULL DEFAULT 0, -- chitieu.Rank(kind, level)
	course       TEXT NOT NULL DEFAULT '',
	provider     TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'completed', 'dropped')),
	started_on   TEXT CHECK (started_on IS NULL OR started_on = date(started_on)),
	expected_on  TEXT CHECK (expected_on IS NULL OR expected_on = date(expected_on)),
	completed_on TEXT CHECK (completed_on IS NULL OR completed_on = date(completed_on)),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT,
	CHECK ((status = 'completed') = (completed_on IS NOT NULL))
);
-- A cadre's level of a kind: its best completed record, highest rank then earliest.
CREATE INDEX trainings_level ON trainings (cadre_id, kind, status, rank DESC, completed_on) WHERE deleted_at IS NULL;
CREATE INDEX trainings_kind_status ON trainings (kind, status) WHERE deleted_at IS NULL;
CREATE INDEX trainings_status ON trainings (status) WHERE deleted_at IS NULL;

CREATE TABLE youth_reports (
	id                  INTEGER PRIMARY KEY,
	unit                TEXT NOT NULL REFERENCES units (code),
	reported_on         TEXT NOT NULL CHECK (reported_on = date(reported_on)),
	youth_population    INTEGER NOT NULL CHECK (youth_population >= 0),
	union_members       INTEGER NOT NULL CHECK (union_members >= 0),
	association_members INTEGER NOT NULL CHECK (association_members >= 0),
	gathered            INTEGER NOT NULL CHECK (gathered >= 0),
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL,
	deleted_at          TEXT,
	CHECK (gathered >= max(union_members, association_members)
		AND gathered <= min(youth_population, union_members + association_members))
);
-- One live report per unit and day.
CREATE UNIQUE INDEX youth_reports_unit_day ON youth_reports (unit, reported_on) WHERE deleted_at IS NULL;

CREATE TABLE targets (
	code           TEXT PRIMARY KEY,
	name           TEXT NOT NULL CHECK (name <> ''),
	kind           TEXT NOT NULL CHECK (kind IN ('political_theory', 'education', 'youth_gathering')),
	min_level      TEXT NOT NULL DEFAULT '',
	scope_unit     TEXT NOT NULL REFERENCES units (code),
	full_time_only INTEGER NOT NULL CHECK (full_time_only IN (0, 1)),
	comparator     TEXT NOT NULL CHECK (comparator IN ('>=', '>')),
	threshold      REAL NOT NULL CHECK (threshold > 0 AND threshold <= 1),
	baseline_date  TEXT NOT NULL CHECK (baseline_date = date(baseline_date)),
	baseline_ratio REAL CHECK (baseline_ratio IS NULL OR (baseline_ratio >= 0 AND baseline_ratio <= 1)),
	deadline       TEXT NOT NULL CHECK (deadline = date(deadline) AND deadline > baseline_date),
	tolerance      REAL NOT NULL CHECK (tolerance >= 0 AND tolerance < 1),
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	deleted_at     TEXT
);
CREATE INDEX targets_scope_unit ON targets (scope_unit) WHERE deleted_at IS NULL;

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL,
	password_hash TEXT NOT NULL, -- argon2id, PHC string
	role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
	unit          TEXT REFERENCES units (code), -- an editor limited to this subtree
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	deleted_at    TEXT
);
-- A username names one live user; a deleted user's name may be given again (tokens and the
-- rest follow the id, so the new user inherits nothing).
CREATE UNIQUE INDEX users_username ON users (username) WHERE deleted_at IS NULL;
CREATE INDEX users_unit ON users (unit) WHERE deleted_at IS NULL;

CREATE TABLE tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	hash       BLOB NOT NULL UNIQUE, -- SHA-256 of the token; the token itself is never kept
	created_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE INDEX tokens_user ON tokens (user_id) WHERE deleted_at IS NULL;

CREATE TABLE audit (
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
	entity TEXT NOT NULL,
	key    TEXT NOT NULL,
	before TEXT, -- JSON, NULL for a create
	after  TEXT  -- JSON, NULL for a delete
);
CREATE INDEX audit_entity_key ON audit (entity, key);
CREATE INDEX audit_actor ON audit (actor);

-- Written by the readiness check to prove the database takes writes.
CREATE TABLE readiness (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	checked_at TEXT NOT NULL
);

-- Nothing is hard-deleted, and the audit log is never rewritten.
CREATE TRIGGER units_keep BEFORE DELETE ON units BEGIN SELECT RAISE(ABORT, 'units are never deleted: set deleted_at'); END;
CREATE TRIGGER cadres_keep BEFORE DELETE ON cadres BEGIN SELECT RAISE(ABORT, 'cadres are never deleted: set deleted_at'); END;
CREATE TRIGGER trainings_keep BEFORE DELETE ON trainings BEGIN SELECT RAISE(ABORT, 'trainings are never deleted: set deleted_at'); END;
CREATE TRIGGER youth_reports_keep BEFORE DELETE ON youth_reports BEGIN SELECT RAISE(ABORT, 'youth reports are never deleted: set deleted_at'); END;
CREATE TRIGGER targets_keep BEFORE DELETE ON targets BEGIN SELECT RAISE(ABORT, 'targets are never deleted: set deleted_at'); END;
CREATE TRIGGER users_keep BEFORE DELETE ON users BEGIN SELECT RAISE(ABORT, 'users are never deleted: set deleted_at'); END;
CREATE TRIGGER tokens_keep BEFORE DELETE ON tokens BEGIN SELECT RAISE(ABORT, 'tokens are never deleted: set deleted_at'); END;
CREATE TRIGGER audit_keep BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is never deleted'); END;
CREATE TRIGGER audit_fixed BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is never rewritten'); END;
