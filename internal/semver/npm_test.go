package semver

import (
	"math/rand"
	"testing"

	"github.com/gonpm/gonpm/internal/npmref"
)

// TestValidRangeMatchesNpm compares ValidRange with npm's own semver
// (run by node from npm's installation) on ranges built from the
// characters range syntax is made of, from a fixed seed.
func TestValidRangeMatchesNpm(t *testing.T) {
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
	npmValid := npmref.Verdicts(t, "semver", `m.validRange(x) !== null`, ranges)
	for i, r := range ranges {
		if got := ValidRange(r); got != npmValid[i] {
			t.Errorf("ValidRange(%q) = %v, npm's semver says %v", r, got, npmValid[i])
		}
	}
}
