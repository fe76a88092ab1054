package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"chitieu/internal/demo"
	"chitieu/internal/figures"
	"chitieu/internal/httpapi"
	"chitieu/internal/sqlite"
	"chitieu/internal/web"
)

// BenchmarkPages renders the busiest pages for a signed-in admin on the demo plan (24 units,
// about 200 cadres, 570 training records, 200 youth reports, 16 leadership positions), through the whole engine: the
// session read, the services, the figures and the template.
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	db := sqlite.NewDB(filepath.Join(b.TempDir(), "chitieu.db"))
	if err := db.Open(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	s := demo.Services{Units: sqlite.NewUnitService(db), Cadres: sqlite.NewCadreService(db), Trainings: sqlite.NewTrainingService(db),
		YouthReports: sqlite.NewYouthReportService(db), Targets: sqlite.NewTargetService(db), Plans: sqlite.NewPlanService(db),
		RecruitmentRule: sqlite.NewRecruitmentRuleService(db), Positions: sqlite.NewPositionService(db)}
	if err := demo.Seed(ctx, s); err != nil {
		b.Fatal(err)
	}
	users := sqlite.NewUserService(db)
	if _, _, err := users.EnsureAdmin(ctx, password); err != nil {
		b.Fatal(err)
	}
	sessions := sqlite.NewSessionService(db)
	token, _, err := sessions.CreateSession(ctx, "admin")
	if err != nil {
		b.Fatal(err)
	}
	ds, err := db.LoadDataset(ctx)
	if err != nil {
		b.Fatal(err)
	}
	keeper := figures.New(ds, time.Now, db.Location, nil)
	api, err := httpapi.NewServer(httpapi.Config{Units: s.Units, Cadres: s.Cadres, Trainings: s.Trainings, YouthReports: s.YouthReports,
		Targets: s.Targets, Users: users, Audit: sqlite.NewAuditService(db), Figures: keeper})
	if err != nil {
		b.Fatal(err)
	}
	pages, err := web.New(web.Config{Units: s.Units, Cadres: s.Cadres, Trainings: s.Trainings, YouthReports: s.YouthReports,
		Targets: s.Targets, Users: users, Audit: sqlite.NewAuditService(db), Sessions: sessions, Figures: keeper, Reports: keeper,
		RecruitmentRule: s.RecruitmentRule, Positions: s.Positions, Imports: sqlite.NewImportService(db)})
	if err != nil {
		b.Fatal(err)
	}
	pages.Mount(api.Engine())
	h := api.Handler()
	for _, path := range []string{"/", "/units", "/cadres", "/cadres?pt=trung_cap", "/cadres/1", "/positions", "/units/co-quan-tinh-doan"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.AddCookie(&http.Cookie{Name: "chitieu_session", Value: token})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
		})
	}
}
