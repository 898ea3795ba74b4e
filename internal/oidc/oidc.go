// Package oidc implements trusted publishing: a CI job trades the ID token
// its platform issues for a short-lived publish token for one package, so
// no long-lived token or one-time password is needed.
package oidc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/registry"
)

// ErrNoIDToken says this environment offers no ID token.
var ErrNoIDToken = errors.New("no OIDC ID token here: trusted publishing works in GitHub Actions with `permissions: id-token: write`, or with the token in NPM_ID_TOKEN (GitLab CI and others)")

// IDToken is an ID token and where it came from.
type IDToken struct {
	Value  string
	Source string // "NPM_ID_TOKEN" or "GitHub Actions"
}

// Available reports whether the environment can give an ID token, without
// asking for one.
func Available(getenv func(string) string) bool {
	return getenv("NPM_ID_TOKEN") != "" ||
		(getenv("ACTIONS_ID_TOKEN_REQUEST_URL") != "" && getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN") != "")
}

// FetchIDToken gets an ID token whose audience is npm:<registry host>:
// from NPM_ID_TOKEN, or from GitHub Actions' token endpoint.
func FetchIDToken(ctx context.Context, client *registry.Client, getenv func(string) string, registryURL string) (*IDToken, error) {
	if v := strings.TrimSpace(getenv("NPM_ID_TOKEN")); v != "" {
		client.Logger().Secrets().Add(v)
		return &IDToken{Value: v, Source: "NPM_ID_TOKEN"}, nil
	}
	reg, err := url.Parse(registryURL)
	if err != nil {
		return nil, fmt.Errorf("invalid registry URL: %w", err)
	}
	v, err := FetchGitHubIDToken(ctx, client, getenv, "npm:"+reg.Hostname())
	if err != nil {
		return nil, err
	}
	return &IDToken{Value: v, Source: "GitHub Actions"}, nil
}

// FetchGitHubIDToken asks GitHub Actions' token service for an ID token
// with audience (npm:<registry host> for trusted publishing, sigstore for
// provenance).
func FetchGitHubIDToken(ctx context.Context, client *registry.Client, getenv func(string) string, audience string) (string, error) {
	requestURL, requestToken := getenv("ACTIONS_ID_TOKEN_REQUEST_URL"), getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
	if requestURL == "" || requestToken == "" {
		return "", ErrNoIDToken
	}
	u, err := url.Parse(requestURL)
	if err != nil {
		return "", fmt.Errorf("invalid ACTIONS_ID_TOKEN_REQUEST_URL: %w", err)
	}
	q := u.Query()
	q.Set("audience", audience)
	u.RawQuery = q.Encode()
	client.Logger().Secrets().Add(requestToken)
	var reply struct {
		Value string `json:"value"`
	}
	err = client.DoJSON(ctx, &registry.Request{
		Method: http.MethodGet,
		Path:   u.String(),
		Auth:   &config.Auth{Token: requestToken},
		// A one-time password given for the registry is no business of
		// GitHub's token service.
		Header: http.Header{"Npm-Otp": nil},
		NoOTP:  true,
	}, &reply)
	if err != nil {
		return "", fmt.Errorf("asking GitHub Actions for an ID token: %w", err)
	}
	if reply.Value == "" {
		return "", errors.New("GitHub Actions returned an empty ID token")
	}
	client.Logger().Secrets().Add(reply.Value)
	return reply.Value, nil
}

// Exchange trades the ID token for a publish token for pkg. The endpoint
// is on the registry's origin (a registry path prefix is not used), as
// npm resolves it.
func Exchange(ctx context.Context, client *registry.Client, registryURL, pkg string, id *IDToken) (string, error) {
	reg, err := url.Parse(registryURL)
	if err != nil {
		return "", fmt.Errorf("invalid registry URL: %w", err)
	}
	endpoint := reg.Scheme + "://" + reg.Host + "/-/npm/v1/oidc/token/exchange/package/" + registry.EscapeName(pkg)
	var reply struct {
		Token string `json:"token"`
	}
	err = client.DoJSON(ctx, &registry.Request{
		Method: http.MethodPost,
		Path:   endpoint,
		Auth:   &config.Auth{Token: id.Value},
		NoOTP:  true,
	}, &reply)
	if err != nil {
		e := &ExchangeError{Package: pkg, Err: err}
		var he *registry.HTTPError
		if errors.As(err, &he) {
			e.StatusCode, e.Message = he.StatusCode, he.Message
		}
		return "", e
	}
	if strings.TrimSpace(reply.Token) == "" {
		return "", fmt.Errorf("the registry's trusted-publishing exchange for %s returned no token", pkg)
	}
	client.Logger().Secrets().Add(reply.Token)
	return reply.Token, nil
}

// ExchangeError is a failed exchange: the registry refused it (StatusCode
// and its Message set), or it could not be reached.
type ExchangeError struct {
	Package    string
	StatusCode int
	Message    string // the registry's words, when it said any
	Err        error
}

func (e *ExchangeError) Error() string {
	switch {
	case e.StatusCode != 0 && e.Message != "":
		return fmt.Sprintf("exchange refused: %s (%d)", e.Message, e.StatusCode)
	case e.StatusCode != 0:
		return fmt.Sprintf("exchange refused with status %d", e.StatusCode)
	}
	return fmt.Sprintf("exchange failed: %v", e.Err)
}

func (e *ExchangeError) Unwrap() error { return e.Err }

// PlaceholderToken recognises the value CI setup steps write when no real
// token is configured (actions/setup-node's NODE_AUTH_TOKEN default).
func PlaceholderToken(tok string) bool {
	switch strings.TrimSpace(tok) {
	case "XXXXX-XXXXX-XXXXX-XXXXX", "${NODE_AUTH_TOKEN}", "${NPM_TOKEN}":
		return true
	}
	return false
}
