package chitieu

import (
	"context"
	"encoding/json"
	"time"
)

// Audit actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// AuditEntry records one change: who made it, when, to what, and the record before and after.
type AuditEntry struct {
	ID     int64           `json:"id"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"`
	Entity string          `json:"entity"` // unit, cadre, training, youth_report, target, user, token, position, assignment, recruitment_rule
	Key    string          `json:"key"`    // the record's code or id
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	Entity string
	Key    string
	Actor  string
	// Since and Until bound the instants, Until excluded; zero is no bound.
	Since, Until time.Time
	// Changes leaves out the sign-ins (entity "session"), which outnumber the changes.
	Changes bool
	Page
}

// AuditService lists the audit log.
type AuditService interface {
	FindAuditEntries(ctx context.Context, filter AuditFilter) ([]*AuditEntry, int, error)
}
