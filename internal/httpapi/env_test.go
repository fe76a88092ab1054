package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"chitieu/internal/chitieu"
	"chitieu/internal/figures"
	"chitieu/internal/httpapi"
	"chitieu/internal/metrics"
	"chitieu/internal/sqlite"
)

// The day every test runs on: the figures are worked out by hand for it.
var (
	hcm   = mustLocation("Asia/Ho_Chi_Minh")
	today = time.Date(2014, time.July, 1, 10, 0, 0, 0, hcm)
)

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
}

const adminPassword = "mật khẩu quản trị thử nghiệm"

// cred is how a request signs in: Basic with user and pass, or a Bearer token.
type cred struct{ user, pass, token string }

var (
	anonymous = cred{}
	admin     = cred{user: "admin", pass: adminPassword}
)

// env is the API on real services: SQLite on a temporary file and the figures keeper, served by
// httptest.
type env struct {
	t      *testing.T
	db     *sqlite.DB
	keeper *figures.Keeper
	users  *sqlite.UserService
	api    *httpapi.Server
	srv    *httptest.Server
	logs   *syncBuffer
	reg    *prometheus.Registry
}

// newEnv starts the API; configure, when given, changes the configuration first.
func newEnv(t *testing.T, configure ...func(*httpapi.Config)) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, logs: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	e.db = sqlite.NewDB(filepath.Join(t.TempDir(), "chitieu.db"))
	e.db.Now = func() time.Time { return today }
	e.db.Location = hcm
	if err := e.db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.db.Close() })

	e.users = sqlite.NewUserService(e.db)
	if _, _, err := e.users.EnsureAdmin(ctx, adminPassword); err != nil {
		t.Fatal(err)
	}
	ds, err := e.db.LoadDataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.keeper = figures.New(ds, e.db.Now, hcm, logger)
	e.db.Listener = e.keeper
	// The keeper's Run is not started: it times the day's change by the wall clock, which the
	// fixed clock of these tests is years behind. Its reads apply the queued changes themselves.

	exporter := metrics.NewExporter(e.keeper, hcm, metrics.Build{Version: "test", Revision: "test"}, metrics.Options{})
	e.reg = exporter.Live
	e.keeper.OnRefresh = exporter.Refreshed
	cfg := httpapi.Config{
		Units:        sqlite.NewUnitService(e.db),
		Cadres:       sqlite.NewCadreService(e.db),
		Trainings:    sqlite.NewTrainingService(e.db),
		YouthReports: sqlite.NewYouthReportService(e.db),
		Targets:      sqlite.NewTargetService(e.db),
		Users:        e.users,
		Audit:        sqlite.NewAuditService(e.db),
		Figures:      e.keeper,

		RecruitmentRule: sqlite.NewRecruitmentRuleService(e.db),
		Positions:       sqlite.NewPositionService(e.db),
		Logger:          logger,
		Middleware:      []gin.HandlerFunc{metrics.NewHTTP(e.reg).Middleware()},
		MetricsHandler:  exporter,
		Ready:           e.db.Ready,
	}
	for _, f := range configure {
		f(&cfg)
	}
	if e.api, err = httpapi.NewServer(cfg); err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(e.api.Handler())
	t.Cleanup(e.srv.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", e.logs.String())
		}
	})
	return e
}

// response is an answer of the API.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return v
}

// errorMessage returns the "error" of a JSON error body, failing when there is none.
func (r response) errorMessage(t *testing.T) string {
	t.Helper()
	msg, ok := r.json(t)["error"].(string)
	if !ok || msg == "" {
		t.Fatalf("no error message in %s", r.body)
	}
	return msg
}

// do sends a request asking for English. body is sent as it is when a string, marshalled
// otherwise, and not at all when nil.
func (e *env) do(c cred, method, path string, body any) response {
	e.t.Helper()
	return e.doIn("en", c, method, path, body)
}

// doIn is do with lang as Accept-Language.
func (e *env) doIn(lang string, c cred, method, path string, body any) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept-Language", lang)
	switch {
	case c.token != "":
		req.Header.Set("Authorization", "Bearer "+c.token)
	case c.user != "":
		req.SetBasicAuth(c.user, c.pass)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}
}

// must sends a request and fails unless it answers want; it returns the decoded JSON object
// (nil for an empty body).
func (e *env) must(c cred, want int, method, path string, body any) map[string]any {
	e.t.Helper()
	r := e.do(c, method, path, body)
	if r.status != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, r.body)
	}
	if len(r.body) == 0 {
		return nil
	}
	return r.json(e.t)
}

// items returns the items of a list answer.
func items(t *testing.T, v map[string]any) []map[string]any {
	t.Helper()
	raw, ok := v["items"].([]any)
	if !ok {
		t.Fatalf("no items in %v", v)
	}
	out := make([]map[string]any, len(raw))
	for i, it := range raw {
		out[i] = it.(map[string]any)
	}
	return out
}

// id returns the numeric id of a JSON object as the path part it makes.
func id(v map[string]any) string {
	data, _ := json.Marshal(v["id"])
	return string(data)
}

// addUser creates a user through the API and returns its credentials.
func (e *env) addUser(username string, role chitieu.Role, unit string) cred {
	e.t.Helper()
	password := "mật khẩu của " + username
	e.must(admin, http.StatusCreated, "POST", "/api/v1/users",
		map[string]any{"username": username, "role": role, "unit": unit, "password": password})
	return cred{user: username, pass: password}
}

// syncBuffer is a buffer the server's goroutines can log into.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// withFields is the JSON object base with the members of fields (`,"k":v,...`) set: replaced
// where base has the key, added where not. The API refuses a repeated key, so a variant of a
// body cannot be the base with members appended.
func withFields(base, fields string) string {
	var b, f map[string]json.RawMessage
	if err := json.Unmarshal([]byte(base), &b); err != nil {
		panic(fmt.Sprintf("base %s: %v", base, err))
	}
	if err := json.Unmarshal([]byte("{"+strings.TrimPrefix(fields, ",")+"}"), &f); err != nil {
		panic(fmt.Sprintf("fields %s: %v", fields, err))
	}
	maps.Copy(b, f)
	out, err := json.Marshal(b)
	if err != nil {
		panic(err)
	}
	return string(out)
}
