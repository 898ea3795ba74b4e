package registry

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/logger"
)

func TestIsPlainHTTPRemote(t *testing.T) {
	tests := map[string]bool{
		"http://127.0.0.1:4873/":          false,
		"http://localhost:4873/":          false,
		"http://[::1]:4873/":              false,
		"https://registry.example.test/":  false,
		"http://registry.example.test/":   true,
		"http://10.1.2.3:8080/npm/":       true,
		"http://user:pw@example.test/":    true,
		"not a url at all, just words ::": false,
	}
	for in, want := range tests {
		if got := IsPlainHTTPRemote(in); got != want {
			t.Errorf("IsPlainHTTPRemote(%q) = %v, want %v", in, got, want)
		}
	}
}

type answerAll struct{ hosts []string }

func (a *answerAll) RoundTrip(r *http.Request) (*http.Response, error) {
	a.hosts = append(a.hosts, r.URL.Host)
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
}

// Every registry a credential goes to over plain http is warned about
// once, before the request: the default one and a scope's.
func TestPlainHTTPWarningCoversEveryCredentialedRegistry(t *testing.T) {
	var logs bytes.Buffer
	creds := credsFor{"registry.example.test": "t1", "scoped.example.test": "t2"}
	c := New(Options{Registry: "https://secure.example.test/", Credentials: creds, Transport: &answerAll{}, Logger: logger.New(&logs, logger.Warn, nil)})
	ctx := context.Background()
	for _, r := range []*Request{
		{Method: "GET", Path: "-/whoami"}, // https: no warning
		{Method: "GET", Path: "pkg", Registry: "http://scoped.example.test/"},
		{Method: "GET", Path: "pkg2", Registry: "http://scoped.example.test/"},
		{Method: "GET", Path: "pkg", Registry: "http://registry.example.test/"},
		{Method: "GET", Path: "pkg", Registry: "http://nocred.example.test/"},
	} {
		if _, err := c.Do(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	out := logs.String()
	for host, want := range map[string]int{"scoped.example.test": 1, "registry.example.test": 1, "secure.example.test": 0, "nocred.example.test": 0} {
		if got := strings.Count(out, "http://"+host+"/ uses plain http"); got != want {
			t.Errorf("%s warned %d times, want %d:\n%s", host, got, want, out)
		}
	}
}

type credsFor map[string]string

func (c credsFor) AuthFor(requestURL, _ string) *config.Auth {
	u, _ := url.Parse(requestURL)
	if tok, ok := c[u.Host]; ok {
		return &config.Auth{Token: tok}
	}
	return nil
}
