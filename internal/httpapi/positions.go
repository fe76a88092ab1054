package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// The routes of leadership positions and their assignments.

// positionBody is what a client sends of a position; the id and the vacancy are the service's.
type positionBody struct {
	Unit      string       `json:"unit"`
	Title     string       `json:"title"`
	Seats     int          `json:"seats"`
	CreatedOn chitieu.Date `json:"created_on"`
}

func (b positionBody) position() *chitieu.Position {
	return &chitieu.Position{Unit: b.Unit, Title: b.Title, Seats: b.Seats, CreatedOn: b.CreatedOn}
}

// assignmentBody is what a client sends to create an assignment; the position is the path's.
type assignmentBody struct {
	CadreID   int64        `json:"cadre_id"`
	StartedOn chitieu.Date `json:"started_on"`
	EndedOn   chitieu.Date `json:"ended_on"`
}

// positionRoutes mounts the routes of leadership positions and their assignments when
// Config.Positions is given.
func (s *Server) positionRoutes(api *gin.RouterGroup, records, admin gin.HandlerFunc) {
	if s.Positions == nil {
		return
	}
	api.GET("/positions", s.listPositions)
	api.POST("/positions", admin, s.createPosition)
	api.GET("/positions/:id", s.getPosition)
	api.PUT("/positions/:id", admin, s.updatePosition)
	api.DELETE("/positions/:id", admin, s.deletePosition)
	api.POST("/positions/:id/assignments", records, s.createAssignment)
	api.PATCH("/assignments/:id", records, s.updateAssignment)
	api.DELETE("/assignments/:id", records, s.deleteAssignment)
}

func (s *Server) listPositions(c *gin.Context) {
	q := query{c: c}
	f := chitieu.PositionFilter{Unit: q.string("unit"), CadreID: q.id("cadre_id"), AsOf: q.date("as_of"), Page: q.page()}
	if q.err == nil {
		f.Unit, q.err = s.scopeUnit(c.Request.Context(), f.Unit, false)
	}
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	list, total, err := s.Positions.FindPositions(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(list, total))
}

func (s *Server) getPosition(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	q := query{c: c}
	asOf := q.date("as_of")
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	p, err := s.Positions.FindPositionByID(c.Request.Context(), id, asOf)
	if err == nil {
		err = s.requireReadable(c.Request.Context(), p.Unit, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RulePositionNotFound, id))
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) createPosition(c *gin.Context) {
	var b positionBody
	if err := s.decodeJSON(c, &b); err != nil {
		s.writeError(c, err)
		return
	}
	p := b.position()
	if err := s.Positions.CreatePosition(c.Request.Context(), p); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

func (s *Server) updatePosition(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var b positionBody
	if err := s.decodeJSON(c, &b); err != nil {
		s.writeError(c, err)
		return
	}
	p, err := s.Positions.UpdatePosition(c.Request.Context(), id, b.position())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) deletePosition(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Positions.DeletePosition(c.Request.Context(), id); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) createAssignment(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var b assignmentBody
	if err := s.decodeJSON(c, &b); err != nil {
		s.writeError(c, err)
		return
	}
	a := &chitieu.Assignment{PositionID: id, CadreID: b.CadreID, StartedOn: b.StartedOn, EndedOn: b.EndedOn}
	if err := s.Positions.CreateAssignment(c.Request.Context(), a); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

func (s *Server) updateAssignment(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var upd chitieu.AssignmentUpdate
	if err := s.decodeJSON(c, &upd); err != nil {
		s.writeError(c, err)
		return
	}
	a, err := s.Positions.UpdateAssignment(c.Request.Context(), id, upd)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

// deleteAssignment marks an assignment entered by mistake deleted; one that ended is ended with
// PATCH instead.
func (s *Server) deleteAssignment(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Positions.DeleteAssignment(c.Request.Context(), id); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
