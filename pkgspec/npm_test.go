package pkgspec

import (
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidationMatchesNpm compares the name rules with npm's own
// validator (run by node from npm's installation) on names built from the
// characters that matter: gonpm must accept every argument npm accepts for
// existing packages and refuse every one npm refuses.
func TestValidationMatchesNpm(t *testing.T) {
	validator := npmModule(t, "validate-npm-package-name")
	names := []string{
		"pkg", "Pkg", "JSONStream", "@s/pkg", "@S/pkg", "@s/.pkg", "@s/_pkg", ".pkg", "_pkg", "-pkg", "pkg-",
		"node_modules", "Favicon.ico", "a b", " a", "a:b", "a@b", "a$b", "a+b", "a;b", "a=b", "a,b", "a&b",
		"a!b", "a~b", "a*b", "a'b", "a(b)", "@s/a!", "@s!/a", "@/a", "@s/", "@s/a/b", "a/b", "é", "a%20b",
		strings.Repeat("a", 215),
	}
	// Random names over an alphabet of every character class the rules
	// distinguish, from a fixed seed so a failure repeats.
	rng := rand.New(rand.NewSource(7))
	alphabet := []rune("aZ09-_.!~*'()@/ :$+;=,&%é")
	for range 400 {
		var b []rune
		for range 1 + rng.Intn(7) {
			b = append(b, alphabet[rng.Intn(len(alphabet))])
		}
		names = append(names, string(b))
	}
	input, _ := json.Marshal(names)
	script := `const v = require(process.argv[1]);
const names = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(names.map(n => v(n).validForOldPackages)));`
	cmd := exec.Command("node", "-e", script, validator)
	cmd.Stdin = strings.NewReader(string(input))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var npmValid []bool
	if err := json.Unmarshal(out, &npmValid); err != nil || len(npmValid) != len(names) {
		t.Fatalf("node printed %q: %v", out, err)
	}
	for i, name := range names {
		if got := ValidateExistingName(name) == nil; got != npmValid[i] {
			t.Errorf("name %q: gonpm valid = %v, npm validForOldPackages = %v", name, got, npmValid[i])
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
