-- Issue 17: an applied import is audited by ONE row (entity 'import', key the file's name, the
-- file's SHA-256 and counts in "after"), not one row per record it creates. The records it
-- creates name it (import_id); the imports row links that to the audit row, so that a record's
-- audit still says who created it, when and from which file. Changes an import makes to records
-- that existed keep a row each, with the record before and after.
CREATE TABLE imports (
	id       INTEGER PRIMARY KEY,
	audit_id INTEGER UNIQUE REFERENCES audit (id) -- set once, when the import is applied
);
CREATE TRIGGER imports_keep BEFORE DELETE ON imports BEGIN SELECT RAISE(ABORT, 'imports are never deleted'); END;
CREATE TRIGGER imports_fixed BEFORE UPDATE ON imports WHEN OLD.audit_id IS NOT NULL OR NEW.id <> OLD.id
BEGIN SELECT RAISE(ABORT, 'an applied import is never rewritten'); END;

ALTER TABLE cadres ADD COLUMN import_id INTEGER REFERENCES imports (id);
ALTER TABLE trainings ADD COLUMN import_id INTEGER REFERENCES imports (id);
ALTER TABLE youth_reports ADD COLUMN import_id INTEGER REFERENCES imports (id);
