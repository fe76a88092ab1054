package web

import (
	"context"

	"github.com/gin-gonic/gin"
)

// cadreDelete deletes a cadre once confirmed, and offers to undo it on the list.
func (h *Handler) cadreDelete(c *gin.Context) {
	id, cd, ok := recordToWrite(h, c, h.findVisibleCadre)
	if !ok {
		return
	}
	l := h.locale(c)
	if !h.askFirst(c, l.T("ask.delete_cadre", cd.FullName), l.T("ask.undo_hint"), l.T("action.delete"), "/cadres/"+itoa(id)) {
		return
	}
	if err := h.Cadres.DeleteCadre(c.Request.Context(), id); err != nil {
		h.fail(c, err)
		return
	}
	redirect(c, "/cadres?undo=cadre/"+itoa(id), "cadre_deleted")
}

// cadreRestore brings a deleted cadre back with its training records: the undo, or the audit's
// restore.
func (h *Handler) cadreRestore(c *gin.Context) {
	h.restore(c, func(ctx context.Context, id int64) (string, error) {
		cd, err := h.Restore.RestoreCadre(ctx, id)
		if err != nil {
			return "", err
		}
		return "/cadres/" + itoa(cd.ID), nil
	}, "cadre_restored")
}
