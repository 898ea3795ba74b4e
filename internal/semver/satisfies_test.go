package semver

import (
	"math/rand"
	"testing"

	"github.com/gonpm/gonpm/internal/npmref"
)

func TestSatisfiesIncludingPrerelease(t *testing.T) {
	tests := []struct {
		version, r string
		want       bool
	}{
		{"1.0.0", "*", true},
		{"2.0.0-beta.1", "*", true},
		{"2.0.0-beta.1", "<2.0.0", true},
		{"2.0.0-beta.1", "^1.0.0", false},
		{"1.9.9-rc.1", "^1.0.0", true},
		{"1.0.0-alpha", "1.0.0", false},
		{"1.2.3", "1.2.3 - 2", true},
		{"3.0.0-0", "1 - 2", false},
		{"0.1.5", "^0.1", true},
		{"0.2.0-0", "^0.1", false},
		{"1.0.0", "latest", false},
		{"1.0.0", ">=1 <1.0.0 || 1.x", true},
		{"not-a-version", "*", false},
	}
	for _, tt := range tests {
		if got := SatisfiesIncludingPrerelease(tt.version, tt.r); got != tt.want {
			t.Errorf("SatisfiesIncludingPrerelease(%q, %q) = %v, want %v", tt.version, tt.r, got, tt.want)
		}
	}
}

// TestSatisfiesMatchesNpm compares SatisfiesIncludingPrerelease with npm's
// own semver.satisfies(v, r, {includePrerelease: true}) on ranges and
// versions built from a fixed seed.
func TestSatisfiesMatchesNpm(t *testing.T) {
	versions := []string{"0.0.0", "0.0.1", "0.1.0", "0.1.2-0", "0.1.2", "0.1.5", "0.0.1-0", "1.2.3-0", "1.0.0-0", "1.0.0-alpha", "1.0.0", "1.2.3-beta.2",
		"1.2.3", "1.2.4", "1.3.0-rc.1", "1.3.0", "2.0.0-beta.1", "2.0.0", "2.1.0", "10.0.0", "1.2.3+build", "9007199254740991.0.0", "9007199254740992.0.0"}
	ranges := []string{"*", "", "x", "1", "1.x", "1.2", "1.2.x", "^0", "^0.0", "^0.0.1", "^0.1", "^0.1.2", "^1.2.3",
		"^1.2.3-beta.1", "~1", "~1.2", "~1.2.3", "~1.2.3-beta.1", "~>1.2", ">1", ">1.2", ">=1.2", "<=1.2", "<1.2",
		"<=1", ">1.2.3", "<2", "<2.0.0", "=1.2.3", "v1.2.3", "1.2.3 - 2", "1 - 2.1", "1.2 - 2.0.0-beta.1",
		"1.0.0-alpha - 1.2.3", ">=1.0.0 <2 || 10", "<0.0.0", ">x", "<x", ">=*", "1.2.3 || >=2.0.0-0 <2.0.0",
		"^9007199254740991.0.0", "^9007199254740992.0.0", "9007199254740991.x", "<9007199254740992 || *", ">=1 <99999999999999999999"}
	rng := rand.New(rand.NewSource(15))
	alphabet := []string{"0", "1", "2", ".", "x", "*", "^", "~", "<", ">", "=", " ", "-", "||", "beta"}
	for range 300 {
		var b string
		for range 1 + rng.Intn(8) {
			b += alphabet[rng.Intn(len(alphabet))]
		}
		ranges = append(ranges, b)
	}
	var inputs []string
	for _, r := range ranges {
		for _, v := range versions {
			inputs = append(inputs, v+"\x00"+r)
		}
	}
	npm := npmref.Verdicts(t, "semver", `m.satisfies(x.split("\u0000")[0], x.split("\u0000")[1], {includePrerelease: true})`, inputs)
	bad := 0
	for i, in := range inputs {
		v, r, _ := cut(in)
		if got := SatisfiesIncludingPrerelease(v, r); got != npm[i] && bad < 30 {
			bad++
			t.Errorf("SatisfiesIncludingPrerelease(%q, %q) = %v, npm's semver says %v", v, r, got, npm[i])
		}
	}
}

func cut(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == 0 {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
