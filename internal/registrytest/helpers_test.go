package registrytest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// call is one HTTP request in a unit test.
type call struct {
	method, path string
	token        string // Bearer token
	otp          string // npm-otp header
	body         any    // JSON-encoded unless []byte
	header       http.Header
}

type reply struct {
	status int
	header http.Header
	raw    []byte
}

// json decodes the reply body into a generic value.
func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.raw, &m); err != nil {
		t.Fatalf("reply is not a JSON object (status %d): %v", r.status, err)
	}
	return m
}

func do(t *testing.T, srv *Server, c call) reply {
	t.Helper()
	var body io.Reader
	switch b := c.body.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(c.method, srv.URL+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.otp != "" {
		req.Header.Set("npm-otp", c.otp)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, raw: raw}
}

// fixedClock pins the server clock so TOTP codes are predictable.
func fixedClock(srv *Server) time.Time {
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	srv.SetNow(func() time.Time { return now })
	return now
}
