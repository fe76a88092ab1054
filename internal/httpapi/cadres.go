package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

func (s *Server) listCadres(c *gin.Context) {
	q := query{c: c}
	f := chitieu.CadreFilter{Unit: q.string("unit"), Active: q.bool("active"), Query: q.string("q"), Page: q.page(),
		RecruitmentCheck: q.string("recruitment_check")}
	if q.err == nil {
		q.fail(s.scopeCadres(c.Request.Context(), &f))
	}
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	cadres, total, err := s.Cadres.FindCadres(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(cadres, total))
}

func (s *Server) getCadre(c *gin.Context) {
	cadre, err := s.readableCadre(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, cadre)
}

// readableCadre returns the cadre the path names, when the user may read it (ENOTFOUND if not).
func (s *Server) readableCadre(c *gin.Context) (*chitieu.Cadre, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	cadre, err := s.Cadres.FindCadreByID(c.Request.Context(), id)
	if err == nil {
		err = s.requireReadable(c.Request.Context(), cadre.Unit, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleCadreNotFound, id))
	}
	return cadre, err
}

func (s *Server) createCadre(c *gin.Context) {
	cadre := chitieu.Cadre{FullTime: true} // chuyên trách unless the request says otherwise
	// The id and the current levels (computed from the trainings) are the service's to give.
	if err := s.decodeJSON(c, &cadre, "id", "political_theory_level", "education_level"); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Cadres.CreateCadre(c.Request.Context(), &cadre); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, &cadre)
}

func (s *Server) updateCadre(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var upd chitieu.CadreUpdate
	if err := s.decodeJSON(c, &upd); err != nil {
		s.writeError(c, err)
		return
	}
	cadre, err := s.Cadres.UpdateCadre(c.Request.Context(), id, upd)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, cadre)
}

func (s *Server) deleteCadre(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Cadres.DeleteCadre(c.Request.Context(), id); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
