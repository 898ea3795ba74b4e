package registrytest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCouchLogin(t *testing.T) {
	srv := New(t)
	put := func(body map[string]string) reply {
		return do(t, srv, call{method: "PUT", path: "-/user/org.couchdb.user:" + body["name"], body: body})
	}
	r := put(map[string]string{"name": "alice", "password": "pw", "email": "a@example.com"})
	created := r.json(t)
	if r.status != http.StatusCreated || created["ok"] != true || created["id"] != "org.couchdb.user:alice" || created["token"] == nil {
		t.Fatalf("adduser: %d %v", r.status, keysOf(created))
	}
	if r := put(map[string]string{"name": "alice", "password": "nope"}); r.status != http.StatusUnauthorized {
		t.Errorf("login with a wrong password: %d, want 401", r.status)
	}
	if r := put(map[string]string{"name": "ghost", "password": "pw"}); r.status != http.StatusBadRequest {
		t.Errorf("login of an unknown user: %d, want 400", r.status)
	}
	r = put(map[string]string{"name": "alice", "password": "pw"})
	if tok, _ := r.json(t)["token"].(string); r.status != http.StatusCreated || tok == created["token"] {
		t.Errorf("login: %d, want 201 with a new token", r.status)
	}
	if r := do(t, srv, call{method: "GET", path: "-/user/org.couchdb.user:ghost"}); r.status != http.StatusNotFound {
		t.Errorf("unknown user lookup: %d", r.status)
	}
}

// TestCouchConflictFlow is the path npm login takes against registries that
// answer 409 for existing users.
func TestCouchConflictFlow(t *testing.T) {
	srv := New(t, WithCouchConflict())
	srv.AddUser("alice", "pw", "a@example.com")
	body := map[string]string{"name": "alice", "password": "pw"}
	if r := do(t, srv, call{method: "PUT", path: "-/user/org.couchdb.user:alice", body: body}); r.status != http.StatusConflict {
		t.Fatalf("first PUT: %d, want 409", r.status)
	}
	basic := http.Header{"Authorization": {"Basic " + basicAuth("alice", "pw")}}
	doc := do(t, srv, call{method: "GET", path: "-/user/org.couchdb.user:alice?write=true", header: basic}).json(t)
	rev, _ := doc["_rev"].(string)
	if rev == "" {
		t.Fatalf("?write=true document lacks _rev: %v", keysOf(doc))
	}
	wrong := http.Header{"Authorization": {"Basic " + basicAuth("alice", "bad")}}
	if r := do(t, srv, call{method: "PUT", path: "-/user/org.couchdb.user:alice/-rev/" + rev, body: body, header: wrong}); r.status != http.StatusUnauthorized {
		t.Errorf("-rev PUT with a wrong password: %d, want 401", r.status)
	}
	r := do(t, srv, call{method: "PUT", path: "-/user/org.couchdb.user:alice/-rev/" + rev, body: body, header: basic})
	tok, _ := r.json(t)["token"].(string)
	if r.status != http.StatusCreated || tok == "" {
		t.Fatalf("-rev PUT: %d", r.status)
	}
	if r := do(t, srv, call{method: "PUT", path: "-/user/org.couchdb.user:alice/-rev/" + rev, body: body, header: basic}); r.status != http.StatusConflict {
		t.Errorf("reusing the old _rev: %d, want 409", r.status)
	}
}

func basicAuth(user, password string) string {
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(user, password)
	return strings.TrimPrefix(req.Header.Get("Authorization"), "Basic ")
}

func TestWebLogin(t *testing.T) {
	srv := New(t, WithRetryAfter("3"))
	start := do(t, srv, call{method: "POST", path: "-/v1/login", body: map[string]bool{"create": true}}).json(t)
	login := strings.TrimPrefix(start["loginUrl"].(string), srv.URL)
	done := strings.TrimPrefix(start["doneUrl"].(string), srv.URL)

	poll := do(t, srv, call{method: "GET", path: done})
	if poll.status != http.StatusAccepted || poll.header.Get("Retry-After") != "3" {
		t.Fatalf("pending poll: %d, Retry-After %q", poll.status, poll.header.Get("Retry-After"))
	}
	page := do(t, srv, call{method: "GET", path: login})
	if page.status != http.StatusOK || !strings.Contains(string(page.raw), "<form") {
		t.Fatalf("login page: %d", page.status)
	}
	form := url.Values{"name": {"carol"}, "password": {"pw"}, "email": {"c@example.com"}}
	resp, err := http.PostForm(srv.URL+login, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("submitting the sign-up form: %d", resp.StatusCode)
	}
	poll = do(t, srv, call{method: "GET", path: done})
	tok, _ := poll.json(t)["token"].(string)
	if poll.status != http.StatusOK || tok == "" {
		t.Fatalf("approved poll: %d", poll.status)
	}
	if who := do(t, srv, call{method: "GET", path: "-/whoami", token: tok}).json(t); who["username"] != "carol" {
		t.Errorf("whoami with the web-login token = %v", who)
	}
}

func TestWebLoginAutoApprove(t *testing.T) {
	srv := New(t)
	srv.AddUser("alice", "pw", "a@example.com")
	srv.AutoApproveWeb("alice")
	start := do(t, srv, call{method: "POST", path: "-/v1/login", body: map[string]any{}}).json(t)
	poll := do(t, srv, call{method: "GET", path: strings.TrimPrefix(start["doneUrl"].(string), srv.URL)})
	tok, _ := poll.json(t)["token"].(string)
	if who := do(t, srv, call{method: "GET", path: "-/whoami", token: tok}).json(t); who["username"] != "alice" {
		t.Errorf("auto-approved web login: whoami = %v", who)
	}
}

func TestProfileUpdates(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	prof := do(t, srv, call{method: "GET", path: "-/npm/v1/user", token: tok}).json(t)
	for _, k := range []string{"name", "email", "email_verified", "tfa", "created", "updated", "fullname", "homepage", "freenode", "twitter", "github", "cidr_whitelist"} {
		if _, ok := prof[k]; !ok {
			t.Errorf("profile lacks %q", k)
		}
	}
	if prof["tfa"] != false {
		t.Errorf("tfa = %v, want false", prof["tfa"])
	}
	r := do(t, srv, call{method: "POST", path: "-/npm/v1/user", token: tok, body: map[string]any{"fullname": "Alice A", "github": nil}})
	if got := r.json(t); r.status != http.StatusOK || got["fullname"] != "Alice A" {
		t.Fatalf("profile set: %d %v", r.status, got["fullname"])
	}
	if r := do(t, srv, call{method: "POST", path: "-/npm/v1/user", token: tok, body: map[string]any{"password": map[string]string{"old": "bad", "new": "pw2"}}}); r.status != http.StatusUnauthorized {
		t.Errorf("password change with a wrong old password: %d, want 401", r.status)
	}
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	change := call{method: "POST", path: "-/npm/v1/user", token: tok, body: map[string]any{"password": map[string]string{"old": "pw", "new": "pw2"}}}
	if r := do(t, srv, change); r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != "OTP" {
		t.Errorf("password change in auth-and-writes without OTP: %d", r.status)
	}
	change.otp = srv.TOTP(secret, now)
	if r := do(t, srv, change); r.status != http.StatusOK {
		t.Fatalf("password change with OTP: %d %s", r.status, r.raw)
	}
	login := call{method: "PUT", path: "-/user/org.couchdb.user:alice", otp: srv.TOTP(secret, now), body: map[string]string{"name": "alice", "password": "pw2"}}
	if r := do(t, srv, login); r.status != http.StatusCreated {
		t.Errorf("login with the new password: %d", r.status)
	}
}

func TestWebChallengeOnLogin(t *testing.T) {
	srv := New(t, WithChallenge(ChallengeWeb))
	srv.AddUser("alice", "pw", "a@example.com")
	srv.EnableTFA("alice", ModeAuthOnly)
	srv.AutoApproveWeb("alice")
	login := call{method: "PUT", path: "-/user/org.couchdb.user:alice", body: map[string]string{"name": "alice", "password": "pw"}}
	challenge := do(t, srv, login).json(t)
	done, _ := challenge["doneUrl"].(string)
	if done == "" {
		t.Fatalf("login challenge lacks doneUrl: %v", keysOf(challenge))
	}
	// npm polls with the challenged request's method and body.
	poll := do(t, srv, call{method: "PUT", path: strings.TrimPrefix(done, srv.URL), body: login.body})
	login.otp, _ = poll.json(t)["token"].(string)
	if poll.status != http.StatusOK || login.otp == "" {
		t.Fatalf("auto-approved poll: %d", poll.status)
	}
	if r := do(t, srv, login); r.status != http.StatusCreated {
		t.Fatalf("login with the web OTP token: %d %s", r.status, r.raw)
	}
}
