package registrytest

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// oidcTokenLifetime is how long an exchanged publish token lasts.
const oidcTokenLifetime = 15 * time.Minute

// TrustPublisher lets a CI job holding idToken publish pkg through
// trusted publishing: the exchange endpoint trades that ID token for a
// short-lived token that may publish pkg alone, without a second factor.
// (The public registry checks the token's signature and claims against the
// package's trusted-publisher settings; a shared value stands in for that.)
func (s *Server) TrustPublisher(pkg, idToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.Trusted == nil {
		s.st.Trusted = map[string][]string{}
	}
	s.st.Trusted[pkg] = append(s.st.Trusted[pkg], idToken)
	s.saveLocked()
}

// oidcExchange answers POST /-/npm/v1/oidc/token/exchange/package/<name>.
func (rq *request) oidcExchange(name string) {
	if rq.method() != http.MethodPost {
		rq.badMethod()
		return
	}
	s := rq.s
	scheme, idToken, _ := strings.Cut(rq.r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || idToken == "" {
		rq.fail(http.StatusUnauthorized, "an OIDC ID token is required as a bearer token")
		return
	}
	p := s.st.Packages[name]
	if p == nil {
		rq.fail(http.StatusNotFound, "package "+name+" not found: trusted publishing needs an existing package with a trusted publisher configured")
		return
	}
	if !slices.Contains(s.st.Trusted[name], idToken) {
		rq.fail(http.StatusNotFound, "no trusted publisher configured for "+name+" matches this workflow's identity")
		return
	}
	owner := ""
	if len(p.Maintainers) > 0 {
		owner = p.Maintainers[0]
	}
	t := s.issueToken(owner, tokenSpec{Packages: []string{name}, PackagesPermission: "read-write"})
	t.TrustedPublishing = true
	exp := t.Created.Add(oidcTokenLifetime)
	t.Expires = &exp
	rq.json(http.StatusCreated, map[string]string{"token": t.Token})
}

// IsTrustedPublishingToken reports whether tok was issued by the OIDC
// exchange, so tests can tell which credential a client published with.
func (s *Server) IsTrustedPublishingToken(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.Tokens[tok]
	return t != nil && t.TrustedPublishing
}
