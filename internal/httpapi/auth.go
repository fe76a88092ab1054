package httpapi

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/password"
)

// Authenticate resolves the user from a request's credentials: HTTP Basic with a username and
// password, or "Authorization: Bearer <token>" with an API token. No credentials, bad ones and
// a disabled user are all EUNAUTHORIZED; a fault of the store stays EINTERNAL.
func (s *Server) Authenticate(r *http.Request) (*chitieu.User, error) {
	header := r.Header.Get("Authorization")
	var (
		u   *chitieu.User
		err error
	)
	if scheme, token, ok := strings.Cut(header, " "); ok && strings.EqualFold(scheme, "Bearer") {
		token = strings.TrimSpace(token)
		if token == "" {
			return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "Authorization", chitieu.RuleBearerEmpty)
		}
		u, err = s.Users.AuthenticateToken(r.Context(), token)
	} else if username, password, ok := r.BasicAuth(); ok {
		u, err = s.Users.Authenticate(r.Context(), username, password)
	} else if header == "" {
		return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "Authorization", chitieu.RuleCredentialsRequired)
	} else {
		return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "Authorization", chitieu.RuleAuthScheme)
	}
	switch chitieu.ErrorCode(err) {
	case "":
		if u != nil {
			return u, nil
		}
	case chitieu.EUNAUTHORIZED, chitieu.EINTERNAL, chitieu.EUNAVAILABLE, chitieu.ETOOMANY:
		return nil, err
	}
	// Any other answer (an unknown user, a malformed token) is no more than bad credentials.
	return nil, chitieu.NewError(chitieu.EUNAUTHORIZED, "Authorization", chitieu.RuleInvalidCredentials)
}

// RequireUser is the middleware that authenticates every request of a group and puts the user
// in the request's context (chitieu.UserFromContext), or answers 401. A state-changing request
// that a browser says comes from another site is refused first, with 403, as on the pages:
// credentials a browser sends by itself must not act for a page of another site. Programs send
// neither Sec-Fetch-Site nor Origin and pass.
func (s *Server) RequireUser(c *gin.Context) {
	if err := s.crossOrigin.Check(c.Request); err != nil {
		s.writeError(c, chitieu.NewError(chitieu.EFORBIDDEN, "Origin", chitieu.RuleCrossOrigin, c.Request.Method))
		return
	}
	// The password guard counts tries by the client's address, as gin sees it behind trusted
	// proxies.
	c.Request = c.Request.WithContext(password.NewContextWithClient(c.Request.Context(), c.ClientIP()))
	u, err := s.Authenticate(c.Request)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Request = c.Request.WithContext(chitieu.NewContextWithUser(c.Request.Context(), u))
	c.Next()
}

// requireRole refuses, with 403, a user for whom allowed is false. The services check again.
func (s *Server) requireRole(who chitieu.Term, allowed func(*chitieu.User) bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := chitieu.UserFromContext(c.Request.Context())
		if u == nil || !allowed(u) {
			role := "none"
			if u != nil {
				role = string(u.Role)
			}
			s.writeError(c, chitieu.NewError(chitieu.EFORBIDDEN, "role", chitieu.RuleRoleRoute, chitieu.Term(role), c.Request.Method, c.FullPath(), who))
			return
		}
		c.Next()
	}
}
