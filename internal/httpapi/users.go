package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

func (s *Server) listUsers(c *gin.Context) {
	q := query{c: c}
	page := q.page()
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	users, total, err := s.Users.FindUsers(c.Request.Context(), page)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(users, total))
}

func (s *Server) createUser(c *gin.Context) {
	var u chitieu.UserCreate
	if err := s.decodeJSON(c, &u, "created_at"); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Users.CreateUser(c.Request.Context(), &u); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, &u.User) // never the password
}

func (s *Server) updateUser(c *gin.Context) {
	var upd chitieu.UserUpdate
	if err := s.decodeJSON(c, &upd); err != nil {
		s.writeError(c, err)
		return
	}
	u, err := s.Users.UpdateUser(c.Request.Context(), c.Param("username"), upd)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func (s *Server) deleteUser(c *gin.Context) {
	if err := s.Users.DeleteUser(c.Request.Context(), c.Param("username")); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listAudit(c *gin.Context) {
	q := query{c: c}
	f := chitieu.AuditFilter{Entity: q.string("entity"), Key: q.string("key"), Actor: q.string("actor"), Page: q.page()}
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	entries, total, err := s.Audit.FindAuditEntries(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(entries, total))
}
