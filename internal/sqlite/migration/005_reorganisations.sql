-- Reorganisations (issue 16): a unit has a life and dated versions of its name and parent. The
-- units table keeps the latest version's name and parent (today's tree: lists, editors' scope).
-- An existing unit gets one version from 1900-01-01, the first day any record can hold, so that
-- every record it has, however old, falls inside it; its founded_on stays empty ("before any
-- record").
ALTER TABLE units ADD COLUMN founded_on TEXT CHECK (founded_on IS NULL OR founded_on = date(founded_on));
ALTER TABLE units ADD COLUMN dissolved_on TEXT CHECK (dissolved_on IS NULL OR dissolved_on = date(dissolved_on));

CREATE TABLE reorganisations (
	id           INTEGER PRIMARY KEY,
	effective_on TEXT NOT NULL CHECK (effective_on = date(effective_on)),
	note         TEXT NOT NULL DEFAULT '',
	changes      TEXT NOT NULL, -- the request's changes, JSON
	actor        TEXT NOT NULL,
	created_at   TEXT NOT NULL
);

CREATE TABLE unit_versions (
	unit           TEXT NOT NULL REFERENCES units (code),
	from_on        TEXT NOT NULL CHECK (from_on = date(from_on)),
	name           TEXT NOT NULL CHECK (name <> ''),
	parent         TEXT REFERENCES units (code), -- NULL for a root
	reorganisation INTEGER REFERENCES reorganisations (id), -- NULL: the unit's creation or a correction
	PRIMARY KEY (unit, from_on),
	CHECK (parent IS NULL OR parent <> unit)
);

INSERT INTO unit_versions (unit, from_on, name, parent) SELECT code, '1900-01-01', name, parent FROM units;

-- The units each reorganisation created, changed or ended: a unit's history.
CREATE TABLE reorganisation_units (
	reorganisation INTEGER NOT NULL REFERENCES reorganisations (id),
	unit           TEXT NOT NULL REFERENCES units (code),
	PRIMARY KEY (reorganisation, unit)
);

CREATE TRIGGER reorganisations_keep BEFORE DELETE ON reorganisations BEGIN SELECT RAISE(ABORT, 'reorganisations are never deleted'); END;
CREATE TRIGGER reorganisations_fixed BEFORE UPDATE ON reorganisations BEGIN SELECT RAISE(ABORT, 'a reorganisation is never rewritten'); END;
