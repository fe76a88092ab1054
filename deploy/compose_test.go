package deploy

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"chitieu/internal/testenv"
)

// pinnedImage is an image with an explicit version tag.
var pinnedImage = regexp.MustCompile(`^[a-z0-9./-]+:v?[0-9]+(\.[0-9]+)+(-[a-z0-9.]+)?$`)

// TestComposeFile checks what can be checked of docker-compose.yml without a Docker engine:
// it parses and validates, the services are all there with pinned images and health checks,
// chitieu is built from the Dockerfile and serves the demo data from a volume, every path it
// mounts exists in the repository, and the mounted Prometheus and Alertmanager configurations
// pass promtool and amtool.
func TestComposeFile(t *testing.T) {
	dir := root(t)
	// The documented defaults, not this machine's environment.
	project := loadCompose(t, nil)
	for _, name := range []string{"chitieu", "prometheus", "alertmanager", "grafana"} {
		s, ok := project.Services[name]
		if !ok {
			t.Errorf("no service %s", name)
			continue
		}
		if s.HealthCheck == nil || s.HealthCheck.Disable || len(s.HealthCheck.Test) == 0 {
			t.Errorf("%s has no health check", name)
		}
		if s.Build == nil && !pinnedImage.MatchString(s.Image) {
			t.Errorf("%s: image %q is not pinned to a version", name, s.Image)
		}
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			rel, err := filepath.Rel(dir, v.Source)
			if err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s mounts %s, outside the repository", name, v.Source)
			} else if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("%s mounts %s, which does not exist", name, rel)
			}
		}
	}
	t.Run("chitieu", func(t *testing.T) { checkChitieuService(t, project.Services["chitieu"]) })
	t.Run("host", func(t *testing.T) { checkFitForHost(t, project) })
	t.Run("prometheus", func(t *testing.T) {
		promtool := testenv.Command(t, "prometheus", "promtool")
		run(t, promtool, "check", "config", mountedConfig(t, project.Services["prometheus"]))
	})
	t.Run("alertmanager", func(t *testing.T) {
		amtool := testenv.Command(t, "prometheus-alertmanager", "amtool")
		run(t, amtool, "check-config", mountedConfig(t, project.Services["alertmanager"]))
	})
}

func checkChitieuService(t *testing.T, s types.ServiceConfig) {
	if s.Build == nil {
		t.Fatal("chitieu is not built from the repository")
	}
	dockerfile := filepath.Join(s.Build.Context, s.Build.Dockerfile)
	b, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	// The Dockerfile cannot be built here; check that it builds in one stage, with cgo, and
	// runs in another, from pinned images.
	var stages []string
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && strings.EqualFold(f[0], "FROM") {
			stages = append(stages, f[1])
		}
	}
	if len(stages) < 2 {
		t.Errorf("the Dockerfile has %d stage(s), want a build stage and a runtime stage", len(stages))
	}
	for _, image := range stages {
		if !strings.Contains(image, ":") || strings.HasSuffix(image, ":latest") {
			t.Errorf("Dockerfile: image %q is not pinned", image)
		}
	}
	if !strings.Contains(string(b), "CGO_ENABLED=1") {
		t.Error("the Dockerfile does not build with cgo, which SQLite needs")
	}
	command := []string(s.Command)
	if !slices.Contains(command, "--demo") || !slices.Contains(command, "serve") {
		t.Errorf("chitieu's command %q does not serve the demo data", command)
	}
	db := ""
	if i := slices.Index(command, "--db"); i >= 0 && i+1 < len(command) {
		db = command[i+1]
	}
	onVolume := false
	for _, v := range s.Volumes {
		if v.Type == types.VolumeTypeVolume && db != "" && strings.HasPrefix(db, strings.TrimSuffix(v.Target, "/")+"/") {
			onVolume = true
		}
	}
	if !onVolume {
		t.Errorf("chitieu's database %q is not on a named volume", db)
	}
}

// loadCompose loads and validates docker-compose.yml with the environment env.
func loadCompose(t *testing.T, env []string) *types.Project {
	t.Helper()
	dir := root(t)
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, "docker-compose.yml")},
		cli.WithWorkingDirectory(dir), cli.WithEnv(env))
	if err != nil {
		t.Fatal(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return project
}

// checkFitForHost checks what a real host needs: every port published on 127.0.0.1 unless
// CHITIEU_BIND opens it, Prometheus started whatever chitieu's health (a sick service must be
// alerted on), and the version and revision passed to the image's build.
func checkFitForHost(t *testing.T, project *types.Project) {
	opened := loadCompose(t, []string{"CHITIEU_BIND=0.0.0.0", "CHITIEU_VERSION=1.2.3", "CHITIEU_REVISION=abc123"})
	for name, s := range project.Services {
		if len(s.Ports) == 0 {
			t.Errorf("%s publishes no port", name)
		}
		for _, p := range s.Ports {
			if p.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes %s on %q by default, want 127.0.0.1", name, p.Published, p.HostIP)
			}
		}
		for _, p := range opened.Services[name].Ports {
			if p.HostIP != "0.0.0.0" {
				t.Errorf("%s publishes %s on %q with CHITIEU_BIND=0.0.0.0", name, p.Published, p.HostIP)
			}
		}
	}
	if d, ok := project.Services["prometheus"].DependsOn["chitieu"]; ok {
		t.Errorf("prometheus waits for chitieu (%s): a sick chitieu would never be alerted on", d.Condition)
	}
	args := opened.Services["chitieu"].Build.Args
	for arg, want := range map[string]string{"VERSION": "1.2.3", "REVISION": "abc123"} {
		if v := args[arg]; v == nil || *v != want {
			t.Errorf("chitieu's build arg %s is %v with CHITIEU_%s=%s", arg, v, arg, want)
		}
	}
}

// TestImageBuildInfo builds chitieu with the ldflags of the Dockerfile's build, its VERSION and
// REVISION given, and checks that the binary reports them (`chitieu version` prints what
// chitieu_build_info carries).
func TestImageBuildInfo(t *testing.T) {
	b, err := os.ReadFile(repoFile(t, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`go build .*-ldflags="([^"]*)"`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatal("the Dockerfile's go build has no -ldflags")
	}
	ldflags := strings.NewReplacer("${VERSION}", "1.2.3", "${REVISION}", "abc123").Replace(m[1])
	bin := filepath.Join(t.TempDir(), "chitieu")
	// Without the image's -trimpath: the same compiled packages as the other tests' binary.
	cmd := exec.Command("go", "build", "-ldflags="+ldflags, "-o", bin, "./cmd/chitieu")
	cmd.Dir = root(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build -ldflags=%q: %v\n%s", ldflags, err, out)
	}
	if got := strings.TrimSpace(run(t, bin, "version")); got != "1.2.3 abc123" {
		t.Errorf("chitieu version = %q, want \"1.2.3 abc123\"", got)
	}
}

// mountedConfig returns the file of the repository that a service reads as its
// --config.file, through its bind mounts.
func mountedConfig(t *testing.T, s types.ServiceConfig) string {
	t.Helper()
	file := ""
	for _, arg := range s.Command {
		if v, ok := strings.CutPrefix(arg, "--config.file="); ok {
			file = v
		}
	}
	if file == "" {
		t.Fatalf("%s has no --config.file", s.Name)
	}
	for _, v := range s.Volumes {
		if v.Type != types.VolumeTypeBind {
			continue
		}
		if rel, ok := strings.CutPrefix(file, strings.TrimSuffix(v.Target, "/")+"/"); ok {
			return filepath.Join(v.Source, rel)
		}
		if file == v.Target {
			return v.Source
		}
	}
	t.Fatalf("%s reads %s, which no bind mount provides", s.Name, file)
	return ""
}
