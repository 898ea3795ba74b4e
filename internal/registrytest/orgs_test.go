package registrytest

import (
	"net/http"
	"reflect"
	"testing"
)

// TestOrgAndTeamEndpoints walks the org roster and team routes npm org and
// npm team use, with the role rules and 2FA on writes.
func TestOrgAndTeamEndpoints(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	alice := srv.AddUser("alice", "pw", "a@example.com")
	bob := srv.AddUser("bob", "pw", "b@example.com")
	srv.AddUser("carol", "pw", "c@example.com")
	srv.SetOrgMember("acme", "alice", "owner")
	srv.SetOrgMember("acme", "bob", "developer")
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	code := srv.TOTP(secret, now)

	tests := []struct {
		name   string
		c      call
		status int
	}{
		{"roster by a member", call{method: "GET", path: "-/org/acme/user", token: bob}, 200},
		{"roster of an unknown org", call{method: "GET", path: "-/org/nope/user", token: bob}, 404},
		{"roster anonymously", call{method: "GET", path: "-/org/acme/user"}, 401},
		{"set without a code", call{method: "PUT", path: "-/org/acme/user", token: alice, body: map[string]string{"user": "carol", "role": "admin"}}, 401},
		{"set by a developer", call{method: "PUT", path: "-/org/acme/user", token: bob, body: map[string]string{"user": "carol"}}, 403},
		{"set a bad role", call{method: "PUT", path: "-/org/acme/user", token: alice, otp: code, body: map[string]string{"user": "carol", "role": "boss"}}, 400},
		{"set an unknown user", call{method: "PUT", path: "-/org/acme/user", token: alice, otp: code, body: map[string]string{"user": "nobody"}}, 404},
		{"set carol admin", call{method: "PUT", path: "-/org/acme/user", token: alice, otp: code, body: map[string]string{"user": "carol", "role": "admin"}}, 200},
		{"demote the last owner", call{method: "PUT", path: "-/org/acme/user", token: alice, otp: code, body: map[string]string{"user": "alice", "role": "admin"}}, 400},
		{"create a team without a code", call{method: "PUT", path: "-/org/acme/team", token: alice, body: map[string]string{"name": "devs"}}, 401},
		{"create a team", call{method: "PUT", path: "-/org/acme/team", token: alice, otp: code, body: map[string]string{"name": "devs"}}, 201},
		{"create it again", call{method: "PUT", path: "-/org/acme/team", token: alice, otp: code, body: map[string]string{"name": "devs"}}, 409},
		{"create a badly named team", call{method: "PUT", path: "-/org/acme/team", token: alice, otp: code, body: map[string]string{"name": "Bad Name"}}, 400},
		{"add a non-member to a team", call{method: "PUT", path: "-/team/acme/devs/user", token: alice, otp: code, body: map[string]string{"user": "alice2"}}, 400},
		{"add bob to the team", call{method: "PUT", path: "-/team/acme/devs/user", token: alice, otp: code, body: map[string]string{"user": "bob"}}, 201},
		{"add to a missing team", call{method: "PUT", path: "-/team/acme/nope/user", token: alice, otp: code, body: map[string]string{"user": "bob"}}, 404},
		{"team members", call{method: "GET", path: "-/team/acme/devs/user?format=cli", token: bob}, 200},
		{"teams", call{method: "GET", path: "-/org/acme/team?format=cli", token: bob}, 200},
	}
	for _, tt := range tests {
		if r := do(t, srv, tt.c); r.status != tt.status {
			t.Errorf("%s: status %d, want %d (%s)", tt.name, r.status, tt.status, r.raw)
		}
	}
	set := do(t, srv, call{method: "PUT", path: "-/org/%40acme/user", token: alice, otp: code, body: map[string]string{"user": "bob", "role": "developer"}}).json(t)
	want := map[string]any{"org": map[string]any{"name": "acme", "size": float64(3)}, "user": "bob", "role": "developer"}
	if !reflect.DeepEqual(set, want) {
		t.Errorf("set reply = %v, want %v", set, want)
	}
	if got := srv.OrgMembers("acme"); !reflect.DeepEqual(got, map[string]string{"alice": "owner", "bob": "developer", "carol": "admin"}) {
		t.Errorf("roster = %v", got)
	}
	if got := srv.TeamMembers("acme", "devs"); !reflect.DeepEqual(got, []string{"bob"}) {
		t.Errorf("devs = %v", got)
	}
	// Leaving the org means leaving its teams.
	if r := do(t, srv, call{method: "DELETE", path: "-/org/acme/user", token: alice, otp: code, body: map[string]string{"user": "bob"}}); r.status != http.StatusNoContent {
		t.Errorf("org rm bob: %d %s", r.status, r.raw)
	}
	if got := srv.TeamMembers("acme", "devs"); len(got) != 0 {
		t.Errorf("devs after bob left the org = %v", got)
	}
	if r := do(t, srv, call{method: "DELETE", path: "-/team/acme/devs/user", token: alice, otp: code, body: map[string]string{"user": "bob"}}); r.status != http.StatusNotFound {
		t.Errorf("team rm of a non-member: %d", r.status)
	}
	if r := do(t, srv, call{method: "DELETE", path: "-/team/acme/devs", token: alice, otp: code}); r.status != http.StatusNoContent || len(srv.Teams("acme")) != 0 {
		t.Errorf("team destroy: %d, teams %v", r.status, srv.Teams("acme"))
	}
}

// TestTeamsCreatedHereServeAccessGrants checks that a team made through
// the team routes is the same team access grant uses.
func TestTeamsCreatedHereServeAccessGrants(t *testing.T) {
	srv := New(t)
	alice := srv.AddUser("alice", "pw", "a@example.com")
	srv.SetOrgMember("acme", "alice", "owner")
	srv.AddPackage("alice", "@acme/pk", "1.0.0")
	if r := do(t, srv, call{method: "PUT", path: "-/org/acme/team", token: alice, body: map[string]string{"name": "ops"}}); r.status != http.StatusCreated {
		t.Fatalf("create: %d", r.status)
	}
	grant := call{method: "PUT", path: "-/team/acme/ops/package", token: alice, body: map[string]string{"package": "@acme/pk", "permissions": "read-write"}}
	if r := do(t, srv, grant); r.status >= 300 || srv.TeamPackages("acme", "ops")["@acme/pk"] != "write" {
		t.Errorf("grant to a new team: %d, grants %v", r.status, srv.TeamPackages("acme", "ops"))
	}
}
