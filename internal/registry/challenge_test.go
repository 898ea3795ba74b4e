package registry

import (
	"net/http"
	"testing"
)

func TestClassifyChallenge(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header string
		body   string
		want   ChallengeKind
	}{
		{"otp header", 401, "OTP", `{"error":"otp required"}`, ClassicChallenge},
		{"otp header lower case", 401, "otp", ``, ClassicChallenge},
		{"otp among other tokens", 401, `Bearer realm="x", OTP`, ``, ClassicChallenge},
		{"otp with parameters is not the token", 401, `OTP realm="x"`, ``, NoChallenge},
		{"ipaddress wins over otp", 401, "ipaddress, otp", ``, IPChallenge},
		{"basic auth is no challenge", 401, "Basic", `one-time password`, NoChallenge},
		{"body mentions one-time password", 401, "", `{"error":"You must provide a one-time pass. Upgrade your client"}`, ClassicChallenge},
		{"body check is case sensitive", 401, "", `One-Time Password needed`, NoChallenge},
		{"plain 401", 401, "", `{"error":"bad token"}`, NoChallenge},
		{"403 is never a challenge", 403, "OTP", `one-time pass`, NoChallenge},
		{"web challenge", 401, "OTP", `{"authUrl":"https://example.test/auth/1","doneUrl":"https://example.test/done/1"}`, WebChallenge},
		{"web challenge without header", 401, "", `{"error":"one-time pass","authUrl":"http://127.0.0.1/a","doneUrl":"http://127.0.0.1/d"}`, WebChallenge},
		{"web URLs must be http(s)", 401, "OTP", `{"authUrl":"javascript:alert(1)","doneUrl":"https://example.test/d"}`, ClassicChallenge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("WWW-Authenticate", tt.header)
			}
			got := ClassifyChallenge(tt.status, h, []byte(tt.body))
			if got.Kind != tt.want {
				t.Errorf("kind = %v, want %v", got.Kind, tt.want)
			}
		})
	}
}

func TestStripUserinfoFromAuthURL(t *testing.T) {
	h := http.Header{"Www-Authenticate": {"otp"}}
	ch := ClassifyChallenge(401, h, []byte(`{"authUrl":"https://user:pw@example.test/a","doneUrl":"https://example.test/d"}`))
	if ch.AuthURL != "https://example.test/a" {
		t.Errorf("AuthURL = %q, want userinfo removed", ch.AuthURL)
	}
}
