package semver

import (
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidRangeMatchesNpm compares ValidRange with npm's own semver
// (run by node from npm's installation) on ranges built from the
// characters range syntax is made of, from a fixed seed.
func TestValidRangeMatchesNpm(t *testing.T) {
	semverDir := npmModule(t, "semver")
	ranges := []string{
		"", "*", "x", "1", "v1", "=v1", "1.x", "1.2.*", "^1.2", "~1.2.3", "~>1", ">=1 <2", ">= 1", "1 - 2", "1 || 2",
		"1.0.0-rc", "latest", "v1-beta", "|", "||", "|||", "||||", "1 |", "1.2.3.4", "01", "1.02", "^01.2.3",
		"1.2.3-01", "1.2.3+b", ">=1.2.3-beta.1 <1.2.3", "1 - 2 - 3", "- 1", "1 -", "<", "=", "^", "~", "> = 1",
	}
	rng := rand.New(rand.NewSource(11))
	alphabet := []rune("0123456789.xX*^~<>=| \t-v+ab")
	for range 2000 {
		var b []rune
		for range 1 + rng.Intn(10) {
			b = append(b, alphabet[rng.Intn(len(alphabet))])
		}
		ranges = append(ranges, string(b))
	}
	input, _ := json.Marshal(ranges)
	script := `const semver = require(process.argv[1]);
const ranges = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(ranges.map(r => semver.validRange(r) !== null)));`
	cmd := exec.Command("node", "-e", script, semverDir)
	cmd.Stdin = strings.NewReader(string(input))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var npmValid []bool
	if err := json.Unmarshal(out, &npmValid); err != nil || len(npmValid) != len(ranges) {
		t.Fatalf("node printed %q: %v", out, err)
	}
	for i, r := range ranges {
		if got := ValidRange(r); got != npmValid[i] {
			t.Errorf("ValidRange(%q) = %v, npm's semver says %v", r, got, npmValid[i])
		}
	}
}

// npmModule finds a module bundled with the npm on PATH, or skips (fails
// with GONPM_REQUIRE_NPM=1).
func npmModule(t *testing.T, name string) string {
	t.Helper()
	skip := func(why string) {
		t.Helper()
		if os.Getenv("GONPM_REQUIRE_NPM") == "1" {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		skip("npm is not installed")
	}
	if _, err := exec.LookPath("node"); err != nil {
		skip("node is not installed")
	}
	real, err := filepath.EvalSymlinks(npm)
	if err != nil {
		skip(err.Error())
	}
	dir := filepath.Join(filepath.Dir(filepath.Dir(real)), "node_modules", name)
	if _, err := os.Stat(dir); err != nil {
		skip("npm's " + name + " not found next to " + real)
	}
	return dir
}
