package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// answer is one prompt of a session and what the person types at it.
type answer struct{ prompt, text string }

// promptCase reaches one prompt of one command: the answers before it,
// then the prompt where the person gives up.
type promptCase struct {
	name   string
	mode   string // the user's 2FA mode
	args   []string
	before []answer
	at     string
	// unchanged checks the registry and the npmrc after the session.
	unchanged func(t *testing.T, a *account, npmrcBefore string)
}

func promptCases() []promptCase {
	noNewLogin := func(t *testing.T, a *account, before string) {
		if after := npmrcText(t, a); after != before {
			t.Error("the npmrc changed although the login was abandoned")
		}
	}
	tfaMode := func(want string) func(*testing.T, *account, string) {
		return func(t *testing.T, a *account, _ string) {
			if got := a.srv.TFAMode("pat"); got != want && !(want == "" && got == "pending") {
				t.Errorf("2FA mode %q after the abandoned session, want %q", got, want)
			}
		}
	}
	noTag := func(t *testing.T, a *account, _ string) {
		if _, ok := a.srv.DistTags("prompt-pkg")["next"]; ok {
			t.Error("the tag was set although the prompt was abandoned")
		}
	}
	noWrites := func(method, path string) func(*testing.T, *account, string) {
		return func(t *testing.T, a *account, _ string) {
			for _, r := range a.srv.Requests() {
				if r.Method == method && strings.HasPrefix(r.Path, path) {
					t.Errorf("%s %s was sent although the prompt was abandoned", method, path)
				}
			}
		}
	}
	login := []string{"login", "--auth-type=legacy"}
	return []promptCase{
		{name: "login user name", args: login, at: `Username: `, unchanged: noNewLogin},
		{name: "login password", args: login, before: []answer{{`Username: `, "pat"}}, at: `Password: `, unchanged: noNewLogin},
		{name: "login one-time password", mode: registrytest.ModeAuthOnly, args: login, before: []answer{{`Username: `, "pat"}, {`Password: `, "pw-pat"}}, at: `Enter OTP: `, unchanged: noNewLogin},
		{name: "write one-time password", mode: registrytest.ModeAuthAndWrites, args: []string{"dist-tag", "add", "prompt-pkg@1.0.0", "next"}, at: `Enter OTP: `, unchanged: noTag},
		{name: "enable-2fa password", args: []string{"profile", "enable-2fa"}, at: `Password: `, unchanged: tfaMode("")},
		{name: "enable-2fa code", args: []string{"profile", "enable-2fa"}, before: []answer{{`Password: `, "pw-pat"}}, at: `Code from your authenticator app: `, unchanged: tfaMode("")},
		{name: "disable-2fa password", mode: registrytest.ModeAuthOnly, args: []string{"profile", "disable-2fa"}, at: `Password: `, unchanged: tfaMode(registrytest.ModeAuthOnly)},
		{name: "disable-2fa one-time password", mode: registrytest.ModeAuthOnly, args: []string{"profile", "disable-2fa"}, before: []answer{{`Password: `, "pw-pat"}}, at: `Enter OTP: `, unchanged: tfaMode(registrytest.ModeAuthOnly)},
		{name: "token create password", args: []string{"token", "create"}, at: `Password: `, unchanged: noWrites("POST", "/-/npm/v1/tokens")},
		{name: "profile set current password", args: []string{"profile", "set", "password"}, at: `Current password: `, unchanged: noWrites("POST", "/-/npm/v1/user")},
		{name: "profile set new password", args: []string{"profile", "set", "password"}, before: []answer{{`Current password: `, "pw-pat"}}, at: `New password: `, unchanged: noWrites("POST", "/-/npm/v1/user")},
		{name: "profile set password again", args: []string{"profile", "set", "password"}, before: []answer{{`Current password: `, "pw-pat"}, {`New password: `, "pw-new"}}, at: `Again: `, unchanged: noWrites("POST", "/-/npm/v1/user")},
	}
}

func npmrcText(t *testing.T, a *account) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(a.home, ".npmrc"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(data)
}

// echoReport runs gonpm under a shell that ignores Ctrl-C itself and,
// once gonpm has ended, prints gonpm's exit status and whether the
// terminal echoes again.
const echoReport = `trap 'true' INT; "$0" "$@"; echo "status=$?"; stty -a | grep -o -- '-\?echo ' | head -1`

// runToPrompt starts a case on a terminal and answers up to its prompt.
func runToPrompt(t *testing.T, tc promptCase) (*Console, *account, string) {
	t.Helper()
	a := loggedIn(t, "pat", tc.mode)
	a.srv.AddPackage("pat", "prompt-pkg", "1.0.0")
	before := npmrcText(t, a)
	a.srv.ResetLog()
	c := StartConsole(t, a.env, a.home, "sh", append([]string{"-c", echoReport, gonpmBinary(t)}, tc.args...)...)
	for _, ans := range tc.before {
		c.Expect(regexp.QuoteMeta(ans.prompt))
		text := ans.text
		if text == "<code>" || ans.prompt == `Enter OTP: ` {
			text = a.code()
		}
		c.Send(text)
	}
	c.Expect(regexp.QuoteMeta(tc.at) + `$`)
	return c, a, before
}

// TestCtrlCAtEveryPrompt: Ctrl-C at any prompt ends gonpm with status
// 130, says so, leaves the terminal echoing and changes nothing.
func TestCtrlCAtEveryPrompt(t *testing.T) {
	for _, tc := range promptCases() {
		t.Run(tc.name, func(t *testing.T) {
			c, a, before := runToPrompt(t, tc)
			c.SendRaw("\x03")
			c.Expect(`gonpm: cancelled`)
			c.Expect(`status=130`)
			if m := c.Expect(`(-?echo) `); m[1] != "echo" {
				t.Errorf("terminal echo is %q after Ctrl-C, want it restored", m[1])
			}
			c.Wait()
			tc.unchanged(t, a, before)
		})
	}
}

// TestEndOfInputAtEveryPrompt: Ctrl-D (end of input) at any prompt is an
// error with a one-line explanation, not a hang and not a silent retry;
// the terminal echoes again.
func TestEndOfInputAtEveryPrompt(t *testing.T) {
	for _, tc := range promptCases() {
		t.Run(tc.name, func(t *testing.T) {
			c, a, before := runToPrompt(t, tc)
			c.SendRaw("\x04")
			m := c.Expect(`(?m)^gonpm error (.*)\r?\n`)
			if !strings.Contains(m[1], "closed") && !strings.Contains(m[1], "no answer") {
				t.Errorf("the error does not say the input ended: %q", m[1])
			}
			c.Expect(`status=1\b`)
			if m := c.Expect(`(-?echo) `); m[1] != "echo" {
				t.Errorf("terminal echo is %q after Ctrl-D, want it restored", m[1])
			}
			c.Wait()
			tc.unchanged(t, a, before)
		})
	}
}

// TestClosedStdinAtEveryPrompt: without a terminal, a prompt whose stdin
// is /dev/null or a pipe closed by the writer fails at once, exit 1, with
// one line saying what to do.
func TestClosedStdinAtEveryPrompt(t *testing.T) {
	stdins := map[string]func(t *testing.T, cmd *exec.Cmd){
		"/dev/null": func(t *testing.T, cmd *exec.Cmd) { cmd.Stdin = nil },
		"closed pipe": func(t *testing.T, cmd *exec.Cmd) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			w.Close()
			cmd.Stdin = r
			t.Cleanup(func() { r.Close() })
		},
	}
	for _, tc := range promptCases() {
		if len(tc.before) > 0 || tc.name == "write one-time password" || strings.HasPrefix(tc.name, "enable-2fa") {
			// Without a terminal the session ends at its first prompt;
			// challenges and enable-2fa refuse to prompt at all
			// (noninteractive_test.go, profile.txtar).
			continue
		}
		for how, setStdin := range stdins {
			t.Run(tc.name+", "+how, func(t *testing.T) {
				a := loggedIn(t, "pat", tc.mode)
				before := npmrcText(t, a)
				a.srv.ResetLog()
				ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
				defer cancel()
				cmd := exec.CommandContext(ctx, gonpmBinary(t), tc.args...)
				cmd.Env, cmd.Dir = a.env, a.home
				setStdin(t, cmd)
				var errOut strings.Builder
				cmd.Stderr = &errOut
				err := cmd.Run()
				if ctx.Err() != nil {
					t.Fatalf("gonpm was still waiting for input after %s", hangGuard)
				}
				var exitErr *exec.ExitError
				if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
					t.Fatalf("err %v, want exit status 1; stderr:\n%s", err, errOut.String())
				}
				errLines := regexp.MustCompile(`(?m)^gonpm error .*$`).FindAllString(errOut.String(), -1)
				if len(errLines) != 1 || !strings.Contains(errLines[0], "standard input") {
					t.Errorf("want one error line naming standard input, got:\n%s", errOut.String())
				}
				tc.unchanged(t, a, before)
			})
		}
	}
}
