package e2e

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestTwoFactorRequiredAdvice: a 403 saying that two-factor
// authentication (or a token allowed to bypass it) is required gets
// advice that fits — turn on 2FA and pass a code; for a publish also
// trusted publishing or stage publish — instead of the generic "check
// whoami and the owners".
func TestTwoFactorRequiredAdvice(t *testing.T) {
	run := func(a *account, dir string, args ...string) (int, string) {
		t.Helper()
		cmd := exec.Command(gonpmBinary(t), args...)
		cmd.Env, cmd.Dir = a.env, dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return exitErr.ExitCode(), stderr.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, stderr.String()
	}

	t.Run("publish refused as by the public registry", func(t *testing.T) {
		a := loggedIn(t, "wes", "")
		dir := filepath.Join(a.home, "pkg")
		writeFiles(t, dir, map[string]string{
			"package.json": `{"name":"wes-pkg","version":"1.0.0"}`,
			"index.js":     "module.exports = 1;\n",
		})
		a.srv.Inject(registrytest.Fault{Method: "PUT", Path: "/wes-pkg", Status: 403,
			Body: `{"error":"Two-factor authentication or granular access token with bypass 2fa enabled is required to publish packages."}`})
		code, stderr := run(a, dir, "publish")
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		for _, want := range []string{
			"Two-factor authentication or granular access token with bypass 2fa enabled is required to publish packages.",
			"gonpm profile enable-2fa auth-and-writes", "--otp=<code>", "trusted publishing", "gonpm stage publish",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		if strings.Contains(stderr, "gonpm whoami") {
			t.Errorf("stderr still gives the generic advice:\n%s", stderr)
		}
	})

	t.Run("a package that requires 2FA, an account without it", func(t *testing.T) {
		a := loggedIn(t, "xia", "")
		a.srv.AddPackage("xia", "xia-pkg", "1.0.0")
		if code, stderr := run(a, a.home, "access", "set", "mfa=publish", "xia-pkg"); code != 0 {
			t.Fatalf("access set mfa=publish: exit %d\n%s", code, stderr)
		}
		code, stderr := run(a, a.home, "dist-tag", "add", "xia-pkg@1.0.0", "next")
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		if !strings.Contains(stderr, "gonpm profile enable-2fa") || strings.Contains(stderr, "stage publish") || strings.Contains(stderr, "gonpm whoami") {
			t.Errorf("stderr:\n%s\nwant the 2FA advice without the publishing alternatives", stderr)
		}
	})
}
