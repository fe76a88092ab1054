package web

import (
	"context"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
)

// unitTree is every live unit, for menus, the tree page and the unit limit of an editor.
type unitTree struct {
	units    []*chitieu.Unit
	byCode   map[string]*chitieu.Unit
	children map[string][]string
}

// pageTree loads the unit tree for a page; when it cannot, it answers the error page and ok is
// false.
func (h *Handler) pageTree(c *gin.Context) (tree *unitTree, ok bool) {
	tree, err := h.loadUnits(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	return tree, true
}

// dayTree is pageTree for the tree of day d (issue 16): a page of figures on a day shows the
// units as they were then.
func (h *Handler) dayTree(c *gin.Context, d chitieu.Date) (tree *unitTree, ok bool) {
	tree, err := h.loadUnitsOn(c.Request.Context(), d)
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	return tree, true
}

// everyPage reads a whole list through a service's find, a page of the largest size at a time.
func everyPage[T any](find func(chitieu.Page) ([]T, int, error)) ([]T, error) {
	var all []T
	for offset := 0; ; offset += chitieu.MaxLimit {
		batch, total, err := find(chitieu.Page{Limit: chitieu.MaxLimit, Offset: offset})
		if err != nil {
			return nil, err
		}
		all = append(all, batch...)
		if len(batch) == 0 || len(all) >= total {
			return all, nil
		}
	}
}

// loadUnits reads every unit, with its latest name and parent.
func (h *Handler) loadUnits(ctx context.Context) (*unitTree, error) { return h.loadUnitsOn(ctx, 0) }

// loadUnitsOn reads the tree of day d: the units alive then, with their names and parents of
// that day; every unit when d is no date.
func (h *Handler) loadUnitsOn(ctx context.Context, d chitieu.Date) (*unitTree, error) {
	units, err := everyPage(func(p chitieu.Page) ([]*chitieu.Unit, int, error) {
		return h.Units.FindUnits(ctx, chitieu.UnitFilter{AsOf: d, Page: p})
	})
	if err != nil {
		return nil, err
	}
	t := &unitTree{units: units, byCode: map[string]*chitieu.Unit{}, children: map[string][]string{}}
	for _, u := range t.units {
		t.byCode[u.Code] = u
	}
	for _, u := range t.units {
		parent := u.Parent
		if t.byCode[parent] == nil {
			parent = ""
		}
		t.children[parent] = append(t.children[parent], u.Code)
	}
	for _, kids := range t.children {
		slices.SortFunc(kids, func(a, b string) int {
			return strings.Compare(chitieu.SearchKey(t.byCode[a].Name), chitieu.SearchKey(t.byCode[b].Name))
		})
	}
	return t, nil
}

// treeShowing loads the unit tree for the page of a record of unit, answering that the record
// does not exist when the user may not see it: an editor limited to a unit sees only its
// subtree's records, as if the others did not exist.
func (h *Handler) treeShowing(ctx context.Context, unit, entity string, id int64) (*unitTree, error) {
	tree, err := h.loadUnits(ctx)
	if err != nil {
		return nil, err
	}
	if u := chitieu.UserFromContext(ctx); !tree.within(u.Unit, unit) {
		return nil, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleRecordNotFound, chitieu.Term(entity), id)
	}
	return tree, nil
}

// treeRow is a unit in the order of a depth-first walk, with its depth.
type treeRow struct {
	Unit  *chitieu.Unit
	Depth int
}

// walk lists the subtree of root ("" for the whole forest) depth first.
func (t *unitTree) walk(root string) []treeRow {
	var out []treeRow
	var visit func(code string, depth int)
	visit = func(code string, depth int) {
		out = append(out, treeRow{Unit: t.byCode[code], Depth: depth})
		for _, k := range t.children[code] {
			visit(k, depth+1)
		}
	}
	if root == "" {
		for _, k := range t.children[""] {
			visit(k, 0)
		}
	} else if t.byCode[root] != nil {
		visit(root, 0)
	}
	return out
}

// visible lists the units a user may see: all, or an editor's unit and those below it.
func (t *unitTree) visible(u *chitieu.User) []treeRow { return t.walk(u.Unit) }

// within tells whether code is in the subtree of root ("" is everything).
func (t *unitTree) within(root, code string) bool {
	if root == "" {
		return t.byCode[code] != nil
	}
	for seen := 0; code != "" && seen <= len(t.units); seen++ {
		if code == root {
			return true
		}
		u := t.byCode[code]
		if u == nil {
			return false
		}
		code = u.Parent
	}
	return false
}

// name returns the unit's name, or its code when it is not known.
func (t *unitTree) name(code string) string {
	if u := t.byCode[code]; u != nil {
		return u.Name
	}
	return code
}
