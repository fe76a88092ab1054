package testenv

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// Client calls the running binary's JSON API as one user. The answers are asked in English,
// the language the tests' expected messages are written in.
type Client struct {
	T     testing.TB
	Base  string              // the API's root, such as srv.URL + "/api/v1"
	Auth  func(*http.Request) // sets the user's credentials (Basic, Bearer)
	Label string              // names the user in a failure
}

// Basic sets HTTP Basic credentials.
func Basic(user, password string) func(*http.Request) {
	return func(r *http.Request) { r.SetBasicAuth(user, password) }
}

// Bearer sets an API token.
func Bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

// Do sends a request with body as JSON (when not nil) and decodes the JSON answer into out (when
// not nil); it fails the test when the status is not want.
func (c *Client) Do(method, path string, body any, want int, out any) {
	c.T.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.T.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.Base+path, r)
	if err != nil {
		c.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	c.Auth(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.T.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		c.T.Fatalf("%s %s %s: status %d, want %d: %s", c.Label, method, path, resp.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			c.T.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
}
