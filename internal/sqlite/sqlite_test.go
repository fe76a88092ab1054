package sqlite_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
	"chitieu/internal/sqlite"
)

// now is the clock of the test databases: 10:00 in Hồ Chí Minh City on 2014-06-15.
var now = time.Date(2014, 6, 15, 3, 0, 0, 0, time.UTC)

// MustOpenDB opens a database in a new file of a temporary directory, with the clock at now, and
// closes it at the end of the test.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), "db", "chitieu.db"))
	db.Now = func() time.Time { return now }
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// Contexts of users with each role; no user is the system.
var (
	system     = context.Background()
	adminCtx   = chitieu.NewContextWithUser(system, &chitieu.User{Username: "quan.tri", Role: chitieu.RoleAdmin})
	editorCtx  = chitieu.NewContextWithUser(system, &chitieu.User{Username: "bien.tap", Role: chitieu.RoleEditor})
	viewerCtx  = chitieu.NewContextWithUser(system, &chitieu.User{Username: "xem", Role: chitieu.RoleViewer})
	editorOfRG = chitieu.NewContextWithUser(system, &chitieu.User{Username: "rach.gia", Role: chitieu.RoleEditor, Unit: "rach-gia"})
)

// day parses a YYYY-MM-DD date.
func day(tb testing.TB, s string) chitieu.Date {
	tb.Helper()
	d, err := chitieu.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// wantError fails unless err carries the domain code and exactly the message.
func wantError(tb testing.TB, err error, code, message string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("err = nil, want %s %q", code, message)
	}
	if got := chitieu.ErrorCode(err); got != code {
		tb.Fatalf("code = %s (%v), want %s", got, err, code)
	}
	if got := i18n.Message(i18n.EN, err); got != message {
		tb.Fatalf("message = %q, want %q", got, message)
	}
}

// MustCreateUnit creates a unit as the system.
func MustCreateUnit(tb testing.TB, db *sqlite.DB, code, name, parent string) *chitieu.Unit {
	tb.Helper()
	u := &chitieu.Unit{Code: code, Name: name, Parent: parent}
	if err := sqlite.NewUnitService(db).CreateUnit(system, u); err != nil {
		tb.Fatal(err)
	}
	return u
}

// MustCreateProvince makes a small tree:
//
//	tinh-doan (Tỉnh Đoàn Kiên Giang)
//	├── van-phong
//	├── rach-gia
//	│   └── vinh-thanh-van
//	└── ha-tien
func MustCreateProvince(tb testing.TB, db *sqlite.DB) {
	tb.Helper()
	MustCreateUnit(tb, db, "tinh-doan", "Tỉnh Đoàn Kiên Giang", "")
	MustCreateUnit(tb, db, "van-phong", "Văn phòng", "tinh-doan")
	MustCreateUnit(tb, db, "rach-gia", "Thành Đoàn Rạch Giá", "tinh-doan")
	MustCreateUnit(tb, db, "vinh-thanh-van", "Đoàn phường Vĩnh Thanh Vân", "rach-gia")
	MustCreateUnit(tb, db, "ha-tien", "Thị Đoàn Hà Tiên", "tinh-doan")
}

// MustCreateCadre creates a cadre as the system.
func MustCreateCadre(tb testing.TB, db *sqlite.DB, name, unit, joined string) *chitieu.Cadre {
	tb.Helper()
	c := &chitieu.Cadre{FullName: name, Unit: unit, FullTime: true, JoinedOn: day(tb, joined)}
	if err := sqlite.NewCadreService(db).CreateCadre(system, c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// MustCreateTraining creates a training record as the system.
func MustCreateTraining(tb testing.TB, db *sqlite.DB, t chitieu.Training) *chitieu.Training {
	tb.Helper()
	if err := sqlite.NewTrainingService(db).CreateTraining(system, &t); err != nil {
		tb.Fatal(err)
	}
	return &t
}

// completed is a completed record of a level.
func completed(tb testing.TB, cadreID int64, kind chitieu.TrainingKind, level chitieu.Level, on string) chitieu.Training {
	return chitieu.Training{CadreID: cadreID, Kind: kind, Level: level, Status: chitieu.Completed, CompletedOn: day(tb, on)}
}

// MustCreateYouthReport creates a youth report as the system.
func MustCreateYouthReport(tb testing.TB, db *sqlite.DB, unit, on string, pop, union, assoc, gathered int64) *chitieu.YouthReport {
	tb.Helper()
	r := &chitieu.YouthReport{Unit: unit, ReportedOn: day(tb, on), YouthPopulation: pop, UnionMembers: union,
		AssociationMembers: assoc, Gathered: gathered}
	if err := sqlite.NewYouthReportService(db).CreateYouthReport(system, r); err != nil {
		tb.Fatal(err)
	}
	return r
}

// recorder is a ChangeListener that keeps what it hears.
type recorder struct {
	mu      sync.Mutex
	calls   int
	changes []chitieu.Change
	during  func(changes []chitieu.Change) // called inside RecordsChanged when set
}

func (r *recorder) RecordsChanged(changes ...chitieu.Change) {
	if r.during != nil {
		r.during(changes)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	r.changes = append(r.changes, changes...)
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls, r.changes = 0, nil
}

func (r *recorder) snapshot() (int, []chitieu.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls, append([]chitieu.Change(nil), r.changes...)
}

// lastAudit returns the newest audit entry.
func lastAudit(tb testing.TB, db *sqlite.DB) *chitieu.AuditEntry {
	tb.Helper()
	entries, _, err := sqlite.NewAuditService(db).FindAuditEntries(system, chitieu.AuditFilter{Page: chitieu.Page{Limit: 1}})
	if err != nil {
		tb.Fatal(err)
	}
	if len(entries) == 0 {
		tb.Fatal("no audit entry")
	}
	return entries[0]
}

// auditCount returns the number of audit entries.
func auditCount(tb testing.TB, db *sqlite.DB) int {
	tb.Helper()
	_, n, err := sqlite.NewAuditService(db).FindAuditEntries(system, chitieu.AuditFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// MustCreateTarget creates a youth gathering target over the unit's subtree as the system.
func MustCreateTarget(tb testing.TB, db *sqlite.DB, code, scope string) *chitieu.Target {
	tb.Helper()
	t := chitieu.NewTarget()
	t.Code, t.Name, t.Kind, t.ScopeUnit = code, "Tập hợp thanh niên", chitieu.TargetYouthGathering, scope
	t.Comparator, t.Threshold = chitieu.Over, 0.65
	t.BaselineDate, t.Deadline = day(tb, "2013-01-01"), day(tb, "2015-12-31")
	if err := sqlite.NewTargetService(db).CreateTarget(system, &t); err != nil {
		tb.Fatal(err)
	}
	return &t
}
