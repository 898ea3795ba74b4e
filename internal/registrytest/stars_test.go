package registrytest

import (
	"net/http"
	"reflect"
	"testing"
)

func TestStarsAndDeprecation(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	alice := srv.AddUser("alice", "pw", "a@example.com")
	bob := srv.AddUser("bob", "pw", "b@example.com")
	srv.AddPackage("alice", "pk", "1.0.0", "2.0.0")
	secret, _ := srv.EnableTFA("bob", ModeAuthAndWrites)

	get := func(token string) map[string]any {
		return do(t, srv, call{method: "GET", path: "pk?write=true", token: token}).json(t)
	}
	doc := get(bob)
	if _, ok := doc["users"]; ok {
		t.Errorf("an unstarred packument has users: %v", doc["users"])
	}
	star := map[string]any{"_id": "pk", "_rev": doc["_rev"], "users": map[string]bool{"bob": true}}
	if r := do(t, srv, call{method: "PUT", path: "pk", token: bob, body: star}); r.status != http.StatusUnauthorized {
		t.Errorf("star without a code under 2FA: %d, want 401", r.status)
	}
	if r := do(t, srv, call{method: "PUT", path: "pk", token: bob, otp: srv.TOTP(secret, now), body: star}); r.status != http.StatusOK {
		t.Fatalf("star: %d %s", r.status, r.raw)
	}
	doc = get(alice)
	if !reflect.DeepEqual(doc["users"], map[string]any{"bob": true}) {
		t.Errorf("users = %v", doc["users"])
	}
	forged := map[string]any{"_id": "pk", "_rev": doc["_rev"], "users": map[string]bool{"carol": true}}
	if r := do(t, srv, call{method: "PUT", path: "pk", token: alice, body: forged}); r.status != http.StatusForbidden {
		t.Errorf("removing bob's star and adding carol's as alice: %d, want 403", r.status)
	}
	stale := map[string]any{"_id": "pk", "_rev": "1-old", "users": map[string]bool{"bob": true, "alice": true}}
	if r := do(t, srv, call{method: "PUT", path: "pk", token: alice, body: stale}); r.status != http.StatusConflict {
		t.Errorf("star with a stale _rev: %d, want 409", r.status)
	}
	view := do(t, srv, call{method: "GET", path: `-/_view/starredByUser?key=%22bob%22`}).json(t)
	if rows, _ := view["rows"].([]any); len(rows) != 1 || rows[0].(map[string]any)["value"] != "pk" {
		t.Errorf("starredByUser bob = %v", view)
	}
	view = do(t, srv, call{method: "GET", path: `-/_view/starredByUser?key=%22alice%22`}).json(t)
	if rows, _ := view["rows"].([]any); len(rows) != 0 {
		t.Errorf("starredByUser alice = %v", view)
	}
	if r := do(t, srv, call{method: "GET", path: `-/_view/starredByUser?key=alice`}); r.status != http.StatusBadRequest {
		t.Errorf("unquoted key: %d, want 400", r.status)
	}

	// Deprecation rides on the whole packument; "" clears it, and the
	// stars stay.
	doc = get(alice)
	doc["versions"].(map[string]any)["1.0.0"].(map[string]any)["deprecated"] = "use 2"
	if r := do(t, srv, call{method: "PUT", path: "pk", token: alice, body: doc}); r.status != http.StatusOK {
		t.Fatalf("deprecate: %d %s", r.status, r.raw)
	}
	if got := srv.Deprecations("pk"); !reflect.DeepEqual(got, map[string]string{"1.0.0": "use 2"}) {
		t.Errorf("deprecations = %v", got)
	}
	if r := do(t, srv, call{method: "PUT", path: "pk", token: bob, otp: srv.TOTP(secret, now), body: doc}); r.status != http.StatusForbidden {
		t.Errorf("deprecate by a non-maintainer: %d, want 403", r.status)
	}
	doc = get(alice)
	doc["versions"].(map[string]any)["1.0.0"].(map[string]any)["deprecated"] = ""
	if r := do(t, srv, call{method: "PUT", path: "pk", token: alice, body: doc}); r.status != http.StatusOK {
		t.Fatalf("undeprecate: %d %s", r.status, r.raw)
	}
	if got := srv.Deprecations("pk"); len(got) != 0 {
		t.Errorf("deprecations after undeprecate = %v", got)
	}
	if got := srv.Stars("pk"); !reflect.DeepEqual(got, []string{"bob"}) {
		t.Errorf("stars after deprecate = %v", got)
	}
}
