package registrytest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestOTPEnforcement(t *testing.T) {
	tests := []struct {
		name       string
		mode       string
		otp        func(secret string, recovery []string, now time.Time) string
		wantStatus int
	}{
		{"2FA off: writes need nothing", "", nil, http.StatusOK},
		{"auth-only: writes need nothing", ModeAuthOnly, nil, http.StatusOK},
		{"auth-and-writes without OTP", ModeAuthAndWrites, nil, http.StatusUnauthorized},
		{"auth-and-writes with current code", ModeAuthAndWrites, func(s string, _ []string, now time.Time) string { return totpAt(s, now) }, http.StatusOK},
		{"auth-and-writes with previous step", ModeAuthAndWrites, func(s string, _ []string, now time.Time) string { return totpAt(s, now.Add(-30*time.Second)) }, http.StatusOK},
		{"auth-and-writes with a code 3 steps old", ModeAuthAndWrites, func(s string, _ []string, now time.Time) string { return totpAt(s, now.Add(-90*time.Second)) }, http.StatusUnauthorized},
		{"auth-and-writes with a recovery code", ModeAuthAndWrites, func(_ string, rc []string, _ time.Time) string { return rc[3] }, http.StatusOK},
		{"auth-and-writes with garbage", ModeAuthAndWrites, func(string, []string, time.Time) string { return "000000" }, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := New(t)
			now := fixedClock(srv)
			tok := srv.AddUser("alice", "pw", "a@example.com")
			srv.AddPackage("alice", "pkg", "1.0.0")
			var secret string
			var recovery []string
			if tt.mode != "" {
				secret, recovery = srv.EnableTFA("alice", tt.mode)
			}
			otp := ""
			if tt.otp != nil {
				otp = tt.otp(secret, recovery, now)
			}
			r := do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/next", token: tok, otp: otp, body: "1.0.0"})
			if r.status != tt.wantStatus {
				t.Fatalf("dist-tag PUT status %d (%s), want %d", r.status, r.raw, tt.wantStatus)
			}
			_, tagged := srv.DistTags("pkg")["next"]
			if tagged != (tt.wantStatus == http.StatusOK) {
				t.Errorf("tag applied = %v after status %d", tagged, r.status)
			}
			// Reads never need an OTP.
			if r := do(t, srv, call{method: "GET", path: "pkg", token: tok}); r.status != http.StatusOK {
				t.Errorf("GET packument status %d, want 200", r.status)
			}
		})
	}
}

func totpAt(secret string, t time.Time) string {
	code, err := TOTPCode(secret, t)
	if err != nil {
		panic(err)
	}
	return code
}

func TestRecoveryCodeIsSpent(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	_, recovery := srv.EnableTFA("alice", ModeAuthAndWrites)
	first := do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/a", token: tok, otp: recovery[0], body: "1.0.0"})
	second := do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/b", token: tok, otp: recovery[0], body: "1.0.0"})
	if first.status != http.StatusOK || second.status != http.StatusUnauthorized {
		t.Fatalf("recovery code statuses %d then %d, want 200 then 401", first.status, second.status)
	}
}

func TestLoginNeedsOTPInEveryMode(t *testing.T) {
	for _, mode := range []string{ModeAuthOnly, ModeAuthAndWrites} {
		t.Run(mode, func(t *testing.T) {
			srv := New(t)
			now := fixedClock(srv)
			srv.AddUser("alice", "pw", "a@example.com")
			secret, _ := srv.EnableTFA("alice", mode)
			login := call{method: "PUT", path: "-/user/org.couchdb.user:alice", body: map[string]string{"name": "alice", "password": "pw"}}
			if r := do(t, srv, login); r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != "OTP" {
				t.Fatalf("login without OTP: status %d, WWW-Authenticate %q; want an OTP challenge", r.status, r.header.Get("WWW-Authenticate"))
			}
			login.otp = srv.TOTP(secret, now)
			r := do(t, srv, login)
			tok, _ := r.json(t)["token"].(string)
			if r.status != http.StatusCreated || tok == "" {
				t.Fatalf("login with OTP: status %d, want 201 with a token", r.status)
			}
			if r := do(t, srv, call{method: "GET", path: "-/whoami", token: tok}); r.json(t)["username"] != "alice" {
				t.Errorf("whoami with the new token = %s", r.raw)
			}
		})
	}
}

func TestChallengeStyles(t *testing.T) {
	tests := []struct {
		style      ChallengeStyle
		wantHeader string
		check      func(t *testing.T, srv *Server, body map[string]any)
	}{
		{ChallengeHeader, "OTP", func(t *testing.T, _ *Server, body map[string]any) {
			if body["error"] == nil {
				t.Error("no error message")
			}
		}},
		{ChallengeBody, "", func(t *testing.T, _ *Server, body map[string]any) {
			if msg, _ := body["error"].(string); !strings.Contains(msg, "one-time pass") {
				t.Errorf("body error %q does not mention a one-time pass", msg)
			}
		}},
		{ChallengeWeb, "OTP", func(t *testing.T, srv *Server, body map[string]any) {
			auth, _ := body["authUrl"].(string)
			done, _ := body["doneUrl"].(string)
			if !strings.HasPrefix(auth, srv.URL) || !strings.HasPrefix(done, srv.URL) {
				t.Fatalf("web challenge lacks authUrl/doneUrl on this server: %v", body)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.style.String(), func(t *testing.T) {
			srv := New(t, WithChallenge(tt.style))
			tok := srv.AddUser("alice", "pw", "a@example.com")
			srv.AddPackage("alice", "pkg", "1.0.0")
			srv.EnableTFA("alice", ModeAuthAndWrites)
			r := do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/next", token: tok, body: "1.0.0"})
			if r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != tt.wantHeader {
				t.Fatalf("status %d, WWW-Authenticate %q; want 401 and %q", r.status, r.header.Get("WWW-Authenticate"), tt.wantHeader)
			}
			tt.check(t, srv, r.json(t))
		})
	}
}

func TestWebOTPChallengeFlow(t *testing.T) {
	srv := New(t, WithChallenge(ChallengeWeb))
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	srv.EnableTFA("alice", ModeAuthAndWrites)
	tag := call{method: "PUT", path: "-/package/pkg/dist-tags/next", token: tok, body: "1.0.0"}
	body := do(t, srv, tag).json(t)
	done := strings.TrimPrefix(body["doneUrl"].(string), srv.URL)

	poll := do(t, srv, call{method: "GET", path: done, token: tok})
	if poll.status != http.StatusAccepted || poll.header.Get("Retry-After") != "1" || strings.TrimSpace(string(poll.raw)) != "{}" {
		t.Fatalf("poll before approval: %d, Retry-After %q, body %s; want 202, 1, {}", poll.status, poll.header.Get("Retry-After"), poll.raw)
	}
	srv.ApproveWeb()
	poll = do(t, srv, call{method: "GET", path: done, token: tok})
	webToken, _ := poll.json(t)["token"].(string)
	if poll.status != http.StatusOK || webToken == "" {
		t.Fatalf("poll after approval: %d; want 200 with a token", poll.status)
	}
	tag.otp = webToken
	if r := do(t, srv, tag); r.status != http.StatusOK {
		t.Fatalf("retry with the web token as OTP: status %d (%s)", r.status, r.raw)
	}
	// The grant expires.
	later := time.Now().Add(time.Hour)
	srv.SetNow(func() time.Time { return later })
	tag.path = "-/package/pkg/dist-tags/later"
	if r := do(t, srv, tag); r.status != http.StatusUnauthorized {
		t.Fatalf("web token an hour later: status %d, want 401", r.status)
	}
}

func TestBypassTokenSkipsOTP(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.AddPackage("alice", "pkg", "1.0.0")
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	r := do(t, srv, call{method: "POST", path: "-/npm/v1/tokens", token: tok, otp: srv.TOTP(secret, now),
		body: map[string]any{"password": "pw", "name": "automation", "bypass_2fa": true}})
	auto, _ := r.json(t)["token"].(string)
	if r.status != http.StatusOK || auto == "" {
		t.Fatalf("creating a bypass token: status %d", r.status)
	}
	if r := do(t, srv, call{method: "PUT", path: "-/package/pkg/dist-tags/ci", token: auto, body: "1.0.0"}); r.status != http.StatusOK {
		t.Fatalf("write with a bypass_2fa token: status %d (%s), want 200", r.status, r.raw)
	}
}
