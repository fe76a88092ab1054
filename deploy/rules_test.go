package deploy

import (
	"bufio"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"gopkg.in/yaml.v3"

	"chitieu/internal/testenv"
)

func TestPromtoolChecksAndTestsTheRules(t *testing.T) {
	promtool := testenv.Command(t, "prometheus", "promtool")
	run(t, promtool, append([]string{"check", "rules"}, globRepo(t, "deploy/prometheus/rules/*.rules.yml")...)...)
	run(t, promtool, append([]string{"test", "rules"}, globRepo(t, "deploy/prometheus/tests/*.test.yml")...)...)
}

// ruleFile is what these checks read of a Prometheus rules file.
type ruleFile struct {
	Groups []struct {
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Record      string            `yaml:"record"`
			Expr        string            `yaml:"expr"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// ruleTestFile is what these checks read of a promtool test file.
type ruleTestFile struct {
	Tests []struct {
		AlertRuleTests []struct {
			Alertname string `yaml:"alertname"`
			ExpAlerts []any  `yaml:"exp_alerts"`
		} `yaml:"alert_rule_test"`
	} `yaml:"tests"`
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// runbookSections returns the anchors of the second-level headings of deploy/RUNBOOK.md, as a
// Markdown renderer makes them.
func runbookSections(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open(repoFile(t, "deploy/RUNBOOK.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	anchors := map[string]bool{}
	punctuation := regexp.MustCompile(`[^\p{L}\p{N}\- ]`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if title, ok := strings.CutPrefix(sc.Text(), "## "); ok {
			anchor := strings.ReplaceAll(punctuation.ReplaceAllString(strings.ToLower(title), ""), " ", "-")
			anchors[anchor] = true
		}
	}
	return anchors
}

func isVietnamese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r > unicode.MaxASCII && unicode.IsLetter(r) })
}

// runbookURL is how every alert's runbook_url starts: the address recorded in runbook.rules.yml,
// then the alert's section.
const runbookURL = `{{ with query "chitieu:runbook_url:info" }}{{ . | first | label "url" }}{{ end }}#`

// alwaysFiring is the expression of the Watchdog, which has no case where it does not fire.
const alwaysFiring = "vector(1)"

// TestEveryAlertIsDocumentedAndTested checks what the rules promise their readers: a severity
// that Alertmanager routes, Vietnamese summary and description, a runbook section at the one
// configured address, unit tests in which the alert both fires and does not, and a line in the
// alert table of docs/monitoring.md.
func TestEveryAlertIsDocumentedAndTested(t *testing.T) {
	fires, silent := map[string]bool{}, map[string]bool{}
	for _, path := range globRepo(t, "deploy/prometheus/tests/*.test.yml") {
		var f ruleTestFile
		readYAML(t, path, &f)
		for _, test := range f.Tests {
			for _, a := range test.AlertRuleTests {
				if len(a.ExpAlerts) > 0 {
					fires[a.Alertname] = true
				} else {
					silent[a.Alertname] = true
				}
			}
		}
	}
	sections := runbookSections(t)
	inReadme := readmeAlerts(t)
	documented := map[string]bool{}
	alerts := 0
	for _, path := range globRepo(t, "deploy/prometheus/rules/*.rules.yml") {
		var f ruleFile
		readYAML(t, path, &f)
		for _, g := range f.Groups {
			for _, r := range g.Rules {
				if r.Alert == "" {
					continue
				}
				alerts++
				if s := r.Labels["severity"]; s != "critical" && s != "warning" && (r.Alert != "Watchdog" || s != "none") {
					t.Errorf("%s: severity %q, want critical or warning (the routes of alertmanager.yml)", r.Alert, s)
				}
				if !inReadme[r.Alert] {
					t.Errorf("%s: not in the alert table of docs/monitoring.md", r.Alert)
				}
				delete(inReadme, r.Alert)
				for _, name := range []string{"summary", "description"} {
					if !isVietnamese(r.Annotations[name]) {
						t.Errorf("%s: annotation %s %q is not in Vietnamese", r.Alert, name, r.Annotations[name])
					}
				}
				anchor, ok := strings.CutPrefix(r.Annotations["runbook_url"], runbookURL)
				if !ok || !sections[anchor] {
					t.Errorf("%s: runbook_url %q is not the configured address and a section of deploy/RUNBOOK.md", r.Alert, r.Annotations["runbook_url"])
				}
				documented[anchor] = true
				if !fires[r.Alert] || !silent[r.Alert] && strings.TrimSpace(r.Expr) != alwaysFiring {
					t.Errorf("%s: the unit tests must have it both firing and not (firing: %v, not firing: %v)", r.Alert, fires[r.Alert], silent[r.Alert])
				}
			}
		}
	}
	if alerts == 0 {
		t.Fatal("no alerts in deploy/prometheus/rules")
	}
	for anchor := range sections {
		if !documented[anchor] {
			t.Errorf("deploy/RUNBOOK.md has a section %q that no alert links to", anchor)
		}
	}
	for name := range inReadme {
		t.Errorf("the alert table of docs/monitoring.md lists %s, which no rule defines", name)
	}
}

// readmeAlerts returns the alerts of the alert table in docs/monitoring.md: its rows that start with a name
// in backquotes.
func readmeAlerts(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(repoFile(t, "docs/monitoring.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(b), "\n### Where alerts go\n")
	section, _, _ = strings.Cut(section, "\n#")
	names := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(\\w+)` \\|").FindAllStringSubmatch(section, -1) {
		names[m[1]] = true
	}
	if len(names) == 0 {
		t.Fatal("no alert table in docs/monitoring.md under the heading \"Where alerts go\"")
	}
	return names
}

// runbookAddress returns the address of RUNBOOK.md that runbook.rules.yml records.
func runbookAddress(t *testing.T) string {
	t.Helper()
	var f ruleFile
	readYAML(t, repoFile(t, "deploy/prometheus/rules/runbook.rules.yml"), &f)
	var exprs []string
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			if r.Record == "chitieu:runbook_url:info" {
				exprs = append(exprs, r.Expr)
			}
		}
	}
	if len(exprs) != 1 {
		t.Fatalf("%d rules record chitieu:runbook_url:info, want 1", len(exprs))
	}
	m := regexp.MustCompile(`^label_replace\(vector\(1\), "url", "([^"]+)", "", ""\)$`).FindStringSubmatch(strings.TrimSpace(exprs[0]))
	if m == nil {
		t.Fatalf("chitieu:runbook_url:info is %q, want label_replace(vector(1), \"url\", \"<address>\", \"\", \"\")", exprs[0])
	}
	return m[1]
}

// TestRunbookAddressIsAbsolute checks the one address every runbook_url starts with.
func TestRunbookAddressIsAbsolute(t *testing.T) {
	address := runbookAddress(t)
	u, err := url.Parse(address)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(u.Path, "RUNBOOK.md") || u.Fragment != "" {
		t.Errorf("runbook address %q: want an absolute http(s) address of RUNBOOK.md, without #section (%v)", address, err)
	}
}
