package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// The recruitment rule's routes.

// recruitmentRoutes mounts the recruitment rule's routes when Config.RecruitmentRule is given.
func (s *Server) recruitmentRoutes(api *gin.RouterGroup, admin gin.HandlerFunc) {
	if s.RecruitmentRule == nil {
		return
	}
	api.GET("/rules/recruitment", s.getRecruitmentRule)
	api.PUT("/rules/recruitment", admin, s.updateRecruitmentRule)
}

func (s *Server) getRecruitmentRule(c *gin.Context) {
	r, err := s.RecruitmentRule.FindRecruitmentRule(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *Server) updateRecruitmentRule(c *gin.Context) {
	var r chitieu.RecruitmentRule
	if err := s.decodeJSON(c, &r); err != nil {
		s.writeError(c, err)
		return
	}
	out, err := s.RecruitmentRule.UpdateRecruitmentRule(c.Request.Context(), &r)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
