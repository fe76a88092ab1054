// Package web serves the pages for organisation staff and leadership on the API's gin engine:
// server-rendered HTML from embedded templates, cookie sessions kept in the database, forms that
// work without JavaScript. Every read and write goes through the same domain services as the
// API, which check the role of the user in the request's context.
package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"chitieu/internal/chitieu"
	"chitieu/internal/sheetimport"
	"chitieu/internal/spreadsheet"
)

//go:embed templates/*.html
var templateFS embed.FS

// Cookie names.
const (
	sessionCookie = "chitieu_session"
	langCookie    = "chitieu_lang"
)

// Config is what the pages need. Every service is required.
type Config struct {
	Units        chitieu.UnitService
	Cadres       chitieu.CadreService
	Trainings    chitieu.TrainingService
	YouthReports chitieu.YouthReportService
	Targets      chitieu.TargetService
	Users        chitieu.UserService
	Audit        chitieu.AuditService
	Sessions     chitieu.SessionService
	Figures      chitieu.FigureService
	Reports      AnnualReporter

	RecruitmentRule chitieu.RecruitmentRuleService
	Positions       chitieu.PositionService
	// Restore brings back deleted youth reports and training records (sqlite.RestoreService).
	Restore Restorer

	// Plans (issue 16): the overview groups targets by plan and /plans is mounted when given.
	Plans chitieu.PlanService
	// Postings and Reorganisations (issue 16): a cadre's move from a day, and the units'
	// dated changes for admins, are mounted when given.
	Postings        chitieu.PostingService
	Reorganisations chitieu.ReorganisationService

	// Imports is the store's spreadsheet import, the one the API uses (sqlite.ImportService),
	// and Limits what an upload may be: the API's limits, so that a file goes in by either way
	// or by neither.
	Imports ImportStore
	Limits  spreadsheet.Limits
	// ImportGate bounds the imports running at once, shared with the API; nil is a gate of
	// sheetimport.DefaultConcurrentImports for the pages alone.
	ImportGate *sheetimport.Gate

	// TrustedProxies are the addresses or CIDRs of the reverse proxies whose X-Forwarded-Proto is
	// believed, the API's (httpapi.Config.TrustedProxies); none by default.
	TrustedProxies []string

	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
	// Location is the time zone instants (the audit log) are shown in; nil is time.Local.
	Location *time.Location
	// Now is the clock of the uploads awaiting confirmation; nil is time.Now. (The sign-in
	// limit is the store's password guard, on the store's clock.)
	Now func() time.Time
}

// Handler serves the pages.
type Handler struct {
	Config
	locales map[string]*Locale
	pages   map[string]*template.Template
	static  *staticFiles
	csrf    *http.CrossOriginProtection
	proxies []netip.Prefix
	pending *pendingUploads
}

// New parses the templates and catalogues once; a broken one fails here, at start.
func New(cfg Config) (*Handler, error) {
	switch {
	case cfg.Units == nil, cfg.Cadres == nil, cfg.Trainings == nil, cfg.YouthReports == nil, cfg.Targets == nil,
		cfg.Users == nil, cfg.Audit == nil, cfg.Sessions == nil, cfg.Figures == nil, cfg.RecruitmentRule == nil, cfg.Positions == nil,
		cfg.Imports == nil, cfg.Reports == nil, cfg.Restore == nil:
		return nil, errors.New("web: every service must be given")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Limits = cfg.Limits.WithDefaults()
	if cfg.ImportGate == nil {
		cfg.ImportGate = sheetimport.NewGate(sheetimport.DefaultConcurrentImports)
	}
	h := &Handler{Config: cfg, csrf: http.NewCrossOriginProtection()}
	for _, p := range cfg.TrustedProxies {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, err2 := netip.ParseAddr(p)
			if err2 != nil {
				return nil, fmt.Errorf("web: trusted proxy %q: %w", p, err)
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		h.proxies = append(h.proxies, prefix.Masked())
	}
	var err error
	if h.locales, err = loadLocales(); err != nil {
		return nil, err
	}
	if h.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	// Four files of the largest size may wait for confirmation at once; a fifth pushes out the
	// oldest.
	h.pending = newPendingUploads(cfg.Now, 4*h.Limits.MaxBytes)
	return h, nil
}

// parsePages parses each page with the layout, so that every page defines its own "content".
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", name)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// Mount adds the pages to the engine, and replaces its NoRoute so that a path outside /api
// answers an HTML page.
func (h *Handler) Mount(e *gin.Engine) {
	e.GET(staticPrefix+"*file", h.static.serve)
	e.GET("/favicon.ico", h.static.favicon)

	g := e.Group("/", h.secure, h.session)
	g.GET("/", h.requireUser, h.overview)
	g.GET("/sign-in", h.signInForm)
	g.POST("/sign-in", h.signIn)
	g.POST("/sign-out", h.signOut)
	g.GET("/lang/:lang", h.setLanguage)

	g.GET("/units", h.requireUser, h.units)
	g.GET("/units/export.xlsx", h.requireUser, h.drilldownXLSX)
	g.GET("/units/:code", h.requireUser, h.unit)

	g.GET("/cadres", h.requireUser, h.cadres)
	g.GET("/cadres/new", h.requireUser, h.cadreNew)
	g.GET("/cadres/export.xlsx", h.requireUser, h.cadresXLSX)
	g.POST("/cadres/new", h.requireUser, h.cadreCreate)
	g.GET("/cadres/:id", h.requireUser, h.cadre)
	g.GET("/cadres/:id/edit", h.requireUser, h.cadreEdit)
	g.POST("/cadres/:id/edit", h.requireUser, h.cadreUpdate)
	g.POST("/cadres/:id/delete", h.requireUser, h.cadreDelete)
	g.POST("/cadres/:id/restore", h.requireUser, h.cadreRestore)
	g.POST("/cadres/:id/trainings", h.requireUser, h.trainingCreate)
	g.POST("/trainings/:id/status", h.requireUser, h.trainingStatus)
	g.GET("/trainings/:id/edit", h.requireUser, h.trainingEdit)
	g.POST("/trainings/:id/edit", h.requireUser, h.trainingUpdate)
	g.POST("/trainings/:id/delete", h.requireUser, h.trainingDelete)
	g.POST("/trainings/:id/restore", h.requireUser, h.trainingRestore)

	g.GET("/positions", h.requireUser, h.positions)
	g.POST("/positions", h.requireUser, h.positionCreate)
	g.GET("/positions/export.xlsx", h.requireUser, h.positionsXLSX)
	g.GET("/positions/:id", h.requireUser, h.position)
	g.POST("/positions/:id/assignments", h.requireUser, h.assignmentCreate)
	g.POST("/positions/:id/assignments/:assignment/end", h.requireUser, h.assignmentEnd)
	g.POST("/positions/:id/assignments/:assignment/edit", h.requireUser, h.assignmentUpdate)
	g.POST("/positions/:id/edit", h.requireUser, h.positionUpdate)
	g.POST("/positions/:id/delete", h.requireUser, h.positionDelete)
	g.POST("/positions/:id/restore", h.requireUser, h.positionRestore)
	g.POST("/positions/:id/assignments/:assignment/delete", h.requireUser, h.assignmentDelete)
	g.POST("/assignments/:id/restore", h.requireUser, h.assignmentRestore)

	g.GET("/youth", h.requireUser, h.youth)
	g.POST("/youth", h.requireUser, h.youthCreate)
	g.GET("/youth/export.xlsx", h.requireUser, h.youthXLSX)
	g.GET("/youth/:id/edit", h.requireUser, h.youthEdit)
	g.POST("/youth/:id/edit", h.requireUser, h.youthUpdate)
	g.POST("/youth/:id/delete", h.requireUser, h.youthDelete)
	g.POST("/youth/:id/restore", h.requireUser, h.youthRestore)

	g.GET("/import", h.requireUser, h.importPage)
	g.GET("/import/:kind/template.xlsx", h.requireUser, h.importTemplate)
	g.POST("/import/:kind", h.requireUser, h.importCheck)
	g.POST("/import/:kind/confirm", h.requireUser, h.importConfirm)

	g.GET("/targets", h.requireUser, h.targets)
	g.GET("/targets/new", h.requireUser, h.targetNew)
	g.POST("/targets/new", h.requireUser, h.targetCreate)
	g.GET("/targets/:code/edit", h.requireUser, h.targetEdit)
	g.POST("/targets/:code/edit", h.requireUser, h.targetUpdate)

	g.GET("/users", h.requireUser, h.users)
	g.POST("/users", h.requireUser, h.userCreate)
	g.GET("/users/:username", h.requireUser, h.user)
	g.POST("/users/:username", h.requireUser, h.userSetDisabled)
	g.POST("/users/:username/role", h.requireUser, h.userSetRole)
	g.POST("/users/:username/password", h.requireUser, h.userSetPassword)
	g.POST("/users/:username/delete", h.requireUser, h.userDelete)
	g.GET("/audit", h.requireUser, h.audit)
	h.planRoutes(g)
	h.orgRoutes(g)
	g.GET("/reports/annual", h.requireUser, h.annual)
	g.GET("/reports/annual.xlsx", h.requireUser, h.annualXLSX)

	e.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			c.AbortWithStatusJSON(http.StatusNotFound, gin.H{"error": "no such resource: " + c.Request.URL.Path})
			return
		}
		securityHeaders(c)
		h.session(c)
		h.errorPage(c, http.StatusNotFound, "error.not_found")
	})
}

// securityHeaders are on every page: only the site's own script and styles (no inline code),
// never in a frame, no guessing of content types.
func securityHeaders(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
}

// secure sets the security headers and refuses a cross-origin state-changing request (CSRF):
// Go's CrossOriginProtection reads Sec-Fetch-Site, or Origin against Host.
func (h *Handler) secure(c *gin.Context) {
	securityHeaders(c)
	if err := h.csrf.Check(c.Request); err != nil {
		h.session(c)
		h.errorPage(c, http.StatusForbidden, "error.cross_origin")
		return
	}
	c.Next()
}

// session puts the signed-in user, if any, in the request's context.
func (h *Handler) session(c *gin.Context) {
	if chitieu.UserFromContext(c.Request.Context()) != nil {
		return
	}
	ck, err := c.Request.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return
	}
	sess, err := h.Sessions.FindSession(c.Request.Context(), ck.Value)
	if err != nil {
		if chitieu.ErrorCode(err) != chitieu.EUNAUTHORIZED {
			h.Logger.Error("internal error", "path", c.Request.URL.Path, "err", err)
		}
		h.clearSessionCookie(c)
		return
	}
	c.Request = c.Request.WithContext(chitieu.NewContextWithUser(c.Request.Context(), &sess.User))
}

// requireUser sends a signed-out visitor to the sign-in page, and back here after it.
func (h *Handler) requireUser(c *gin.Context) {
	if chitieu.UserFromContext(c.Request.Context()) == nil {
		c.Redirect(http.StatusSeeOther, "/sign-in?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		c.Abort()
		return
	}
	c.Next()
}

// secureRequest tells whether the browser reached us over TLS: directly, or through a trusted
// proxy that says so with X-Forwarded-Proto, whatever else it sends. Anyone else's
// X-Forwarded-Proto is ignored.
func (h *Handler) secureRequest(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	if !strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https") {
		return false
	}
	peer, err := netip.ParseAddr(c.RemoteIP())
	if err != nil {
		return false
	}
	peer = peer.Unmap()
	for _, p := range h.proxies {
		if p.Contains(peer) {
			return true
		}
	}
	return false
}

func (h *Handler) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: h.secureRequest(c), SameSite: http.SameSiteLaxMode})
}

// view is what every page template gets.
type view struct {
	L      *Locale
	User   *chitieu.User
	Nav    string // the menu entry to mark
	Title  string
	CSS    string // the stylesheet's hashed URL
	JS     string
	Icon   string
	Path   string // the request's path and query, for the language switch to come back to
	Lang   string
	Other  []string // the other languages
	Notice string
	Undo   string // the restore form the notice of a delete offers
	Data   any
}

func (h *Handler) locale(c *gin.Context) *Locale { return h.locales[negotiate(c.Request)] }

// render renders a page into a buffer first, so that a failed render never sends half a page.
func (h *Handler) render(c *gin.Context, status int, page, nav, title string, data any) {
	l := h.locale(c)
	v := &view{
		L: l, User: chitieu.UserFromContext(c.Request.Context()), Nav: nav, Title: title,
		CSS: h.static.url("app.css"), JS: h.static.url("app.js"), Icon: h.static.url("favicon.svg"),
		Path: c.Request.URL.RequestURI(), Lang: l.Lang, Data: data,
		Notice: c.Query("notice"), Undo: undoPath(c.Query("undo")),
	}
	for _, lang := range languages {
		if lang != l.Lang {
			v.Other = append(v.Other, lang)
		}
	}
	t, ok := h.pages[page]
	var buf bytes.Buffer
	if !ok {
		h.Logger.Error("internal error", "path", c.Request.URL.Path, "err", "no template "+page)
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		h.Logger.Error("internal error", "path", c.Request.URL.Path, "page", page, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(l.T("error.internal")))
		c.Abort()
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Language", l.Lang)
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// errorPage answers a page with a message from the catalogue.
func (h *Handler) errorPage(c *gin.Context, status int, key string, args ...any) {
	l := h.locale(c)
	h.render(c, status, "error", "", l.T("error.title"), l.T(key, args...))
	c.Abort()
}

// fail answers the page of a domain error: 403 and 404 as themselves, an internal error
// logged and told in general words.
func (h *Handler) fail(c *gin.Context, err error) {
	switch chitieu.ErrorCode(err) {
	case chitieu.EFORBIDDEN:
		h.errorPage(c, http.StatusForbidden, "error.forbidden")
	case chitieu.ENOTFOUND:
		h.errorPage(c, http.StatusNotFound, "error.not_found")
	case chitieu.EUNAUTHORIZED:
		c.Redirect(http.StatusSeeOther, "/sign-in")
		c.Abort()
	case chitieu.EUNAVAILABLE:
		h.Logger.Warn("unavailable", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		h.errorPage(c, http.StatusServiceUnavailable, "error.internal")
	case chitieu.EINVALID, chitieu.EMALFORMED, chitieu.ECONFLICT:
		l := h.locale(c)
		field, rule := l.Refusal(err)
		msg := rule
		if field != "" {
			msg = l.T("field."+field) + ": " + rule
		}
		h.render(c, http.StatusUnprocessableEntity, "error", "", l.T("error.title"), msg)
		c.Abort()
	default:
		h.Logger.Error("internal error", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		h.errorPage(c, http.StatusInternalServerError, "error.internal")
	}
}

// maxPage bounds the page number of a list: a million pages is more than a province holds,
// and its offset cannot overflow.
const maxPage = 1_000_000

// pageNumber reads the "page" parameter of a list, 1 when absent. Anything but a whole number
// from 1 to maxPage answers 400 with the error page, and ok is false.
func (h *Handler) pageNumber(c *gin.Context) (page int, ok bool) {
	s := c.Query("page")
	if s == "" {
		return 1, true
	}
	page, err := strconv.Atoi(s)
	if err != nil || page < 1 || page > maxPage {
		h.errorPage(c, http.StatusBadRequest, "error.bad_page", maxPage)
		return 0, false
	}
	return page, true
}

// redirect answers a successful form with 303 to the page to show next, with a notice key.
func redirect(c *gin.Context, path, notice string) {
	if notice != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "notice=" + url.QueryEscape(notice)
	}
	c.Redirect(http.StatusSeeOther, path)
	c.Abort()
}

// localPath keeps a redirect target on this site: a path of it, judged as a browser reads a
// Location. A browser drops tabs and newlines anywhere, reads a backslash as a slash, and takes
// "//host" or "/\\host" for another host; it takes "scheme:" for a URL. So a target with a control
// character or a backslash before its query, or not starting with exactly one slash, or with a
// scheme or a host once parsed, is not followed: the overview is shown instead. The targets
// this site makes itself (a RequestURI) have none of these.
func localPath(next string) string {
	if next == "" || len(next) > maxNextBytes {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	p, _, _ := strings.Cut(next, "?")
	p, _, _ = strings.Cut(p, "#")
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return next
}

// maxNextBytes bounds a redirect target: a page's own address is far shorter.
const maxNextBytes = 2048

// setLanguage remembers the language chosen from the switch and goes back to the page.
func (h *Handler) setLanguage(c *gin.Context) {
	lang := c.Param("lang")
	if !isLanguage(lang) {
		h.errorPage(c, http.StatusNotFound, "error.not_found")
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: h.secureRequest(c), SameSite: http.SameSiteLaxMode})
	c.Redirect(http.StatusSeeOther, localPath(c.Query("next")))
}
