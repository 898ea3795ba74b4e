package registry

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/logger"
)

// tokenFor hands out a fixed token for URLs on one host, like a nerf dart.
type tokenFor struct{ host, token string }

func (t tokenFor) AuthFor(requestURL, registryURL string) *config.Auth {
	if strings.Contains(requestURL, "//"+t.host+"/") {
		return &config.Auth{Token: t.token}
	}
	return nil
}

// recorder is a test server that answers from a script and records what
// it was sent.
type recorder struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	answer   func(n int, r *http.Request) (int, http.Header, string)
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.requests = append(rec.requests, r)
	rec.bodies = append(rec.bodies, string(body))
	n := len(rec.requests)
	rec.mu.Unlock()
	status, h, text := rec.answer(n, r)
	for k, vs := range h {
		w.Header()[k] = vs
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, text)
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.requests)
}

func newTestClient(t *testing.T, base string, opts Options) *Client {
	t.Helper()
	opts.Registry = base + "/"
	if opts.UserAgent == "" {
		opts.UserAgent = "gonpm-test"
	}
	opts.MinTimeout = time.Millisecond
	opts.MaxTimeout = 5 * time.Millisecond
	return New(opts)
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		method    string
		status    int
		wantCalls int
	}{
		{"GET", 503, 3},
		{"GET", 500, 3},
		{"GET", 429, 3},
		{"GET", 408, 3},
		{"PUT", 502, 3},
		{"DELETE", 504, 3},
		{"POST", 503, 1},
		{"GET", 401, 1},
		{"PUT", 403, 1},
		{"GET", 404, 1},
		{"PUT", 409, 1},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+http.StatusText(tt.status), func(t *testing.T) {
			rec := &recorder{answer: func(int, *http.Request) (int, http.Header, string) {
				return tt.status, nil, `{"error":"nope"}`
			}}
			srv := httptest.NewServer(rec)
			defer srv.Close()
			c := newTestClient(t, srv.URL, Options{Retries: 2})
			_, err := c.Do(context.Background(), &Request{Method: tt.method, Path: "x", JSON: map[string]string{"a": "b"}})
			var he *HTTPError
			if !errors.As(err, &he) || he.StatusCode != tt.status {
				t.Fatalf("err = %v, want HTTPError %d", err, tt.status)
			}
			if got := rec.count(); got != tt.wantCalls {
				t.Errorf("requests = %d, want %d", got, tt.wantCalls)
			}
			if he.Message != "nope" {
				t.Errorf("message = %q, want the registry's error", he.Message)
			}
		})
	}
}

func TestRetryResendsTheBody(t *testing.T) {
	rec := &recorder{answer: func(n int, r *http.Request) (int, http.Header, string) {
		if n == 1 {
			return 503, nil, ""
		}
		return 201, nil, `{}`
	}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c := newTestClient(t, srv.URL, Options{Retries: 2})
	payload := strings.Repeat("x", 100000)
	_, err := c.Do(context.Background(), &Request{
		Method: "PUT", Path: "pkg",
		Body:          func() (io.Reader, error) { return strings.NewReader(payload), nil },
		ContentLength: int64(len(payload)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if rec.count() != 2 || rec.bodies[1] != payload {
		t.Fatalf("retry did not resend the whole body: %d requests", rec.count())
	}
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	b := backoff(10)
	resp := &http.Response{Header: http.Header{"Retry-After": {"2"}}}
	if d := b(time.Millisecond, time.Second, 0, resp); d != 2*time.Second {
		t.Errorf("Retry-After 2 → %v, want 2s", d)
	}
	resp.Header.Set("Retry-After", "100000")
	if d := b(time.Millisecond, time.Second, 0, resp); d != maxRetryAfter {
		t.Errorf("huge Retry-After → %v, want the cap %v", d, maxRetryAfter)
	}
	resp.Header.Del("Retry-After")
	if d := b(10*time.Millisecond, time.Second, 1, resp); d != 100*time.Millisecond {
		t.Errorf("no Retry-After, attempt 1 → %v, want min×factor = 100ms", d)
	}
	if d := b(10*time.Millisecond, 50*time.Millisecond, 3, resp); d != 50*time.Millisecond {
		t.Errorf("backoff not capped at max: %v", d)
	}
	date := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	if d, ok := parseRetryAfter(date, time.Now()); !ok || d <= time.Second || d > 3*time.Second {
		t.Errorf("HTTP-date Retry-After → %v %v", d, ok)
	}
}

func TestConnectionErrorsAreRetriedButNotForPOST(t *testing.T) {
	for _, tt := range []struct {
		method string
		want   int
	}{{"GET", 3}, {"PUT", 3}, {"POST", 1}} {
		t.Run(tt.method, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			var mu sync.Mutex
			accepted := 0
			go func() {
				for {
					conn, err := ln.Accept()
					if err != nil {
						return
					}
					mu.Lock()
					accepted++
					mu.Unlock()
					// Read the request, then hang up without answering.
					buf := make([]byte, 4096)
					_, _ = conn.Read(buf)
					conn.Close()
				}
			}()
			c := newTestClient(t, "http://"+ln.Addr().String(), Options{Retries: 2})
			_, err = c.Do(context.Background(), &Request{Method: tt.method, Path: "x"})
			var ne *NetworkError
			if !errors.As(err, &ne) {
				t.Fatalf("err = %v, want a NetworkError", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if accepted != tt.want {
				t.Errorf("connections = %d, want %d", accepted, tt.want)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	rec := &recorder{answer: func(int, *http.Request) (int, http.Header, string) { return 200, nil, `{}` }}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	c := newTestClient(t, srv.URL, Options{
		UserAgent: UserAgent("1.2.3", false, "github-actions"), Command: "dist-tag", AuthType: "legacy",
		Scope: "myorg", OTP: "123456", Credentials: tokenFor{host, "tok-abcdef"},
	})
	for i := 0; i < 2; i++ {
		if _, err := c.Do(context.Background(), &Request{Method: "GET", Path: "-/package/@s%2fn/dist-tags"}); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range rec.requests {
		checks := map[string]string{
			"Npm-Command":   "dist-tag",
			"Npm-Auth-Type": "legacy",
			"Npm-Scope":     "@myorg",
			"Npm-Otp":       "123456",
			"Authorization": "Bearer tok-abcdef",
		}
		for k, want := range checks {
			if got := r.Header.Get(k); got != want {
				t.Errorf("request %d: %s = %q, want %q", i, k, got, want)
			}
		}
		ua := r.Header.Get("User-Agent")
		if !strings.HasPrefix(ua, "gonpm/1.2.3 go/") || !strings.HasSuffix(ua, " workspaces/false ci/github-actions") {
			t.Errorf("user-agent = %q", ua)
		}
		if r.URL.EscapedPath() != "/-/package/@s%2fn/dist-tags" {
			t.Errorf("path = %q, want the scoped name escaped as npm does", r.URL.EscapedPath())
		}
	}
}

func TestNoCredentialsForOtherHosts(t *testing.T) {
	rec := &recorder{answer: func(int, *http.Request) (int, http.Header, string) { return 200, nil, `{}` }}
	other := httptest.NewServer(rec)
	defer other.Close()
	c := newTestClient(t, "http://127.0.0.1:1", Options{Credentials: tokenFor{"127.0.0.1:1", "secret-token"}})
	if _, err := c.Do(context.Background(), &Request{Method: "GET", Path: other.URL + "/tarball.tgz"}); err != nil {
		t.Fatal(err)
	}
	if got := rec.requests[0].Header.Get("Authorization"); got != "" {
		t.Errorf("a request to another host carried Authorization %q", got)
	}
}

func TestRedirectToAnotherHostDropsAuthorization(t *testing.T) {
	// 127.0.0.2 is loopback too, but another host name.
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address here: %v", err)
	}
	elsewhere := &recorder{answer: func(int, *http.Request) (int, http.Header, string) { return 200, nil, `{}` }}
	srv2 := &httptest.Server{Listener: ln, Config: &http.Server{Handler: elsewhere}}
	srv2.Start()
	defer srv2.Close()

	home := &recorder{}
	srv := httptest.NewServer(home)
	defer srv.Close()
	home.answer = func(n int, r *http.Request) (int, http.Header, string) {
		if r.URL.Path == "/same" {
			return 200, nil, `{}`
		}
		if r.URL.Path == "/hop" {
			return 302, http.Header{"Location": {srv.URL + "/same"}}, ""
		}
		return 302, http.Header{"Location": {srv2.URL + "/landed"}}, ""
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	c := newTestClient(t, srv.URL, Options{Credentials: tokenFor{host, "secret-token"}, OTP: "654321"})

	if _, err := c.Do(context.Background(), &Request{Method: "GET", Path: "away"}); err != nil {
		t.Fatal(err)
	}
	got := elsewhere.requests[0]
	if a := got.Header.Get("Authorization"); a != "" {
		t.Errorf("redirect to another host kept Authorization %q", a)
	}
	if o := got.Header.Get("Npm-Otp"); o != "" {
		t.Errorf("redirect to another host kept npm-otp %q", o)
	}

	if _, err := c.Do(context.Background(), &Request{Method: "GET", Path: "hop"}); err != nil {
		t.Fatal(err)
	}
	last := home.requests[len(home.requests)-1]
	if last.URL.Path != "/same" || last.Header.Get("Authorization") != "Bearer secret-token" {
		t.Errorf("same-host redirect should keep Authorization, got %q on %s", last.Header.Get("Authorization"), last.URL.Path)
	}
}

func TestHTTPLogRedactsSecrets(t *testing.T) {
	rec := &recorder{answer: func(int, *http.Request) (int, http.Header, string) { return 200, nil, `{}` }}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	var logs bytes.Buffer
	c := newTestClient(t, srv.URL, Options{
		Credentials: tokenFor{host, "npm_SECRETTOKEN123"}, OTP: "918273",
		Logger: logger.New(&logs, logger.Silly, nil),
	})
	_, err := c.Do(context.Background(), &Request{Method: "DELETE", Path: "-/user/token/npm_SECRETTOKEN123"})
	if err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "gonpm http fetch DELETE 200") {
		t.Errorf("http log line missing:\n%s", out)
	}
	for _, secret := range []string{"npm_SECRETTOKEN123", "918273"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows the secret %q:\n%s", secret, out)
		}
	}
}
