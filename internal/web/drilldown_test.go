package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// The drill-down lists each unit's part of a target, the units below the expected line first,
// sorts by a column when asked, and leads to the unit's trend.
func TestDrilldown(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.signIn("xem")
	// On 01/07/2014 the plan expects 50 % + (80 % − 50 %)·(546/1094) ≈ 65,0 % (the baseline,
	// 01/01/2013, had the office's cadre of two meeting it): Rạch Giá (0 of 1)
	// is below, the office (1 of 1) has met the target; the province holds 1 of 2.
	p := c.get("/units?target=ly-luan&on=01/07/2014")
	wantStatus(t, p, http.StatusOK, `id="drill-below">1 đơn vị dưới lộ trình`, "lộ trình cần đạt 65,0\u00a0%",
		`href="/units/rach-gia?target=ly-luan&amp;on=01%2f07%2f2014"`, `<tfoot>`, "50,0\u00a0%")
	wantOrder(t, p.body, `data-unit="rach-gia"`, `data-unit="co-quan"`)
	wantStatus(t, p, http.StatusOK, `class="row-behind" data-unit="rach-gia"`, `class="row-achieved" data-unit="co-quan"`)
	// By ratio, highest first after a second click.
	p = c.get("/units?target=ly-luan&on=01/07/2014&sort=ratio&dir=desc")
	wantOrder(t, p.body, `data-unit="co-quan"`, `data-unit="rach-gia"`)
	p = c.get("/units?target=ly-luan&on=01/07/2014&sort=name")
	wantOrder(t, p.body, `data-unit="co-quan"`, `data-unit="rach-gia"`)
	// Before the office's cadre finished (01/06/2012) no one met it.
	wantStatus(t, c.get("/units?target=ly-luan&on=01/01/2012"), http.StatusOK, `class="tag st-not_started"`)
	wantStatus(t, c.get("/units?target=khong-co"), http.StatusNotFound)
	wantStatus(t, c.get("/units?target=ly-luan&on=32/01/2014"), http.StatusOK, "ngày phải viết dạng dd/mm/yyyy")

	// The unit's trend: a chart and its figures, newest first.
	p = c.get("/units/co-quan?target=ly-luan&on=01/07/2014")
	wantStatus(t, p, http.StatusOK, `id="unit-trend"`, `<svg class="chart"`, "Diễn biến: Lý luận chính trị từ trung cấp")
	wantOrder(t, p.body, "01/07/2014", "01/01/2013")
}

// wantOrder fails unless each string is in body after the one before it.
func wantOrder(t *testing.T, body string, in ...string) {
	t.Helper()
	at := 0
	for _, s := range in {
		i := strings.Index(body[at:], s)
		if i < 0 {
			t.Fatalf("%q not found after offset %d in:\n%s", s, at, body)
		}
		at += i + len(s)
	}
}
