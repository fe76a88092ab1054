package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"chitieu/internal/chitieu"
)

// AuditService lists the audit log that every write of the other services adds to.
type AuditService struct {
	db *DB
}

var _ chitieu.AuditService = (*AuditService)(nil)

// NewAuditService returns the audit service of db.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

// FindAuditEntries lists audit entries, newest first; admins only.
func (s *AuditService) FindAuditEntries(ctx context.Context, filter chitieu.AuditFilter) ([]*chitieu.AuditEntry, int, error) {
	if err := requireAdmin(ctx, "read the audit log"); err != nil {
		return nil, 0, err
	}
	if err := filter.Page.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()

	where, args := []string{"1 = 1"}, []any{}
	if table, ok := importedTables[filter.Entity]; ok && filter.Key != "" {
		// A record created by an import has no entry of its own: the import's entry says who
		// created it, when and from which file.
		where, args = append(where, `((entity = ? AND key = ?) OR id = (SELECT i.audit_id FROM `+table+` r
			JOIN imports i ON i.id = r.import_id WHERE r.id = CAST(? AS INTEGER)))`), append(args, filter.Entity, filter.Key, filter.Key)
	} else {
		if filter.Entity != "" {
			where, args = append(where, "entity = ?"), append(args, filter.Entity)
		}
		if filter.Key != "" {
			where, args = append(where, "key = ?"), append(args, filter.Key)
		}
	}
	if filter.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, filter.Actor)
	}
	cond := strings.Join(where, " AND ")
	total, err := count(ctx, tx, `SELECT COUNT(*) FROM audit WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count audit entries: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, at, actor, action, entity, key, before, after FROM audit WHERE `+cond+
		` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, filter.Limit, filter.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find audit entries: %w", err)
	}
	defer rows.Close()
	entries := []*chitieu.AuditEntry{}
	for rows.Next() {
		var e chitieu.AuditEntry
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, (*timeCol)(&e.At), &e.Actor, &e.Action, &e.Entity, &e.Key, &before, &after); err != nil {
			return nil, 0, fmt.Errorf("find audit entries: %w", err)
		}
		e.Before, e.After = rawJSON(before), rawJSON(after)
		entries = append(entries, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find audit entries: %w", err)
	}
	return entries, total, nil
}

// importedTables are the tables of the records an import creates, by their audit entity.
var importedTables = map[string]string{"cadre": "cadres", "training": "trainings", "youth_report": "youth_reports"}

// rawJSON is a stored JSON document, or JSON null for none.
func rawJSON(s sql.NullString) json.RawMessage {
	if !s.Valid {
		return json.RawMessage("null")
	}
	return json.RawMessage(s.String)
}
