package tarball

import (
	"strings"
	"testing"
)

func TestNodeExtname(t *testing.T) {
	// Values printed by Node 20's path.extname.
	tests := map[string]string{
		"a.js": ".js", ".eslintrc": "", "..a": ".a", "a.": ".", "..": "", "...": ".",
		".a.b": ".b", "a..b": ".b", "a": "", ".": "", "..a.b": ".b", "x.tar.gz": ".gz", "..ab.": ".",
	}
	for in, want := range tests {
		if got := nodeExtname(in); got != want {
			t.Errorf("nodeExtname(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSortPackList(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{
			// The order observed in a real npm tarball (protocol notes §3.3).
			"observed npm order",
			"README.md lib/Zeta.md package.json lib/index.js bin/cli.js lib/a.js LICENSE",
			"LICENSE lib/a.js bin/cli.js lib/index.js package.json README.md lib/Zeta.md",
		},
		{
			// ICU collation: punctuation before digits before letters,
			// lower case before upper case on a tie, numbers not numeric.
			"collation not byte order",
			"b.js B.js a10.js a2.js _a.js -a.js 1.js a.js",
			"_a.js -a.js 1.js a.js a10.js a2.js b.js B.js",
		},
		{
			"scoped paths compare as ./@",
			"z/x.js @s/x.js a/x.js",
			"@s/x.js a/x.js z/x.js",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths := strings.Fields(tt.in)
			sortPackList(paths)
			if got := strings.Join(paths, " "); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n     int64
		space bool
		want  string
	}{
		{0, false, "0B"}, {999, true, "999 B"}, {1000, true, "1.0 kB"}, {1000, false, "1.0kB"}, {1550, true, "1.6 kB"},
		{999949, false, "999.9kB"}, {999950, false, "1.0MB"}, {20_000_000, true, "20.0 MB"},
		{999950000, false, "1.0GB"}, {1250, false, "1.3kB"}, {1150, false, "1.1kB"}, {1350, false, "1.4kB"},
		{2_050_000, false, "2.0MB"}, {999_949_999, false, "999.9MB"},
	}
	for _, tt := range tests {
		if got := FormatBytes(tt.n, tt.space); got != tt.want {
			t.Errorf("FormatBytes(%d, %v) = %q, want %q", tt.n, tt.space, got, tt.want)
		}
	}
}

func TestFilename(t *testing.T) {
	tests := map[[2]string]string{
		{"pkg", "1.0.0"}:         "pkg-1.0.0.tgz",
		{"@scope/pkg", "1.0.0"}:  "scope-pkg-1.0.0.tgz",
		{"@s/p", "2.0.0-beta.1"}: "s-p-2.0.0-beta.1.tgz",
	}
	for in, want := range tests {
		if got := Filename(in[0], in[1]); got != want {
			t.Errorf("Filename(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}
