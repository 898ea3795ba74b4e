package verdacciotest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Environment variables that control how the harness finds its tools.
const (
	// EnvBinary names the bin/verdaccio script to run instead of the one
	// installed under .cache/ by scripts/install-verdaccio.sh.
	EnvBinary = "GONPM_VERDACCIO"
	// EnvRequireVerdaccio set to 1 turns a missing Verdaccio into a test
	// failure instead of a skip, so CI never passes by skipping.
	EnvRequireVerdaccio = "GONPM_REQUIRE_VERDACCIO"
	// EnvRequireNpm set to 1 does the same for a missing npm CLI.
	EnvRequireNpm = "GONPM_REQUIRE_NPM"
)

// installedBinary is where scripts/install-verdaccio.sh puts Verdaccio,
// relative to the repository root.
var installedBinary = filepath.Join(".cache", "verdaccio", "node_modules", "verdaccio", "bin", "verdaccio")

// unavailable skips the test, or fails it when the environment says the
// tool is required.
func unavailable(t testing.TB, requireEnv, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(requireEnv) == "1" {
		t.Fatalf("%s (%s=1)", msg, requireEnv)
	}
	t.Skip(msg)
}

// verdaccioBinary returns the bin/verdaccio script to run, skipping the
// test when there is none.
func verdaccioBinary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(EnvBinary); p != "" {
		if _, err := os.Stat(p); err != nil {
			unavailable(t, EnvRequireVerdaccio,
				"verdaccio not found at %s=%s: %v; unset it and run scripts/test.sh", EnvBinary, p, err)
		}
		return p
	}
	root, err := repoRoot()
	if err != nil {
		unavailable(t, EnvRequireVerdaccio, "verdaccio not found: %v; run scripts/test.sh", err)
	}
	p := filepath.Join(root, installedBinary)
	if _, err := os.Stat(p); err != nil {
		unavailable(t, EnvRequireVerdaccio,
			"verdaccio is not installed at %s; run scripts/test.sh (or scripts/install-verdaccio.sh first)", p)
	}
	return p
}

// nodeBinary returns the node executable that runs Verdaccio.
func nodeBinary(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		unavailable(t, EnvRequireVerdaccio, "node is needed to run verdaccio: %v", err)
	}
	return p
}

// NpmPath returns the path of the real npm CLI. It skips the test when npm
// is not on PATH, or fails it when GONPM_REQUIRE_NPM=1.
func NpmPath(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("npm")
	if err != nil {
		unavailable(t, EnvRequireNpm, "the npm CLI is not on PATH: %v", err)
	}
	return p
}

// repoRoot walks up from the working directory (a package directory under
// go test) to the folder holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
