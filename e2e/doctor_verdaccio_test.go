package e2e

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// TestDoctorAgainstVerdaccio runs gonpm doctor against a real registry
// that lacks much of the public registry's API (token expiry, 2FA): the
// checks it cannot make are reported as unknown, not as failures; a
// refused token fails the run; no token value is ever printed.
func TestDoctorAgainstVerdaccio(t *testing.T) {
	v := verdacciotest.Start(t)
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "NPM_CONFIG_REGISTRY=" + v.URL}
	token := v.AddUser(t, "dora", "dora-password")

	tests := []struct {
		name     string
		npmrc    string
		extraEnv []string
		wantExit int
		want     map[string]string // check name → status
		detail   map[string]string // check name → text in its detail
	}{
		{
			name:   "not logged in",
			want:   map[string]string{"registry": "ok", "credential": "warn", "trusted publishing": "info"},
			detail: map[string]string{"credential": "gonpm login"},
		},
		{
			name:   "logged in",
			npmrc:  v.AuthLine(token),
			want:   map[string]string{"registry": "ok", "credential": "ok", "logged in as": "ok", "token expiry": "info", "two-factor auth": "info"},
			detail: map[string]string{"logged in as": "dora", "credential": ".npmrc"},
		},
		{
			name:     "refused token",
			npmrc:    v.AuthLine("not-a-token-verdaccio-knows"),
			wantExit: 1,
			want:     map[string]string{"credential": "ok", "logged in as": "fail"},
		},
		{
			name:     "GitLab job with an ID token",
			npmrc:    v.AuthLine(token),
			extraEnv: []string{"GITLAB_CI=true", "NPM_ID_TOKEN=an-id-token"},
			want:     map[string]string{"trusted publishing": "ok"},
			detail:   map[string]string{"trusted publishing": "NPM_ID_TOKEN"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.Remove(verdacciotest.UserConfig(home)); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if tt.npmrc != "" {
				verdacciotest.WriteNpmrc(t, home, tt.npmrc)
			}
			stdout, stderr, code := runGonpm(t, append(env, tt.extraEnv...), home, "", "doctor", "--json")
			if code != tt.wantExit {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.wantExit, stdout, stderr)
			}
			var report struct {
				Registry string
				Checks   []struct{ Name, Status, Detail string }
			}
			if err := json.Unmarshal([]byte(stdout), &report); err != nil {
				t.Fatalf("doctor --json: %v\n%s", err, stdout)
			}
			if report.Registry != v.URL && report.Registry != v.URL+"/" {
				t.Errorf("registry %q, want %s", report.Registry, v.URL)
			}
			got := map[string]string{}
			details := map[string]string{}
			for _, c := range report.Checks {
				if _, seen := got[c.Name]; !seen {
					got[c.Name], details[c.Name] = c.Status, c.Detail
				}
			}
			for name, status := range tt.want {
				if got[name] != status {
					t.Errorf("check %q: status %q, want %q (%s)", name, got[name], status, details[name])
				}
			}
			for name, text := range tt.detail {
				if !strings.Contains(details[name], text) {
					t.Errorf("check %q: detail %q does not mention %q", name, details[name], text)
				}
			}
			for _, secret := range []string{token, "an-id-token", "not-a-token-verdaccio-knows"} {
				if strings.Contains(stdout+stderr, secret) {
					t.Errorf("a token was printed:\n%s%s", stdout, stderr)
				}
			}
		})
	}
}
