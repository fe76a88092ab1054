package deploy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"chitieu/internal/testenv"
)

// root returns the repository's root folder.
func root(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// repoFile returns the absolute path of a file of the repository.
func repoFile(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(root(t), filepath.FromSlash(rel))
}

// globRepo returns the repository's files that match a pattern, failing when none does.
func globRepo(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(repoFile(t, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no file matches %s (%v)", pattern, err)
	}
	return files
}

// run runs a program and returns its standard output; it fails the test, with all the
// program said, when the program fails.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s%s", filepath.Base(name), args, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// rewriteYAML copies a YAML file into dir, setting every scalar value whose key is in set,
// wherever the key occurs. Anchors and aliases are kept, so an anchored value set once is set
// wherever it is used.
func rewriteYAML(t *testing.T, src, dir string, set map[string]string) string {
	t.Helper()
	return editYAML(t, src, dir, func(doc *yaml.Node) {
		var walk func(*yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if v, ok := set[n.Content[i].Value]; ok && n.Content[i+1].Kind == yaml.ScalarNode {
						n.Content[i+1].Value = v
					}
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(doc)
	})
}

// editYAML copies a YAML file into dir, changed by edit.
func editYAML(t *testing.T, src, dir string, edit func(*yaml.Node)) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	edit(&doc)
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// writeYAML writes v as YAML into a new file of dir.
func writeYAML(t *testing.T, dir, name string, v any) string {
	t.Helper()
	b, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// startServer runs a server program until the test ends and waits until readyURL answers 200.
// Its output is shown when the test fails. It returns the process.
func startServer(t testing.TB, readyURL, name string, args ...string) *exec.Cmd {
	t.Helper()
	logs, err := os.CreateTemp(t.TempDir(), filepath.Base(name)+"-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			out, _ := os.ReadFile(logs.Name())
			t.Logf("%s log:\n%s", filepath.Base(name), out)
		}
	})
	waitFor(t, 30*time.Second, filepath.Base(name)+" ready at "+readyURL, func() error {
		select {
		case <-exited:
			out, _ := os.ReadFile(logs.Name())
			t.Fatalf("%s exited:\n%s", filepath.Base(name), out)
		default:
		}
		resp, err := http.Get(readyURL)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %s", resp.Status)
		}
		return nil
	})
	return cmd
}

// waitFor polls check until it returns nil, and fails the test with its last error after timeout.
func waitFor(t testing.TB, timeout time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s: %v", timeout, what, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// startAlertmanager runs an Alertmanager on a loopback port with the repository's configuration,
// except that every webhook goes to webhookURL, e-mail to the SMTP server at smtpAddr (without
// TLS), and notifications leave after a second rather than after the configured group_wait. It
// returns Alertmanager's address (host:port).
func startAlertmanager(t *testing.T, webhookURL, smtpAddr string) string {
	t.Helper()
	return startAlertmanagerOf(t, "deploy/alertmanager/alertmanager.yml", webhookURL, smtpAddr)
}

// startAlertmanagerOf is startAlertmanager with another configuration of the repository.
func startAlertmanagerOf(t *testing.T, configFile, webhookURL, smtpAddr string) string {
	t.Helper()
	bin := testenv.Command(t, "prometheus-alertmanager", "prometheus-alertmanager", "alertmanager")
	dir := t.TempDir()
	config := rewriteYAML(t, repoFile(t, configFile), dir, map[string]string{
		"url":              webhookURL,
		"smtp_smarthost":   smtpAddr,
		"smtp_require_tls": "false",
		"group_wait":       "1s",
		"group_interval":   "1s",
	})
	addr := testenv.FreeAddr(t)
	startServer(t, "http://"+addr+"/-/ready", bin,
		"--config.file="+config,
		"--storage.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr,
		"--cluster.listen-address=")
	return addr
}

// notification is what Alertmanager's webhook receiver sends.
type notification struct {
	Receiver string `json:"receiver"`
	Status   string `json:"status"`
	Alerts   []struct {
		Status      string            `json:"status"`
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
	} `json:"alerts"`
}

// webhook is an HTTP listener in the test that records Alertmanager's notifications.
type webhook struct {
	URL string
	mu  sync.Mutex
	got []notification
}

func newWebhook(t *testing.T) *webhook {
	t.Helper()
	w := &webhook{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var n notification
		if err := json.NewDecoder(r.Body).Decode(&n); err != nil {
			t.Errorf("webhook: %v", err)
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		w.mu.Lock()
		w.got = append(w.got, n)
		w.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	w.URL = srv.URL + "/alertmanager"
	return w
}

// firing returns the firing alerts received so far, each with the receiver it went to.
func (w *webhook) firing() []receivedAlert {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []receivedAlert
	for _, n := range w.got {
		for _, a := range n.Alerts {
			if a.Status == "firing" {
				out = append(out, receivedAlert{Receiver: n.Receiver, Labels: a.Labels, Annotations: a.Annotations})
			}
		}
	}
	return out
}

type receivedAlert struct {
	Receiver    string
	Labels      map[string]string
	Annotations map[string]string
}

// find returns the first received alert whose labels include labels.
func find(alerts []receivedAlert, labels map[string]string) (receivedAlert, bool) {
next:
	for _, a := range alerts {
		for k, v := range labels {
			if a.Labels[k] != v {
				continue next
			}
		}
		return a, true
	}
	return receivedAlert{}, false
}

// sample is one series of an instant query's result.
type sample struct {
	Metric map[string]string
	Value  float64
}

// prometheusAPI is a client of Prometheus's HTTP API.
type prometheusAPI string

// get fetches an API path and decodes its data, or returns Prometheus's error.
func (p prometheusAPI) get(path string, query url.Values, data any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, string(p)+path+"?"+query.Encode(), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var envelope struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return fmt.Errorf("%s: %s: %s", path, resp.Status, body)
	}
	if envelope.Status != "success" {
		return fmt.Errorf("%s", envelope.Error)
	}
	return json.Unmarshal(envelope.Data, data)
}

// query runs an instant query.
func (p prometheusAPI) query(expr string) ([]sample, error) {
	var data struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	}
	if err := p.get("/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
		return nil, err
	}
	if data.ResultType != "vector" {
		return nil, fmt.Errorf("result of type %s, want a vector", data.ResultType)
	}
	out := make([]sample, len(data.Result))
	for i, r := range data.Result {
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, err
		}
		out[i] = sample{Metric: r.Metric, Value: v}
	}
	return out, nil
}

// seriesOverRange runs a range query over the last window, at step, and returns how many series
// it answers.
func (p prometheusAPI) seriesOverRange(expr string, window, step time.Duration) (int, error) {
	var data struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Values [][2]any `json:"values"`
		} `json:"result"`
	}
	end := time.Now()
	err := p.get("/api/v1/query_range", url.Values{
		"query": {expr},
		"start": {strconv.FormatInt(end.Add(-window).Unix(), 10)},
		"end":   {strconv.FormatInt(end.Unix(), 10)},
		"step":  {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)},
	}, &data)
	if err != nil {
		return 0, err
	}
	if data.ResultType != "matrix" {
		return 0, fmt.Errorf("result of type %s, want a matrix", data.ResultType)
	}
	return len(data.Result), nil
}

// mail is an e-mail that smtpSink received.
type mail struct {
	To      []string
	Subject string
}

// smtpSink is an SMTP server in the test that accepts every e-mail (and any login) and keeps
// the recipients and subject of each.
type smtpSink struct {
	Addr string
	mu   sync.Mutex
	got  []mail
}

func newSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s := &smtpSink{Addr: l.Addr().String()}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

// serve speaks just enough SMTP for Alertmanager to deliver its e-mails.
func (s *smtpSink) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := textproto.NewReader(bufio.NewReader(conn))
	reply := func(line string) { fmt.Fprintf(conn, "%s\r\n", line) }
	reply("220 localhost ESMTP")
	var m mail
	for {
		line, err := r.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			reply("250-localhost")
			reply("250 AUTH PLAIN")
		case "AUTH":
			if !strings.Contains(arg, " ") { // PLAIN without its initial response
				reply("334 ")
				if _, err := r.ReadLine(); err != nil {
					return
				}
			}
			reply("235 2.7.0 accepted")
		case "MAIL":
			m = mail{}
			reply("250 ok")
		case "RCPT":
			_, to, _ := strings.Cut(arg, ":") // TO:<address>
			m.To = append(m.To, strings.Trim(to, "<> "))
			reply("250 ok")
		case "DATA":
			reply("354 go on")
			body := r.DotReader()
			header, err := textproto.NewReader(bufio.NewReader(body)).ReadMIMEHeader()
			if err != nil && !errors.Is(err, io.EOF) {
				return
			}
			if _, err := io.Copy(io.Discard, body); err != nil {
				return
			}
			m.Subject, _ = new(mime.WordDecoder).DecodeHeader(header.Get("Subject"))
			s.mu.Lock()
			s.got = append(s.got, m)
			s.mu.Unlock()
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("250 ok")
		}
	}
}

// mails returns the e-mails received so far.
func (s *smtpSink) mails() []mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}
