package main_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/golang/snappy"
	"github.com/prometheus/prometheus/prompb"
)

// hostileHistory are requests to Prometheus's remote read of the history (POST /api/v1/read)
// that would take the service's memory or time, or are not what they claim: each is refused
// before anything is computed.
var hostileHistory = []hostileRequest{
	remoteRead("not snappy", http.StatusBadRequest, "snappy", "{\"queries\": []}"),
	// A snappy block whose header claims 2 GiB once decoded, in a few bytes.
	remoteRead("a decompression bomb", http.StatusRequestEntityTooLarge, "over", "\x80\x80\x80\x80\x08\x00"),
	remoteRead("snappy of garbage", http.StatusBadRequest, "ReadRequest", string(snappy.Encode(nil, []byte("\x0a\xff\xff\xff\xff\x0f")))),
	remoteRead("a bad regular expression", http.StatusBadRequest, "matcher target",
		readRequest(&prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: "target", Value: "(a"})),
	// Every history series of every unit at a one-second step over a century.
	remoteRead("a century at a second's step", http.StatusRequestEntityTooLarge, "steps, over the limit",
		readRequest(&prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: "__name__", Value: "chitieu_history_.*"})),
	{name: "GET is not a read", method: "GET", path: "/api/v1/read", want: http.StatusMethodNotAllowed},
}

// remoteRead is a POST of body to the remote read, to be refused with want and a message holding
// says.
func remoteRead(name string, want int, says, body string) hostileRequest {
	return hostileRequest{name: name, method: "POST", path: "/api/v1/read", body: body, want: want,
		header: map[string]string{"Content-Type": "application/x-protobuf", "Content-Encoding": "snappy"},
		check: func(t *testing.T, _ *http.Response, raw []byte) {
			if !strings.Contains(string(raw), says) {
				t.Errorf("answer %q does not say %q", raw, says)
			}
		}}
}

// readRequest is a compressed ReadRequest of one query from 1970 to 2070 at a second's step.
func readRequest(matchers ...*prompb.LabelMatcher) string {
	end := int64(100 * 365 * 24 * 3600 * 1000)
	raw, err := (&prompb.ReadRequest{Queries: []*prompb.Query{{StartTimestampMs: 0, EndTimestampMs: end, Matchers: matchers,
		Hints: &prompb.ReadHints{StartMs: 0, EndMs: end, StepMs: 1000}}}}).Marshal()
	if err != nil {
		panic(err)
	}
	return string(snappy.Encode(nil, raw))
}
