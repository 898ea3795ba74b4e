package config

import (
	"strings"
	"testing"
)

// FuzzExpand: expansion never panics, leaves text without "${" alone, and
// only ever inserts the values of the variables it was given.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{"${TOKEN}", "\\${TOKEN}", "\\\\${TOKEN}", "${MISSING}", "${MISSING?}", "a${TOKEN}b${OTHER?}c", "$TOKEN", "${", "${}", "${TOKEN"} {
		f.Add(s)
	}
	env := map[string]string{"TOKEN": "tok-value", "OTHER": ""}
	f.Fuzz(func(t *testing.T, s string) {
		got := expand(s, env)
		if !strings.Contains(s, "${") && got != s {
			t.Fatalf("expand(%q) = %q: text without ${ must not change", s, got)
		}
		if !strings.Contains(s, "tok-value") && strings.Count(got, "tok-value") > strings.Count(s, "${TOKEN}") {
			t.Fatalf("expand(%q) = %q inserted the value more often than it was referenced", s, got)
		}
	})
}
