// Package httpapi serves the REST API of chitieu under /api/v1, with /healthz, /readyz and
// /metrics beside it, on a gin engine that the web pages can share.
package httpapi

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
)

// DefaultMaxBodyBytes bounds a request body when Config.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

// Config is what a Server needs. Every service is required; the rest is optional.
type Config struct {
	Units        chitieu.UnitService
	Cadres       chitieu.CadreService
	Trainings    chitieu.TrainingService
	YouthReports chitieu.YouthReportService
	Targets      chitieu.TargetService
	Users        chitieu.UserService
	Audit        chitieu.AuditService
	Figures      chitieu.FigureService

	// Recruitment and leadership positions (issue 7); their routes are mounted when given.
	RecruitmentRule chitieu.RecruitmentRuleService
	Positions       chitieu.PositionService

	// Plans (issue 16); their routes are mounted when given.
	Plans chitieu.PlanService

	// Postings and reorganisations (issue 16); their routes are mounted when these are given.
	Postings        chitieu.PostingService
	Reorganisations chitieu.ReorganisationService

	// Logger receives the request log and internal errors; nil discards them.
	Logger *slog.Logger

	// Middleware runs first on every request, before recovery and logging (the HTTP metrics).
	Middleware []gin.HandlerFunc

	// MetricsHandler is served at GET /metrics when set; MetricsToken, when set, must then be
	// given as "Authorization: Bearer <token>".
	MetricsHandler http.Handler
	MetricsToken   string

	// RemoteRead is served at POST /api/v1/read when set (Prometheus's remote read of the
	// history), behind MetricsToken as /metrics is, not behind users' credentials.
	RemoteRead http.Handler

	// Ready tells /readyz whether the service can serve; nil means always ready.
	Ready func(ctx context.Context) error

	// TrustedProxies are the addresses or CIDRs whose X-Forwarded-For is believed; none by
	// default, so the client address is the connection's.
	TrustedProxies []string

	// MaxBodyBytes bounds a JSON request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64

	// MaxRequestBytes bounds every request body, of any route (limits.go); 0 means
	// DefaultMaxRequestBytes.
	MaxRequestBytes int64
}

// Server is the HTTP face of the services.
type Server struct {
	Config
	engine      *gin.Engine
	crossOrigin *http.CrossOriginProtection
}

// NewServer builds the engine with its middleware and every route.
func NewServer(cfg Config) (*Server, error) {
	switch {
	case cfg.Units == nil, cfg.Cadres == nil, cfg.Trainings == nil, cfg.YouthReports == nil,
		cfg.Targets == nil, cfg.Users == nil, cfg.Audit == nil, cfg.Figures == nil:
		return nil, errors.New("httpapi: every service must be given")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxRequestBytes <= 0 {
		cfg.MaxRequestBytes = DefaultMaxRequestBytes
	}

	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	s := &Server{Config: cfg, engine: e, crossOrigin: http.NewCrossOriginProtection()}

	e.Use(cfg.Middleware...)
	e.Use(s.logRequests, s.recoverPanics, noSniffNoFrames, s.limitBody)
	e.NoRoute(func(c *gin.Context) {
		s.writeError(c, chitieu.NewError(chitieu.ENOTFOUND, "", chitieu.RuleNoRoute, clip(c.Request.URL.Path, 256)))
	})
	e.NoMethod(func(c *gin.Context) { // no domain code maps to 405; gin has set Allow
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, gin.H{"error": "method: " + clip(c.Request.Method, 16) +
			" is not allowed on " + clip(c.Request.URL.Path, 256) + "; allowed: " + c.Writer.Header().Get("Allow")})
	})

	e.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	e.GET("/readyz", s.readyz)
	if cfg.MetricsHandler != nil {
		e.GET("/metrics", s.requireMetricsToken, gin.WrapH(cfg.MetricsHandler))
	}
	if cfg.RemoteRead != nil {
		e.POST("/api/v1/read", s.requireMetricsToken, gin.WrapH(cfg.RemoteRead))
	}
	s.routes(e.Group("/api/v1", s.RequireUser))
	return s, nil
}

// Handler returns the HTTP handler of the whole engine.
func (s *Server) Handler() http.Handler { return s.engine.Handler() }

// Engine returns the gin engine, for more routes (the web pages) to be mounted on it: they get
// the same middleware (metrics, request log, recovery). Its NoRoute handler answers JSON; a
// package serving pages may replace it with e.NoRoute. Routes that need a signed-in user can use
// RequireUser, or Authenticate with credentials of their own (a session) tried first.
func (s *Server) Engine() *gin.Engine { return s.engine }

func (s *Server) routes(api *gin.RouterGroup) {
	records := s.requireRole("editor or admin", (*chitieu.User).CanWriteRecords)
	admin := s.requireRole("admin", (*chitieu.User).IsAdmin)

	api.GET("/units", s.listUnits)
	api.POST("/units", admin, s.createUnit)
	api.GET("/units/:code", s.getUnit)
	api.PUT("/units/:code", admin, s.updateUnit)
	api.DELETE("/units/:code", admin, s.deleteUnit)

	api.GET("/cadres", s.listCadres)
	api.POST("/cadres", records, s.createCadre)
	api.GET("/cadres/:id", s.getCadre)
	api.PATCH("/cadres/:id", records, s.updateCadre)
	api.DELETE("/cadres/:id", records, s.deleteCadre)

	api.GET("/trainings", s.listTrainings)
	api.POST("/trainings", records, s.createTraining)
	api.GET("/trainings/:id", s.getTraining)
	api.PATCH("/trainings/:id", records, s.updateTraining)
	api.DELETE("/trainings/:id", records, s.deleteTraining)

	api.GET("/youth-reports", s.listYouthReports)
	api.POST("/youth-reports", records, s.createYouthReport)
	api.GET("/youth-reports/:id", s.getYouthReport)
	api.PUT("/youth-reports/:id", records, s.updateYouthReport)
	api.DELETE("/youth-reports/:id", records, s.deleteYouthReport)

	api.GET("/targets", s.listTargets)
	api.POST("/targets", admin, s.createTarget)
	api.GET("/targets/:code", s.getTarget)
	api.PUT("/targets/:code", admin, s.updateTarget)
	api.DELETE("/targets/:code", admin, s.deleteTarget)
	api.GET("/targets/:code/history", s.targetHistory)

	api.GET("/users", admin, s.listUsers)
	api.POST("/users", admin, s.createUser)
	api.PATCH("/users/:username", admin, s.updateUser)
	api.DELETE("/users/:username", admin, s.deleteUser)

	api.GET("/audit", admin, s.listAudit)

	s.recruitmentRoutes(api, admin)
	s.positionRoutes(api, records, admin)
	s.planRoutes(api, admin)

	if s.Postings != nil {
		api.GET("/cadres/:id/postings", s.listPostings)
		api.POST("/cadres/:id/postings", records, s.createPosting)
	}
	if s.Reorganisations != nil {
		api.POST("/reorganisations", admin, s.applyReorganisation)
		api.GET("/units/:code/history", s.unitHistory)
	}
}

func (s *Server) readyz(c *gin.Context) {
	if s.Ready != nil {
		if err := s.Ready(c.Request.Context()); err != nil {
			reason := err.Error()
			if chitieu.ErrorCode(err) != chitieu.EINTERNAL {
				reason = i18n.Message(i18n.EN, err)
			}
			s.writeError(c, chitieu.NewError(chitieu.EUNAVAILABLE, "", chitieu.RuleNotReady, reason))
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// requireMetricsToken lets through the requests that carry MetricsToken, all when it is empty.
func (s *Server) requireMetricsToken(c *gin.Context) {
	if s.MetricsToken != "" {
		token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.MetricsToken)) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="metrics"`)
			s.writeError(c, chitieu.NewError(chitieu.EUNAUTHORIZED, "Authorization", chitieu.RuleMetricsToken))
		}
	}
}
