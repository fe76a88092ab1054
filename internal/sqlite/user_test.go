package sqlite_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"chitieu/internal/chitieu"
	"chitieu/internal/password"
	"chitieu/internal/sqlite"
)

const goodPassword = "Đoàn viên thanh niên 2014"

func mustCreateUser(tb testing.TB, db *sqlite.DB, username string, role chitieu.Role, unit string) {
	tb.Helper()
	err := sqlite.NewUserService(db).CreateUser(system, &chitieu.UserCreate{
		User: chitieu.User{Username: username, Role: role, Unit: unit}, Password: goodPassword})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestUserService_CreateUser(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		s := sqlite.NewUserService(db)
		uc := &chitieu.UserCreate{User: chitieu.User{Username: "rach.gia", Role: chitieu.RoleEditor, Unit: "rach-gia"}, Password: goodPassword}
		if err := s.CreateUser(adminCtx, uc); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindUser(adminCtx, "rach.gia")
		if err != nil {
			t.Fatal(err)
		}
		want := chitieu.User{Username: "rach.gia", Role: chitieu.RoleEditor, Unit: "rach-gia", CreatedAt: now}
		if got.Username != want.Username || got.Role != want.Role || got.Unit != want.Unit || !got.CreatedAt.Equal(now) || got.Disabled {
			t.Fatalf("FindUser = %+v, want %+v", got, want)
		}
		e := lastAudit(t, db)
		if e.Entity != "user" || e.Key != "rach.gia" || e.Actor != "quan.tri" || strings.Contains(string(e.After), "argon2") ||
			strings.Contains(string(e.After), goodPassword) {
			t.Fatalf("audit = %+v %s", e, e.After)
		}
	})

	for _, tt := range []struct {
		name    string
		ctx     context.Context
		uc      chitieu.UserCreate
		code    string
		message string
	}{
		{"ErrDuplicate", adminCtx, chitieu.UserCreate{User: chitieu.User{Username: "an", Role: chitieu.RoleViewer}, Password: goodPassword},
			chitieu.ECONFLICT, `username: user "an" already exists`},
		{"ErrShortPassword", adminCtx, chitieu.UserCreate{User: chitieu.User{Username: "binh", Role: chitieu.RoleViewer}, Password: "ngắn quá"},
			chitieu.EINVALID, "password: must be at least 10 characters"},
		{"ErrUsername", adminCtx, chitieu.UserCreate{User: chitieu.User{Username: "Bình", Role: chitieu.RoleViewer}, Password: goodPassword},
			chitieu.EINVALID, "username: must be lower-case letters, digits, '.', '_' or '-', 1 to 63 characters"},
		{"ErrRole", adminCtx, chitieu.UserCreate{User: chitieu.User{Username: "binh", Role: "boss"}, Password: goodPassword},
			chitieu.EINVALID, `role: must be one of "admin", "editor", "viewer"`},
		{"ErrUnitForViewer", adminCtx, chitieu.UserCreate{User: chitieu.User{Username: "binh", Role: chitieu.RoleViewer, Unit: "rach-gia"}, Password: goodPassword},
			chitieu.EINVALID, "unit: only an editor can be limited to a unit"},
		{"ErrUnitMissing", adminCtx, chitieu.UserCreate{User: chitieu.User{Username: "binh", Role: chitieu.RoleEditor, Unit: "abc"}, Password: goodPassword},
			chitieu.EINVALID, `unit: unit "abc" does not exist`},
		{"ErrEditor", editorCtx, chitieu.UserCreate{User: chitieu.User{Username: "binh", Role: chitieu.RoleViewer}, Password: goodPassword},
			chitieu.EFORBIDDEN, "role: a user with role editor cannot manage users; only an admin can"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			mustCreateUser(t, db, "an", chitieu.RoleViewer, "")
			uc := tt.uc
			wantError(t, sqlite.NewUserService(db).CreateUser(tt.ctx, &uc), tt.code, tt.message)
		})
	}

	t.Run("UsernameFreeAfterDelete", func(t *testing.T) {
		db := MustOpenDB(t)
		mustCreateUser(t, db, "an", chitieu.RoleViewer, "")
		if err := sqlite.NewUserService(db).DeleteUser(system, "an"); err != nil {
			t.Fatal(err)
		}
		mustCreateUser(t, db, "an", chitieu.RoleEditor, "")
	})
}

func TestUserService_Authenticate(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	s := sqlite.NewUserService(db)
	mustCreateUser(t, db, "an", chitieu.RoleEditor, "rach-gia")
	mustCreateUser(t, db, "khoa", chitieu.RoleViewer, "")
	disabled := true
	if _, err := s.UpdateUser(system, "khoa", chitieu.UserUpdate{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	const bad = "credentials: wrong username or password, or the user is disabled"

	for _, tt := range []struct {
		name, username, password string
		ok                       bool
	}{
		{"OK", "an", goodPassword, true},
		{"OKAgainFromCache", "an", goodPassword, true},
		{"OKNFDPassword", "an", norm.NFD.String(goodPassword), true},
		{"ErrWrongPassword", "an", goodPassword + "!", false},
		{"ErrUnknownUser", "binh", goodPassword, false},
		{"ErrDisabled", "khoa", goodPassword, false},
		{"ErrEmpty", "", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u, err := s.Authenticate(system, tt.username, tt.password)
			if !tt.ok {
				wantError(t, err, chitieu.EUNAUTHORIZED, bad)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.Username != "an" || u.Role != chitieu.RoleEditor || u.Unit != "rach-gia" {
				t.Fatalf("Authenticate = %+v", u)
			}
		})
	}

	t.Run("CacheIsQuick", func(t *testing.T) {
		s.Authenticate(system, "an", goodPassword)
		start := time.Now()
		for range 20 {
			if _, err := s.Authenticate(system, "an", goodPassword); err != nil {
				t.Fatal(err)
			}
		}
		// One argon2id check is some 20 ms; 20 remembered ones must not cost 20 checks.
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Fatalf("20 authentications of a remembered pair took %s", d)
		}
	})

	t.Run("CacheClearedOnPasswordChange", func(t *testing.T) {
		if _, err := s.Authenticate(system, "an", goodPassword); err != nil {
			t.Fatal(err)
		}
		newPassword := "mật khẩu mới của An"
		if _, err := s.UpdateUser(system, "an", chitieu.UserUpdate{Password: &newPassword}); err != nil {
			t.Fatal(err)
		}
		_, err := s.Authenticate(system, "an", goodPassword)
		wantError(t, err, chitieu.EUNAUTHORIZED, bad)
		if _, err := s.Authenticate(system, "an", newPassword); err != nil {
			t.Fatalf("new password: %v", err)
		}
		e := lastAudit(t, db)
		if !strings.Contains(string(e.After), `"password_changed":true`) || strings.Contains(string(e.After), newPassword) {
			t.Fatalf("audit after = %s", e.After)
		}
	})

	t.Run("CacheClearedOnDisable", func(t *testing.T) {
		mustCreateUser(t, db, "cuong", chitieu.RoleViewer, "")
		if _, err := s.Authenticate(system, "cuong", goodPassword); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateUser(system, "cuong", chitieu.UserUpdate{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		_, err := s.Authenticate(system, "cuong", goodPassword)
		wantError(t, err, chitieu.EUNAUTHORIZED, bad)
	})

	t.Run("CacheClearedOnDelete", func(t *testing.T) {
		mustCreateUser(t, db, "dung", chitieu.RoleViewer, "")
		if _, err := s.Authenticate(system, "dung", goodPassword); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteUser(system, "dung"); err != nil {
			t.Fatal(err)
		}
		_, err := s.Authenticate(system, "dung", goodPassword)
		wantError(t, err, chitieu.EUNAUTHORIZED, bad)
	})

	t.Run("CacheExpires", func(t *testing.T) {
		mustCreateUser(t, db, "em", chitieu.RoleViewer, "")
		if _, err := s.Authenticate(system, "em", goodPassword); err != nil {
			t.Fatal(err)
		}
		// Expired entries are checked again; the answer is the same.
		db.Now = func() time.Time { return now.Add(time.Hour) }
		defer func() { db.Now = func() time.Time { return now } }()
		if _, err := s.Authenticate(system, "em", goodPassword); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUserService_UpdateUser(t *testing.T) {
	for _, tt := range []struct {
		name     string
		ctx      context.Context
		username string
		upd      chitieu.UserUpdate
		code     string
		message  string
	}{
		{"ErrLastAdminDemoted", adminCtx, "admin", chitieu.UserUpdate{Role: ptr(chitieu.RoleViewer)}, chitieu.ECONFLICT,
			`username: user "admin" is the last enabled admin; make another admin first`},
		{"ErrLastAdminDisabled", adminCtx, "admin", chitieu.UserUpdate{Disabled: ptr(true)}, chitieu.ECONFLICT,
			`username: user "admin" is the last enabled admin; make another admin first`},
		{"ErrAdminWithUnit", adminCtx, "an", chitieu.UserUpdate{Role: ptr(chitieu.RoleAdmin)}, chitieu.EINVALID,
			"unit: only an editor can be limited to a unit"},
		{"ErrUnitMissing", adminCtx, "an", chitieu.UserUpdate{Unit: ptr("abc")}, chitieu.EINVALID, `unit: unit "abc" does not exist`},
		{"ErrShortPassword", adminCtx, "an", chitieu.UserUpdate{Password: ptr("short")}, chitieu.EINVALID, "password: must be at least 10 characters"},
		{"ErrNotFound", adminCtx, "binh", chitieu.UserUpdate{}, chitieu.ENOTFOUND, `user "binh" does not exist`},
		{"ErrEditor", editorCtx, "an", chitieu.UserUpdate{}, chitieu.EFORBIDDEN, "role: a user with role editor cannot manage users; only an admin can"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			MustCreateProvince(t, db)
			mustCreateUser(t, db, "admin", chitieu.RoleAdmin, "")
			mustCreateUser(t, db, "an", chitieu.RoleEditor, "rach-gia")
			_, err := sqlite.NewUserService(db).UpdateUser(tt.ctx, tt.username, tt.upd)
			wantError(t, err, tt.code, tt.message)
		})
	}

	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		MustCreateProvince(t, db)
		mustCreateUser(t, db, "admin", chitieu.RoleAdmin, "")
		mustCreateUser(t, db, "an", chitieu.RoleEditor, "rach-gia")
		s := sqlite.NewUserService(db)
		u, err := s.UpdateUser(adminCtx, "an", chitieu.UserUpdate{Role: ptr(chitieu.RoleAdmin), Unit: ptr("")})
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != chitieu.RoleAdmin || u.Unit != "" {
			t.Fatalf("UpdateUser = %+v", u)
		}
		// Now there are two admins: the first may step down.
		if _, err := s.UpdateUser(adminCtx, "admin", chitieu.UserUpdate{Role: ptr(chitieu.RoleViewer)}); err != nil {
			t.Fatal(err)
		}
		wantError(t, s.DeleteUser(adminCtx, "an"), chitieu.ECONFLICT, `username: user "an" is the last enabled admin; make another admin first`)
	})
}

func TestUserService_FindUsers(t *testing.T) {
	db := MustOpenDB(t)
	mustCreateUser(t, db, "binh", chitieu.RoleViewer, "")
	mustCreateUser(t, db, "an", chitieu.RoleEditor, "")
	mustCreateUser(t, db, "cuong", chitieu.RoleViewer, "")
	s := sqlite.NewUserService(db)
	if err := s.DeleteUser(system, "cuong"); err != nil {
		t.Fatal(err)
	}
	users, total, err := s.FindUsers(adminCtx, chitieu.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(users) != 2 || users[0].Username != "an" || users[1].Username != "binh" {
		t.Fatalf("FindUsers = %v, %d", users, total)
	}
	_, _, err = s.FindUsers(editorCtx, chitieu.Page{})
	wantError(t, err, chitieu.EFORBIDDEN, "role: a user with role editor cannot list users; only an admin can")

	// A user may see themself, not another.
	self := chitieu.NewContextWithUser(system, &chitieu.User{Username: "binh", Role: chitieu.RoleViewer})
	if u, err := s.FindUser(self, "binh"); err != nil || u.Username != "binh" {
		t.Fatalf("FindUser(self) = %v, %v", u, err)
	}
	_, err = s.FindUser(self, "an")
	wantError(t, err, chitieu.EFORBIDDEN, "role: a user with role viewer can see only themself; an admin can see every user")
	_, err = s.FindUser(adminCtx, "cuong")
	wantError(t, err, chitieu.ENOTFOUND, `user "cuong" does not exist`)
}

func TestUserService_Tokens(t *testing.T) {
	db := MustOpenDB(t)
	s := sqlite.NewUserService(db)
	mustCreateUser(t, db, "api", chitieu.RoleEditor, "")
	mustCreateUser(t, db, "other", chitieu.RoleViewer, "")

	token, err := s.CreateToken(system, "api")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, "ctk_") || len(token) != 4+43 {
		t.Fatalf("token %q: want ctk_ and 32 bytes in unpadded base64url", token)
	}
	if e := lastAudit(t, db); e.Entity != "token" || e.Action != chitieu.ActionCreate || strings.Contains(string(e.After), token) {
		t.Fatalf("audit = %+v %s", e, e.After)
	}
	u, err := s.AuthenticateToken(system, token)
	if err != nil || u.Username != "api" || u.Role != chitieu.RoleEditor {
		t.Fatalf("AuthenticateToken = %+v, %v", u, err)
	}

	t.Run("ErrUnknown", func(t *testing.T) {
		_, err := s.AuthenticateToken(system, token[:len(token)-1]+"x")
		wantError(t, err, chitieu.EUNAUTHORIZED, "token: unknown or revoked")
		_, err = s.AuthenticateToken(system, "Bearer nonsense")
		wantError(t, err, chitieu.EUNAUTHORIZED, "token: not a chitieu API token")
	})
	t.Run("ErrForOther", func(t *testing.T) {
		other := chitieu.NewContextWithUser(system, &chitieu.User{Username: "other", Role: chitieu.RoleViewer})
		_, err := s.CreateToken(other, "api")
		wantError(t, err, chitieu.EFORBIDDEN, "role: a user with role viewer can make tokens only for themself; an admin can for anyone")
		if _, err := s.CreateToken(other, "other"); err != nil {
			t.Fatalf("a token for oneself: %v", err)
		}
	})
	t.Run("ErrUserMissing", func(t *testing.T) {
		_, err := s.CreateToken(system, "nobody")
		wantError(t, err, chitieu.ENOTFOUND, `user "nobody" does not exist`)
	})
	t.Run("ErrUserDisabled", func(t *testing.T) {
		second, err := s.CreateToken(system, "api")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AuthenticateToken(system, second); err != nil { // now remembered
			t.Fatal(err)
		}
		if _, err := s.UpdateUser(system, "api", chitieu.UserUpdate{Disabled: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		_, err = s.AuthenticateToken(system, second)
		wantError(t, err, chitieu.EUNAUTHORIZED, "token: the user is disabled")
		if _, err := s.UpdateUser(system, "api", chitieu.UserUpdate{Disabled: ptr(false)}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ChangedByAnotherProcess", func(t *testing.T) {
		// The command line disables the user through its own connection: this process's
		// remembered token holds until tokenTTL (10 s) has passed, then the query refuses it.
		if _, err := s.AuthenticateToken(system, token); err != nil {
			t.Fatal(err)
		}
		cli := sqlite.NewDB(db.Path)
		if err := cli.Open(); err != nil {
			t.Fatal(err)
		}
		defer cli.Close()
		if _, err := sqlite.NewUserService(cli).UpdateUser(system, "api", chitieu.UserUpdate{Disabled: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		defer s.UpdateUser(system, "api", chitieu.UserUpdate{Disabled: ptr(false)})
		db.Now = func() time.Time { return now.Add(10*time.Second - time.Millisecond) }
		defer func() { db.Now = func() time.Time { return now } }()
		if _, err := s.AuthenticateToken(system, token); err != nil {
			t.Fatalf("within 10 s: %v; want the remembered token", err)
		}
		db.Now = func() time.Time { return now.Add(10 * time.Second) }
		_, err := s.AuthenticateToken(system, token)
		wantError(t, err, chitieu.EUNAUTHORIZED, "token: the user is disabled")
	})
	t.Run("ErrUserDeleted", func(t *testing.T) {
		if err := s.DeleteUser(system, "api"); err != nil {
			t.Fatal(err)
		}
		_, err := s.AuthenticateToken(system, token)
		wantError(t, err, chitieu.EUNAUTHORIZED, "token: unknown or revoked")
		// A new user of the same name does not inherit the old one's tokens.
		mustCreateUser(t, db, "api", chitieu.RoleAdmin, "")
		_, err = s.AuthenticateToken(system, token)
		wantError(t, err, chitieu.EUNAUTHORIZED, "token: unknown or revoked")
	})
}

func TestUserService_EnsureAdmin(t *testing.T) {
	t.Run("GivenPassword", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewUserService(db)
		created, pw, err := s.EnsureAdmin(system, goodPassword)
		if err != nil || !created || pw != goodPassword {
			t.Fatalf("EnsureAdmin = %v, %q, %v", created, pw, err)
		}
		u, err := s.Authenticate(system, "admin", goodPassword)
		if err != nil || u.Role != chitieu.RoleAdmin {
			t.Fatalf("Authenticate(admin) = %+v, %v", u, err)
		}
		// Not again while a user exists.
		created, pw, err = s.EnsureAdmin(system, "another password")
		if err != nil || created || pw != "" {
			t.Fatalf("second EnsureAdmin = %v, %q, %v", created, pw, err)
		}
	})
	t.Run("RandomPassword", func(t *testing.T) {
		db := MustOpenDB(t)
		s := sqlite.NewUserService(db)
		created, pw, err := s.EnsureAdmin(system, "")
		if err != nil || !created || len(pw) < chitieu.MinPasswordLength {
			t.Fatalf("EnsureAdmin = %v, %q, %v", created, pw, err)
		}
		if _, err := s.Authenticate(system, "admin", pw); err != nil {
			t.Fatalf("the printed password does not work: %v", err)
		}
		if e := lastAudit(t, db); e.Actor != "system" || e.Entity != "user" || e.Key != "admin" {
			t.Fatalf("audit = %+v", e)
		}
	})
	t.Run("ErrWeakPassword", func(t *testing.T) {
		db := MustOpenDB(t)
		_, _, err := sqlite.NewUserService(db).EnsureAdmin(system, "short")
		wantError(t, err, chitieu.EINVALID, "password: must be at least 10 characters")
	})
}

// Simultaneous checks of the same right pair (a client's workers after a restart) share one
// hash: all succeed although more of them arrive than password.MaxHashing; a wrong one is
// refused for all of them.
func TestUserService_AuthenticateSimultaneous(t *testing.T) {
	db := MustOpenDB(t)
	MustCreateProvince(t, db)
	s := sqlite.NewUserService(db)
	mustCreateUser(t, db, "an", chitieu.RoleEditor, "rach-gia")
	for _, tt := range []struct {
		pw   string
		code string
	}{{goodPassword, ""}, {goodPassword + "?", chitieu.EUNAUTHORIZED}} {
		var wg sync.WaitGroup
		errs := make(chan error, 3*password.MaxHashing)
		start := make(chan struct{})
		for range cap(errs) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := s.Authenticate(password.NewContextWithClient(system, "10.0.0.1"), "an", tt.pw)
				errs <- err
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if code := chitieu.ErrorCode(err); code != tt.code && !(tt.code != "" && code == chitieu.ETOOMANY) {
				t.Fatalf("%q: %v, want code %q", tt.pw, err, tt.code)
			}
		}
	}
}
