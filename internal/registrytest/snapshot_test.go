package registrytest

import (
	"strings"
	"testing"
)

func TestSnapshotSeesWritesButNotRevisions(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddUser("bob", "pw", "b@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0", "1.1.0")
	srv.AddTeam("org", "devs", "alice")
	before := srv.Snapshot()
	if d := before.Diff(srv.Snapshot()); d != "" {
		t.Fatalf("two snapshots of the same state differ:\n%s", d)
	}

	// Setting a tag to the version it already has bumps the revision but
	// changes nothing a user sees.
	do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/latest", token: tok, body: "1.1.0"})
	if d := before.Diff(srv.Snapshot()); d != "" {
		t.Errorf("a no-op write changed the snapshot:\n%s", d)
	}

	do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/next", token: tok, body: "1.0.0"})
	do(t, srv, call{method: "POST", path: "-/npm/v1/user", token: tok, body: map[string]any{"fullname": "Alice A"}})
	do(t, srv, call{method: "POST", path: "-/npm/v1/tokens", token: tok, body: map[string]any{"password": "pw", "name": "ci"}})
	do(t, srv, call{method: "PUT", path: "-/team/org/devs/package", token: tok, body: map[string]any{"package": "pkg", "permissions": "read-write"}})
	srv.EnableTFA("bob", ModeAuthOnly)

	after := srv.Snapshot()
	diff := before.Diff(after)
	for _, want := range []string{"package pkg:", "next:1.0.0", "user alice:", "Alice A", "tokens:", "name=ci", "team org:devs:", "pkg:write", "user bob:", "auth-only"} {
		if !strings.Contains(diff, want) {
			t.Errorf("diff lacks %q:\n%s", want, diff)
		}
	}
	if strings.Contains(diff, tok) || strings.Contains(diff, tokenKey(tok)) {
		t.Error("the diff shows a token")
	}
}
