package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// writePackage writes a package folder whose main module exports marker.
func writePackage(t *testing.T, dir, name, version, marker string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"package.json": `{"name": "` + name + `", "version": "` + version + `", "main": "index.js", "license": "MIT"}`,
		"index.js":     "module.exports = " + `"` + marker + `";` + "\n",
		"README.md":    "# " + name + "\n",
	}
	for f, text := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// mustGonpm runs the built gonpm binary and fails the test on a non-zero
// exit, showing its output (the environment holds no secrets of value:
// tokens of a throwaway registry are never printed by gonpm).
func mustGonpm(t *testing.T, env []string, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(gonpmBinary(t), args...)
	cmd.Env, cmd.Dir = env, dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gonpm %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func npm(t *testing.T, env []string, dir string, args ...string) string {
	t.Helper()
	stdout, stderr, err := verdacciotest.RunNpm(t, env, dir, args...)
	if err != nil {
		t.Fatalf("npm %s: %v\n%s\n%s", strings.Join(args, " "), err, stdout, stderr)
	}
	return stdout
}

// TestPublishToVerdaccioInstallsWithNpm publishes with gonpm to a real
// registry and checks that the real npm installs and loads each package.
func TestPublishToVerdaccioInstallsWithNpm(t *testing.T) {
	verdacciotest.NpmPath(t)
	v := verdacciotest.Start(t)
	home := t.TempDir()
	verdacciotest.WriteNpmrc(t, home, v.AuthLine(v.AddUser(t, "vera", "vera-password")))
	env := v.NpmEnv(t, home)
	work := t.TempDir()

	cases := []struct {
		name, version, install string
		args                   []string
		tags                   map[string]string
	}{
		{"gonpm-vd-plain", "1.0.0", "gonpm-vd-plain", nil, map[string]string{"latest": "1.0.0"}},
		{"@gonpm-vd/scoped", "2.1.0", "@gonpm-vd/scoped", []string{"--access", "public"}, map[string]string{"latest": "2.1.0"}},
		{"gonpm-vd-beta", "3.0.0-beta.1", "gonpm-vd-beta@beta", []string{"--tag", "beta"}, map[string]string{"beta": "3.0.0-beta.1"}},
	}
	for _, c := range cases {
		dir := filepath.Join(work, strings.NewReplacer("@", "", "/", "-").Replace(c.name))
		marker := "loaded " + c.name
		writePackage(t, dir, c.name, c.version, marker)
		out := mustGonpm(t, env, dir, append([]string{"publish"}, c.args...)...)
		if !strings.Contains(out, "+ "+c.name+"@"+c.version) {
			t.Fatalf("publish of %s did not report success:\n%s", c.name, out)
		}
		tags := v.DistTags(t, c.name)
		for tag, want := range c.tags {
			if tags[tag] != want {
				t.Errorf("%s dist-tags = %v, want %s: %s", c.name, tags, tag, want)
			}
		}

		app := filepath.Join(work, "app-"+filepath.Base(dir))
		if err := os.MkdirAll(app, 0o755); err != nil {
			t.Fatal(err)
		}
		npm(t, env, app, "install", c.install)
		node := exec.Command("node", "-e", "process.stdout.write(require('"+c.name+"'))")
		node.Dir, node.Env = app, env
		got, err := node.CombinedOutput()
		if err != nil || string(got) != marker {
			t.Errorf("require(%q) in a fresh install: %q, %v", c.name, got, err)
		}
	}
}

// TestUnpublishFromVerdaccio removes a version, then a whole package, that
// the real npm published.
func TestUnpublishFromVerdaccio(t *testing.T) {
	verdacciotest.NpmPath(t)
	v := verdacciotest.Start(t)
	home := t.TempDir()
	verdacciotest.WriteNpmrc(t, home, v.AuthLine(v.AddUser(t, "uma", "uma-password")))
	env := v.NpmEnv(t, home)
	work := t.TempDir()

	for _, version := range []string{"1.0.0", "1.1.0", "1.2.0"} {
		dir := filepath.Join(work, "v"+version)
		writePackage(t, dir, "gonpm-vd-gone", version, version)
		npm(t, env, dir, "publish")
	}
	if got := mustGonpm(t, env, work, "unpublish", "gonpm-vd-gone@1.2.0"); !strings.Contains(got, "- gonpm-vd-gone@1.2.0") {
		t.Fatalf("unpublish output:\n%s", got)
	}
	versions := npm(t, env, work, "view", "gonpm-vd-gone", "versions", "--json")
	if strings.Contains(versions, "1.2.0") || !strings.Contains(versions, "1.1.0") {
		t.Errorf("versions after removing 1.2.0: %s", versions)
	}
	if tags := v.DistTags(t, "gonpm-vd-gone"); tags["latest"] != "1.1.0" {
		t.Errorf("latest after removing 1.2.0 = %q, want 1.1.0", tags["latest"])
	}

	if got := mustGonpm(t, env, work, "unpublish", "gonpm-vd-gone", "--force"); !strings.Contains(got, "- gonpm-vd-gone\n") {
		t.Fatalf("unpublish --force output:\n%s", got)
	}
	if _, _, err := verdacciotest.RunNpm(t, env, work, "view", "gonpm-vd-gone"); err == nil {
		t.Errorf("npm view still finds the package after unpublish --force")
	}
}
