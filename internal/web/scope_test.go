package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"chitieu/internal/chitieu"
	"chitieu/internal/sqlite"
)

// TestReadScope_PagesAndAPI checks the one read rule of a unit-limited editor on both faces of
// the same server: Rạch Giá's editor reads Rạch Giá's cadres, training records, youth reports
// and positions, and none of the office's, on the pages as on the API.
func TestReadScope_PagesAndAPI(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	positions, reports := sqlite.NewPositionService(e.db), sqlite.NewYouthReportService(e.db)
	office := &chitieu.Position{Unit: "co-quan", Title: "Chánh Văn phòng", Seats: 1, CreatedOn: chitieu.NewDate(2010, 1, 1)}
	rg := &chitieu.Position{Unit: "rach-gia", Title: "Bí thư Thành Đoàn", Seats: 2, CreatedOn: chitieu.NewDate(2010, 1, 1)}
	for _, p := range []*chitieu.Position{office, rg} {
		if err := positions.CreatePosition(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	officeReport := &chitieu.YouthReport{Unit: "co-quan", ReportedOn: chitieu.NewDate(2014, 6, 1), YouthPopulation: 7777, UnionMembers: 10, Gathered: 10}
	if err := reports.CreateYouthReport(ctx, officeReport); err != nil {
		t.Fatal(err)
	}
	training, _, err := sqlite.NewTrainingService(e.db).FindTrainings(ctx, chitieu.TrainingFilter{CadreID: e.office, Page: chitieu.Page{Limit: 1}})
	if err != nil || len(training) != 1 {
		t.Fatalf("the office's training: %v %v", training, err)
	}

	// The admin sees the office's records on the same pages that must hide them from the editor.
	a := e.client()
	a.signIn("admin")
	wantStatus(t, a.get("/positions?unit=co-quan"), http.StatusOK, "Chánh Văn phòng")
	wantStatus(t, a.get("/youth?unit=co-quan"), http.StatusOK, "7.777")

	c := e.client()
	c.signIn("rg")
	wantStatus(t, c.get("/cadres/"+itoa(e.rg)), http.StatusOK)
	wantStatus(t, c.get("/positions/"+itoa(rg.ID)), http.StatusOK)
	for _, path := range []string{"/cadres/" + itoa(e.office), "/positions/" + itoa(office.ID)} {
		wantStatus(t, c.get(path), http.StatusNotFound)
	}
	if p := c.get("/positions?unit=co-quan"); strings.Contains(p.body, "Chánh Văn phòng") {
		t.Error("the positions page shows the office's position to Rạch Giá's editor")
	}
	if p := c.get("/youth?unit=co-quan"); strings.Contains(p.body, "7.777") {
		t.Error("the youth page shows the office's report to Rạch Giá's editor")
	}
	// Seating the office's cadre on Rạch Giá's position is refused, and nothing is written.
	wantStatus(t, c.post("/positions/"+itoa(rg.ID)+"/assignments", url.Values{"cadre_id": {itoa(e.office)}, "started_on": {"01/01/2014"}}),
		http.StatusForbidden)
	if p, err := positions.FindPositionByID(ctx, rg.ID, 0); err != nil || len(p.Assignments) != 0 {
		t.Fatalf("the refused seat: %+v %v", p, err)
	}

	api := func(path string, want int) {
		t.Helper()
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		req.SetBasicAuth("rg", password)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("API GET %s as Rạch Giá's editor: %d, want %d", path, resp.StatusCode, want)
		}
	}
	api("/api/v1/cadres/"+itoa(e.rg), http.StatusOK)
	api("/api/v1/positions/"+itoa(rg.ID), http.StatusOK)
	api("/api/v1/cadres/"+itoa(e.office), http.StatusNotFound)
	api("/api/v1/trainings/"+itoa(training[0].ID), http.StatusNotFound)
	api("/api/v1/trainings?cadre_id="+itoa(e.office), http.StatusNotFound)
	api("/api/v1/youth-reports/"+itoa(officeReport.ID), http.StatusNotFound)
	api("/api/v1/youth-reports?unit=co-quan", http.StatusForbidden)
	api("/api/v1/positions/"+itoa(office.ID), http.StatusNotFound)
	api("/api/v1/positions?unit=co-quan", http.StatusForbidden)
	api("/api/v1/cadres?unit=co-quan", http.StatusForbidden)
}
