package registrytest

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// tokenSpec is what a client may choose about a new token.
type tokenSpec struct {
	Readonly           bool     `json:"readonly"`
	CIDR               []string `json:"cidr_whitelist"`
	Name               *string  `json:"name"`
	Description        string   `json:"description"`
	Expires            *int     `json:"expires"` // days
	Bypass2FA          bool     `json:"bypass_2fa"`
	Packages           []string `json:"packages"`
	PackagesAll        bool     `json:"packages_all"`
	Scopes             []string `json:"scopes"`
	Orgs               []string `json:"orgs"`
	PackagesPermission string   `json:"packages_and_scopes_permission"`
	OrgsPermission     string   `json:"orgs_permission"`
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newTokenValue returns a token shaped like the public registry's: "npm_"
// and 36 base62 characters.
func newTokenValue() string {
	var b strings.Builder
	b.WriteString("npm_")
	for range 36 {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(base62))))
		if err != nil {
			panic(err)
		}
		b.WriteByte(base62[n.Int64()])
	}
	return b.String()
}

// issueToken creates a token for user. The caller holds s.mu.
func (s *Server) issueToken(user string, spec tokenSpec) *token {
	v := newTokenValue()
	t := &token{
		Token:              v,
		Key:                tokenKey(v),
		User:               user,
		Created:            s.now().UTC(),
		Readonly:           spec.Readonly,
		CIDR:               spec.CIDR,
		Description:        spec.Description,
		Bypass2FA:          spec.Bypass2FA,
		Packages:           spec.Packages,
		PackagesAll:        spec.PackagesAll,
		Scopes:             spec.Scopes,
		Orgs:               spec.Orgs,
		PackagesPermission: spec.PackagesPermission,
		OrgsPermission:     spec.OrgsPermission,
	}
	if spec.Name != nil {
		t.Name = *spec.Name
	}
	if spec.Expires != nil && *spec.Expires > 0 {
		exp := t.Created.Add(time.Duration(*spec.Expires) * 24 * time.Hour)
		t.Expires = &exp
	}
	s.st.Tokens[v] = t
	return t
}

// tokenJSON is a token as listed; full adds the secret value (only in the
// reply to its creation).
func tokenJSON(t *token, full bool) map[string]any {
	shown := t.Token
	if !full && len(shown) > 8 {
		shown = shown[:8]
	}
	m := map[string]any{
		"key":            t.Key,
		"token":          shown,
		"created":        t.Created.Format(time.RFC3339Nano),
		"updated":        t.Created.Format(time.RFC3339Nano),
		"readonly":       t.Readonly,
		"cidr_whitelist": nil,
		"name":           nil,
		"expires":        nil,
	}
	if len(t.CIDR) > 0 {
		m["cidr_whitelist"] = t.CIDR
	}
	if t.Name != "" {
		m["name"] = t.Name
	}
	if t.Expires != nil {
		m["expires"] = t.Expires.Format(time.RFC3339Nano)
	}
	if t.Description != "" {
		m["description"] = t.Description
	}
	if t.Bypass2FA {
		m["bypass_2fa"] = true
	}
	return m
}

// tokens handles GET (list) and POST (create) /-/npm/v1/tokens.
func (rq *request) tokens() {
	switch rq.method() {
	case http.MethodGet:
		rq.listTokens()
	case http.MethodPost:
		rq.createToken()
	default:
		rq.badMethod()
	}
}

func (rq *request) listTokens() {
	id, ok := rq.requireUser()
	if !ok {
		return
	}
	s := rq.s
	var mine []*token
	for _, t := range s.st.Tokens {
		if t.User == id.user.Name {
			mine = append(mine, t)
		}
	}
	sort.Slice(mine, func(i, j int) bool {
		if !mine[i].Created.Equal(mine[j].Created) {
			return mine[i].Created.Before(mine[j].Created)
		}
		return mine[i].Key < mine[j].Key
	})
	page, _ := strconv.Atoi(rq.r.URL.Query().Get("page"))
	page = max(page, 0)
	size := s.opts.tokenPageSize
	start := min(page*size, len(mine))
	end := min(start+size, len(mine))
	objects := make([]map[string]any, 0, end-start)
	for _, t := range mine[start:end] {
		objects = append(objects, tokenJSON(t, false))
	}
	urls := map[string]string{}
	if end < len(mine) {
		urls["next"] = fmt.Sprintf("%s-/npm/v1/tokens?page=%d", s.URL, page+1)
	}
	rq.json(http.StatusOK, map[string]any{"objects": objects, "total": len(mine), "urls": urls})
}

func (rq *request) createToken() {
	id, ok := rq.requireWriter()
	if !ok {
		return
	}
	var body struct {
		Password *string `json:"password"`
		tokenSpec
	}
	if !rq.decode(&body) {
		return
	}
	if body.Password == nil || *body.Password == "" {
		rq.fail(http.StatusBadRequest, "a password is required to create a token")
		return
	}
	if !id.user.checkPassword(*body.Password) {
		rq.fail(http.StatusUnauthorized, "incorrect password")
		return
	}
	for _, c := range body.CIDR {
		if ip, _, err := net.ParseCIDR(c); err != nil || ip.To4() == nil {
			rq.fail(http.StatusBadRequest, "invalid IPv4 CIDR in cidr_whitelist: "+c)
			return
		}
	}
	for _, p := range []string{body.PackagesPermission, body.OrgsPermission} {
		switch p {
		case "", "read-only", "read-write", "no-access":
		case StageOnlyPermission:
			if p == body.PackagesPermission {
				break // for packages and scopes only
			}
			fallthrough
		default:
			rq.fail(http.StatusBadRequest, "invalid permission: "+p)
			return
		}
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	t := rq.s.issueToken(id.user.Name, body.tokenSpec)
	rq.json(http.StatusOK, tokenJSON(t, true))
}

// deleteToken handles DELETE /-/npm/v1/tokens/token/<key or token>.
func (rq *request) deleteToken(ref string) {
	if rq.method() != http.MethodDelete {
		rq.badMethod()
		return
	}
	id, ok := rq.requireWriter()
	if !ok {
		return
	}
	s := rq.s
	var found *token
	if t := s.st.Tokens[ref]; t != nil {
		found = t
	} else {
		for _, t := range s.st.Tokens {
			if t.Key == ref {
				found = t
				break
			}
		}
	}
	if found == nil || found.User != id.user.Name {
		rq.notFound()
		return
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	delete(s.st.Tokens, found.Token)
	rq.w.WriteHeader(http.StatusNoContent)
}
