package web

import (
	"math"
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
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

// signIn checks the password, within the rate limit, and starts a session.
func (h *Handler) signIn(c *gin.Context) {
	l := h.locale(c)
	f := readForm(c, "username", "password", "next")
	username, addr := f.V("username"), c.ClientIP()
	f.Values["password"] = "" // never sent back
	pw := c.PostForm("password")
	if ok, wait := h.signIns.Allow(username, addr); !ok {
		f.Other = l.T("signin.too_many", int(math.Ceil(wait.Minutes())))
		c.Header("Retry-After", itoa(int64(math.Ceil(wait.Seconds()))))
		h.render(c, http.StatusTooManyRequests, "signin", "", l.T("signin.title"), f)
		return
	}
	u, err := h.Users.Authenticate(c.Request.Context(), username, pw)
	if chitieu.ErrorCode(err) == chitieu.EUNAUTHORIZED {
		h.signIns.Fail(username, addr)
		f.Other = l.T("signin.failed")
		h.render(c, http.StatusUnauthorized, "signin", "", l.T("signin.title"), f)
		return
	} else if err != nil {
		h.fail(c, err)
		return
	}
	h.signIns.Succeed(username, addr)
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
