package chitieu

import (
	"context"
	"regexp"
	"time"
)

// Role is what a user may do.
type Role string

// Roles: a viewer reads; an editor also writes records (cadres, training records, youth
// reports), within its unit's subtree when it has one; an admin also manages units, targets
// and users.
const (
	RoleAdmin  Role = "admin"
	RoleEditor Role = "editor"
	RoleViewer Role = "viewer"
)

// Valid tells whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleEditor || r == RoleViewer }

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 10

// User is a person who signs in.
type User struct {
	Username  string    `json:"username"`
	Role      Role      `json:"role"`
	Unit      string    `json:"unit"` // an editor limited to this unit's subtree; empty for all
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// CanWriteRecords tells whether the user may write cadres, training records and youth reports
// at all; a unit limit is checked against each record.
func (u *User) CanWriteRecords() bool { return u.Role == RoleAdmin || u.Role == RoleEditor }

// IsAdmin tells whether the user manages units, targets and users.
func (u *User) IsAdmin() bool { return u.Role == RoleAdmin }

// Validate checks the user's fields; that the unit exists is the store's to check.
func (u *User) Validate() error {
	switch {
	case !usernamePattern.MatchString(u.Username):
		return Invalid("username", RuleUsernameFormat)
	case !u.Role.Valid():
		return Invalid("role", RuleRole)
	case u.Unit != "" && u.Role != RoleEditor:
		return Invalid("unit", RuleEditorOnlyUnit)
	}
	return nil
}

// ValidatePassword checks a new password.
func ValidatePassword(password string) error {
	if len([]rune(password)) < MinPasswordLength {
		return Invalid("password", RuleMinLength, MinPasswordLength)
	}
	return nil
}

// UserCreate is a new user with its password.
type UserCreate struct {
	User
	Password string `json:"password"`
}

// UserUpdate is a partial update of a user.
type UserUpdate struct {
	Role     *Role   `json:"role"`
	Unit     *string `json:"unit"`
	Disabled *bool   `json:"disabled"`
	Password *string `json:"password"`
}

// UserService keeps users and checks their credentials.
type UserService interface {
	FindUser(ctx context.Context, username string) (*User, error)
	FindUsers(ctx context.Context, page Page) ([]*User, int, error)
	CreateUser(ctx context.Context, u *UserCreate) error
	UpdateUser(ctx context.Context, username string, upd UserUpdate) (*User, error)
	DeleteUser(ctx context.Context, username string) error

	// Authenticate returns the enabled user with that username and password, or EUNAUTHORIZED.
	Authenticate(ctx context.Context, username, password string) (*User, error)
	// CreateToken makes an API token for the user; only its hash is kept.
	CreateToken(ctx context.Context, username string) (string, error)
	// AuthenticateToken returns the enabled user the token belongs to, or EUNAUTHORIZED.
	AuthenticateToken(ctx context.Context, token string) (*User, error)
}

type userKey struct{}

// NewContextWithUser returns a context that carries the user acting.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFromContext returns the user acting, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// ActorFromContext names the user acting, for the audit log: "system" for the service itself
// (the demo data, start-up) and the command line.
func ActorFromContext(ctx context.Context) string {
	if u := UserFromContext(ctx); u != nil {
		return u.Username
	}
	return "system"
}
