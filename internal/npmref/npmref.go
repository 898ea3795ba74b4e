// Package npmref lets tests ask npm's own bundled modules (semver,
// validate-npm-package-name, …) for a verdict, so gonpm's rules are checked
// against the reference instead of against expectations written by hand.
package npmref

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Verdicts loads the module that npm on PATH bundles and evaluates the
// JavaScript expression judge for every input, with the module bound to m
// and the input to x; it returns the boolean verdicts in input order. The
// test is skipped when npm or node is missing (failed with
// GONPM_REQUIRE_NPM=1).
func Verdicts(t testing.TB, module, judge string, inputs []string) []bool {
	t.Helper()
	dir := bundled(t, module)
	script := `const m = require(process.argv[1]);
const xs = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(xs.map(x => Boolean(` + judge + `))));`
	input, _ := json.Marshal(inputs)
	cmd := exec.Command("node", "-e", script, dir)
	cmd.Stdin = strings.NewReader(string(input))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var verdicts []bool
	if err := json.Unmarshal(out, &verdicts); err != nil || len(verdicts) != len(inputs) {
		t.Fatalf("node printed %q: %v", out, err)
	}
	return verdicts
}

// bundled finds a module bundled with the npm on PATH.
func bundled(t testing.TB, name string) string {
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

// Bundled returns the folder of a module bundled with the npm on PATH
// (skipping the test, or failing it with GONPM_REQUIRE_NPM=1, when there
// is none), for tests that drive the module with their own script.
func Bundled(t testing.TB, name string) string {
	t.Helper()
	return bundled(t, name)
}
