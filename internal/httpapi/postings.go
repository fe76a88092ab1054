package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

func (s *Server) listPostings(c *gin.Context) {
	cadre, err := s.readableCadre(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	postings, err := s.Postings.FindPostings(c.Request.Context(), cadre.ID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(postings, len(postings)))
}

// createPosting is a move (chuyển công tác) from a day; PATCH /cadres/{id} corrects the current
// posting instead.
func (s *Server) createPosting(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var p chitieu.Posting
	if err := s.decodeJSON(c, &p, "id", "cadre_id"); err != nil {
		s.writeError(c, err)
		return
	}
	p.CadreID = id
	if err := s.Postings.CreatePosting(c.Request.Context(), &p); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, &p)
}
