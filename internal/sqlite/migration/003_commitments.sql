-- The plan's other commitments (issue 7): how cadres were recruited and the rule on it, the
-- leadership positions of the units with their assignments, and the professional_training
-- target kind.

-- How a cadre was recruited; '' when not recorded.
ALTER TABLE cadres ADD COLUMN recruitment TEXT NOT NULL DEFAULT ''
	CHECK (recruitment IN ('', 'exam', 'transfer', 'election', 'other'));
ALTER TABLE cadres ADD COLUMN exam_on TEXT CHECK (exam_on IS NULL OR exam_on = date(exam_on));
ALTER TABLE cadres ADD COLUMN exam_result TEXT NOT NULL DEFAULT '' CHECK (exam_result IN ('', 'passed', 'failed'));

-- The recruitment rule, one row, seeded from the plan: from 2014 every full-time cadre
-- contracted needs a passed exam, unless transferred or elected.
CREATE TABLE recruitment_rule (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	start_date TEXT NOT NULL CHECK (start_date = date(start_date)),
	scope_unit TEXT REFERENCES units (code), -- NULL for every unit
	exempt     TEXT NOT NULL, -- JSON array of recruitment kinds
	updated_at TEXT NOT NULL
);
INSERT INTO recruitment_rule (id, start_date, scope_unit, exempt, updated_at)
	VALUES (1, '2014-01-01', NULL, '["election","transfer"]', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
CREATE TRIGGER recruitment_rule_keep BEFORE DELETE ON recruitment_rule BEGIN SELECT RAISE(ABORT, 'the recruitment rule is never deleted'); END;

CREATE TABLE positions (
	id         INTEGER PRIMARY KEY,
	unit       TEXT NOT NULL REFERENCES units (code),
	title      TEXT NOT NULL CHECK (title <> ''),
	seats      INTEGER NOT NULL CHECK (seats >= 1),
	created_on TEXT NOT NULL CHECK (created_on = date(created_on)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT
);
-- A unit has one live position of a title: unit and title are its labels in the metrics.
CREATE UNIQUE INDEX positions_unit_title ON positions (unit, title) WHERE deleted_at IS NULL;

CREATE TABLE assignments (
	id          INTEGER PRIMARY KEY,
	position_id INTEGER NOT NULL REFERENCES positions (id),
	cadre_id    INTEGER NOT NULL REFERENCES cadres (id),
	started_on  TEXT NOT NULL CHECK (started_on = date(started_on)),
	ended_on    TEXT CHECK (ended_on IS NULL OR (ended_on = date(ended_on) AND ended_on > started_on)),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT
);
CREATE INDEX assignments_position ON assignments (position_id) WHERE deleted_at IS NULL;
CREATE INDEX assignments_cadre ON assignments (cadre_id) WHERE deleted_at IS NULL;

CREATE TRIGGER positions_keep BEFORE DELETE ON positions BEGIN SELECT RAISE(ABORT, 'positions are never deleted: set deleted_at'); END;
CREATE TRIGGER assignments_keep BEFORE DELETE ON assignments BEGIN SELECT RAISE(ABORT, 'assignments are never deleted: set deleted_at'); END;

-- Targets gain a kind, which their CHECK must allow: SQLite cannot change a CHECK, so the table is
-- made anew with the same rows (nothing refers to targets; the implicit DELETE of DROP TABLE
-- fires no trigger).
CREATE TABLE targets_new (
	code           TEXT PRIMARY KEY,
	name           TEXT NOT NULL CHECK (name <> ''),
	kind           TEXT NOT NULL CHECK (kind IN ('political_theory', 'education', 'youth_gathering', 'professional_training')),
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
	deleted_at     TEXT,
	-- professional_training only: the window in days and the provider to match ('' for any).
	window_days    INTEGER NOT NULL DEFAULT 0 CHECK (window_days >= 0),
	provider       TEXT NOT NULL DEFAULT '',
	CHECK ((kind = 'professional_training') = (window_days > 0))
);
INSERT INTO targets_new (code, name, kind, min_level, scope_unit, full_time_only, comparator, threshold, baseline_date,
		baseline_ratio, deadline, tolerance, created_at, updated_at, deleted_at)
	SELECT code, name, kind, min_level, scope_unit, full_time_only, comparator, threshold, baseline_date,
		baseline_ratio, deadline, tolerance, created_at, updated_at, deleted_at FROM targets;
DROP TABLE targets;
ALTER TABLE targets_new RENAME TO targets;
CREATE INDEX targets_scope_unit ON targets (scope_unit) WHERE deleted_at IS NULL;
CREATE TRIGGER targets_keep BEFORE DELETE ON targets BEGIN SELECT RAISE(ABORT, 'targets are never deleted: set deleted_at'); END;
