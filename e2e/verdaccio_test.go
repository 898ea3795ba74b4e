package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// runGonpm runs the built gonpm with env in dir, with stdin from input.
func runGonpm(t *testing.T, env []string, dir, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(gonpmBinary(t), args...)
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(input)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("running gonpm: %v", err)
	}
	return out.String(), errOut.String(), code
}

// TestVerdaccioLoginAndDistTags checks gonpm against a real registry: it
// logs in, says who it is, and changes the dist-tags of a package the real
// npm published; npm then sees gonpm's tags.
func TestVerdaccioLoginAndDistTags(t *testing.T) {
	v := verdacciotest.Start(t)
	npmHome := t.TempDir()
	npmEnv := v.NpmEnv(t, npmHome)
	token := v.AddUser(t, "npmuser", "npm-user-pass")
	verdacciotest.WriteNpmrc(t, npmHome, v.AuthLine(token))

	pkgDir := t.TempDir()
	writeFile(t, filepath.Join(pkgDir, "package.json"), `{"name":"shared-pkg","version":"1.0.0","main":"index.js"}`)
	writeFile(t, filepath.Join(pkgDir, "index.js"), "module.exports = 'v1'\n")
	if _, stderr, err := verdacciotest.RunNpm(t, npmEnv, pkgDir, "publish"); err != nil {
		t.Fatalf("npm publish 1.0.0: %v\n%s", err, stderr)
	}
	writeFile(t, filepath.Join(pkgDir, "package.json"), `{"name":"shared-pkg","version":"1.1.0","main":"index.js"}`)
	if _, stderr, err := verdacciotest.RunNpm(t, npmEnv, pkgDir, "publish", "--tag", "beta"); err != nil {
		t.Fatalf("npm publish 1.1.0: %v\n%s", err, stderr)
	}

	// gonpm logs in as the same user (Verdaccio has no web login, so
	// gonpm falls back to asking for the user name and password).
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "NPM_CONFIG_REGISTRY=" + v.URL}
	stdout, stderr, code := runGonpm(t, env, home, "npmuser\nnpm-user-pass\n", "login")
	if code != 0 || !strings.Contains(stdout, "Logged in on "+v.URL) {
		t.Fatalf("gonpm login: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "npm-user-pass") {
		t.Error("the password appeared in gonpm's output")
	}
	stdout, stderr, code = runGonpm(t, env, home, "", "whoami")
	if code != 0 || strings.TrimSpace(stdout) != "npmuser" {
		t.Fatalf("gonpm whoami: exit %d %q %s", code, stdout, stderr)
	}

	stdout, _, code = runGonpm(t, env, home, "", "dist-tag", "ls", "shared-pkg")
	if code != 0 || stdout != "beta: 1.1.0\nlatest: 1.0.0\n" {
		t.Fatalf("gonpm dist-tag ls: exit %d %q", code, stdout)
	}
	if _, stderr, code = runGonpm(t, env, home, "", "dist-tag", "add", "shared-pkg@1.1.0", "next"); code != 0 {
		t.Fatalf("gonpm dist-tag add: exit %d %s", code, stderr)
	}
	if _, stderr, code = runGonpm(t, env, home, "", "dist-tag", "rm", "shared-pkg", "beta"); code != 0 {
		t.Fatalf("gonpm dist-tag rm: exit %d %s", code, stderr)
	}

	// npm sees what gonpm did, and prints the same list gonpm does.
	npmOut, stderr, err := verdacciotest.RunNpm(t, npmEnv, npmHome, "dist-tag", "ls", "shared-pkg")
	if err != nil {
		t.Fatalf("npm dist-tag ls: %v %s", err, stderr)
	}
	if npmOut != "latest: 1.0.0\nnext: 1.1.0\n" {
		t.Errorf("npm sees %q, want latest and next from gonpm", npmOut)
	}
	gonpmOut, _, _ := runGonpm(t, env, home, "", "dist-tag", "ls", "shared-pkg")
	if gonpmOut != npmOut {
		t.Errorf("gonpm prints %q, npm prints %q", gonpmOut, npmOut)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
