package deploy

import (
	"context"
	"os"
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
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, "docker-compose.yml")},
		cli.WithWorkingDirectory(dir),
		// The documented defaults, not this machine's environment.
		cli.WithEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatal(err)
	}
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
