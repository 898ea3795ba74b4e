package semver

import (
	"strings"
	"testing"
)

// FuzzParse: parsing never panics; a parsed version prints as a version
// that parses back to an equal one; and every version is also a range
// (npm reads "1.2.3" as a range, so such a string is no dist-tag name).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"1.2.3", "v1.2.3", " 1.2.3 ", "1.2.3-beta.1", "1.0.0+build.5", "1.0.0-0.3.7+x",
		"01.2.3", "1.2", "1.2.3-", "18446744073709551615.0.0", "18446744073709551616.0.0",
		"1.2.3-01", "1.2.3-a..b", "=1.2.3", "1.2.3\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if Valid(s) != (err == nil) {
			t.Fatalf("Valid(%q) disagrees with Parse (err %v)", s, err)
		}
		if err != nil {
			return
		}
		again, err := Parse(v.String())
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", s, v.String(), err)
		}
		if Compare(v, again) != 0 || again.String() != v.String() {
			t.Fatalf("%q → %q → %q changed the version", s, v.String(), again.String())
		}
		if Compare(v, v) != 0 {
			t.Fatalf("%q is not equal to itself", s)
		}
		if !ValidRange(s) {
			t.Fatalf("version %q is not accepted as a range", s)
		}
	})
}

// FuzzCompare: the order of versions is antisymmetric and transitive, and
// a prerelease is lower than its release.
func FuzzCompare(f *testing.F) {
	f.Add("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0")
	f.Add("1.0.0-beta.11", "1.0.0-beta.2", "1.0.0-rc.1")
	f.Add("1.0.0-1", "1.0.0-a", "1.0.0-18446744073709551616")
	f.Add("0.0.0-0", "0.0.0-00a", "0.0.0")
	f.Fuzz(func(t *testing.T, sa, sb, sc string) {
		a, errA := Parse(sa)
		b, errB := Parse(sb)
		c, errC := Parse(sc)
		if errA != nil || errB != nil || errC != nil {
			return
		}
		if Compare(a, b) != -Compare(b, a) {
			t.Fatalf("Compare(%s, %s) = %d but Compare(%s, %s) = %d", sa, sb, Compare(a, b), sb, sa, Compare(b, a))
		}
		if Compare(a, b) <= 0 && Compare(b, c) <= 0 && Compare(a, c) > 0 {
			t.Fatalf("%s <= %s <= %s but %s > %s", sa, sb, sc, sa, sc)
		}
		if a.IsPrerelease() {
			release := *a
			release.Prerelease = nil
			if Compare(a, &release) >= 0 {
				t.Fatalf("prerelease %s is not lower than its release %s", sa, release.String())
			}
		}
	})
}

// FuzzValidRange: any string is classified without a panic, and joining
// two ranges with "||" is a range exactly when both are.
func FuzzValidRange(f *testing.F) {
	for _, s := range []string{
		"", "*", "1", "v1", "1.x", "^1.2", "~1.2.3", ">=1 <2", "1 - 2", "1 || 2", "latest",
		"> = 1", "1.2.3-rc", "1 - 2 - 3", "||", " x ", "~>1", "=v1", "1.2.3.4",
	} {
		f.Add(s, "1.x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, vb := ValidRange(a), ValidRange(b)
		if strings.Contains(a, "|") || strings.Contains(b, "|") {
			// A part's own bars would join the separator ("|" + "||").
			return
		}
		if got := ValidRange(a + "||" + b); got != (va && vb) {
			t.Fatalf("ValidRange(%q || %q) = %v, but the parts are %v and %v", a, b, got, va, vb)
		}
	})
}

// FuzzSatisfiesIncludingPrerelease: matching never panics, an invalid
// range matches nothing, and "*" (with prereleases) matches every valid
// version npm accepts.
func FuzzSatisfiesIncludingPrerelease(f *testing.F) {
	for _, s := range [][2]string{
		{"1.2.3", "^1"}, {"2.0.0-beta.1", "<2"}, {"1.0.0", "1 - 2"}, {"0.0.1", "^0.0"},
		{"1.2.3", ">=1.x <=2.x.x || ~3"}, {"18446744073709551615.0.0", "*"}, {"1.0.0", "^18446744073709551615"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, version, r string) {
		got := SatisfiesIncludingPrerelease(version, r)
		if got && (!ValidRange(r) || !Valid(version)) {
			t.Fatalf("%q satisfies the invalid range or version %q", version, r)
		}
		if v, err := Parse(version); err == nil && safeVersion(v) && !SatisfiesIncludingPrerelease(version, "*") {
			t.Fatalf("%q does not satisfy *", version)
		}
	})
}
