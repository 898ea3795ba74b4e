package registrytest

import (
	"net/http"
	"strings"
	"testing"
)

func TestTokenPagination(t *testing.T) {
	srv := New(t, WithTokenPageSize(2))
	tok := srv.AddUser("alice", "pw", "a@example.com")
	for range 4 {
		srv.AddUser("alice", "pw", "a@example.com") // each call adds a token
	}
	srv.AddUser("bob", "pw", "b@example.com")
	path := "-/npm/v1/tokens"
	var seen []string
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		page := do(t, srv, call{method: "GET", path: path, token: tok}).json(t)
		if page["total"] != float64(5) {
			t.Errorf("total = %v, want 5", page["total"])
		}
		for _, o := range page["objects"].([]any) {
			obj := o.(map[string]any)
			shown := obj["token"].(string)
			if len(shown) >= 40 {
				t.Error("a token list shows a full token")
			}
			seen = append(seen, obj["key"].(string))
		}
		next, _ := page["urls"].(map[string]any)["next"].(string)
		path = strings.TrimPrefix(next, srv.URL)
	}
	if len(seen) != 5 {
		t.Fatalf("listed %d tokens over all pages, want alice's 5", len(seen))
	}
}

func TestTokenCreateAndRevoke(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	create := func(body map[string]any) reply {
		return do(t, srv, call{method: "POST", path: "-/npm/v1/tokens", token: tok, body: body})
	}
	if r := create(map[string]any{"password": "wrong", "name": "x"}); r.status != http.StatusUnauthorized {
		t.Errorf("wrong password: %d, want 401", r.status)
	}
	if r := create(map[string]any{"password": "pw", "cidr_whitelist": []string{"::1/128"}}); r.status != http.StatusBadRequest {
		t.Errorf("IPv6 CIDR: %d, want 400", r.status)
	}
	r := create(map[string]any{"password": "pw", "name": "ro", "readonly": true, "expires": 30, "cidr_whitelist": []string{"127.0.0.0/8"}})
	got := r.json(t)
	ro, _ := got["token"].(string)
	if r.status != http.StatusOK || !strings.HasPrefix(ro, "npm_") || got["key"] == "" || got["name"] != "ro" || got["readonly"] != true || got["expires"] == nil {
		t.Fatalf("create reply %d with fields %v", r.status, keysOf(got))
	}
	if r := do(t, srv, call{method: "GET", path: "-/whoami", token: ro}); r.status != http.StatusOK {
		t.Errorf("read-only token from an allowed address: whoami %d", r.status)
	}
	if r := do(t, srv, call{method: "POST", path: "-/npm/v1/user", token: ro, body: map[string]any{"fullname": "A"}}); r.status != http.StatusForbidden {
		t.Errorf("write with a read-only token: %d, want 403", r.status)
	}
	blocked := create(map[string]any{"password": "pw", "cidr_whitelist": []string{"10.0.0.0/8"}}).json(t)["token"].(string)
	if r := do(t, srv, call{method: "GET", path: "-/whoami", token: blocked}); r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != "ipaddress" {
		t.Errorf("token used outside its CIDR: %d, WWW-Authenticate %q", r.status, r.header.Get("WWW-Authenticate"))
	}
	if r := do(t, srv, call{method: "DELETE", path: "-/npm/v1/tokens/token/" + got["key"].(string), token: tok}); r.status != http.StatusNoContent {
		t.Fatalf("revoke by key: %d", r.status)
	}
	if r := do(t, srv, call{method: "GET", path: "-/whoami", token: ro}); r.status != http.StatusUnauthorized {
		t.Errorf("revoked token still works: %d", r.status)
	}
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
