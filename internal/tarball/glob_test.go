package tarball

import (
	"reflect"
	"testing"
)

// minimatchCases were produced by npm 11.19.1's own minimatch (10.2.5) with
// ignore-walk's options {matchBase, dot, nocase, flipNegate}: pattern,
// path, partial, result.
var minimatchCases = []struct {
	pattern, path string
	partial, want bool
}{
	{"*.js", "lib/a.js", false, true},
	{"*.js", "/a.JS", false, true},
	{"*.js", "a.jsx", false, false},
	{"/*.js", "/lib/a.js", false, false},
	{"lib", "lib/", false, true},
	{"lib/", "lib", false, false},
	{"lib/", "lib/", false, true},
	{"lib/", "/lib/", false, false},
	{"lib/**", "lib/a/b.js", false, true},
	{"lib/**", "lib", true, true},
	{"lib/**", "lib", false, false},
	{"lib/**", "lib/", false, true},
	{"**/.git", "a/b/.git", false, true},
	{"**/.git/**", ".git/config", false, true},
	{"a/**/b", "a/b", false, true},
	{"a/**/b", "a/x/y/b", false, true},
	{"a/**/b", "a/x/y/c", true, true},
	{"!docs/*.md", "docs", true, true},
	{"!docs/*.md", "/docs", true, false},
	{"docs/*.md", "docs/x/y.md", false, false},
	{"/readme{,.*[^~$]}", "/README", false, true},
	{"/readme{,.*[^~$]}", "/readme.md", false, true},
	{"/readme{,.*[^~$]}", "/readme.md~", false, false},
	{"/readme{,.*[^~$]}", "/readme~", false, false},
	{"/readme{,.*[^~$]}", "/readme-x", false, false},
	{"/readme{,.*[^~$]}", "/readme.", false, false},
	{"*.{md,txt}", "x/notes.TXT", false, true},
	{"[abc].js", "b.js", false, true},
	{"[abc].js", "d.js", false, false},
	{"[!abc].js", "d.js", false, true},
	{"?.ts", "x.ts", false, true},
	{"?.ts", "xy.ts", false, false},
	{"\\#hash.js", "#hash.js", false, true},
	{".*.swp", ".a.swp", false, true},
	{"*", ".hidden", false, true},
	{"*", "", false, false},
	{"._*", "._x", false, true},
	{"**/._*/**", "a/._b/c", false, true},
	{"x{1..3}", "x2", false, true},
	{"x{01..3}", "x02", false, true},
	{"x{a..c}", "xb", false, true},
	{"src/*/gen", "src/one/gen", false, true},
	{"src/*/gen", "src/one/two/gen", false, false},
	{"**/tmp/**", "lib/tmp/u.js", false, true},
	{"**/tmp/**", "tmp", true, true},
	{"a//b", "a/b", false, true},
	{"a/../b", "b", false, true},
	{"[z-a].js", "a.js", false, false},
	{"[[:digit:]]x", "1x", false, true},
	{"[a-]x", "-x", false, true},
	{"lib/*", "lib/a/", false, true},
	{"lib/*", "lib/", false, false},
	{"**", "a/b", false, true},
	{"/archived-packages/**", "/archived-packages", true, true},
}

func TestRuleMatchesMinimatch(t *testing.T) {
	for _, tc := range minimatchCases {
		got := compileRule(tc.pattern).match(tc.path, tc.partial)
		if got != tc.want {
			t.Errorf("match(%q, %q, partial=%v) = %v, minimatch says %v", tc.pattern, tc.path, tc.partial, got, tc.want)
		}
	}
}

func TestCompileRule(t *testing.T) {
	tests := []struct {
		pattern          string
		negate, relative bool
		alternatives     int
	}{
		{"*.js", false, true, 1},
		{"!lib/", true, true, 1},
		{"!!x", false, true, 1},
		{"lib/a.js", false, false, 1},
		{"/x", false, false, 1},
		{"/readme{,.*[^~$]}", false, false, 2},
		{"{a,b,a}", false, true, 2},
	}
	for _, tt := range tests {
		r := compileRule(tt.pattern)
		if r.negate != tt.negate || r.relative != tt.relative || len(r.sets) != tt.alternatives {
			t.Errorf("compileRule(%q) = negate %v relative %v %d alternatives, want %v %v %d",
				tt.pattern, r.negate, r.relative, len(r.sets), tt.negate, tt.relative, tt.alternatives)
		}
	}
}

func TestParseIgnoreFile(t *testing.T) {
	rules := parseIgnoreFile("# comment\r\n\r\n  spaced.txt  \n   # indented comment\n!keep\n")
	if len(rules) != 2 {
		t.Fatalf("got %d rules, want 2 (comments and blank lines skipped)", len(rules))
	}
	if !rules[0].match("spaced.txt", false) {
		t.Error("surrounding spaces were not trimmed")
	}
	if !rules[1].negate {
		t.Error("!keep is not a negation")
	}
}

func TestExpandBraces(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"a{b,c}d", []string{"abd", "acd"}},
		{"{,.x}", []string{".x"}},
		{"{a}", []string{"{a}"}},
		{"x{1..3}", []string{"x1", "x2", "x3"}},
		{"{a,{b,c}}", []string{"a", "b", "c"}},
		{"{a,b}{1,2}", []string{"a1", "a2", "b1", "b2"}},
	}
	for _, tt := range tests {
		got := expandBraces(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("expandBraces(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("expandBraces(%q) = %q, want %q", tt.in, got, tt.want)
				break
			}
		}
	}
}

func TestExpandBracesDropsEmpty(t *testing.T) {
	// minimatch's brace expansion: "{,}" expands to nothing, "a{,}" to a twice.
	if got := expandBraces("{,}"); len(got) != 0 {
		t.Errorf("expandBraces(\"{,}\") = %q, want none", got)
	}
	if got := expandBraces("a{,}"); len(got) != 2 || got[0] != "a" || got[1] != "a" {
		t.Errorf("expandBraces(\"a{,}\") = %q, want [a a]", got)
	}
}

func TestSplitSlashes(t *testing.T) {
	tests := map[string][]string{
		"":          {""},
		"a":         {"a"},
		"/a/b/":     {"", "a", "b", ""},
		"a//b":      {"a", "b"},
		"//a///b//": {"", "a", "b", ""},
		"/":         {"", ""},
	}
	for in, want := range tests {
		if got := splitSlashes(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitSlashes(%q) = %q, want %q", in, got, want)
		}
	}
}
