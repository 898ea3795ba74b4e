package tgzcheck

import (
	"archive/tar"
	"errors"
	"strings"
	"testing"
)

func TestEntries(t *testing.T) {
	tests := []struct {
		name    string
		entries []tar.Header
		wantErr string // "" when every entry passes
	}{
		{"npm pack output", []tar.Header{{Name: "package/package.json", Typeflag: tar.TypeReg}, {Name: "package/lib/a.js", Typeflag: tar.TypeReg}}, ""},
		{"directories and a git global header", []tar.Header{{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header"}, {Name: "package/", Typeflag: tar.TypeDir}, {Name: "package/package.json", Typeflag: tar.TypeReg}}, ""},
		{"two package.json", []tar.Header{{Name: "package/package.json", Typeflag: tar.TypeReg}, {Name: "package/package.json", Typeflag: tar.TypeReg}}, "appears twice"},
		{"the same path spelled twice", []tar.Header{{Name: "package/package.json", Typeflag: tar.TypeReg}, {Name: "package/./package.json", Typeflag: tar.TypeReg}}, "appears twice"},
		{"outside package/", []tar.Header{{Name: "other/package.json", Typeflag: tar.TypeReg}}, "outside package/"},
		{"absolute", []tar.Header{{Name: "/etc/passwd", Typeflag: tar.TypeReg}}, "absolute"},
		{"drive letter", []tar.Header{{Name: "C:/x", Typeflag: tar.TypeReg}}, "absolute"},
		{"dot-dot", []tar.Header{{Name: "package/../../.bashrc", Typeflag: tar.TypeReg}}, `".."`},
		{"backslash", []tar.Header{{Name: `package\..\x`, Typeflag: tar.TypeReg}}, "backslash"},
		{"symlink", []tar.Header{{Name: "package/index.js", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}}, "is a link"},
		{"hard link", []tar.Header{{Name: "package/index.js", Typeflag: tar.TypeLink, Linkname: "package/package.json"}}, "is a link"},
		{"fifo", []tar.Header{{Name: "package/pipe", Typeflag: tar.TypeFifo}}, "not a regular file"},
		{"device", []tar.Header{{Name: "package/dev", Typeflag: tar.TypeChar}}, "not a regular file"},
		{"escape sequence in a name", []tar.Header{{Name: "evil\x1b[2J/x", Typeflag: tar.TypeReg}}, `evil\x1b[2J`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New("pkg.tgz")
			var err error
			for i := range tt.entries {
				if _, _, err = c.Entry(&tt.entries[i]); err != nil {
					break
				}
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "pkg.tgz") {
				t.Fatalf("err = %v, want one naming pkg.tgz and %q", err, tt.wantErr)
			}
			if strings.ContainsAny(err.Error(), "\x1b\n\r") {
				t.Errorf("error holds control characters: %q", err)
			}
		})
	}
}

// FuzzEntry: an accepted entry's path stays inside package/, never holds
// "..", and no path is accepted twice.
func FuzzEntry(f *testing.F) {
	f.Add("package/package.json", byte(tar.TypeReg), "package/./package.json", byte(tar.TypeReg))
	f.Add("package/../x", byte(tar.TypeReg), "/abs", byte(tar.TypeSymlink))
	f.Fuzz(func(t *testing.T, a string, ta byte, b string, tb byte) {
		c := New("f.tgz")
		var rels []string
		for _, h := range []tar.Header{{Name: a, Typeflag: ta}, {Name: b, Typeflag: tb}} {
			rel, isFile, err := c.Entry(&h)
			if err != nil || !isFile {
				continue
			}
			if rel == "" || strings.HasPrefix(rel, "/") || strings.Contains("/"+rel+"/", "/../") || strings.Contains(rel, `\`) {
				t.Fatalf("accepted %q as %q", h.Name, rel)
			}
			for _, r := range rels {
				if r == rel {
					t.Fatalf("accepted %q twice", rel)
				}
			}
			rels = append(rels, rel)
		}
	})
}
