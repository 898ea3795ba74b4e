package tarball

import (
	"archive/tar"
	"bytes"
	"io"
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCompileRule feeds arbitrary ignore-file lines to the pattern
// compiler and matcher: they must never panic, and a pattern without any
// glob syntax must match itself in any letter case, anywhere.
func FuzzCompileRule(f *testing.F) {
	for _, seed := range []string{
		"*.js", "!lib/", "/readme{,.*[^~$]}", "**/.git/**", "a/**/b/**/c", "[[:alpha:]]x", "[!a-z]",
		"x{1..3}", "{a,{b,c}}", `\#x`, "[", "]", "{", "a//b", "../x", "**", "!!", "lib/*", "?.ts", "[z-a]",
	} {
		f.Add(seed, "lib/a.js")
	}
	f.Fuzz(func(t *testing.T, pattern, path string) {
		if len(pattern) > 200 || len(path) > 200 {
			return
		}
		r := compileRule(strings.TrimSpace(pattern))
		for _, p := range []string{path, "/" + path, path + "/"} {
			r.match(p, false)
			r.match(p, true)
		}
		if isPlainName(pattern) {
			lit := compileRule(pattern)
			for _, p := range []string{pattern, strings.ToUpper(pattern), "dir/" + pattern, "/a/b/" + pattern} {
				if !lit.match(p, false) {
					t.Errorf("plain pattern %q does not match %q", pattern, p)
				}
			}
		}
	})
}

// isPlainName: letters, digits, '.', '_' and '-' only, not "." or "..",
// so no glob, brace, negation or comment syntax.
func isPlainName(s string) bool {
	if s == "" || s == "." || s == ".." || strings.ToUpper(s) == strings.ToLower(s) && strings.Trim(s, "._-") == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// FuzzWriteTarRoundTrip writes one entry with an arbitrary name and
// content and reads it back with archive/tar: the name (through ustar
// prefix or pax), size, mode and content must survive.
func FuzzWriteTarRoundTrip(f *testing.F) {
	f.Add("index.js", []byte("hi"), int64(0o644))
	f.Add("héllo.js", []byte(""), int64(0o600))
	f.Add(strings.Repeat("d/", 70)+"x.js", []byte("deep"), int64(0o755))
	f.Add(strings.Repeat("n", 150), bytes.Repeat([]byte("z"), 1000), int64(0o644))
	f.Add("日本語/"+strings.Repeat("é", 80), []byte("x"), int64(0o4755))
	f.Fuzz(func(t *testing.T, name string, content []byte, mode int64) {
		if name == "" || !utf8.ValidString(name) || strings.ContainsRune(name, 0) ||
			strings.Contains(name, "\n") || len(name) > 300 || path.Clean(name) != name ||
			path.IsAbs(name) || name == "." || strings.HasPrefix(name, "../") || name == ".." {
			// npm-packlist only yields clean relative paths.
			return
		}
		mode &= 0o7777
		full := tarPrefix + name
		var buf bytes.Buffer
		if err := writeEntry(&buf, full, mode, int64(len(content)), bytes.NewReader(content), nil); err != nil {
			t.Fatal(err)
		}
		buf.Write(make([]byte, 2*blockSize))

		tr := tar.NewReader(&buf)
		hdr, err := tr.Next()
		if err != nil {
			t.Fatalf("archive/tar cannot read the entry for %q: %v", full, err)
		}
		if hdr.Name != full || hdr.Size != int64(len(content)) || hdr.Mode != mode {
			t.Errorf("read back %q size %d mode %o; wrote %q size %d mode %o", hdr.Name, hdr.Size, hdr.Mode, full, len(content), mode)
		}
		got, err := io.ReadAll(tr)
		if err != nil || !bytes.Equal(got, content) {
			t.Errorf("content differs (err %v)", err)
		}
		if _, err := tr.Next(); err != io.EOF {
			t.Errorf("extra entries after %q: %v", full, err)
		}
	})
}
