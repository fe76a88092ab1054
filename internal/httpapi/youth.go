package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

func (s *Server) listYouthReports(c *gin.Context) {
	q := query{c: c}
	f := chitieu.YouthReportFilter{Unit: q.string("unit"), Page: q.page()}
	if q.err == nil {
		q.fail(s.scopeYouthReports(c.Request.Context(), &f))
	}
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	reports, total, err := s.YouthReports.FindYouthReports(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(reports, total))
}

func (s *Server) getYouthReport(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	r, err := s.YouthReports.FindYouthReportByID(c.Request.Context(), id)
	if err == nil {
		err = s.requireReadable(c.Request.Context(), r.Unit, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleReportNotFound, id))
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *Server) createYouthReport(c *gin.Context) {
	var r chitieu.YouthReport
	if err := s.decodeJSON(c, &r, "id"); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.YouthReports.CreateYouthReport(c.Request.Context(), &r); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, &r)
}

func (s *Server) updateYouthReport(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var r chitieu.YouthReport
	if err := s.decodeJSON(c, &r, "id"); err != nil { // the URL names the report
		s.writeError(c, err)
		return
	}
	r.ID = id
	updated, err := s.YouthReports.UpdateYouthReport(c.Request.Context(), id, &r)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, updated)
}

func (s *Server) deleteYouthReport(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.YouthReports.DeleteYouthReport(c.Request.Context(), id); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
