package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// A date out of the range of every date typed in a page form is refused next to its field, and
// 31/12/0000 (day 0, "no date") is never taken for an empty field; a name with a hidden character
// is refused in Vietnamese. None of them is written.
func TestFormValuesOutOfRange(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("admin")
	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"birth in year 0", url.Values{"full_name": {"Năm Không"}, "unit": {"co-quan"}, "joined_on": {"01/01/2014"}, "birth_date": {"15/06/0000"}},
			"ngày phải trong khoảng từ 01/01/1900 đến 31/12/2100"},
		{"left on day 0", url.Values{"full_name": {"Năm Không"}, "unit": {"co-quan"}, "joined_on": {"01/01/2014"}, "left_on": {"31/12/0000"}},
			"ngày phải trong khoảng từ 01/01/1900 đến 31/12/2100"},
		{"joined in 9999", url.Values{"full_name": {"Năm Không"}, "unit": {"co-quan"}, "joined_on": {"01/01/9999"}},
			"ngày phải trong khoảng từ 01/01/1900 đến 31/12/2100"},
		{"right-to-left override", url.Values{"full_name": {"Năm\u202EKhông"}, "unit": {"co-quan"}, "joined_on": {"01/01/2014"}},
			"không được chứa ký tự điều khiển hoặc ký tự ẩn U&#43;202E"},
		{"too young", url.Values{"full_name": {"Năm Không"}, "unit": {"co-quan"}, "joined_on": {"01/01/2014"}, "birth_date": {"01/01/2005"}},
			"phải để cán bộ từ 15 đến 70 tuổi"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := c.post("/cadres/new", tt.form)
			if p.status == http.StatusSeeOther {
				t.Fatalf("the form was taken: %v", p.header.Get("Location"))
			}
			wantStatus(t, p, p.status, tt.want)
		})
	}
	cadres, _, err := sqlite.NewCadreService(e.db).FindCadres(context.Background(), chitieu.CadreFilter{Query: "Năm"})
	if err != nil || len(cadres) != 0 {
		t.Fatalf("a refused form wrote: %v %v", cadres, err)
	}
}
