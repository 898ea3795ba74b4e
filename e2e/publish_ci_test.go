package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestPublishInCIWithoutATerminal publishes the way a CI job does: CI=true,
// stdin from /dev/null, 2FA required for writes. The one-time password
// can only come from --otp-command; without it gonpm must fail at once.
func TestPublishInCIWithoutATerminal(t *testing.T) {
	tests := []struct {
		name       string
		otpCommand string // "" means none
		wantExit   int
		wantStderr []string
		published  bool
	}{
		{
			name:       "otp-command prints a code from the TOTP secret",
			otpCommand: "print-totp",
			published:  true,
		},
		{
			name:       "failing otp-command",
			otpCommand: "echo 000000-not-a-code; exit 7",
			wantExit:   5,
			wantStderr: []string{"otp-command exited with status 7"},
		},
		{
			name:       "no source at all",
			wantExit:   5,
			wantStderr: []string{"requires a one-time password", "--otp=<code>", "--otp-command", "trusted publishing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := loggedIn(t, "cid", registrytest.ModeAuthAndWrites)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "package.json"), `{"name":"ci-published","version":"1.0.0"}`)

			args := []string{"publish"}
			if tt.otpCommand != "" {
				args = append(args, "--otp-command", tt.otpCommand)
			}
			ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
			defer cancel()
			cmd := exec.CommandContext(ctx, gonpmBinary(t), args...)
			cmd.Env = append(a.env, "CI=true", "TOTP_SECRET="+a.secret)
			cmd.Dir = dir
			devNull, err := os.Open(os.DevNull)
			if err != nil {
				t.Fatal(err)
			}
			defer devNull.Close()
			cmd.Stdin = devNull
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err = cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("gonpm was still running after %s: it must not wait for input in CI", hangGuard)
			}
			code := 0
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				code = exitErr.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantExit {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", code, tt.wantExit, stderr.String())
			}
			for _, want := range tt.wantStderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
				}
			}
			if strings.Contains(stderr.String(), "not-a-code") {
				t.Errorf("the otp-command's output was shown:\n%s", stderr.String())
			}
			if strings.Contains(stdout.String()+stderr.String(), a.secret) {
				t.Errorf("the TOTP secret was shown")
			}
			versions, _ := a.srv.Packument("ci-published")["versions"].(map[string]any)
			if _, got := versions["1.0.0"]; got != tt.published {
				t.Errorf("1.0.0 on the registry: %t, want %t", got, tt.published)
			}
		})
	}
}
