package web

import (
	"errors"
	"math"
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/password"
)

func (h *Handler) signInForm(c *gin.Context) {
	if chitieu.UserFromContext(c.Request.Context()) != nil {
		c.Redirect(http.StatusSeeOther, localPath(c.Query("next")))
		return
	}
	f := newForm()
	f.Values["next"] = localPath(c.Query("next"))
	h.render(c, http.StatusOK, "signin", "", h.locale(c).T("signin.title"), f)
}

// signIn checks the password, within the store's password guard (the one the API's credentials
// go through too), and starts a session.
func (h *Handler) signIn(c *gin.Context) {
	l := h.locale(c)
	f := readForm(c, "username", "password", "next")
	username := f.V("username")
	f.Values["password"] = "" // never sent back
	pw := c.PostForm("password")
	ctx := password.NewContextWithClient(c.Request.Context(), c.ClientIP())
	u, err := h.Users.Authenticate(ctx, username, pw)
	var locked *password.LockedError
	switch {
	case errors.As(err, &locked):
		f.Other = l.T("signin.too_many", int(math.Ceil(locked.Wait.Minutes())))
		c.Header("Retry-After", itoa(int64(math.Ceil(locked.Wait.Seconds()))))
		h.render(c, http.StatusTooManyRequests, "signin", "", l.T("signin.title"), f)
		return
	case chitieu.ErrorCode(err) == chitieu.EUNAUTHORIZED:
		f.Other = l.T("signin.failed")
		h.render(c, http.StatusUnauthorized, "signin", "", l.T("signin.title"), f)
		return
	case err != nil:
		if busy := (*password.BusyError)(nil); errors.As(err, &busy) {
			c.Header("Retry-After", "1")
		}
		h.fail(c, err)
		return
	}
	token, sess, err := h.Sessions.CreateSession(c.Request.Context(), u.Username)
	if err != nil {
		h.fail(c, err)
		return
	}
	// Max-Age rather than Expires: the browser's clock need not agree with ours. The store
	// checks the expiry in any case.
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sess.ExpiresAt.Sub(sess.CreatedAt).Seconds()),
		HttpOnly: true, Secure: h.secureRequest(c), SameSite: http.SameSiteLaxMode})
	c.Redirect(http.StatusSeeOther, localPath(f.V("next")))
}

func (h *Handler) signOut(c *gin.Context) {
	if ck, err := c.Request.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := h.Sessions.DeleteSession(c.Request.Context(), ck.Value); err != nil {
			h.fail(c, err)
			return
		}
	}
	h.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/sign-in")
}
