package verdacciotest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// npmTimeout bounds one npm run so a hung CLI fails the test with its
// output instead of running into the global go test timeout.
const npmTimeout = 2 * time.Minute

// NpmEnv returns an environment for running the real npm CLI (or gonpm)
// against this registry with home as HOME. The user config is
// home/.npmrc (see WriteNpmrc), the global config a file that does not
// exist, the cache a fresh temporary folder; update notices, audit and
// fund requests are off. npm_* and proxy variables of the calling
// environment are dropped so nothing of the machine's setup leaks in.
func (v *Verdaccio) NpmEnv(t testing.TB, home string) []string {
	t.Helper()
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatalf("creating npm home: %v", err)
	}
	env := make([]string, 0, len(os.Environ())+16)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !inheritable(name) {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"NPM_CONFIG_USERCONFIG="+UserConfig(home),
		"NPM_CONFIG_GLOBALCONFIG="+filepath.Join(home, "npmrc-global-absent"),
		"NPM_CONFIG_CACHE="+t.TempDir(),
		"NPM_CONFIG_REGISTRY="+v.URL,
		"NPM_CONFIG_UPDATE_NOTIFIER=false",
		"NO_UPDATE_NOTIFIER=1",
		"NPM_CONFIG_AUDIT=false",
		"NPM_CONFIG_FUND=false",
		"NPM_CONFIG_PROGRESS=false",
	)
}

// inheritable reports whether an environment variable of the test process
// may pass on to npm.
func inheritable(name string) bool {
	lower := strings.ToLower(name)
	switch lower {
	case "home", "userprofile", "xdg_config_home", "xdg_cache_home", "no_update_notifier",
		"http_proxy", "https_proxy", "all_proxy", "no_proxy":
		return false
	}
	return !strings.HasPrefix(lower, "npm_")
}

// AuthLine is the .npmrc line that gives token to requests for this
// registry: //127.0.0.1:<port>/:_authToken=<token>.
func (v *Verdaccio) AuthLine(token string) string {
	return "//" + v.Host + "/:_authToken=" + token
}

// UserConfig is the user .npmrc that NpmEnv points npm at.
func UserConfig(home string) string {
	return filepath.Join(home, ".npmrc")
}

// WriteNpmrc writes lines as home's user .npmrc (mode 0600, as it may
// hold tokens), replacing any earlier content.
func WriteNpmrc(t testing.TB, home string, lines ...string) {
	t.Helper()
	body := strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(UserConfig(home), []byte(body), 0o600); err != nil {
		t.Fatalf("writing .npmrc: %v", err)
	}
}

// RunNpm runs the real npm CLI with env in dir, without stdin, and
// returns what it printed. The output may contain tokens, so callers
// decide what to log.
func RunNpm(t testing.TB, env []string, dir string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	npm := NpmPath(t)
	ctx, cancel := context.WithTimeout(context.Background(), npmTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, args...)
	cmd.Env = env
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}
