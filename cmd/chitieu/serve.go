package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // on http.DefaultServeMux, served only on --debug-addr
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/demo"
	"chitieu/internal/figures"
	"chitieu/internal/httpapi"
	"chitieu/internal/metrics"
	"chitieu/internal/remoteread"
	"chitieu/internal/sheetimport"
	"chitieu/internal/spreadsheet"
	"chitieu/internal/sqlite"
	"chitieu/internal/web"
)

// Server is `chitieu serve`: the database, the figures kept in memory and the HTTP server.
type Server struct {
	Addr   string
	DBPath string
	TZ     string
	Demo   bool
	// DemoUntil, when set, stops the demo's story on that day (before the 2025 merger, say).
	DemoUntil    chitieu.Date
	MetricsToken string
	// MetricsCadreLevels adds the four-way breakdown of the cadres to /metrics.
	MetricsCadreLevels bool
	// Province is the provincial union this instance serves, exported as chitieu_province_info.
	Province metrics.Province
	// TrustedProxies are the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
	// (the sign-in limit goes by the client's address; the session cookie is Secure over TLS).
	TrustedProxies string
	Backup         backupFlags
	// DebugAddr, when set, serves net/http/pprof there, apart from the public listener.
	DebugAddr string
	Memory    memoryLimit

	backups      *sqlite.BackupSchedule
	MaxUploadMiB int64 // largest spreadsheet accepted by an import

	log      *slog.Logger
	stdout   io.Writer
	db       *sqlite.DB
	keeper   *figures.Keeper
	http     *http.Server
	listener net.Listener
}

// ParseFlags reads the serve flags, with CHITIEU_* environment variables as their defaults.
func (s *Server) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("chitieu serve", flag.ContinueOnError)
	demoDefault, _ := strconv.ParseBool(envOr("CHITIEU_DEMO", "false"))
	fs.StringVar(&s.Addr, "addr", envOr("CHITIEU_ADDR", "127.0.0.1:8080"), "address to listen on (CHITIEU_ADDR)")
	fs.StringVar(&s.DBPath, "db", envOr("CHITIEU_DB", ""), "SQLite database file (CHITIEU_DB; default chitieu.db, or chitieu-demo.db with --demo)")
	fs.StringVar(&s.TZ, "tz", envOr("CHITIEU_TZ", "Asia/Ho_Chi_Minh"), "time zone whose civil days the figures use (CHITIEU_TZ)")
	fs.BoolVar(&s.Demo, "demo", demoDefault, "fill an empty database with the Kiên Giang demo plan (CHITIEU_DEMO)")
	demoUntil := fs.String("demo-until", envOr("CHITIEU_DEMO_UNTIL", ""), "with --demo: the last day of the demo's story, YYYY-MM-DD, e.g. 2025-06-30 for the province before the 2025 merger (CHITIEU_DEMO_UNTIL; default all of it)")
	fs.StringVar(&s.MetricsToken, "metrics-token", envOr("CHITIEU_METRICS_TOKEN", ""), "bearer token that /metrics requires (CHITIEU_METRICS_TOKEN; default none)")
	cadreLevels, _ := strconv.ParseBool(envOr("CHITIEU_METRICS_CADRE_LEVELS", "false"))
	fs.BoolVar(&s.MetricsCadreLevels, "metrics-cadre-levels", cadreLevels, "add chitieu_cadres_by_levels to /metrics: cadres by unit × both levels × full-time, up to 60 series a unit (CHITIEU_METRICS_CADRE_LEVELS)")
	fs.StringVar(&s.TrustedProxies, "trusted-proxies", envOr("CHITIEU_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-* headers are believed (CHITIEU_TRUSTED_PROXIES; default none)")
	fs.StringVar(&s.DebugAddr, "debug-addr", envOr("CHITIEU_DEBUG_ADDR", ""), "address for the Go profiler's /debug/pprof/, e.g. 127.0.0.1:6060 (CHITIEU_DEBUG_ADDR; default off; never expose it)")
	fs.StringVar(&s.Province.Code, "province", envOr("CHITIEU_PROVINCE", ""), "code of the province this instance serves, as Prometheus's province label carries it (CHITIEU_PROVINCE; default kien-giang with --demo, else none)")
	fs.StringVar(&s.Province.Name, "province-name", envOr("CHITIEU_PROVINCE_NAME", ""), "name of the province's union (CHITIEU_PROVINCE_NAME; default Tỉnh Đoàn Kiên Giang with --demo)")
	s.Backup.register(fs)
	s.Memory.register(fs)
	maxUpload, _ := strconv.ParseInt(envOr("CHITIEU_MAX_UPLOAD_MIB", "20"), 10, 64)
	fs.Int64Var(&s.MaxUploadMiB, "max-upload-mib", maxUpload, "largest spreadsheet an import accepts, in MiB (CHITIEU_MAX_UPLOAD_MIB)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := s.Backup.validate(); err != nil {
		return err
	}
	if err := s.Memory.validate(); err != nil {
		return err
	}
	if *demoUntil != "" {
		var err error
		if s.DemoUntil, err = chitieu.ParseDate(*demoUntil); err != nil {
			return fmt.Errorf("--demo-until: %w", err)
		}
	}
	if s.Demo && s.Province.Code == "" {
		s.Province = metrics.Province{Code: "kien-giang", Name: "Tỉnh Đoàn Kiên Giang"}
	}
	if s.Province.Code != "" || s.Province.Name != "" {
		// A province is the root of the national tree: its code is a unit code.
		u := chitieu.Unit{Code: s.Province.Code, Name: s.Province.Name}
		if err := u.Validate(); err != nil {
			return fmt.Errorf("--province, --province-name: %w", err)
		}
	}
	if s.DBPath == "" {
		s.DBPath = "chitieu.db"
		if s.Demo {
			s.DBPath = "chitieu-demo.db"
		}
	}
	return nil
}

// Open opens the database (migrating it), creates the first admin, seeds the demo, loads the
// figures and starts listening.
func (s *Server) Open(ctx context.Context) error {
	loc, err := time.LoadLocation(s.TZ)
	if err != nil {
		return fmt.Errorf("--tz: %w", err)
	}
	s.db = sqlite.NewDB(s.DBPath)
	s.db.Location = loc
	s.db.Logger = s.log
	if s.db.CommitDelay, err = commitDelay(); err != nil {
		return err
	}
	if err := s.db.Open(); err != nil {
		return fmt.Errorf("open database %s: %w", s.DBPath, err)
	}

	users := sqlite.NewUserService(s.db)
	created, password, err := users.EnsureAdmin(ctx, envOr("CHITIEU_ADMIN_PASSWORD", ""))
	if err != nil {
		return fmt.Errorf("create the first admin: %w", err)
	}
	if created && envOr("CHITIEU_ADMIN_PASSWORD", "") == "" {
		fmt.Fprintf(s.stdout, "Created user admin with password %s — write it down, it is not shown again.\n", password)
	} else if created {
		s.log.Info("created user admin with the password in CHITIEU_ADMIN_PASSWORD")
	}

	var proxies []string
	for _, p := range strings.Split(s.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			proxies = append(proxies, p)
		}
	}

	services := demo.Services{
		Units: sqlite.NewUnitService(s.db), Cadres: sqlite.NewCadreService(s.db), Trainings: sqlite.NewTrainingService(s.db),
		YouthReports: sqlite.NewYouthReportService(s.db), Targets: sqlite.NewTargetService(s.db), Plans: sqlite.NewPlanService(s.db),
		RecruitmentRule: sqlite.NewRecruitmentRuleService(s.db), Positions: sqlite.NewPositionService(s.db),
		Postings: sqlite.NewPostingService(s.db), Reorganisations: sqlite.NewReorganisationService(s.db), Until: s.DemoUntil,
	}
	if s.Demo {
		if _, total, err := services.Units.FindUnits(ctx, chitieu.UnitFilter{Page: chitieu.Page{Limit: 1}}); err != nil {
			return err
		} else if total == 0 {
			start := time.Now()
			if err := demo.Seed(ctx, services); err != nil {
				return fmt.Errorf("seed the demo: %w", err)
			}
			s.log.Info("seeded the demo plan", "took", time.Since(start).Round(time.Millisecond))
			if err := s.db.Optimize(ctx); err != nil {
				return err
			}
		}
	}

	s.Memory.apply()
	start := time.Now()
	ds, err := s.db.LoadDataset(ctx)
	if err != nil {
		return fmt.Errorf("load the records: %w", err)
	}
	s.keeper = figures.New(ds, s.db.Now, loc, s.log)
	s.db.Listener = s.keeper
	s.log.Info("figures computed", "took", time.Since(start).Round(time.Millisecond))

	exporter := metrics.NewExporter(s.keeper, loc, metrics.Build{Version: version, Revision: revision()},
		metrics.Options{CadreLevels: s.MetricsCadreLevels, Province: s.Province})
	reg := exporter.Live
	s.keeper.OnRefresh = exporter.Refreshed
	// The figures are encoded for /metrics after each new snapshot, and now for the first one.
	s.keeper.OnSnapshot = func(snap *chitieu.Snapshot) {
		if err := exporter.Prepare(snap); err != nil {
			s.log.Error("encode the figures for /metrics", "err", err)
		}
	}
	s.keeper.OnSnapshot(s.keeper.Snapshot())
	s.Memory.fit(s.log)
	// Under a stream of writes: at most 10 refreshes a second, and at most a tenth of a core.
	s.keeper.MinInterval, s.keeper.MaxShare = 100*time.Millisecond, 0.1
	// Under a stream of writes, one batch (a snapshot, its encoding) every 50 ms at most.
	s.keeper.BatchInterval = 50 * time.Millisecond
	metrics.RegisterStorage(reg, s.db)
	if s.backups, err = s.Backup.schedule(s.db, reg, s.log); err != nil {
		return err
	}
	// Cadre lists come from the records in memory; the rest goes to the database.
	cadres := figures.Cadres{CadreService: services.Cadres, Keeper: s.keeper}
	history := remoteread.NewHandler(s.keeper)
	history.Province = s.Province.Code
	api, err := httpapi.NewServer(httpapi.Config{
		Units: services.Units, Cadres: cadres, Trainings: services.Trainings,
		YouthReports: services.YouthReports, Targets: services.Targets,
		Users: users, Audit: sqlite.NewAuditService(s.db), Figures: s.keeper,
		RecruitmentRule: services.RecruitmentRule, Positions: services.Positions, Plans: services.Plans,
		Postings: services.Postings, Reorganisations: services.Reorganisations,
		Logger:         s.log,
		Middleware:     []gin.HandlerFunc{metrics.NewHTTP(reg).Middleware()},
		MetricsHandler: exporter,
		MetricsToken:   s.MetricsToken,
		RemoteRead:     history,
		Ready:          s.db.Ready,
		TrustedProxies: proxies,
		// Every body's bound must let the largest spreadsheet through, with its multipart
		// envelope (a form's other fields, the part headers).
		MaxRequestBytes: max(httpapi.DefaultMaxRequestBytes, s.MaxUploadMiB<<20+1<<20),
	})
	if err != nil {
		return err
	}
	// The pages import through the same store and within the same limits as the API.
	imports, limits := sqlite.NewImportService(s.db), spreadsheet.Limits{MaxBytes: s.MaxUploadMiB << 20}
	gate := sheetimport.NewGate(sheetimport.DefaultConcurrentImports)
	pages, err := web.New(web.Config{
		Units: services.Units, Cadres: cadres, Trainings: services.Trainings,
		YouthReports: services.YouthReports, Targets: services.Targets,
		Users: users, Audit: sqlite.NewAuditService(s.db), Sessions: sqlite.NewSessionService(s.db), Figures: s.keeper, Reports: s.keeper,
		RecruitmentRule: services.RecruitmentRule, Positions: services.Positions, Plans: services.Plans,
		Postings: services.Postings, Reorganisations: services.Reorganisations,
		Imports: imports, Limits: limits, ImportGate: gate, Restore: sqlite.NewRestoreService(s.db),
		Logger: s.log, Location: loc, TrustedProxies: proxies,
	})
	if err != nil {
		return err
	}
	pages.Mount(api.Engine())
	api.MountSheets(httpapi.SheetsConfig{Store: imports, Reporter: s.keeper, Limits: limits, Gate: gate})
	s.http = &http.Server{
		Handler:           api.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	if s.listener, err = net.Listen("tcp", s.Addr); err != nil {
		return err
	}
	return nil
}

// Run serves until ctx ends, then shuts down gracefully: requests in flight finish, and the
// database closes after the last of them.
func (s *Server) Run(ctx context.Context) error {
	go s.keeper.Run(ctx)
	if s.backups != nil {
		go s.backups.Run(ctx)
	}
	if s.DebugAddr != "" {
		go s.serveDebug(ctx)
	}
	go s.optimizeEvery(ctx, optimizeInterval)
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(s.listener) }()
	s.log.Info("listening", "addr", s.listener.Addr().String(), "db", s.DBPath, "tz", s.TZ)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.http.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// optimizeInterval is how often the query planner's statistics are refreshed, as SQLite advises
// for a long-lived connection; a refresh that finds nothing changed much costs next to nothing.
const optimizeInterval = 6 * time.Hour

// optimizeEvery refreshes the planner's statistics every interval until ctx ends.
func (s *Server) optimizeEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.db.Optimize(ctx); err != nil {
				s.log.Warn("refresh the query planner's statistics", "err", err)
			}
		}
	}
}

// serveDebug serves the profiler on its own listener, so that it never shares the public
// address nor its middleware.
func (s *Server) serveDebug(ctx context.Context) {
	srv := &http.Server{Addr: s.DebugAddr, Handler: http.DefaultServeMux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	s.log.Info("profiler listening", "addr", s.DebugAddr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		s.log.Error("profiler listener", "err", err)
	}
}

// Close closes the database.
func (s *Server) Close() error {
	if s.db != nil {
		return s.db.Close()
	}
	return nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s := &Server{log: slog.New(slog.NewTextHandler(stderr, nil)), stdout: stdout}
	if err := s.ParseFlags(args); err != nil {
		return err
	}
	defer s.Close()
	if err := s.Open(ctx); err != nil {
		return err
	}
	return s.Run(ctx)
}
