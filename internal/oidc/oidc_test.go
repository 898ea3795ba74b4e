package oidc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/oidc"
	"github.com/gonpm/gonpm/internal/registry"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func newClient(log *logger.Logger) *registry.Client {
	return registry.New(registry.Options{Logger: log, Retries: 0, OTP: "123456"})
}

func TestAvailable(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want bool
	}{
		{"nothing", nil, false},
		{"NPM_ID_TOKEN", map[string]string{"NPM_ID_TOKEN": "tok"}, true},
		{"GitHub with id-token permission", map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:1/t", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "rt"}, true},
		{"GitHub without the request token", map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:1/t"}, false},
		{"GitHub Actions alone", map[string]string{"GITHUB_ACTIONS": "true"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := oidc.Available(env(tt.vars)); got != tt.want {
				t.Errorf("Available = %t, want %t", got, tt.want)
			}
		})
	}
}

// githubIssuer serves GitHub Actions' ID-token endpoint shape.
func githubIssuer(t *testing.T, requestToken, idToken string, gotAudience *string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+requestToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Query().Get("api-version") != "2.0" {
			http.Error(w, "api-version lost", http.StatusBadRequest)
			return
		}
		if r.Header.Get("Npm-Otp") != "" {
			http.Error(w, "an OTP was sent to the ID-token service", http.StatusBadRequest)
			return
		}
		*gotAudience = r.URL.Query().Get("audience")
		_ = json.NewEncoder(w).Encode(map[string]string{"value": idToken})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchIDTokenFromGitHub(t *testing.T) {
	var audience string
	issuer := githubIssuer(t, "request-secret", "the-id-token", &audience)
	var logs bytes.Buffer
	secrets := &logger.Secrets{}
	client := newClient(logger.New(&logs, logger.Silly, secrets))
	vars := map[string]string{
		"ACTIONS_ID_TOKEN_REQUEST_URL":   issuer.URL + "/token?api-version=2.0",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-secret",
	}
	id, err := oidc.FetchIDToken(context.Background(), client, env(vars), "https://registry.example.test/some/path/")
	if err != nil {
		t.Fatal(err)
	}
	if id.Value != "the-id-token" || id.Source != "GitHub Actions" {
		t.Errorf("got %q from %q", id.Value, id.Source)
	}
	if audience != "npm:registry.example.test" {
		t.Errorf("audience %q, want npm:registry.example.test", audience)
	}
	if got := secrets.Mask("the-id-token request-secret"); strings.Contains(got, "the-id-token") || strings.Contains(got, "request-secret") {
		t.Errorf("tokens are not registered as secrets: %q", got)
	}
	if strings.Contains(logs.String(), "the-id-token") || strings.Contains(logs.String(), "request-secret") {
		t.Errorf("a token was logged:\n%s", logs.String())
	}
}

func TestFetchIDToken(t *testing.T) {
	tests := []struct {
		name       string
		vars       map[string]string
		wantSource string
		wantErr    error
	}{
		{"NPM_ID_TOKEN wins", map[string]string{"NPM_ID_TOKEN": " gitlab-token\n", "ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:1/x", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "r"}, "NPM_ID_TOKEN", nil},
		{"none", nil, "", oidc.ErrNoIDToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secrets := &logger.Secrets{}
			id, err := oidc.FetchIDToken(context.Background(), newClient(logger.New(nil, logger.Silent, secrets)), env(tt.vars), "http://127.0.0.1:1/")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if id.Source != tt.wantSource || id.Value != "gitlab-token" {
				t.Errorf("got %q from %q", id.Value, id.Source)
			}
			if strings.Contains(secrets.Mask("gitlab-token"), "gitlab-token") {
				t.Error("NPM_ID_TOKEN is not registered as a secret")
			}
		})
	}
}

func TestFetchIDTokenRefused(t *testing.T) {
	var audience string
	issuer := githubIssuer(t, "request-secret", "x", &audience)
	vars := map[string]string{
		"ACTIONS_ID_TOKEN_REQUEST_URL":   issuer.URL + "/token?api-version=2.0",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "stale-request-token",
	}
	_, err := oidc.FetchIDToken(context.Background(), newClient(nil), env(vars), "http://127.0.0.1:1/")
	if err == nil || !strings.Contains(err.Error(), "GitHub Actions") {
		t.Fatalf("err = %v, want one naming GitHub Actions", err)
	}
	if !registry.IsStatus(err, http.StatusUnauthorized) {
		t.Errorf("the registry's status is lost: %v", err)
	}
}

// exchangeRegistry answers the exchange endpoint like the public
// registry: a token for a trusted ID token, a 404 with a message otherwise.
func exchangeRegistry(t *testing.T, gotPath *string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*gotPath = r.URL.EscapedPath()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method != http.MethodPost:
			w.WriteHeader(http.StatusMethodNotAllowed)
		case r.Header.Get("Authorization") == "Bearer trusted-id":
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"token":"npm_shortlived"}`))
		case r.Header.Get("Authorization") == "Bearer empty-reply":
			_, _ = w.Write([]byte(`{}`))
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"message":"no trusted publisher matches"}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestExchange(t *testing.T) {
	tests := []struct {
		name      string
		pkg       string
		idToken   string
		wantToken string
		wantPath  string
		wantErr   string
		status    int
	}{
		{name: "trusted", pkg: "@scope/pkg", idToken: "trusted-id", wantToken: "npm_shortlived", wantPath: "/-/npm/v1/oidc/token/exchange/package/@scope%2fpkg"},
		{name: "refused", pkg: "plain", idToken: "other-id", wantPath: "/-/npm/v1/oidc/token/exchange/package/plain", wantErr: "exchange refused: no trusted publisher matches (404)", status: 404},
		{name: "no token in the reply", pkg: "plain", idToken: "empty-reply", wantErr: "returned no token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var path string
			reg := exchangeRegistry(t, &path)
			secrets := &logger.Secrets{}
			// The registry has a path prefix: the exchange goes to its origin.
			tok, err := oidc.Exchange(context.Background(), newClient(logger.New(nil, logger.Silent, secrets)), reg.URL+"/prefix/", tt.pkg, &oidc.IDToken{Value: tt.idToken, Source: "test"})
			if tt.wantPath != "" && path != tt.wantPath {
				t.Errorf("exchange went to %s, want %s", path, tt.wantPath)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				var exErr *oidc.ExchangeError
				if tt.status != 0 && (!errors.As(err, &exErr) || exErr.StatusCode != tt.status) {
					t.Errorf("err = %#v, want an ExchangeError with status %d", err, tt.status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tok != tt.wantToken {
				t.Errorf("token %q, want %q", tok, tt.wantToken)
			}
			if strings.Contains(secrets.Mask(tok), tok) {
				t.Error("the exchanged token is not registered as a secret")
			}
		})
	}
}

func TestPlaceholderToken(t *testing.T) {
	tests := []struct {
		tok  string
		want bool
	}{
		{"XXXXX-XXXXX-XXXXX-XXXXX", true},
		{"${NODE_AUTH_TOKEN}", true},
		{"npm_0123456789abcdefghijklmnopqrstuvwxyz", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := oidc.PlaceholderToken(tt.tok); got != tt.want {
			t.Errorf("PlaceholderToken(%q) = %t, want %t", tt.tok, got, tt.want)
		}
	}
}
