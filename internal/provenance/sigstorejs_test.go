package provenance

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// npmNodeModules finds the node_modules folder of the npm installed on
// the machine, which holds sigstore-js (@sigstore/verify).
func npmNodeModules(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed")
	}
	real, err := filepath.EvalSymlinks(npm)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(real), "..", "node_modules")
	if _, err := os.Stat(filepath.Join(dir, "@sigstore", "verify")); err != nil {
		t.Skipf("no @sigstore/verify in npm's installation (%s)", dir)
	}
	return dir
}

type jsVerdict struct {
	Verified bool   `json:"verified"`
	SAN      string `json:"subjectAlternativeName"`
	Error    string `json:"error"`
}

func verifyWithSigstoreJS(t *testing.T, nodeModules, rootPath string, bundle []byte) jsVerdict {
	t.Helper()
	bundlePath := filepath.Join(t.TempDir(), "bundle.json")
	if err := os.WriteFile(bundlePath, bundle, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, "node", "testdata/sigstore-js-verify.js", nodeModules, rootPath, bundlePath).Output()
	var v jsVerdict
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("sigstore-js said %q: %v", out, err)
	}
	return v
}

// The second, independent verifier: the bundle gonpm makes verifies with
// sigstore-js as npm ships it, and a tampered one does not.
func TestBundleVerifiesWithSigstoreJS(t *testing.T) {
	nodeModules := npmNodeModules(t)
	ss := startedSigstore(t)
	bundle := ss.sign(t)
	v := verifyWithSigstoreJS(t, nodeModules, ss.rootPath, bundle)
	if !v.Verified || v.SAN != "https://github.com/octo/repo/.github/workflows/publish.yml@refs/heads/main" {
		t.Errorf("sigstore-js: %+v", v)
	}

	other := startedSigstore(t)
	if v := verifyWithSigstoreJS(t, nodeModules, other.rootPath, bundle); v.Verified {
		t.Errorf("sigstore-js verified the bundle against another trusted root")
	}
}
