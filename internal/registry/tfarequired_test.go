package registry

import (
	"strings"
	"testing"
)

func TestTwoFactorAdvice(t *testing.T) {
	tests := []struct {
		name, method, url, msg string
		status                 int
		want                   string // a part of the advice; "" for none
		publish                bool
	}{
		{"public registry publish refusal", "PUT", "https://registry.example.test/pkg", "Two-factor authentication or granular access token with bypass 2fa enabled is required to publish packages.", 403, "enable-2fa", true},
		{"scoped publish under a path prefix", "PUT", "https://registry.example.test/prefix/@s%2fpkg", "Two-factor authentication or granular access token with bypass 2fa enabled is required to publish packages.", 403, "trusted publishing", true},
		{"package policy", "PUT", "http://127.0.0.1:1/-/package/pkg/dist-tags/next", "two-factor authentication is required to change pkg; enable 2FA on your account first", 403, "--otp=<code>", false},
		{"trust endpoints", "GET", "http://127.0.0.1:1/-/package/pkg/trust", "two-factor authentication must be enabled on your account to manage trusted publishers", 403, "enable-2fa", false},
		{"owner change", "PUT", "http://127.0.0.1:1/pkg/-rev/3-abc", "2FA is required for this package", 403, "enable-2fa", false},
		{"other 403", "PUT", "http://127.0.0.1:1/pkg", "You do not have permission to publish \"pkg\". Are you logged in as the correct user?", 403, "", false},
		{"bypass token refused, not a requirement", "GET", "http://127.0.0.1:1/-/package/pkg/trust", "granular access tokens that bypass two-factor authentication cannot manage trusted publishers", 403, "", false},
		{"not a 403", "PUT", "http://127.0.0.1:1/pkg", "Two-factor authentication is required", 401, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TwoFactorAdvice(&HTTPError{StatusCode: tt.status, Method: tt.method, URL: tt.url, Message: tt.msg})
			if tt.want == "" {
				if got != "" {
					t.Fatalf("advice %q, want none", got)
				}
				return
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("advice %q lacks %q", got, tt.want)
			}
			if strings.Contains(got, "stage publish") != tt.publish {
				t.Errorf("publish advice = %t, want %t: %q", strings.Contains(got, "stage publish"), tt.publish, got)
			}
		})
	}
}
