package chitieu

import "slices"

// Authorization is a pure function of the user, what they try and the record it touches: the
// store finds the record's place in the unit tree, and asks Authorize. No user (nil) is the
// service itself or the command line, which may do anything.

// ActionKind is a kind of thing a user tries.
type ActionKind uint8

const (
	// Administer is managing what only admins manage: units, targets, users, positions, the
	// recruitment rule, the audit log (Action.What names it).
	Administer ActionKind = iota + 1
	// WriteRecords is writing cadres, training records and youth reports at all.
	WriteRecords
	// WriteInUnit is writing a record of a unit: a user limited to a unit writes only in its
	// subtree.
	WriteInUnit
	// SeatCadre is seating a cadre on a position: a user limited to a unit seats only the
	// cadres of its subtree, whose leaving its editors can then record.
	SeatCadre
)

// Action is what a user tries; What names it for the refusal ("manage units").
type Action struct {
	Kind ActionKind
	What Term
}

// Record is what an action touches, as authorization needs it: the unit of the record (of the
// cadre, to seat one; "" for an unknown cadre, which the store names otherwise), that unit and
// every unit above it up to the root, and the cadre to seat.
type Record struct {
	Unit      string
	Ancestors []string
	CadreID   int64
}

// Authorize returns nil when u may do a on r, else an EFORBIDDEN *Error naming the rule.
func Authorize(u *User, a Action, r Record) error {
	if u == nil {
		return nil
	}
	switch a.Kind {
	case Administer:
		if !u.IsAdmin() {
			return NewError(EFORBIDDEN, "role", RuleAdminOnly, Term(u.Role), a.What)
		}
	case WriteRecords:
		if !u.CanWriteRecords() {
			return NewError(EFORBIDDEN, "role", RuleRecordWriterOnly, Term(u.Role))
		}
	case WriteInUnit:
		if !u.Within(r) {
			return NewError(EFORBIDDEN, "unit", RuleOutsideUnitWrite, u.Username, u.Unit, r.Unit)
		}
	case SeatCadre:
		if r.Unit != "" && !u.Within(r) {
			return NewError(EFORBIDDEN, "cadre_id", RuleOutsideUnitSeat, u.Username, u.Unit, r.CadreID, r.Unit)
		}
	default:
		return NewError(EFORBIDDEN, "", RuleAdminOnly, Term(u.Role), a.What) // an action not known: refused
	}
	return nil
}

// Within tells whether r lies in the user's part of the tree: anywhere for a user not limited
// to a unit, else in that unit's subtree.
func (u *User) Within(r Record) bool {
	return u.Unit == "" || slices.Contains(r.Ancestors, u.Unit)
}
