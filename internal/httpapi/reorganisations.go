package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// applyReorganisation applies a dated list of changes to the unit tree, or with ?dry_run=true
// answers what it would change.
func (s *Server) applyReorganisation(c *gin.Context) {
	q := query{c: c}
	dryRun := q.bool("dry_run")
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	var r chitieu.Reorganisation
	if err := s.decodeJSON(c, &r, "id"); err != nil {
		s.writeError(c, err)
		return
	}
	res, err := s.Reorganisations.ApplyReorganisation(c.Request.Context(), &r, dryRun != nil && *dryRun)
	if err != nil {
		s.writeError(c, err)
		return
	}
	status := http.StatusCreated
	if res.DryRun {
		status = http.StatusOK
	}
	c.JSON(status, res)
}

func (s *Server) unitHistory(c *gin.Context) {
	h, err := s.Reorganisations.UnitHistory(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, h)
}
