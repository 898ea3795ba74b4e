package registrytest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func githubTrust(repo, file string, perms ...string) []map[string]any {
	return []map[string]any{{
		"type":        "github",
		"claims":      map[string]any{"repository": repo, "workflow_ref": map[string]any{"file": file}},
		"permissions": perms,
	}}
}

func TestTrustLifecycle(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	alice := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "@org/pk", "1.0.0")
	secret, _ := srv.EnableTFA("alice", ModeAuthOnly)
	code := totpAt(secret, now)
	path := "-/package/" + escapeName("@org/pk") + "/trust"

	// Every trust request needs a code, even a read, even in auth-only mode.
	for _, c := range []call{
		{method: "GET", path: path, token: alice},
		{method: "POST", path: path, token: alice, body: githubTrust("octo/repo", "ci.yml", "createPackage")},
	} {
		r := do(t, srv, c)
		if r.status != http.StatusUnauthorized || !strings.EqualFold(r.header.Get("WWW-Authenticate"), "OTP") {
			t.Errorf("%s without a code: %d %q, want a 401 OTP challenge", c.method, r.status, r.header.Get("WWW-Authenticate"))
		}
	}
	if got := srv.TrustConfigs("@org/pk"); got != nil {
		t.Fatalf("a refused create stored %v", got)
	}

	if r := do(t, srv, call{method: "GET", path: path, token: alice, otp: code}); r.status != http.StatusOK || strings.TrimSpace(string(r.raw)) != "[]" {
		t.Errorf("empty list: %d %s, want 200 []", r.status, r.raw)
	}
	r := do(t, srv, call{method: "POST", path: path, token: alice, otp: code, body: githubTrust("octo/repo", "ci.yml", "createPackage", "createStagedPackage")})
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	var created []TrustConfig
	if err := json.Unmarshal(r.raw, &created); err != nil || len(created) != 1 {
		t.Fatalf("create reply %s: %v", r.raw, err)
	}
	id := created[0].ID
	if !trustUUIDPattern.MatchString(id) || created[0].Claims["repository"] != "octo/repo" || strings.Join(created[0].Permissions, ",") != "createPackage,createStagedPackage" {
		t.Errorf("created config = %+v", created[0])
	}

	// One configuration per package: a second one is refused.
	r = do(t, srv, call{method: "POST", path: path, token: alice, otp: code, body: githubTrust("octo/other", "ci.yml", "createPackage")})
	if r.status != http.StatusConflict || !strings.Contains(string(r.raw), "only one trusted publisher") {
		t.Errorf("second config: %d %s, want 409 naming the one-per-package rule", r.status, r.raw)
	}
	list := do(t, srv, call{method: "GET", path: path, token: alice, otp: code})
	var listed []TrustConfig
	json.Unmarshal(list.raw, &listed)
	if len(listed) != 1 || listed[0].ID != id {
		t.Fatalf("list = %s, want the one config %s", list.raw, id)
	}

	if r := do(t, srv, call{method: "DELETE", path: path + "/" + id, token: alice}); r.status != http.StatusUnauthorized {
		t.Errorf("revoke without a code: %d, want 401", r.status)
	}
	if r := do(t, srv, call{method: "DELETE", path: path + "/abc%2Fdef", token: alice, otp: code}); r.status != http.StatusNotFound {
		t.Errorf("revoke of an unknown id: %d, want 404", r.status)
	}
	if r := do(t, srv, call{method: "DELETE", path: path + "/" + id, token: alice, otp: code}); r.status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", r.status, r.raw)
	}
	if got := srv.TrustConfigs("@org/pk"); got != nil {
		t.Errorf("after revoke: %v", got)
	}
	// A new configuration gets a new id.
	r = do(t, srv, call{method: "POST", path: path, token: alice, otp: code, body: githubTrust("octo/other", "ci.yml", "createPackage")})
	json.Unmarshal(r.raw, &created)
	if r.status != http.StatusCreated || created[0].ID == id {
		t.Errorf("re-create: %d, id %s (old %s)", r.status, created[0].ID, id)
	}
}

func TestTrustIDsAreReproducible(t *testing.T) {
	a, b := New(t), New(t)
	cfg := TrustConfig{Type: "github", Claims: map[string]any{"repository": "o/r"}, Permissions: []string{"createPackage"}}
	if ida, idb := a.AddTrustConfig("pkg", cfg), b.AddTrustConfig("pkg", cfg); ida != idb || !trustUUIDPattern.MatchString(ida) {
		t.Errorf("ids %q and %q: want the same UUID on registries seeded alike", ida, idb)
	}
	if trustID("pkg", 1) == trustID("pkg", 2) || trustID("pkg", 1) == trustID("other", 1) {
		t.Error("trust ids repeat")
	}
}

func TestTrustRefusals(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	alice := srv.AddUser("alice", "pw", "a@example.com")
	bob := srv.AddUser("bob", "pw", "b@example.com")
	carol := srv.AddUser("carol", "pw", "c@example.com") // no 2FA
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.AddPackage("carol", "cpkg", "1.0.0")
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	bobSecret, _ := srv.EnableTFA("bob", ModeAuthAndWrites)
	code := totpAt(secret, now)
	srv.mu.Lock()
	bypass := srv.issueToken("alice", tokenSpec{Bypass2FA: true}).Token
	readonly := srv.issueToken("alice", tokenSpec{Readonly: true}).Token
	srv.mu.Unlock()
	srv.TrustPublisher("pkg", "id-token")
	tp := do(t, srv, call{method: "POST", path: "-/npm/v1/oidc/token/exchange/package/pkg", token: "id-token"})
	tpToken, _ := tp.json(t)["token"].(string)
	if tpToken == "" {
		t.Fatalf("OIDC exchange: %d %s", tp.status, tp.raw)
	}

	good := githubTrust("octo/repo", "ci.yml", "createPackage")
	tests := []struct {
		name       string
		c          call
		wantStatus int
		wantMsg    string
	}{
		{"anonymous", call{method: "GET", path: "-/package/pkg/trust"}, 401, "logged in"},
		{"2FA-bypassing token", call{method: "GET", path: "-/package/pkg/trust", token: bypass, otp: code}, 403, "bypass two-factor"},
		{"trusted-publishing token", call{method: "POST", path: "-/package/pkg/trust", token: tpToken, body: good}, 403, "may only publish"},
		{"read-only token", call{method: "POST", path: "-/package/pkg/trust", token: readonly, otp: code, body: good}, 403, "read-only"},
		{"not a maintainer", call{method: "GET", path: "-/package/pkg/trust", token: bob, otp: totpAt(bobSecret, now)}, 403, "write access"},
		{"account without 2FA", call{method: "GET", path: "-/package/cpkg/trust", token: carol}, 403, "must be enabled"},
		{"no such package", call{method: "GET", path: "-/package/nope/trust", token: alice, otp: code}, 404, "exists"},
		{"two configs in one request", call{method: "POST", path: "-/package/pkg/trust", token: alice, otp: code, body: append(good, good[0])}, 400, "exactly one"},
		{"unknown provider", call{method: "POST", path: "-/package/pkg/trust", token: alice, otp: code, body: []map[string]any{{"type": "jenkins", "claims": map[string]any{}, "permissions": []string{"createPackage"}}}}, 400, "unknown trusted publisher type"},
		{"no permissions", call{method: "POST", path: "-/package/pkg/trust", token: alice, otp: code, body: githubTrust("octo/repo", "ci.yml")}, 400, "permissions"},
		{"bad permission", call{method: "POST", path: "-/package/pkg/trust", token: alice, otp: code, body: githubTrust("octo/repo", "ci.yml", "deletePackage")}, 400, "unknown permission"},
		{"github repository not owner/repo", call{method: "POST", path: "-/package/pkg/trust", token: alice, otp: code, body: githubTrust("octo", "ci.yml", "createPackage")}, 400, "owner/repository"},
		{"circleci without UUIDs", call{method: "POST", path: "-/package/pkg/trust", token: alice, otp: code, body: []map[string]any{{"type": "circleci", "claims": map[string]any{"oidc.circleci.com/org-id": "x"}, "permissions": []string{"createPackage"}}}}, 400, "must be a UUID"},
		{"PUT on the collection", call{method: "PUT", path: "-/package/pkg/trust", token: alice, otp: code}, 405, "method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, tt.c)
			if r.status != tt.wantStatus || !strings.Contains(string(r.raw), tt.wantMsg) {
				t.Errorf("%d %s, want %d with %q", r.status, r.raw, tt.wantStatus, tt.wantMsg)
			}
			if got := srv.TrustConfigs("pkg"); got != nil {
				t.Errorf("a refused request stored %v", got)
			}
		})
	}
}

// TestTrustedPublishingTokenScope checks that a token from the OIDC
// exchange may publish but may not make any other write.
func TestTrustedPublishingTokenScope(t *testing.T) {
	srv := New(t)
	srv.AddUser("alice", "pw", "a@example.com")
	srv.AddUser("bob", "pw", "b@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.TrustPublisher("pkg", "id-token")
	tok, _ := do(t, srv, call{method: "POST", path: "-/npm/v1/oidc/token/exchange/package/pkg", token: "id-token"}).json(t)["token"].(string)

	if r := do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/next", token: tok, body: "1.0.0"}); r.status != http.StatusForbidden || !strings.Contains(string(r.raw), "may only publish") {
		t.Errorf("dist-tag with a trusted-publishing token: %d %s, want 403", r.status, r.raw)
	}
	if _, ok := srv.DistTags("pkg")["next"]; ok {
		t.Error("the dist-tag was set")
	}
	rev := srv.Packument("pkg")["_rev"].(string)
	owners := map[string]any{"_id": "pkg", "_rev": rev, "maintainers": []map[string]string{{"name": "alice"}, {"name": "bob"}}}
	if r := do(t, srv, call{method: "PUT", path: "pkg/-rev/" + rev, token: tok, body: owners}); r.status != http.StatusForbidden {
		t.Errorf("owner change with a trusted-publishing token: %d %s, want 403", r.status, r.raw)
	}
	if r := do(t, srv, call{method: "POST", path: "-/npm/v1/tokens", token: tok, body: map[string]any{"password": "pw"}}); r.status != http.StatusForbidden {
		t.Errorf("token creation with a trusted-publishing token: %d %s, want 403", r.status, r.raw)
	}

	if r := do(t, srv, call{method: "PUT", path: "pkg", token: tok, body: publishDocFor(srv.URL, "pkg", "1.1.0")}); r.status >= 300 {
		t.Fatalf("publish with a trusted-publishing token: %d %s", r.status, r.raw)
	}
	if srv.DistTags("pkg")["latest"] != "1.1.0" {
		t.Errorf("latest = %q after the trusted publish", srv.DistTags("pkg")["latest"])
	}
}
