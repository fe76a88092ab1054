package main_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"

	"chitieu/internal/testenv"
)

// scrapeBinary gets /metrics from the binary and returns the status, the headers and the body,
// unzipped.
func scrapeBinary(t *testing.T, url, token, accept, encoding string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("Accept-Encoding", encoding) // set, so that the client does not unzip it itself
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, resp.Header, body
}

// The binary serves /metrics behind its token, as Prometheus 3 asks (OpenMetrics, gzip) and in
// the text format, with the four-way cadre breakdown only behind --metrics-cadre-levels, and the
// breakdowns agree on the number of cadres.
func TestScrapeFromBytes(t *testing.T) {
	const token = "bi-mat-cua-prometheus"
	srv := testenv.Start(t, "", "--demo", "--metrics-token", token, "--metrics-cadre-levels")
	if status, _, _ := scrapeBinary(t, srv.URL, "", "", ""); status != http.StatusUnauthorized {
		t.Errorf("without the token: %d", status)
	}

	status, h, body := scrapeBinary(t, srv.URL, token, "application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3", "gzip")
	if status != http.StatusOK || h.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(h.Get("Content-Type"), "application/openmetrics-text; version=1.0.0") {
		t.Fatalf("OpenMetrics scrape: %d %v", status, h)
	}
	p := textparse.NewOpenMetricsParser(body, labels.NewSymbolTable())
	for {
		if _, err := p.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("OpenMetrics: %v", err)
		}
	}

	status, h, body = scrapeBinary(t, srv.URL, token, "", "")
	if status != http.StatusOK || h.Get("Content-Encoding") != "" || !strings.HasPrefix(h.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("text scrape: %d %v", status, h)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]float64{}
	for _, name := range []string{"chitieu_cadres", "chitieu_cadres_by_political_theory", "chitieu_cadres_by_education", "chitieu_cadres_by_levels"} {
		if families[name] == nil {
			t.Fatalf("no %s", name)
		}
		for _, m := range families[name].GetMetric() {
			sums[name] += m.GetGauge().GetValue()
		}
	}
	if sums["chitieu_cadres"] == 0 || sums["chitieu_cadres_by_political_theory"] != sums["chitieu_cadres"] ||
		sums["chitieu_cadres_by_education"] != sums["chitieu_cadres"] || sums["chitieu_cadres_by_levels"] != sums["chitieu_cadres"] {
		t.Errorf("the breakdowns count different cadres: %v", sums)
	}
	if families["chitieu_http_requests_total"] == nil || families["go_goroutines"] == nil {
		t.Error("no live metrics after the figures")
	}

	// Off by default.
	plain := testenv.Start(t, "", "--demo")
	if _, _, body := scrapeBinary(t, plain.URL, "", "", "gzip"); !bytes.Contains(body, []byte("# TYPE chitieu_cadres gauge")) ||
		bytes.Contains(body, []byte("chitieu_cadres_by_levels")) {
		t.Errorf("without --metrics-cadre-levels:\n%.3000s", body)
	}
}
