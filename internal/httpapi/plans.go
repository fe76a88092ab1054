package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// planRoutes mounts the plans when a PlanService is given: reads for every user, writes for
// admins.
func (s *Server) planRoutes(api *gin.RouterGroup, admin gin.HandlerFunc) {
	if s.Plans == nil {
		return
	}
	api.GET("/plans", s.listPlans)
	api.POST("/plans", admin, s.createPlan)
	api.GET("/plans/:code", s.getPlan)
	api.PATCH("/plans/:code", admin, s.updatePlan)
}

func (s *Server) listPlans(c *gin.Context) {
	plans, err := s.Plans.FindPlans(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(plans, len(plans)))
}

func (s *Server) getPlan(c *gin.Context) {
	p, err := s.Plans.FindPlan(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) createPlan(c *gin.Context) {
	var p chitieu.Plan
	if err := s.decodeJSON(c, &p); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Plans.CreatePlan(c.Request.Context(), &p); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

func (s *Server) updatePlan(c *gin.Context) {
	var upd chitieu.PlanUpdate
	if err := s.decodeJSON(c, &upd); err != nil {
		s.writeError(c, err)
		return
	}
	p, err := s.Plans.UpdatePlan(c.Request.Context(), c.Param("code"), upd)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}
