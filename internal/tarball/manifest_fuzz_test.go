package tarball

import (
	"encoding/json"
	"path"
	"strings"
	"testing"
)

// FuzzDecodeManifest feeds arbitrary package.json text to the reader
// pack lists files with: it never panics, and every bin it finds is a
// plain command name pointing at a clean path inside the package, as
// npm's bin normaliser guarantees (the bins decide which files are packed
// executable).
func FuzzDecodeManifest(f *testing.F) {
	for _, s := range []string{
		`{"name":"@s/cli","version":"1.0.0","bin":"./bin/cli.js"}`,
		`{"name":"x","bin":{"a":"a.js","../up":"../../etc/passwd","":"e.js","a:b":"c:d.js","\\w":"\\x\\y.js","/":"/"}}`,
		`{"name":"","bin":"cli.js"}`, `{"bin":["a"]}`, `{"directories":{"bin":"../.."}}`,
		`{"files":["lib",1,null],"bundleDependencies":true,"dependencies":{"d":"1"}}`,
		`{"bundledDependencies":{"x":1}}`, `null`, `[]`, `{"bin":{"x":5}}`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeManifest(data, dir)
		if err != nil {
			return
		}
		if len(m.binOrder) != len(m.bins) {
			t.Fatalf("bin order %q does not list the bins %v", m.binOrder, m.bins)
		}
		for _, name := range m.binOrder {
			target, ok := m.bins[name]
			if !ok {
				t.Fatalf("bin %q is ordered but missing", name)
			}
			if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\:`) {
				t.Fatalf("bin name %q from %s is not a command name", name, data)
			}
			if target == "" || target == "." || strings.HasPrefix(target, "/") || strings.Contains(target, `\`) ||
				path.Clean(target) != target || target == ".." || strings.HasPrefix(target, "../") {
				t.Fatalf("bin %q points outside the package or at an unclean path %q (from %s)", name, target, data)
			}
		}
		// A lone simple bin survives unchanged (with several, keys such
		// as "a" and "a:" name the same command and the last one wins).
		var raw map[string]any
		if json.Unmarshal(data, &raw) != nil {
			return
		}
		if bins, ok := raw["bin"].(map[string]any); ok && len(bins) == 1 {
			for k, v := range bins {
				if s, ok := v.(string); ok && isPlainName(k) && isPlainName(s) && k != "." && s != "." {
					if m.bins[k] != s {
						t.Fatalf("bin %q: %q became %q", k, s, m.bins[k])
					}
				}
			}
		}
	})
}

// FuzzExpandBraces: brace expansion stays within npm's limit of 100,000
// results whatever the pattern (a line like "{1..999999999}" in an
// ignore file must not take all memory), and a pattern without braces
// expands to itself.
func FuzzExpandBraces(f *testing.F) {
	for _, s := range []string{
		"a{b,c}", "x{1..3}", "{1..999999999}", "{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t}{u,v}{w,x}{y,z}{0,1}{2,3}{4,5}{6,7}{8,9}",
		"{9223372036854775806..9223372036854775807}", "{-9223372036854775808..-9223372036854775807}",
		"{a..z..5}", "{01..10}", "{,x}", `\{a,b}`, "{{a,b},{c,d}}", "{}", "{a}", "plain",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 300 {
			return
		}
		got := expandBraces(s)
		if len(got) > maxBraceExpansions {
			t.Fatalf("%q expanded to %d patterns", s, len(got))
		}
		if !strings.ContainsAny(s, "{}") && s != "" && (len(got) != 1 || got[0] != s) {
			t.Fatalf("%q without braces expanded to %q", s, got)
		}
	})
}
