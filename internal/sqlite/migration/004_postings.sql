-- Postings (issue 16): a cadre's unit, full-time status and position from a day on, until its
-- next posting or its left_on. The cadre's own unit, full_time and position stay, as the latest
-- posting's: today's lists, editors' scope and the import read them. Triggers keep the two equal
-- whatever writes a cadre (the API, the import): a new cadre gets its first posting from its
-- joined_on, a correction of the cadre's fields corrects its latest posting, and its joined_on
-- is its first posting's day.
CREATE TABLE postings (
	id         INTEGER PRIMARY KEY,
	cadre_id   INTEGER NOT NULL REFERENCES cadres (id),
	unit       TEXT NOT NULL REFERENCES units (code),
	full_time  INTEGER NOT NULL CHECK (full_time IN (0, 1)),
	position   TEXT NOT NULL DEFAULT '',
	from_on    TEXT NOT NULL CHECK (from_on = date(from_on)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (cadre_id, from_on)
);
CREATE INDEX postings_unit ON postings (unit, from_on);

-- Each existing cadre: one posting, from the day it joined.
INSERT INTO postings (cadre_id, unit, full_time, position, from_on, created_at, updated_at)
	SELECT id, unit, full_time, position, joined_on, created_at, updated_at FROM cadres;

CREATE TRIGGER postings_keep BEFORE DELETE ON postings BEGIN SELECT RAISE(ABORT, 'postings are never deleted'); END;

CREATE TRIGGER cadres_first_posting AFTER INSERT ON cadres BEGIN
	INSERT INTO postings (cadre_id, unit, full_time, position, from_on, created_at, updated_at)
	VALUES (NEW.id, NEW.unit, NEW.full_time, NEW.position, NEW.joined_on, NEW.created_at, NEW.updated_at);
END;

CREATE TRIGGER cadres_current_posting AFTER UPDATE OF unit, full_time, position ON cadres
WHEN NEW.unit IS NOT OLD.unit OR NEW.full_time IS NOT OLD.full_time OR NEW.position IS NOT OLD.position BEGIN
	UPDATE postings SET unit = NEW.unit, full_time = NEW.full_time, position = NEW.position, updated_at = NEW.updated_at
	WHERE id = (SELECT id FROM postings WHERE cadre_id = NEW.id ORDER BY from_on DESC LIMIT 1);
END;

CREATE TRIGGER cadres_first_posting_day AFTER UPDATE OF joined_on ON cadres
WHEN NEW.joined_on IS NOT OLD.joined_on BEGIN
	UPDATE postings SET from_on = NEW.joined_on, updated_at = NEW.updated_at
	WHERE id = (SELECT id FROM postings WHERE cadre_id = NEW.id ORDER BY from_on LIMIT 1);
END;
