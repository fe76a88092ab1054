package main_test

import (
	"net/http"
	"strings"
	"testing"
)

// hostileScrape are scrapes with headers no Prometheus sends: /metrics falls back to the text
// format without gzip, never to an error.
var hostileScrape = []hostileRequest{
	scrapeWith("garbage Accept", map[string]string{"Accept": `;;;,=,"`}, "text/plain; version=0.0.4", ""),
	scrapeWith("unknown OpenMetrics version", map[string]string{"Accept": "application/openmetrics-text;version=9.9.9"}, "text/plain; version=0.0.4", ""),
	scrapeWith("unknown escaping", map[string]string{"Accept": "application/openmetrics-text;version=1.0.0;escaping=bogus"}, "application/openmetrics-text; version=1.0.0", ""),
	scrapeWith("protobuf of another message", map[string]string{"Accept": "application/vnd.google.protobuf;proto=x.Y;encoding=delimited"}, "text/plain; version=0.0.4", ""),
	scrapeWith("gzip with a bad q", map[string]string{"Accept-Encoding": "gzip;q=abc"}, "text/plain; version=0.0.4", ""),
	scrapeWith("gzip refused", map[string]string{"Accept-Encoding": "gzip;q=0"}, "text/plain; version=0.0.4", ""),
	scrapeWith("gzip among others", map[string]string{"Accept-Encoding": "br;q=1, GZIP ; q=0.5"}, "text/plain; version=0.0.4", "gzip"),
	scrapeWith("a long Accept", map[string]string{"Accept": strings.Repeat("text/html;q=0.1,", 2000)}, "text/plain; version=0.0.4", ""),
}

// scrapeWith is a GET /metrics with the headers, which must answer 200 with the content type
// and content encoding given.
func scrapeWith(name string, header map[string]string, contentType, encoding string) hostileRequest {
	return hostileRequest{name: name, method: "GET", path: "/metrics", header: header, want: http.StatusOK,
		check: func(t *testing.T, resp *http.Response, body []byte) {
			if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, contentType) {
				t.Errorf("Content-Type %q, want %q", got, contentType)
			}
			if got := resp.Header.Get("Content-Encoding"); got != encoding {
				t.Errorf("Content-Encoding %q, want %q", got, encoding)
			}
		}}
}
