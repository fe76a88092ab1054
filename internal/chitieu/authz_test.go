package chitieu_test

import (
	"slices"
	"testing"

	"chitieu/internal/chitieu"
)

// TestAuthorize: who may do what on which record, by hand. The tree: kien-giang above rach-gia
// above phuong-1, and co-quan beside rach-gia.
func TestAuthorize(t *testing.T) {
	admin := &chitieu.User{Username: "admin", Role: chitieu.RoleAdmin}
	editor := &chitieu.User{Username: "bien-tap", Role: chitieu.RoleEditor}
	rg := &chitieu.User{Username: "rg", Role: chitieu.RoleEditor, Unit: "rach-gia"}
	viewer := &chitieu.User{Username: "xem", Role: chitieu.RoleViewer}
	manage := chitieu.Action{Kind: chitieu.Administer, What: "manage units"}
	write := chitieu.Action{Kind: chitieu.WriteRecords}
	inUnit := chitieu.Action{Kind: chitieu.WriteInUnit}
	seat := chitieu.Action{Kind: chitieu.SeatCadre}
	phuong := chitieu.Record{Unit: "phuong-1", Ancestors: []string{"phuong-1", "rach-gia", "kien-giang"}}
	rachGia := chitieu.Record{Unit: "rach-gia", Ancestors: []string{"rach-gia", "kien-giang"}}
	office := chitieu.Record{Unit: "co-quan", Ancestors: []string{"co-quan", "kien-giang"}}
	province := chitieu.Record{Unit: "kien-giang", Ancestors: []string{"kien-giang"}}
	officeCadre := chitieu.Record{Unit: "co-quan", Ancestors: []string{"co-quan", "kien-giang"}, CadreID: 7}
	unknownCadre := chitieu.Record{CadreID: 99}
	for _, tt := range []struct {
		name string
		user *chitieu.User
		a    chitieu.Action
		r    chitieu.Record
		rule chitieu.Rule // "" when allowed
		args []any
	}{
		{"the service itself", nil, manage, chitieu.Record{}, "", nil},
		{"an admin manages units", admin, manage, chitieu.Record{}, "", nil},
		{"an editor does not", editor, manage, chitieu.Record{}, chitieu.RuleAdminOnly, []any{chitieu.Term("editor"), chitieu.Term("manage units")}},
		{"a viewer does not", viewer, manage, chitieu.Record{}, chitieu.RuleAdminOnly, []any{chitieu.Term("viewer"), chitieu.Term("manage units")}},
		{"an editor writes records", editor, write, chitieu.Record{}, "", nil},
		{"a viewer does not", viewer, write, chitieu.Record{}, chitieu.RuleRecordWriterOnly, []any{chitieu.Term("viewer")}},
		{"an editor of the province writes anywhere", editor, inUnit, office, "", nil},
		{"an editor of Rạch Giá writes in Rạch Giá", rg, inUnit, rachGia, "", nil},
		{"and below it", rg, inUnit, phuong, "", nil},
		{"not beside it", rg, inUnit, office, chitieu.RuleOutsideUnitWrite, []any{"rg", "rach-gia", "co-quan"}},
		{"nor above it", rg, inUnit, province, chitieu.RuleOutsideUnitWrite, []any{"rg", "rach-gia", "kien-giang"}},
		{"a record of no known unit is outside", rg, inUnit, chitieu.Record{Unit: "xyz"}, chitieu.RuleOutsideUnitWrite, []any{"rg", "rach-gia", "xyz"}},
		{"an editor of Rạch Giá seats its cadres", rg, seat, chitieu.Record{Unit: "phuong-1", Ancestors: phuong.Ancestors, CadreID: 3}, "", nil},
		{"not the office's", rg, seat, officeCadre, chitieu.RuleOutsideUnitSeat, []any{"rg", "rach-gia", int64(7), "co-quan"}},
		{"an unknown cadre is the store's to name", rg, seat, unknownCadre, "", nil},
		{"an admin seats anyone", admin, seat, officeCadre, "", nil},
		{"an action not known is refused", admin, chitieu.Action{}, chitieu.Record{}, chitieu.RuleAdminOnly, []any{chitieu.Term("admin"), chitieu.Term("")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := chitieu.Authorize(tt.user, tt.a, tt.r)
			if tt.rule == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*chitieu.Error)
			if !ok || e.Code != chitieu.EFORBIDDEN || e.Rule != tt.rule || !slices.Equal(e.Args, tt.args) {
				t.Fatalf("err = %v, want EFORBIDDEN %s %v", err, tt.rule, tt.args)
			}
		})
	}
}
