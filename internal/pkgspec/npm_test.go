package pkgspec

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/npmref"
)

// TestValidationMatchesNpm compares the name rules with npm's own
// validator (run by node from npm's installation) on names built from the
// characters that matter: gonpm must accept every argument npm accepts for
// existing packages and refuse every one npm refuses.
func TestValidationMatchesNpm(t *testing.T) {
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
	npmValid := npmref.Verdicts(t, "validate-npm-package-name", `m(x).validForOldPackages`, names)
	for i, name := range names {
		if got := ValidateExistingName(name) == nil; got != npmValid[i] {
			t.Errorf("name %q: gonpm valid = %v, npm validForOldPackages = %v", name, got, npmValid[i])
		}
	}
}
