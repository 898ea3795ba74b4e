package registrytest

import (
	"net/http"
	"strings"
	"testing"
)

func TestAccessEndpoints(t *testing.T) {
	srv := New(t)
	alice := srv.AddUser("alice", "pw", "a@example.com")
	bob := srv.AddUser("bob", "pw", "b@example.com")
	srv.AddPackage("alice", "@org/pk", "1.0.0")
	srv.AddTeam("org", "devs", "bob")
	pk := escapeName("@org/pk")

	if v := do(t, srv, call{method: "GET", path: "-/package/" + pk + "/visibility"}).json(t); v["public"] != true {
		t.Errorf("visibility = %v, want public", v)
	}
	if r := do(t, srv, call{method: "POST", path: "-/package/" + pk + "/access", token: bob, body: map[string]string{"access": "restricted"}}); r.status != http.StatusForbidden {
		t.Errorf("access change by a non-maintainer: %d, want 403", r.status)
	}
	if r := do(t, srv, call{method: "POST", path: "-/package/" + pk + "/access", token: alice, body: map[string]string{"access": "restricted"}}); r.status != http.StatusOK || srv.Access("@org/pk") != "restricted" {
		t.Fatalf("restricting: %d, access %q", r.status, srv.Access("@org/pk"))
	}
	if r := do(t, srv, call{method: "GET", path: pk, token: bob}); r.status != http.StatusNotFound {
		t.Errorf("restricted package read by a non-member: %d, want 404", r.status)
	}

	grant := call{method: "PUT", path: "-/team/org/devs/package", token: alice, body: map[string]string{"package": "@org/pk", "permissions": "read-only"}}
	if r := do(t, srv, grant); r.status >= 300 || srv.TeamPackages("org", "devs")["@org/pk"] != "read" {
		t.Fatalf("team grant: %d, grants %v", r.status, srv.TeamPackages("org", "devs"))
	}
	if r := do(t, srv, call{method: "GET", path: pk, token: bob}); r.status != http.StatusOK {
		t.Errorf("restricted package read by a team member: %d, want 200", r.status)
	}
	collab := do(t, srv, call{method: "GET", path: "-/package/" + pk + "/collaborators", token: alice}).json(t)
	if collab["alice"] != "write" || collab["bob"] != "read" {
		t.Errorf("collaborators = %v", collab)
	}
	if got := do(t, srv, call{method: "GET", path: "-/team/org/devs/package", token: alice}).json(t); got["@org/pk"] != "read" {
		t.Errorf("team packages = %v", got)
	}
	if got := do(t, srv, call{method: "GET", path: "-/user/bob/package", token: bob}).json(t); got["@org/pk"] != "read" {
		t.Errorf("bob's packages = %v", got)
	}
	if got := do(t, srv, call{method: "GET", path: "-/org/org/package", token: alice}).json(t); got["@org/pk"] != "write" {
		t.Errorf("org packages = %v", got)
	}
	if r := do(t, srv, call{method: "GET", path: "-/org/alice/package"}); r.status != http.StatusNotFound {
		t.Errorf("org listing of a user name: %d, want 404 so npm falls back to the user listing", r.status)
	}
	if r := do(t, srv, call{method: "GET", path: "-/team/org/nope/package"}); r.status != http.StatusNotFound {
		t.Errorf("unknown team: %d", r.status)
	}
	revoke := call{method: "DELETE", path: "-/team/org/devs/package", token: alice, body: map[string]string{"package": "@org/pk"}}
	if r := do(t, srv, revoke); r.status >= 300 || len(srv.TeamPackages("org", "devs")) != 0 {
		t.Errorf("team revoke: %d, grants %v", r.status, srv.TeamPackages("org", "devs"))
	}
}

func TestPublishRequiresTFA(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	alice := srv.AddUser("alice", "pw", "a@example.com")
	bob := srv.AddUser("bob", "pw", "b@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	setOwners := func() {
		rev := srv.Packument("pkg")["_rev"].(string)
		body := map[string]any{"_id": "pkg", "_rev": rev, "maintainers": []map[string]string{{"name": "alice"}, {"name": "bob"}}}
		if r := do(t, srv, call{method: "PUT", path: "pkg/-rev/" + rev, token: alice, body: body}); r.status != http.StatusOK {
			t.Fatalf("adding bob: %d", r.status)
		}
	}
	setOwners()
	policy := map[string]bool{"publish_requires_tfa": true, "automation_token_overrides_tfa": false}
	if r := do(t, srv, call{method: "POST", path: "-/package/pkg/access", token: alice, body: policy}); r.status != http.StatusOK {
		t.Fatalf("setting the policy: %d", r.status)
	}
	if req, _ := srv.PublishRequiresTFA("pkg"); !req {
		t.Fatal("policy not stored")
	}
	// bob has no 2FA: refused outright with a message saying so.
	r := do(t, srv, call{method: "PUT", path: "pkg", token: bob, body: publishDocFor(srv.URL, "pkg", "2.0.0")})
	if msg, _ := r.json(t)["error"].(string); r.status != http.StatusForbidden || !strings.Contains(msg, "2FA") {
		t.Errorf("publish by a user without 2FA: %d %q", r.status, msg)
	}
	// alice in auth-only must still give an OTP for this package.
	secret, _ := srv.EnableTFA("alice", ModeAuthOnly)
	if r := do(t, srv, call{method: "PUT", path: "pkg", token: alice, body: publishDocFor(srv.URL, "pkg", "2.0.0")}); r.status != http.StatusUnauthorized {
		t.Errorf("publish without OTP under the policy: %d, want 401", r.status)
	}
	if r := do(t, srv, call{method: "PUT", path: "pkg", token: alice, otp: srv.TOTP(secret, now), body: publishDocFor(srv.URL, "pkg", "2.0.0")}); r.status != http.StatusOK {
		t.Errorf("publish with OTP under the policy: %d %s", r.status, r.raw)
	}
}

func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	srv, err := Start("127.0.0.1:0", dir)
	if err != nil {
		t.Fatal(err)
	}
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/next", token: tok, body: "1.0.0"})
	srv.Close()

	again, err := Start("127.0.0.1:0", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if who := do(t, again, call{method: "GET", path: "-/whoami", token: tok}).json(t); who["username"] != "alice" {
		t.Errorf("token after restart: whoami = %v", who)
	}
	if again.DistTags("pkg")["next"] != "1.0.0" {
		t.Errorf("dist-tags after restart = %v", again.DistTags("pkg"))
	}
	if r := do(t, again, call{method: "GET", path: "pkg/-/pkg-1.0.0.tgz"}); r.status != http.StatusOK || len(r.raw) == 0 {
		t.Errorf("tarball after restart: %d", r.status)
	}
}
