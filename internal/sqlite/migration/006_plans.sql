-- Plans (issue 16): the targets a union works to over a span of days, for a unit's subtree.
-- Every target already stored belongs to the 2013 plan of the Kiên Giang provincial union, the
-- only plan the service knew: it is created here, scoped to the root of the first target's unit
-- and spanning every target's baseline and deadline, so that each target fits it.

CREATE TABLE plans (
	code       TEXT PRIMARY KEY,
	name       TEXT NOT NULL CHECK (name <> ''),
	starts_on  TEXT NOT NULL CHECK (starts_on = date(starts_on)),
	ends_on    TEXT NOT NULL CHECK (ends_on = date(ends_on) AND ends_on > starts_on),
	scope_unit TEXT NOT NULL REFERENCES units (code),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE TRIGGER plans_keep BEFORE DELETE ON plans BEGIN SELECT RAISE(ABORT, 'plans are never deleted: a finished plan keeps its verdicts'); END;

-- NULL for a target outside any plan.
ALTER TABLE targets ADD COLUMN plan TEXT REFERENCES plans (code);
CREATE INDEX targets_plan ON targets (plan) WHERE deleted_at IS NULL;

WITH RECURSIVE up (code, parent) AS (
	SELECT code, parent FROM units WHERE code = (SELECT scope_unit FROM targets ORDER BY code LIMIT 1)
	UNION ALL
	SELECT u.code, u.parent FROM units u JOIN up ON u.code = up.parent
)
INSERT INTO plans (code, name, starts_on, ends_on, scope_unit, created_at, updated_at)
	SELECT 'ke-hoach-2013', 'Kế hoạch năm 2013 của Ban Thường vụ Tỉnh Đoàn',
		(SELECT MIN(baseline_date) FROM targets), (SELECT MAX(deadline) FROM targets),
		(SELECT code FROM up WHERE parent IS NULL),
		strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
	WHERE EXISTS (SELECT 1 FROM targets);
UPDATE targets SET plan = 'ke-hoach-2013' WHERE EXISTS (SELECT 1 FROM plans WHERE code = 'ke-hoach-2013');
