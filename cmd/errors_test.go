package cmd

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
)

// TestExitCode pins every exit status gonpm documents to the errors that
// decide it, wrapped as commands wrap them.
func TestExitCode(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("could not do it: %w", err) }
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"plain error", errors.New("boom"), 1},
		{"silent", cmdutil.ErrSilent, 1},
		{"usage", wrap(cmdutil.FlagErrorf("bad")), 2},
		{"cobra usage", errors.New(`unknown flag: --nope`), 2},
		{"partial", &cmdutil.PartialError{Failed: 1, Total: 2}, 3},
		{"not logged in", wrap(&registry.NeedAuthError{Registry: "r"}), 4},
		{"401", wrap(&registry.HTTPError{StatusCode: 401}), 4},
		{"403", wrap(&registry.HTTPError{StatusCode: 403}), 1},
		{"IP refused", wrap(fmt.Errorf("%w (403)", registry.ErrIPAddress)), 4},
		{"explained 401", cmdutil.Explain("wrong password", &registry.HTTPError{StatusCode: 401}), 4},
		{"OTP needed", wrap(&registry.OTPError{}), 5},
		{"publish must be staged", wrap(&registry.HTTPError{StatusCode: 403, Method: "PUT", URL: "http://127.0.0.1:1/pkg", Body: []byte(`{"code":"E_STAGE_REQUIRED"}`)}), 6},
		{"workspaces that must be staged", &cmdutil.PartialError{Failed: 2, Total: 3, StageRequired: true}, 6},
		{"otp-command failed", wrap(&otpprompt.OTPCommandError{Status: 1}), 5},
		{"cancelled", wrap(cmdutil.ErrCancel), 130},
		// An interrupt at the OTP prompt is a cancel, not a missing code.
		{"cancelled at the OTP prompt", wrap(&registry.OTPError{Cause: cmdutil.ErrCancel}), 130},
		{"usage before auth", errors.Join(&registry.NeedAuthError{}, cmdutil.FlagErrorf("bad")), 2},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("%s: exit %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestHintVersionTaken: a 403 for a version that is taken does not blame
// the credential, which was allowed to publish.
func TestHintVersionTaken(t *testing.T) {
	const cred = "//127.0.0.1:1/:_authToken in /home/u/.npmrc"
	tests := []struct {
		name    string
		err     *registry.HTTPError
		want    string
		notWant string
	}{
		{"publish over", &registry.HTTPError{StatusCode: 403, Method: "PUT", Message: "You cannot publish over the previously published versions: 1.7.0.", Credential: cred}, "bump the version", "is not allowed"},
		{"stage over", &registry.HTTPError{StatusCode: 403, Method: "POST", Message: "You cannot publish over the previously published versions: 1.7.0.", Credential: cred}, "already published or staged", "is not allowed"},
		{"no permission", &registry.HTTPError{StatusCode: 403, Method: "PUT", Message: "you do not have permission to publish", Credential: cred}, "is not allowed to do this", "bump"},
		{"stage only", &registry.HTTPError{StatusCode: 403, Method: "PUT", URL: "http://127.0.0.1:1/pkg", Message: "This token may only stage packages", Credential: cred}, "gonpm stage publish", "is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hint(tt.err)
			if !strings.Contains(got, tt.want) || strings.Contains(got, tt.notWant) {
				t.Errorf("hint = %q, want %q and not %q", got, tt.want, tt.notWant)
			}
		})
	}
}
