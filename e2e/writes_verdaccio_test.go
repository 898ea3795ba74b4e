package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// TestVerdaccioDeprecateAndStar runs deprecate, undeprecate, star and
// unstar against a real registry (Verdaccio 6.8.0), handing over between
// gonpm and npm: gonpm deprecates and npm's view and install show the
// warning; npm deprecates and gonpm undeprecates.
func TestVerdaccioDeprecateAndStar(t *testing.T) {
	v := verdacciotest.Start(t)
	home := t.TempDir()
	env := v.NpmEnv(t, home)
	token := v.AddUser(t, "vera", "vera-pass-1")
	verdacciotest.WriteNpmrc(t, home, v.AuthLine(token))

	pkgDir := t.TempDir()
	for _, version := range []string{"1.0.0", "1.1.0", "2.0.0-rc.1"} {
		writeFile(t, filepath.Join(pkgDir, "package.json"), `{"name":"vd-pkg","version":"`+version+`","main":"index.js"}`)
		writeFile(t, filepath.Join(pkgDir, "index.js"), "module.exports = '"+version+"'\n")
		args := []string{"publish"}
		if strings.Contains(version, "-") {
			args = append(args, "--tag", "next")
		}
		if _, stderr, err := verdacciotest.RunNpm(t, env, pkgDir, args...); err != nil {
			t.Fatalf("npm publish %s: %v\n%s", version, err, stderr)
		}
	}
	npmView := func(spec string) string {
		t.Helper()
		out, stderr, err := verdacciotest.RunNpm(t, env, home, "view", spec, "deprecated")
		if err != nil {
			t.Fatalf("npm view %s deprecated: %v\n%s", spec, err, stderr)
		}
		return strings.TrimSpace(out)
	}

	// gonpm deprecates a range that includes the prerelease.
	stdout, stderr, code := runGonpm(t, env, home, "", "deprecate", "vd-pkg@>=1.1.0", "use 2.0.0 when it is out")
	want := "deprecated vd-pkg@1.1.0\ndeprecated vd-pkg@2.0.0-rc.1\nInstalls of these versions now print:\n  npm warn deprecated vd-pkg@1.1.0: use 2.0.0 when it is out\n"
	if code != 0 || stdout != want {
		t.Fatalf("gonpm deprecate: exit %d\n%s\nwant:\n%s\nstderr:\n%s", code, stdout, want, stderr)
	}
	for spec, msg := range map[string]string{"vd-pkg@1.0.0": "", "vd-pkg@1.1.0": "use 2.0.0 when it is out", "vd-pkg@2.0.0-rc.1": "use 2.0.0 when it is out"} {
		if got := npmView(spec); got != msg {
			t.Errorf("npm view %s deprecated = %q, want %q", spec, got, msg)
		}
	}
	// npm install shows the warning gonpm said it would.
	project := t.TempDir()
	writeFile(t, filepath.Join(project, "package.json"), `{"name":"consumer","version":"1.0.0","private":true}`)
	_, stderr, err := verdacciotest.RunNpm(t, env, project, "install", "vd-pkg@1.1.0")
	if err != nil {
		t.Fatalf("npm install: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "npm warn deprecated vd-pkg@1.1.0: use 2.0.0 when it is out") {
		t.Errorf("npm install did not warn as gonpm said it would:\n%s", stderr)
	}

	// npm deprecates, gonpm undeprecates.
	if _, stderr, err := verdacciotest.RunNpm(t, env, home, "deprecate", "vd-pkg@1.0.0", "too old"); err != nil {
		t.Fatalf("npm deprecate: %v\n%s", err, stderr)
	}
	if got := npmView("vd-pkg@1.0.0"); got != "too old" {
		t.Fatalf("npm view after npm deprecate = %q", got)
	}
	stdout, stderr, code = runGonpm(t, env, home, "", "undeprecate", "vd-pkg@<2")
	if code != 0 || stdout != "undeprecated vd-pkg@1.0.0\nundeprecated vd-pkg@1.1.0\n" {
		t.Fatalf("gonpm undeprecate: exit %d\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for spec, msg := range map[string]string{"vd-pkg@1.0.0": "", "vd-pkg@1.1.0": "", "vd-pkg@2.0.0-rc.1": "use 2.0.0 when it is out"} {
		if got := npmView(spec); got != msg {
			t.Errorf("after gonpm undeprecate: npm view %s deprecated = %q, want %q", spec, got, msg)
		}
	}
	_, stderr, err = verdacciotest.RunNpm(t, env, project, "install", "vd-pkg@1.0.0")
	if err != nil || strings.Contains(stderr, "deprecated") {
		t.Errorf("npm install of an undeprecated version: %v\n%s", err, stderr)
	}

	// star and unstar: npm sees gonpm's star in the packument's users.
	// The locale decides between npm's unicode and ASCII stars.
	ascii := append(append([]string(nil), env...), "LC_ALL=C")
	stdout, stderr, code = runGonpm(t, ascii, home, "", "star", "vd-pkg")
	if code != 0 || stdout != "(*) vd-pkg\n" {
		t.Fatalf("gonpm star: exit %d %q\n%s", code, stdout, stderr)
	}
	out, stderr, err := verdacciotest.RunNpm(t, env, home, "view", "vd-pkg", "users", "--json")
	if err != nil || !strings.Contains(out, `"vera": true`) {
		t.Errorf("npm view users after gonpm star: %v %q\n%s", err, out, stderr)
	}
	stdout, stderr, code = runGonpm(t, append(ascii, "LC_ALL=en_GB.UTF-8"), home, "", "unstar", "vd-pkg")
	if code != 0 || stdout != "\u2606  vd-pkg\n" {
		t.Fatalf("gonpm unstar: exit %d %q\n%s", code, stdout, stderr)
	}
	out, _, _ = verdacciotest.RunNpm(t, env, home, "view", "vd-pkg", "users", "--json")
	if strings.Contains(out, `"vera"`) {
		t.Errorf("npm still sees vera's star after gonpm unstar: %s", out)
	}
}
