package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// npmEnv is an environment for the real npm CLI sharing home's user
// config with gonpm, pinned to registryURL: nothing of the machine's npm
// setup leaks in and no other registry can be reached.
func npmEnv(t *testing.T, home, registryURL string) []string {
	t.Helper()
	npm := verdacciotest.NpmPath(t)
	return []string{
		"HOME=" + home,
		"PATH=" + filepath.Dir(npm) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"TERM=dumb",
		"NO_COLOR=1",
		"NPM_CONFIG_USERCONFIG=" + filepath.Join(home, ".npmrc"),
		"NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(home, "npmrc-global-absent"),
		"NPM_CONFIG_CACHE=" + t.TempDir(),
		"NPM_CONFIG_UPDATE_NOTIFIER=false",
		"NPM_CONFIG_AUDIT=false",
		"NPM_CONFIG_FUND=false",
		"NPM_CONFIG_FETCH_RETRIES=0",
		"NPM_CONFIG_REGISTRY=" + registryURL,
	}
}

// runNpm runs npm, always with --registry, and fails the test unless it
// succeeds. Its output is not logged: it may hold secrets.
func runNpm(t *testing.T, env []string, dir, registryURL string, args ...string) string {
	t.Helper()
	args = append(args, "--registry", registryURL, "--color=false")
	out, _, err := verdacciotest.RunNpm(t, env, dir, args...)
	if err != nil {
		t.Fatalf("npm %s: %v", args[0], err)
	}
	return out
}

// gonpmOK runs gonpm without a terminal and fails the test unless it
// succeeds.
func gonpmOK(t *testing.T, env []string, dir string, args ...string) string {
	t.Helper()
	out, _, status := runGonpm(t, env, dir, "", args...)
	if status != 0 {
		t.Fatalf("gonpm %s: exit %d", strings.Join(args, " "), status)
	}
	return out
}

func TestNpmSeesTwoFactorEnabledByGonpmAndPublishesWithItsSecret(t *testing.T) {
	rt := redacting(t)
	a := loggedIn(t, "uma", "")
	env := npmEnv(t, a.home, a.srv.URL)
	before := runNpm(t, env, a.home, a.srv.URL, "profile", "get")
	if !strings.Contains(before, "two-factor auth: disabled") {
		t.Fatalf("npm profile get before enrolment:\n%s", before)
	}

	e := enrolOnTerminal(t, rt, a, "pw-uma", "auth-and-writes")

	npmView := runNpm(t, env, a.home, a.srv.URL, "profile", "get")
	if !strings.Contains(npmView, "two-factor auth: auth-and-writes\n") {
		t.Errorf("npm profile get after gonpm's enrolment:\n%s", npmView)
	}
	if ours := gonpmOK(t, a.env, a.home, "profile", "get"); ours != npmView {
		t.Errorf("gonpm and npm disagree on profile get:\ngonpm:\n%s\nnpm:\n%s", ours, npmView)
	}

	pkg := filepath.Join(t.TempDir(), "uma-pkg")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	manifest := `{"name":"uma-pkg","version":"1.0.0","description":"interop","license":"MIT"}`
	if err := os.WriteFile(filepath.Join(pkg, "package.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "index.js"), []byte("module.exports = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code := a.srv.TOTP(e.secret, time.Now())
	rt.add(code)
	runNpm(t, env, pkg, a.srv.URL, "publish", "--otp="+code)
	if a.srv.Packument("uma-pkg") == nil {
		t.Fatal("npm's publish with a code from gonpm's secret did not land")
	}
}

func TestProfileAndTokenOutputMatchNpm(t *testing.T) {
	a := loggedIn(t, "vic", "")
	a.srv.AddUser("vic", "pw-vic", "vic@example.com") // a second token to list
	env := npmEnv(t, a.home, a.srv.URL)
	for _, args := range [][]string{
		{"profile", "get"},
		{"profile", "get", "--json"},
		{"profile", "get", "--parseable"},
		{"profile", "get", "email", "name"},
		{"profile", "get", "name,two-factor auth"},
		{"profile", "set", "fullname", "Vic Tor"},
		{"profile", "set", "github", "victor", "--json"},
		{"profile", "set", "homepage", "https://example.com/v", "--parseable"},
		{"profile", "set", "twitter", ""},
		{"profile", "get"},
		{"token", "list"},
		{"token", "list", "--json"},
		{"token", "list", "--parseable"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			ours := gonpmOK(t, a.env, a.home, args...)
			theirs := runNpm(t, env, a.home, a.srv.URL, args...)
			if ours != theirs {
				t.Errorf("gonpm and npm differ:\ngonpm:\n%s\nnpm:\n%s", redactTokens(ours), redactTokens(theirs))
			}
		})
	}
	a.srv.EnableTFA("vic", registrytest.ModeAuthOnly)
	ours := gonpmOK(t, a.env, a.home, "profile", "get", "--parseable")
	if theirs := runNpm(t, env, a.home, a.srv.URL, "profile", "get", "--parseable"); ours != theirs {
		t.Errorf("with 2FA, gonpm and npm differ:\ngonpm:\n%s\nnpm:\n%s", ours, theirs)
	}
}

func redactTokens(s string) string {
	return secretShapes[3].ReplaceAllString(s, "npm_<secret>")
}
