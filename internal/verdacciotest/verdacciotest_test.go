package verdacciotest_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// The real npm CLI must be able to sign up, publish, view and install
// against an instance, or the harness is no stand-in for a registry.
func TestRealNpmPublishesAndInstalls(t *testing.T) {
	verdacciotest.NpmPath(t)
	v := verdacciotest.Start(t)

	tests := []struct {
		name string
		pkg  string
	}{
		{name: "unscoped", pkg: "verdacciotest-hello"},
		{name: "scoped", pkg: "@gonpm-test/hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			token := v.AddUser(t, "user-"+tt.name, randomSecret())
			home := t.TempDir()
			env := v.NpmEnv(t, home)
			source := "module.exports = " + `"hello from ` + tt.pkg + `";` + "\n"
			pkgDir := writePackage(t, tt.pkg, "1.0.0", source)

			// With a token the registry never issued it must refuse: publishing needs a login.
			verdacciotest.WriteNpmrc(t, home, v.AuthLine("not-a-token-"+randomSecret()))
			if _, _, err := verdacciotest.RunNpm(t, env, pkgDir, "publish"); err == nil {
				t.Fatalf("npm publish with a bogus token succeeded")
			}
			if tags := v.DistTags(t, tt.pkg); tags != nil {
				t.Fatalf("dist-tags after a refused publish = %v, want no package", tags)
			}

			verdacciotest.WriteNpmrc(t, home, v.AuthLine(token))
			runNpm(t, env, pkgDir, []string{token}, "publish")

			if got := v.DistTags(t, tt.pkg)["latest"]; got != "1.0.0" {
				t.Errorf("latest dist-tag = %q, want 1.0.0", got)
			}
			if got := strings.TrimSpace(runNpm(t, env, pkgDir, []string{token}, "view", tt.pkg, "version")); got != "1.0.0" {
				t.Errorf("npm view %s version = %q, want 1.0.0", tt.pkg, got)
			}

			// A different user with no token at all installs it into a fresh project.
			installHome := t.TempDir()
			project := t.TempDir()
			runNpm(t, v.NpmEnv(t, installHome), project, nil, "install", tt.pkg)
			installed, err := os.ReadFile(filepath.Join(project, "node_modules", tt.pkg, "index.js"))
			if err != nil {
				t.Fatalf("reading the installed package: %v", err)
			}
			if string(installed) != source {
				t.Errorf("installed index.js = %q, want the published %q", installed, source)
			}
		})
	}
}

// Each test gets its own registry: the same user name can sign up on two
// instances at once, and a token of one means nothing to the other.
func TestInstancesAreIndependent(t *testing.T) {
	a := verdacciotest.Start(t)
	b := verdacciotest.Start(t)
	if a.URL == b.URL {
		t.Fatalf("both instances listen on %s", a.URL)
	}
	for _, u := range []string{a.URL, b.URL} {
		if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, "/") {
			t.Errorf("URL = %q, want http://127.0.0.1:<port>/", u)
		}
	}

	tokenA := a.AddUser(t, "alice", randomSecret())
	tokenB := b.AddUser(t, "alice", randomSecret()) // a shared user store would answer 409

	tests := []struct {
		name     string
		registry *verdacciotest.Verdaccio
		token    string
		want     string
	}{
		{name: "own token on a", registry: a, token: tokenA, want: "alice"},
		{name: "own token on b", registry: b, token: tokenB, want: "alice"},
		{name: "token of b on a", registry: a, token: tokenB, want: ""},
		{name: "token of a on b", registry: b, token: tokenA, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.registry.Whoami(t, tt.token); got != tt.want {
				t.Errorf("whoami = %q, want %q", got, tt.want)
			}
		})
	}
}

func writePackage(t *testing.T, name, version, source string) string {
	t.Helper()
	dir := t.TempDir()
	manifest, err := json.MarshalIndent(map[string]string{
		"name":        name,
		"version":     version,
		"description": "published by the verdacciotest harness test",
		"main":        "index.js",
		"license":     "MIT",
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"package.json": string(manifest) + "\n", "index.js": source}
	for file, body := range files {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runNpm runs npm and fails the test with its output, secrets masked, if
// npm fails. It returns stdout.
func runNpm(t *testing.T, env []string, dir string, secrets []string, args ...string) string {
	t.Helper()
	stdout, stderr, err := verdacciotest.RunNpm(t, env, dir, args...)
	if err != nil {
		t.Fatalf("npm %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err,
			mask(stdout, secrets), mask(stderr, secrets))
	}
	return stdout
}

func mask(s string, secrets []string) string {
	for _, secret := range secrets {
		s = strings.ReplaceAll(s, secret, "<redacted>")
	}
	return s
}

func randomSecret() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
