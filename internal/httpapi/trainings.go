package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

func (s *Server) listTrainings(c *gin.Context) {
	q := query{c: c}
	f := chitieu.TrainingFilter{
		CadreID: q.id("cadre_id"),
		Kind:    chitieu.TrainingKind(q.string("kind")),
		Status:  chitieu.TrainingStatus(q.string("status")),
		Page:    q.page(),
	}
	if q.err == nil {
		q.fail(f.Validate())
	}
	if q.err == nil {
		q.fail(s.scopeTrainings(c.Request.Context(), &f))
	}
	if q.err != nil {
		s.writeError(c, q.err)
		return
	}
	trainings, total, err := s.Trainings.FindTrainings(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(trainings, total))
}

func (s *Server) getTraining(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	t, err := s.Trainings.FindTrainingByID(c.Request.Context(), id)
	if err == nil {
		if err = s.requireCadreReadable(c.Request.Context(), t.CadreID); chitieu.ErrorCode(err) == chitieu.ENOTFOUND {
			err = chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleTrainingNotFound, id)
		}
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (s *Server) createTraining(c *gin.Context) {
	var t chitieu.Training
	if err := s.decodeJSON(c, &t, "id"); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Trainings.CreateTraining(c.Request.Context(), &t); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, &t)
}

func (s *Server) updateTraining(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var upd chitieu.TrainingUpdate
	if err := s.decodeJSON(c, &upd); err != nil {
		s.writeError(c, err)
		return
	}
	t, err := s.Trainings.UpdateTraining(c.Request.Context(), id, upd)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (s *Server) deleteTraining(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Trainings.DeleteTraining(c.Request.Context(), id); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
