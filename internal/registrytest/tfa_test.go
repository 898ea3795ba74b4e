package registrytest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestEnrolmentStateMachine(t *testing.T) {
	srv := New(t)
	now := fixedClock(srv)
	tok := srv.AddUser("alice", "pw-alice", "alice@example.com")
	post := func(body any, otp string) reply {
		return do(t, srv, call{method: "POST", path: "-/npm/v1/user", token: tok, otp: otp, body: body})
	}

	r := post(map[string]any{"tfa": map[string]string{"password": "wrong", "mode": "auth-only"}}, "")
	if r.status != http.StatusUnauthorized || srv.TFAMode("alice") != "" {
		t.Fatalf("wrong password: status %d, mode %q; want 401 and 2FA still off", r.status, srv.TFAMode("alice"))
	}

	r = post(map[string]any{"tfa": map[string]string{"password": "pw-alice", "mode": "auth-only"}}, "")
	enrol, _ := r.json(t)["tfa"].(string)
	u, err := url.Parse(enrol)
	if r.status != http.StatusOK || err != nil || u.Scheme != "otpauth" || u.Host != "totp" {
		t.Fatalf("enrolment reply: status %d, tfa %q; want an otpauth://totp URL", r.status, redactSecretParam(enrol))
	}
	q := u.Query()
	secret := q.Get("secret")
	if secret == "" || q.Get("issuer") != totpIssuer || q.Get("algorithm") != "SHA1" || q.Get("digits") != "6" || q.Get("period") != "30" {
		t.Errorf("otpauth URL parameters wrong: %s", redactSecretParam(enrol))
	}
	if u.Opaque == "" && !strings.HasSuffix(u.Path, totpIssuer+":alice") {
		t.Errorf("otpauth label = %q, want %s:alice", u.Path, totpIssuer)
	}
	if srv.TFAMode("alice") != "pending" {
		t.Fatalf("mode after enrolment = %q, want pending", srv.TFAMode("alice"))
	}

	stale := srv.TOTP(secret, now.Add(-5*time.Minute))
	r = post(map[string]any{"tfa": []string{stale}}, "")
	if r.status != http.StatusForbidden || srv.TFAMode("alice") != "pending" {
		t.Fatalf("wrong confirmation code: status %d, mode %q; want 403 and still pending", r.status, srv.TFAMode("alice"))
	}

	r = post(map[string]any{"tfa": []string{srv.TOTP(secret, now)}}, "")
	codes, _ := r.json(t)["tfa"].([]any)
	if r.status != http.StatusOK || len(codes) != 10 {
		t.Fatalf("confirmation: status %d, %d recovery codes; want 200 and 10", r.status, len(codes))
	}
	if srv.TFAMode("alice") != ModeAuthOnly {
		t.Fatalf("mode after confirmation = %q, want auth-only", srv.TFAMode("alice"))
	}

	modeChange := map[string]any{"tfa": map[string]string{"password": "pw-alice", "mode": ModeAuthAndWrites}}
	if r = post(modeChange, ""); r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != "OTP" {
		t.Fatalf("mode change without OTP: status %d, WWW-Authenticate %q; want an OTP challenge", r.status, r.header.Get("WWW-Authenticate"))
	}
	r = post(modeChange, srv.TOTP(secret, now))
	got, _ := r.json(t)["tfa"].(map[string]any)
	if r.status != http.StatusOK || got["mode"] != ModeAuthAndWrites || got["pending"] != false {
		t.Fatalf("mode change: status %d, tfa %v; want {mode: auth-and-writes, pending: false}", r.status, got)
	}

	disable := map[string]any{"tfa": map[string]string{"password": "pw-alice", "mode": "disable"}}
	if r = post(disable, ""); r.status != http.StatusUnauthorized || srv.TFAMode("alice") != ModeAuthAndWrites {
		t.Fatalf("disable without OTP: status %d, mode %q; want 401 and 2FA still on", r.status, srv.TFAMode("alice"))
	}
	recovery := codes[0].(string)
	if r = post(disable, recovery); r.status != http.StatusOK || srv.TFAMode("alice") != "" {
		t.Fatalf("disable with a recovery code: status %d, mode %q; want 200 and off", r.status, srv.TFAMode("alice"))
	}
	if tfa := r.json(t)["tfa"]; tfa != false {
		t.Errorf("disable reply tfa = %v, want false", tfa)
	}
}

func TestDisablePendingNeedsNoOTP(t *testing.T) {
	srv := New(t)
	tok := srv.AddUser("alice", "pw", "a@example.com")
	srv.EnableTFA("alice", "pending")
	r := do(t, srv, call{method: "POST", path: "-/npm/v1/user", token: tok,
		body: map[string]any{"tfa": map[string]string{"password": "pw", "mode": "disable"}}})
	if r.status != http.StatusOK || srv.TFAMode("alice") != "" {
		t.Fatalf("reset of a pending enrolment: status %d, mode %q; want 200 and off", r.status, srv.TFAMode("alice"))
	}
}

func TestModeChangeReplyShapes(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"npm 11 shape", nil, `{"tfa":{"mode":"auth-only","pending":false}}`},
		{"npm 10 shape", []Option{WithModeChangeReplyNull()}, `{"tfa":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := New(t, tt.opts...)
			now := fixedClock(srv)
			tok := srv.AddUser("alice", "pw", "a@example.com")
			secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
			r := do(t, srv, call{method: "POST", path: "-/npm/v1/user", token: tok, otp: srv.TOTP(secret, now),
				body: map[string]any{"tfa": map[string]string{"password": "pw", "mode": ModeAuthOnly}}})
			if got := strings.TrimSpace(string(r.raw)); r.status != http.StatusOK || got != tt.want {
				t.Fatalf("reply %d %s, want 200 %s", r.status, got, tt.want)
			}
			if srv.TFAMode("alice") != ModeAuthOnly {
				t.Errorf("mode = %q, want auth-only", srv.TFAMode("alice"))
			}
		})
	}
}

func TestEnrolmentRefused(t *testing.T) {
	srv := New(t, WithTOTPEnrolmentRefused("use a security key"))
	tok := srv.AddUser("alice", "pw", "a@example.com")
	r := do(t, srv, call{method: "POST", path: "-/npm/v1/user", token: tok,
		body: map[string]any{"tfa": map[string]string{"password": "pw", "mode": ModeAuthAndWrites}}})
	if r.status != http.StatusForbidden || r.json(t)["error"] != "use a security key" || srv.TFAMode("alice") != "" {
		t.Fatalf("refused enrolment: status %d, body %s, mode %q", r.status, r.raw, srv.TFAMode("alice"))
	}
}

// redactSecretParam keeps TOTP secrets out of failure messages.
func redactSecretParam(otpauth string) string {
	u, err := url.Parse(otpauth)
	if err != nil {
		return "<unparseable>"
	}
	q := u.Query()
	if q.Has("secret") {
		q.Set("secret", "REDACTED")
	}
	u.RawQuery = q.Encode()
	return u.String()
}
