package registry

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestOrigin(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"https://h.example.test/", "https://H.example.test:443/x", true},
		{"http://h.example.test/", "http://h.example.test:80/", true},
		{"https://h.example.test/", "http://h.example.test/", false},
		{"http://127.0.0.1:1/", "http://127.0.0.1:2/", false},
		{"http://127.0.0.1:1/", "http://127.0.0.2:1/", false},
	}
	for _, tt := range tests {
		if got := originOfString(tt.a) == originOfString(tt.b); got != tt.same {
			t.Errorf("origin(%s) == origin(%s): %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

// An https registry that redirects to plain http would deliver the bearer
// token in clear text: the redirect is refused before anything is sent.
func TestRedirectFromHTTPSToHTTPIsRefused(t *testing.T) {
	plain := &recorder{answer: func(int, *http.Request) (int, http.Header, string) { return 200, nil, `{}` }}
	plainSrv := httptest.NewServer(plain)
	defer plainSrv.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plainSrv.URL+"/stolen", http.StatusFound)
	}))
	defer tlsSrv.Close()
	pool := x509.NewCertPool()
	pool.AddCert(tlsSrv.Certificate())
	net := &Network{TLS: tlsSrv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()}
	net.TLS.RootCAs = pool
	host := strings.TrimPrefix(tlsSrv.URL, "https://")
	c := newTestClient(t, tlsSrv.URL, Options{Credentials: tokenFor{host, "secret-token"}, OTP: "123456", Network: net})

	_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "-/whoami"})
	var down *DowngradeError
	if !errors.As(err, &down) {
		t.Fatalf("err = %v, want a refused downgrade", err)
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "plain http") || strings.Contains(msg, "secret-token") {
		t.Errorf("error is not one clear line: %q", msg)
	}
	if plain.count() != 0 {
		t.Errorf("the plain http server got %d requests", plain.count())
	}
}

// A one-time password belongs to the origin it was obtained for: another
// registry, a link to another origin, or a tarball elsewhere never gets
// it, and another registry's challenge gets its own code.
func TestOTPStaysWithItsOrigin(t *testing.T) {
	recA, recB := otpServer("111111"), otpServer("222222")
	a, b := httptest.NewServer(recA), httptest.NewServer(recB)
	defer a.Close()
	defer b.Close()
	src := &codes{list: []string{"111111", "222222"}}
	c := newTestClient(t, a.URL, Options{OTPSource: src})
	ctx := context.Background()

	if _, err := c.Do(ctx, &Request{Method: "PUT", Path: "pkg-a", JSON: 1}); err != nil {
		t.Fatal(err)
	}
	// A link or tarball URL on b, as a registry reply could name.
	_, _ = c.Do(ctx, &Request{Method: "GET", Path: b.URL + "/-/npm/v1/tokens?page=2", NoOTP: true})
	// A workspace package that goes to b.
	if _, err := c.Do(ctx, &Request{Method: "PUT", Path: "pkg-b", Registry: b.URL + "/", JSON: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(ctx, &Request{Method: "PUT", Path: "pkg-a2", JSON: 1}); err != nil {
		t.Fatal(err)
	}
	for _, r := range recB.requests {
		if r.Header.Get("Npm-Otp") == "111111" {
			t.Errorf("registry b got a's one-time password on %s", r.URL.Path)
		}
	}
	if got := recB.requests[0].Header.Get("Npm-Otp"); got != "" {
		t.Errorf("the link on b carried npm-otp %q", got)
	}
	if last := recA.requests[len(recA.requests)-1]; last.Header.Get("Npm-Otp") != "111111" {
		t.Errorf("a's code was not kept for a")
	}
	if len(src.asked) != 2 {
		t.Errorf("asked for %d codes, want one per registry", len(src.asked))
	}
}

// A code given up front (--otp) goes to the first registry it is needed
// for, and no other.
func TestUpfrontOTPGoesToOneRegistry(t *testing.T) {
	recA, recB := otpServer("333333"), otpServer("444444")
	a, b := httptest.NewServer(recA), httptest.NewServer(recB)
	defer a.Close()
	defer b.Close()
	c := newTestClient(t, a.URL, Options{OTP: "333333"})
	ctx := context.Background()
	if _, err := c.Do(ctx, &Request{Method: "GET", Path: b.URL + "/tarball.tgz"}); err == nil {
		t.Fatalf("b accepted a request without its code")
	}
	if _, err := c.Do(ctx, &Request{Method: "PUT", Path: "pkg", JSON: 1}); err != nil {
		t.Fatal(err)
	}
	_, _ = c.Do(ctx, &Request{Method: "PUT", Path: "pkg", Registry: b.URL + "/", JSON: 1})
	for _, r := range recB.requests {
		if o := r.Header.Get("Npm-Otp"); o != "" {
			t.Errorf("b got npm-otp %q on %s", o, r.URL.Path)
		}
	}
	if recA.requests[0].Header.Get("Npm-Otp") != "333333" {
		t.Errorf("the registry did not get the code given up front")
	}
}

// BindOTP gives a code given up front to the registry a command names
// before it writes to several at once: neither a read nor a write to
// another registry that happens to go first takes it then.
func TestBindOTPChoosesTheRegistry(t *testing.T) {
	recA, recB := otpServer("333333"), otpServer("444444")
	a, b := httptest.NewServer(recA), httptest.NewServer(recB)
	defer a.Close()
	defer b.Close()
	c := newTestClient(t, a.URL, Options{OTP: "333333"})
	ctx := context.Background()
	c.BindOTP(a.URL + "/")
	_, _ = c.Do(ctx, &Request{Method: "GET", Path: "other", Registry: b.URL + "/", NoOTP: true})
	_, _ = c.Do(ctx, &Request{Method: "PUT", Path: "other", Registry: b.URL + "/", JSON: 1})
	if _, err := c.Do(ctx, &Request{Method: "PUT", Path: "pkg", JSON: 1}); err != nil {
		t.Errorf("the default registry's write: %v", err)
	}
	for _, r := range recB.requests {
		if o := r.Header.Get("Npm-Otp"); o != "" {
			t.Errorf("b got npm-otp %q on %s %s", o, r.Method, r.URL.Path)
		}
	}
}
