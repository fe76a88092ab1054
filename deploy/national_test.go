package deploy

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"

	"chitieu/internal/testenv"
)

// TestNationalRules checks and tests deploy/national's rules with promtool, as the provinces'
// rules are (rules_test.go).
func TestNationalRules(t *testing.T) {
	promtool := testenv.Command(t, "prometheus", "promtool")
	run(t, promtool, append([]string{"check", "rules"}, globRepo(t, "deploy/national/rules/*.rules.yml")...)...)
	run(t, promtool, append([]string{"test", "rules"}, globRepo(t, "deploy/national/tests/*.test.yml")...)...)
}

// TestNationalAlertRoutes: the national Alertmanager's configuration is valid, and an alert goes
// to its province's receiver (and, when critical, to the Central Union's too), never to
// another province's; the Watchdogs go nowhere.
func TestNationalAlertRoutes(t *testing.T) {
	amtool := testenv.Command(t, "prometheus-alertmanager", "amtool")
	config := repoFile(t, "deploy/national/alertmanager.yml")
	run(t, amtool, "check-config", config)
	for _, c := range []struct {
		labels []string
		want   string
	}{
		{[]string{"alertname=ChitieuDown", "severity=critical", "province=can-tho"}, "trung-uong,tinh-can-tho"},
		{[]string{"alertname=ChitieuTargetBehindSchedule", "severity=warning", "province=ca-mau", "target=ly-luan-chinh-tri"}, "tinh-ca-mau"},
		{[]string{"alertname=ChitieuYouthReportStale", "severity=warning", "province=an-giang", "unit=van-phong"}, "tinh-an-giang"},
		{[]string{"alertname=ChitieuTargetBehindSchedule", "severity=warning", "province=hue"}, "trung-uong"},
		{[]string{"alertname=Watchdog", "severity=none", "province=can-tho"}, "bo-qua"},
	} {
		got := strings.TrimSpace(run(t, amtool, append([]string{"config", "routes", "test", "--config.file=" + config}, c.labels...)...))
		if got != c.want {
			t.Errorf("%v went to %q, want %q", c.labels, got, c.want)
		}
	}
}

// TestComposeNationalProfile: the national profile of docker-compose.yml validates, with pinned
// images, health checks, ports on 127.0.0.1 unless CHITIEU_BIND opens them, and the files it
// mounts: the national rules for the Ruler, the national Alertmanager's configuration, the
// national history source's Prometheus configuration.
func TestComposeNationalProfile(t *testing.T) {
	dir := root(t)
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, "docker-compose.yml")},
		cli.WithWorkingDirectory(dir), cli.WithEnv(nil), cli.WithProfiles([]string{"national"}))
	if err != nil {
		t.Fatal(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"thanos-sidecar", "thanos-query", "thanos-rule", "alertmanager-national", "prometheus-national-history"} {
		s, ok := project.Services[name]
		if !ok {
			t.Errorf("no service %s in the national profile", name)
			continue
		}
		if !slices.Contains(s.Profiles, "national") {
			t.Errorf("%s is not only in the national profile: %v", name, s.Profiles)
		}
		if !pinnedImage.MatchString(s.Image) {
			t.Errorf("%s: image %q is not pinned", name, s.Image)
		}
		if s.HealthCheck == nil || len(s.HealthCheck.Test) == 0 {
			t.Errorf("%s has no health check", name)
		}
		for _, p := range s.Ports {
			if p.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes %s on %q, want 127.0.0.1", name, p.Published, p.HostIP)
			}
		}
	}
	if !slices.Contains(project.Services["thanos-query"].Command, "--endpoint=thanos-sidecar:10901") {
		t.Errorf("thanos-query does not read the sidecar: %v", project.Services["thanos-query"].Command)
	}
	amtool := testenv.Command(t, "prometheus-alertmanager", "amtool")
	run(t, amtool, "check-config", mountedConfig(t, project.Services["alertmanager-national"]))
	promtool := testenv.Command(t, "prometheus", "promtool")
	run(t, promtool, "check", "config", mountedConfig(t, project.Services["prometheus-national-history"]))
	// The Ruler's rule file, through its mount.
	rule := project.Services["thanos-rule"]
	found := false
	for _, arg := range rule.Command {
		file, ok := strings.CutPrefix(arg, "--rule-file=")
		if !ok {
			continue
		}
		for _, v := range rule.Volumes {
			if rel, ok := strings.CutPrefix(file, v.Target+"/"); ok {
				run(t, promtool, "check", "rules", filepath.Join(v.Source, rel))
				found = true
			}
		}
	}
	if !found {
		t.Error("thanos-rule loads no rule file of the repository")
	}
}
