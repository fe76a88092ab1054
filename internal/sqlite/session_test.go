package sqlite_test

import (
	"strings"
	"testing"
	"time"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

func TestSessionService(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		mustCreateUser(t, db, "an", chitieu.RoleViewer, "")
		s := sqlite.NewSessionService(db)
		token, sess, err := s.CreateSession(system, "an")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(token, sqlite.SessionPrefix) || len(token) < 40 {
			t.Fatalf("token = %q", token)
		}
		if !sess.ExpiresAt.Equal(now.Add(chitieu.SessionTTL)) || sess.User.Username != "an" {
			t.Fatalf("session = %+v", sess)
		}
		e := lastAudit(t, db)
		if e.Entity != "session" || e.Action != chitieu.ActionCreate || e.Actor != "an" || strings.Contains(string(e.After), token) {
			t.Fatalf("audit = %+v %s", e, e.After)
		}
		got, err := s.FindSession(system, token)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != sess.ID || got.User.Role != chitieu.RoleViewer {
			t.Fatalf("FindSession = %+v", got)
		}
		if err := s.DeleteSession(system, token); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindSession(system, token)
		wantError(t, err, chitieu.EUNAUTHORIZED, "session: unknown or signed out")
		if e := lastAudit(t, db); e.Entity != "session" || e.Action != chitieu.ActionDelete || e.Actor != "an" {
			t.Fatalf("audit = %+v", e)
		}
		// Signing out twice is no error, and writes nothing more.
		n := auditCount(t, db)
		if err := s.DeleteSession(system, token); err != nil {
			t.Fatal(err)
		}
		if auditCount(t, db) != n {
			t.Fatal("a second sign-out wrote an audit row")
		}
	})

	t.Run("Expired", func(t *testing.T) {
		db, s, token := mustSignIn(t, chitieu.RoleViewer)
		db.Now = func() time.Time { return now.Add(chitieu.SessionTTL - time.Second) }
		if _, err := s.FindSession(system, token); err != nil {
			t.Fatalf("a second before expiry: %v", err)
		}
		db.Now = func() time.Time { return now.Add(chitieu.SessionTTL) }
		_, err := s.FindSession(system, token)
		wantError(t, err, chitieu.EUNAUTHORIZED, "session: expired")
	})

	t.Run("DisabledUserEndsAtOnce", func(t *testing.T) {
		db, s, token := mustSignIn(t, chitieu.RoleEditor)
		disabled := true
		if _, err := sqlite.NewUserService(db).UpdateUser(adminCtx, "an", chitieu.UserUpdate{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindSession(system, token)
		wantError(t, err, chitieu.EUNAUTHORIZED, "session: the user is disabled")
		// Nor can a disabled user start a session.
		_, _, err = s.CreateSession(system, "an")
		wantError(t, err, chitieu.EUNAUTHORIZED, "credentials: wrong username or password, or the user is disabled")
	})

	t.Run("NewPasswordEndsSessions", func(t *testing.T) {
		db, s, token := mustSignIn(t, chitieu.RoleEditor)
		role := chitieu.RoleViewer
		if _, err := sqlite.NewUserService(db).UpdateUser(adminCtx, "an", chitieu.UserUpdate{Role: &role}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindSession(system, token); err != nil {
			t.Fatalf("after a change of role: %v; want the session kept", err)
		}
		password := "một mật khẩu mới dài"
		if _, err := sqlite.NewUserService(db).UpdateUser(adminCtx, "an", chitieu.UserUpdate{Password: &password}); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindSession(system, token)
		wantError(t, err, chitieu.EUNAUTHORIZED, "session: unknown or signed out")
		if _, _, err := s.CreateSession(system, "an"); err != nil {
			t.Fatalf("a new session after the new password: %v", err)
		}
	})

	t.Run("DeletedUser", func(t *testing.T) {
		db, s, token := mustSignIn(t, chitieu.RoleEditor)
		if err := sqlite.NewUserService(db).DeleteUser(adminCtx, "an"); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindSession(system, token)
		wantError(t, err, chitieu.EUNAUTHORIZED, "session: unknown or signed out")
	})

	t.Run("RoleChangeSeenAtOnce", func(t *testing.T) {
		db, s, token := mustSignIn(t, chitieu.RoleEditor)
		viewer := chitieu.RoleViewer
		if _, err := sqlite.NewUserService(db).UpdateUser(adminCtx, "an", chitieu.UserUpdate{Role: &viewer}); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindSession(system, token)
		if err != nil || got.User.Role != chitieu.RoleViewer {
			t.Fatalf("FindSession = %+v, %v; want the viewer role", got, err)
		}
	})

	t.Run("ErrUnknown", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewSessionService(db)
		_, err := s.FindSession(system, "cts_nothing")
		wantError(t, err, chitieu.EUNAUTHORIZED, "session: unknown or signed out")
		_, _, err = s.CreateSession(system, "nobody")
		wantError(t, err, chitieu.ENOTFOUND, `user "nobody" does not exist`)
	})
}

// mustSignIn opens a database with the user "an" of the role, signed in.
func mustSignIn(tb testing.TB, role chitieu.Role) (*sqlite.DB, *sqlite.SessionService, string) {
	tb.Helper()
	db := MustOpenDB(tb)
	mustCreateUser(tb, db, "an", role, "")
	s := sqlite.NewSessionService(db)
	token, _, err := s.CreateSession(system, "an")
	if err != nil {
		tb.Fatal(err)
	}
	return db, s, token
}
