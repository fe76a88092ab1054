package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// The users pages (admins only): the list with the form of a new user, and a page for each
// user with a small form for each change. Every change goes through the UserService, which
// checks the role again and keeps the last enabled admin.

var roles = []chitieu.Role{chitieu.RoleViewer, chitieu.RoleEditor, chitieu.RoleAdmin}

type usersData struct {
	Users     []*chitieu.User
	UnitNames map[string]string
	Units     []treeRow
	Form      *form
	Roles     []chitieu.Role
	Me        string // the admin looking, whose own row offers no quick disable
}

func (h *Handler) users(c *gin.Context) {
	f := newForm()
	f.Values["role"] = string(chitieu.RoleViewer)
	h.showUsers(c, http.StatusOK, f)
}

func (h *Handler) showUsers(c *gin.Context, status int, f *form) {
	if !h.requireAdmin(c) {
		return
	}
	ctx := c.Request.Context()
	users, _, err := h.Users.FindUsers(ctx, chitieu.Page{Limit: chitieu.MaxLimit})
	if err != nil {
		h.fail(c, err)
		return
	}
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	d := usersData{Users: users, UnitNames: map[string]string{}, Units: tree.walk(""), Form: f, Roles: roles,
		Me: chitieu.UserFromContext(ctx).Username}
	for _, u := range users {
		d.UnitNames[u.Unit] = tree.name(u.Unit)
	}
	h.render(c, status, "users", "users", h.locale(c).T("users.title"), d)
}

func (h *Handler) userCreate(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	f := readForm(c, "username", "role", "unit", "password")
	uc := &chitieu.UserCreate{User: chitieu.User{Username: f.V("username"), Role: chitieu.Role(f.V("role")), Unit: f.V("unit")},
		Password: c.PostForm("password")}
	f.Values["password"] = "" // never sent back
	if h.submit(c, f, func() error { return h.Users.CreateUser(c.Request.Context(), uc) },
		func() string { return "/users" }, "user_saved") {
		h.showUsers(c, http.StatusUnprocessableEntity, f)
	}
}

// The forms of a user's page, by name; each posts to its own path.
const (
	roleForm     = "role"
	stateForm    = "state"
	passwordForm = "password"
	deleteForm   = "delete"
)

type userData struct {
	User     *chitieu.User
	UnitName string
	Self     bool // the admin looks at themself: what would lock them out asks for a confirmation
	Units    []treeRow
	Roles    []chitieu.Role
	Forms    map[string]*form
}

// user shows a user's page with its forms empty, the role form holding the user's role and unit.
func (h *Handler) user(c *gin.Context) { h.showUser(c, http.StatusOK, c.Param("username"), "", nil) }

// showUser shows a user's page as it is now; refused, when given, replaces the form of that
// name, with what was typed and what is wrong.
func (h *Handler) showUser(c *gin.Context, status int, username, name string, refused *form) {
	if !h.requireAdmin(c) {
		return
	}
	ctx := c.Request.Context()
	u, err := h.Users.FindUser(ctx, username)
	if err != nil {
		h.fail(c, err)
		return
	}
	tree, err := h.loadUnits(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	u.CreatedAt = u.CreatedAt.In(h.Location)
	role := newForm()
	role.Values["role"], role.Values["unit"] = string(u.Role), u.Unit
	d := userData{User: u, UnitName: tree.name(u.Unit), Self: isSelf(c, username), Units: tree.walk(""), Roles: roles,
		Forms: map[string]*form{roleForm: role, stateForm: newForm(), passwordForm: newForm(), deleteForm: newForm()}}
	if refused != nil {
		d.Forms[name] = refused
	}
	h.render(c, status, "user", "users", u.Username, d)
}

func isSelf(c *gin.Context, username string) bool {
	return chitieu.UserFromContext(c.Request.Context()).Username == username
}

// userSetRole changes a user's role and the unit an editor is limited to. Both are one form
// because the store checks them together: the unit chosen is dropped for any role but editor,
// as the target form drops the fields of other kinds, so that making an editor a viewer never
// fails on the unit the select still shows.
func (h *Handler) userSetRole(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	username := c.Param("username")
	f := readForm(c, "role", "unit", "confirm")
	role, unit := chitieu.Role(f.V("role")), ""
	if role == chitieu.RoleEditor {
		unit = f.V("unit")
	}
	losesAdmin := isSelf(c, username) && role != chitieu.RoleAdmin
	h.requireConfirmation(c, f, losesAdmin)
	h.changeUser(c, username, roleForm, f, losesAdmin, "user_saved", h.updateUser(c, username, chitieu.UserUpdate{Role: &role, Unit: &unit}))
}

// userSetDisabled disables a user, which ends its sessions at their next request, or enables it.
func (h *Handler) userSetDisabled(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	username := c.Param("username")
	f := readForm(c, "disabled", "confirm")
	disabled := f.V("disabled") == "true"
	locksOut := isSelf(c, username) && disabled
	// Locking someone else out asks first; locking oneself out has its own box to tick.
	l := h.locale(c)
	if disabled && !locksOut && !h.askFirst(c, l.T("ask.disable_user", username), l.T("users.disable_hint"), l.T("users.disable"), "/users") {
		return
	}
	h.requireConfirmation(c, f, locksOut)
	h.changeUser(c, username, stateForm, f, locksOut, "user_saved", h.updateUser(c, username, chitieu.UserUpdate{Disabled: &disabled}))
}

// userSetPassword sets a new password, typed twice; the store holds it to the password rules.
// Passwords are taken as typed, spaces included, and never sent back.
func (h *Handler) userSetPassword(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	username := c.Param("username")
	pw := c.PostForm("password")
	f := newForm()
	f.Values["password"], f.Values["password_confirm"] = "", ""
	if c.PostForm("password_confirm") != pw {
		f.Errors["password_confirm"] = h.locale(c).T("form.password_mismatch")
	}
	h.changeUser(c, username, passwordForm, f, false, "password_saved", h.updateUser(c, username, chitieu.UserUpdate{Password: &pw}))
}

// userDelete deletes a user with its sessions and API tokens. It always asks for the checkbox:
// the tokens cannot be given back, and for oneself it is a lock-out like disabling.
func (h *Handler) userDelete(c *gin.Context) {
	if !h.requireAdmin(c) {
		return
	}
	username := c.Param("username")
	f := readForm(c, "confirm")
	h.requireConfirmation(c, f, true)
	h.changeUser(c, username, deleteForm, f, isSelf(c, username), "user_deleted", func() error {
		return h.Users.DeleteUser(c.Request.Context(), username)
	})
}

// updateUser is the write of a form that changes the user's record.
func (h *Handler) updateUser(c *gin.Context, username string, upd chitieu.UserUpdate) func() error {
	return func() error {
		_, err := h.Users.UpdateUser(c.Request.Context(), username, upd)
		return err
	}
}

// requireConfirmation refuses the form when it needs its confirmation checkbox and it is not
// ticked.
func (h *Handler) requireConfirmation(c *gin.Context, f *form, needed bool) {
	if needed && !f.Checked("confirm") {
		f.Errors["confirm"] = h.locale(c).T("form.confirm_required")
	}
}

// changeUser runs write when the form holds no error and goes back to the list, or to the
// overview when the admin has just taken away their own access to the list. A refusal shows
// the user's page again with this form, its values and the reason by it.
func (h *Handler) changeUser(c *gin.Context, username, name string, f *form, locksOut bool, notice string, write func() error) {
	// The store names the user it will not change (the last enabled admin) as the field
	// "username": on this page that is the page's user, so its message goes above this form.
	f.Values["username"] = username
	next := func() string {
		if locksOut {
			return "/"
		}
		return "/users"
	}
	if h.submit(c, f, write, next, notice) {
		h.showUser(c, http.StatusUnprocessableEntity, username, name, f)
	}
}
