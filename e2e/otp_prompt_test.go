package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// account is a user logged in on a test registry, with a home folder
// holding the user npmrc.
type account struct {
	srv    *registrytest.Server
	home   string
	env    []string
	secret string
}

// loggedIn creates a user with 2FA for writes and a package, and writes
// the user's npmrc the way `gonpm login` would.
func loggedIn(t *testing.T, user, mode string, opts ...registrytest.Option) *account {
	t.Helper()
	srv := registrytest.New(t, opts...)
	token := srv.AddUser(user, "pw-"+user, user+"@example.com")
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := &account{srv: srv, home: home}
	if mode != "" {
		a.secret, _ = srv.EnableTFA(user, mode)
	}
	a.env = []string{
		"HOME=" + home,
		"PATH=" + os.Getenv("PATH"),
		"TERM=xterm",
		// Colour on a terminal is tested in color_npm_test.go; here
		// the error lines are matched as plain text.
		"NO_COLOR=1",
		"NPM_CONFIG_REGISTRY=" + srv.URL,
	}
	return a
}

func (a *account) code() string { return a.srv.TOTP(a.secret, time.Now()) }

func TestOTPPromptOnATerminal(t *testing.T) {
	a := loggedIn(t, "erin", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("erin", "prompt-pkg", "1.0.0")

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "dist-tag", "add", "prompt-pkg@1.0.0", "next")
	c.Expect(`This operation requires a one-time password\.`)
	c.Expect(`Enter OTP: `)
	code := a.code()
	c.Send(code)
	c.Expect(`\+next: prompt-pkg@1\.0\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if strings.Contains(c.Output(), code) {
		t.Errorf("the typed code was echoed on the screen:\n%s", c.Output())
	}
	if got := a.srv.DistTags("prompt-pkg")["next"]; got != "1.0.0" {
		t.Errorf("next = %q, want 1.0.0", got)
	}
}

func TestOTPPromptAsksAgainAfterAWrongCode(t *testing.T) {
	a := loggedIn(t, "fred", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("fred", "again-pkg", "1.0.0")

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "dist-tag", "add", "again-pkg@1.0.0", "next")
	c.Expect(`Enter OTP: `)
	c.Send("000000")
	c.Expect(`did not accept that one-time password`)
	c.Expect(`Enter OTP: `)
	c.Send(a.code())
	c.Expect(`\+next: again-pkg@1\.0\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d", status)
	}
}

func TestCtrlCAtThePromptRestoresTheTerminal(t *testing.T) {
	a := loggedIn(t, "gina", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("gina", "cancel-pkg", "1.0.0")

	// Run gonpm under a shell that reports whether echo is on afterwards.
	script := `trap 'true' INT; ` + gonpmBinary(t) + ` dist-tag add cancel-pkg@1.0.0 next; echo "status=$?"; stty -a | grep -o -- '-\?echo ' | head -1`
	c := StartConsole(t, a.env, a.home, "sh", "-c", script)
	c.Expect(`Enter OTP: `)
	c.SendRaw("\x03")
	c.Expect(`status=130`)
	m := c.Expect(`(-?echo) `)
	if m[1] != "echo" {
		t.Errorf("terminal echo is %q after Ctrl-C, want it restored", m[1])
	}
	c.Wait()
	if _, ok := a.srv.DistTags("cancel-pkg")["next"]; ok {
		t.Error("the tag was set although the prompt was cancelled")
	}
}

func TestWebChallengeOnATerminal(t *testing.T) {
	a := loggedIn(t, "hank", registrytest.ModeAuthAndWrites, registrytest.WithChallenge(registrytest.ChallengeWeb), registrytest.WithRetryAfter("0"))
	a.srv.AddPackage("hank", "web-pkg", "1.0.0")
	a.srv.AutoApproveWeb("hank")

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "dist-tag", "add", "web-pkg@1.0.0", "next", "--browser=false")
	c.Expect(`Authenticate your account at:`)
	c.Expect(`http://127\.0\.0\.1:\d+/`)
	c.Expect(`[▀▄█]`)
	c.Expect(`\+next: web-pkg@1\.0\.0`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d", status)
	}
}

func TestLoginAsksForTheOneTimePasswordAfterThePassword(t *testing.T) {
	srv := registrytest.New(t)
	srv.AddUser("lena", "lena-password", "lena@example.com")
	secret, _ := srv.EnableTFA("lena", registrytest.ModeAuthOnly)
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm", "NPM_CONFIG_REGISTRY=" + srv.URL}

	c := StartConsole(t, env, home, gonpmBinary(t), "login", "--auth-type=legacy")
	c.Expect(`Username: `)
	c.Send("lena")
	c.Expect(`Password: `)
	c.Send("lena-password")
	c.Expect(`Enter OTP: `)
	code := srv.TOTP(secret, time.Now())
	c.Send(code)
	c.Expect(`Logged in on `)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d", status)
	}
	if out := c.Output(); strings.Contains(out, "lena-password") || strings.Contains(out, code) {
		t.Errorf("the password or the code was shown:\n%s", out)
	}
	npmrc, err := os.ReadFile(filepath.Join(home, ".npmrc"))
	if err != nil || !strings.Contains(string(npmrc), ":_authToken=") {
		t.Fatalf("no token saved: %v\n%s", err, npmrc)
	}
	info, _ := os.Stat(filepath.Join(home, ".npmrc"))
	if info.Mode().Perm() != 0o600 {
		t.Errorf("user npmrc mode %v, want 0600", info.Mode().Perm())
	}
}
