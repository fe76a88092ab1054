package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

func (s *Server) listUnits(c *gin.Context) {
	q := query{c: c}
	f := chitieu.UnitFilter{Page: q.page(), AsOf: q.date("as_of")}
	if parent, ok := c.GetQuery("parent"); ok { // parent= lists the roots
		f.Parent = &parent
	}
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	units, total, err := s.Units.FindUnits(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(units, total))
}

func (s *Server) getUnit(c *gin.Context) {
	u, err := s.Units.FindUnit(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func (s *Server) createUnit(c *gin.Context) {
	var u chitieu.Unit
	// A unit ends only through a reorganisation.
	if err := s.decodeJSON(c, &u, "dissolved_on"); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Units.CreateUnit(c.Request.Context(), &u); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, &u)
}

func (s *Server) updateUnit(c *gin.Context) {
	code := c.Param("code")
	var u chitieu.Unit
	// A correction of the latest name and parent; the unit's life changes through reorganisations.
	if err := s.decodeJSON(c, &u, "founded_on", "dissolved_on"); err != nil {
		s.writeError(c, err)
		return
	}
	if u.Code != "" && u.Code != code {
		s.writeError(c, chitieu.Invalid("code", chitieu.RuleURLNamesUnit, code))
		return
	}
	u.Code = code
	updated, err := s.Units.UpdateUnit(c.Request.Context(), code, &u)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, updated)
}

func (s *Server) deleteUnit(c *gin.Context) {
	if err := s.Units.DeleteUnit(c.Request.Context(), c.Param("code")); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
