package registrytest

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"testing"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// stageDocFor is the body of a stage publish: the publish document with
// tag as its one dist-tag.
func stageDocFor(srvURL, name, version, tag string) map[string]any {
	doc := publishDocFor(srvURL, name, version)
	doc["dist-tags"] = map[string]string{tag: version}
	return doc
}

func stagePath(name string) string { return "/-/stage/package/" + escapeName(name) }

// stageOK stages name@version and returns the stage id.
func stageOK(t *testing.T, srv *Server, token, name, version, tag string) string {
	t.Helper()
	r := do(t, srv, call{method: "POST", path: stagePath(name), token: token, body: stageDocFor(srv.URL, name, version, tag)})
	if r.status != http.StatusOK {
		t.Fatalf("stage %s@%s: status %d %s", name, version, r.status, r.raw)
	}
	id, _ := r.json(t)["stageId"].(string)
	if !uuidPattern.MatchString(id) {
		t.Fatalf("stage %s@%s: stageId %q is not a UUID", name, version, id)
	}
	return id
}

func hasVersion(srv *Server, name, version string) bool {
	doc := srv.Packument(name)
	if doc == nil {
		return false
	}
	_, ok := doc["versions"].(map[string]any)[version]
	return ok
}

func TestStagePublishIsInvisibleUntilApproved(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	token := srv.AddUser("alice", "pw-alice-1", "alice@example.com")
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	srv.AddPackage("alice", "pkg", "1.0.0")

	// Staging needs no code, even with 2FA on writes.
	id := stageOK(t, srv, token, "pkg", "1.1.0", "next")
	if hasVersion(srv, "pkg", "1.1.0") {
		t.Fatal("a staged version shows in the packument")
	}
	if r := do(t, srv, call{method: "GET", path: "/pkg/-/pkg-1.1.0.tgz"}); r.status != http.StatusNotFound {
		t.Fatalf("staged tarball is installable: status %d", r.status)
	}
	// It shares the version index: neither publish nor stage may reuse it.
	if r := do(t, srv, call{method: "PUT", path: "/pkg", token: token, otp: srv.TOTP(secret, now), body: publishDocFor(srv.URL, "pkg", "1.1.0")}); r.status != http.StatusForbidden {
		t.Fatalf("publishing over a staged version: status %d, want 403", r.status)
	}
	if r := do(t, srv, call{method: "POST", path: stagePath("pkg"), token: token, body: stageDocFor(srv.URL, "pkg", "1.1.0", "next")}); r.status != http.StatusForbidden {
		t.Fatalf("staging a staged version again: status %d, want 403", r.status)
	}
	if r := do(t, srv, call{method: "POST", path: stagePath("pkg"), token: token, body: stageDocFor(srv.URL, "pkg", "1.0.0", "latest")}); r.status != http.StatusForbidden {
		t.Fatalf("staging a published version: status %d, want 403", r.status)
	}

	view := do(t, srv, call{method: "GET", path: "/-/stage/" + id, token: token}).json(t)
	for k, want := range map[string]string{"id": id, "packageName": "pkg", "version": "1.1.0", "tag": "next", "actor": "alice", "actorType": "user"} {
		if view[k] != want {
			t.Errorf("view %s = %v, want %q", k, view[k], want)
		}
	}
	tgz := do(t, srv, call{method: "GET", path: "/-/stage/" + id + "/tarball", token: token})
	if tgz.status != http.StatusOK || len(tgz.raw) < 2 || tgz.raw[0] != 0x1f || tgz.raw[1] != 0x8b {
		t.Fatalf("staged tarball download: status %d, %d bytes, want a gzip", tgz.status, len(tgz.raw))
	}

	// Approving needs a code; with one the version is published under its tag.
	if r := do(t, srv, call{method: "POST", path: "/-/stage/" + id + "/approve", token: token}); r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != "OTP" {
		t.Fatalf("approve without a code: status %d, want an OTP challenge", r.status)
	}
	if r := do(t, srv, call{method: "POST", path: "/-/stage/" + id + "/approve", token: token, otp: srv.TOTP(secret, now)}); r.status != http.StatusOK {
		t.Fatalf("approve: status %d %s", r.status, r.raw)
	}
	if !hasVersion(srv, "pkg", "1.1.0") || srv.DistTags("pkg")["next"] != "1.1.0" || srv.DistTags("pkg")["latest"] != "1.0.0" {
		t.Fatalf("after approve: tags %v, want next=1.1.0 and latest unchanged", srv.DistTags("pkg"))
	}
	if got := srv.Tarball("pkg", "1.1.0"); !bytes.Equal(got, tgz.raw) {
		t.Fatal("the published tarball is not the staged one")
	}
	if r := do(t, srv, call{method: "GET", path: "/pkg/-/pkg-1.1.0.tgz"}); r.status != http.StatusOK {
		t.Fatalf("approved tarball: status %d", r.status)
	}
	if got := srv.StagedVersions(""); len(got) != 0 {
		t.Fatalf("staged records left after approve: %v", got)
	}
}

func TestStageReject(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	token := srv.AddUser("alice", "pw-alice-1", "alice@example.com")
	secret, _ := srv.EnableTFA("alice", ModeAuthOnly)
	srv.AddPackage("alice", "pkg", "1.0.0")
	id := stageOK(t, srv, token, "pkg", "2.0.0", "latest")

	if r := do(t, srv, call{method: "DELETE", path: "/-/stage/" + id, token: token}); r.status != http.StatusUnauthorized {
		t.Fatalf("reject without a code (2FA auth-only): status %d, want 401", r.status)
	}
	if r := do(t, srv, call{method: "DELETE", path: "/-/stage/" + id, token: token, otp: srv.TOTP(secret, now)}); r.status/100 != 2 {
		t.Fatalf("reject: status %d %s", r.status, r.raw)
	}
	if hasVersion(srv, "pkg", "2.0.0") || srv.DistTags("pkg")["latest"] != "1.0.0" {
		t.Fatal("a rejected version was published")
	}
	for _, path := range []string{"/-/stage/" + id, "/-/stage/" + id + "/tarball"} {
		if r := do(t, srv, call{method: "GET", path: path, token: token}); r.status != http.StatusNotFound {
			t.Errorf("GET %s after reject: status %d, want 404", path, r.status)
		}
	}
	// The number was never published, so it may be staged again.
	stageOK(t, srv, token, "pkg", "2.0.0", "latest")
}

func TestStageDecisionRules(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(srv *Server) (token, otp string)
		method string
		want   int
	}{
		{"approve without 2FA on the account", func(srv *Server) (string, string) {
			return srv.AddUser("bob", "pw-bob-12", "bob@example.com"), ""
		}, "POST", http.StatusForbidden},
		{"approve with a token that bypasses 2FA still needs a code", func(srv *Server) (string, string) {
			tok := srv.AddUser("bob", "pw-bob-12", "bob@example.com")
			srv.EnableTFA("bob", ModeAuthAndWrites)
			srv.mu.Lock()
			srv.st.Tokens[tok].Bypass2FA = true
			srv.mu.Unlock()
			return tok, ""
		}, "POST", http.StatusUnauthorized},
		{"reject by someone who is not a maintainer", func(srv *Server) (string, string) {
			tok := srv.AddUser("eve", "pw-eve-123", "eve@example.com")
			secret, _ := srv.EnableTFA("eve", ModeAuthAndWrites)
			return tok, srv.TOTP(secret, srv.now())
		}, "DELETE", http.StatusNotFound},
		{"anonymous approve", func(srv *Server) (string, string) { return "", "" }, "POST", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := New(t)
			fixedClock(srv)
			owner := srv.AddUser("owner", "pw-owner-1", "owner@example.com")
			srv.AddPackage("owner", "pkg", "1.0.0")
			id := stageOK(t, srv, owner, "pkg", "1.1.0", "latest")
			token, otp := tt.setup(srv)
			if token != "" {
				srv.mu.Lock()
				srv.st.Packages["pkg"].Maintainers = append(srv.st.Packages["pkg"].Maintainers, "bob")
				srv.mu.Unlock()
			}
			path := "/-/stage/" + id
			if tt.method == "POST" {
				path += "/approve"
			}
			if r := do(t, srv, call{method: tt.method, path: path, token: token, otp: otp}); r.status != tt.want {
				t.Fatalf("status %d (%s), want %d", r.status, r.raw, tt.want)
			}
			if got := srv.StagedVersions("pkg"); len(got) != 1 {
				t.Fatalf("the staged record changed: %v", got)
			}
		})
	}
}

func TestStageListPages(t *testing.T) {
	srv := New(t)
	token := srv.AddUser("alice", "pw-alice-1", "alice@example.com")
	other := srv.AddUser("other", "pw-other-1", "other@example.com")
	srv.AddPackage("alice", "a", "1.0.0")
	srv.AddPackage("alice", "@s/b", "1.0.0")
	srv.AddPackage("other", "c", "1.0.0")
	for i := 1; i <= 3; i++ {
		stageOK(t, srv, token, "a", fmt.Sprintf("1.%d.0", i), "latest")
	}
	stageOK(t, srv, token, "@s/b", "2.0.0", "beta")
	stageOK(t, srv, other, "c", "2.0.0", "latest")

	tests := []struct {
		query     string
		wantItems int
		wantTotal int
	}{
		{"?page=0&perPage=100", 4, 4},
		{"?page=0&perPage=3", 3, 4},
		{"?page=1&perPage=3", 1, 4},
		{"?page=2&perPage=3", 0, 4},
		{"?page=0&perPage=100&package=%40s%2Fb", 1, 1},
		{"?page=0&perPage=100&package=c", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := do(t, srv, call{method: "GET", path: "/-/stage" + tt.query, token: token})
			body := r.json(t)
			items, _ := body["items"].([]any)
			if r.status != http.StatusOK || len(items) != tt.wantItems || body["total"] != float64(tt.wantTotal) {
				t.Fatalf("status %d, %d items, total %v; want %d items, total %d", r.status, len(items), body["total"], tt.wantItems, tt.wantTotal)
			}
		})
	}
	if r := do(t, srv, call{method: "GET", path: "/-/stage?perPage=1000", token: token}); r.status != http.StatusBadRequest {
		t.Errorf("perPage=1000: status %d, want 400", r.status)
	}
}

func TestStageWithTrustedPublishing(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	owner := srv.AddUser("alice", "pw-alice-1", "alice@example.com")
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.TrustPublisher("pkg", "ci-id-token")
	r := do(t, srv, call{method: "POST", path: "/-/npm/v1/oidc/token/exchange/package/pkg", token: "ci-id-token"})
	ciToken, _ := r.json(t)["token"].(string)
	if ciToken == "" {
		t.Fatalf("OIDC exchange: status %d %s", r.status, r.raw)
	}
	id := stageOK(t, srv, ciToken, "pkg", "1.1.0", "latest")
	if got := srv.StagedVersions("pkg"); len(got) != 1 || got[0].ActorType != actorTrustedPublisher {
		t.Fatalf("staged = %+v, want one record by a trusted publisher", got)
	}
	// The CI token may do nothing else with staged versions.
	for _, c := range []call{
		{method: "GET", path: "/-/stage"},
		{method: "GET", path: "/-/stage/" + id},
		{method: "GET", path: "/-/stage/" + id + "/tarball"},
		{method: "POST", path: "/-/stage/" + id + "/approve"},
		{method: "DELETE", path: "/-/stage/" + id},
	} {
		c.token, c.otp = ciToken, srv.TOTP(secret, now)
		if r := do(t, srv, c); r.status != http.StatusForbidden {
			t.Errorf("%s %s with a trusted-publishing token: status %d, want 403", c.method, c.path, r.status)
		}
	}
	if r := do(t, srv, call{method: "POST", path: "/-/stage/" + id + "/approve", token: owner, otp: srv.TOTP(secret, now)}); r.status != http.StatusOK {
		t.Fatalf("maintainer approve: status %d", r.status)
	}
	if srv.DistTags("pkg")["latest"] != "1.1.0" {
		t.Fatalf("latest = %q after approving, want 1.1.0", srv.DistTags("pkg")["latest"])
	}
}
