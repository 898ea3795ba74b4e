package tarball

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteTarRoundTrip(t *testing.T) {
	files := []struct {
		path    string
		content string
		mode    int64
	}{
		{"LICENSE", "MIT\n", 0o644},
		{"bin/cli.js", "#!/usr/bin/env node\n", 0o755},
		{"private.txt", "", 0o600},
		{"héllo.js", "hi", 0o644},
		{"a/" + strings.Repeat("d", 60) + "/" + strings.Repeat("f", 50) + ".js", strings.Repeat("x", 513), 0o644},
		{"b/" + strings.Repeat("n", 120) + ".js", "long base", 0o644},
		{strings.Repeat("deep/", 35) + "x.js", "long prefix", 0o644},
	}
	dir := t.TempDir()
	var list []File
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.content), 0o644); err != nil {
			t.Fatal(err)
		}
		list = append(list, File{Path: f.path, Size: int64(len(f.content)), Mode: f.mode})
	}
	var buf bytes.Buffer
	if err := WriteTar(&buf, dir, list); err != nil {
		t.Fatal(err)
	}
	if buf.Len()%blockSize != 0 || !bytes.Equal(buf.Bytes()[buf.Len()-2*blockSize:], make([]byte, 2*blockSize)) {
		t.Error("stream does not end with two zero blocks on a block boundary")
	}

	tr := tar.NewReader(&buf)
	for _, f := range files {
		hdr, err := tr.Next()
		if err != nil {
			t.Fatalf("reading entry for %s: %v", f.path, err)
		}
		if hdr.Name != "package/"+f.path {
			t.Errorf("name = %q, want %q", hdr.Name, "package/"+f.path)
		}
		if hdr.Typeflag != tar.TypeReg || hdr.Size != int64(len(f.content)) || hdr.Mode != f.mode {
			t.Errorf("%s: type %c size %d mode %o, want regular, %d, %o", f.path, hdr.Typeflag, hdr.Size, hdr.Mode, len(f.content), f.mode)
		}
		if !hdr.ModTime.Equal(time.Date(1985, 10, 26, 8, 15, 0, 0, time.UTC)) {
			t.Errorf("%s: mtime %v", f.path, hdr.ModTime)
		}
		if hdr.Uname != "" || hdr.Gname != "" || hdr.Uid != 0 || hdr.Gid != 0 {
			t.Errorf("%s: owner fields set: %+v", f.path, hdr)
		}
		data, _ := io.ReadAll(tr)
		if string(data) != f.content {
			t.Errorf("%s: content %q", f.path, data)
		}
	}
	if _, err := tr.Next(); err != io.EOF {
		t.Errorf("after last entry: %v, want EOF", err)
	}
}

// TestHeaderBytes checks the field encodings npm writes, as observed in
// real npm tarballs (protocol notes §3.4): octal with a space then a NUL,
// NUL uid/gid, the fixed mtime.
func TestHeaderBytes(t *testing.T) {
	h, needPax := ustarHeader("package/LICENSE", 0o644, 4, '0')
	if needPax {
		t.Fatal("short ASCII name needs no pax header")
	}
	fields := []struct {
		name     string
		from, to int
		want     string
	}{
		{"name", 0, 16, "package/LICENSE\x00"},
		{"mode", 100, 108, "000644 \x00"},
		{"uid", 108, 116, strings.Repeat("\x00", 8)},
		{"gid", 116, 124, strings.Repeat("\x00", 8)},
		{"size", 124, 136, "0000000004 \x00"},
		{"mtime", 136, 148, "3560116604 \x00"},
		{"typeflag", 156, 157, "0"},
		{"magic", 257, 265, "ustar\x0000"},
		{"uname+gname", 265, 329, strings.Repeat("\x00", 64)},
		{"devmajor", 329, 337, "000000 \x00"},
		{"devminor", 337, 345, "000000 \x00"},
		{"prefix and rest", 345, 512, strings.Repeat("\x00", 167)},
	}
	for _, f := range fields {
		if got := string(h[f.from:f.to]); got != f.want {
			t.Errorf("%s = %q, want %q", f.name, got, f.want)
		}
	}
	chk := string(h[148:156])
	if len(chk) != 8 || chk[6] != ' ' || chk[7] != 0 {
		t.Errorf("checksum field %q is not six octal digits, space, NUL", chk)
	}
	var sum int64
	for i, c := range h {
		if i >= 148 && i < 156 {
			c = ' '
		}
		sum += int64(c)
	}
	if parseOctal(h[148:154]) != sum {
		t.Errorf("checksum %q does not match the header sum %o", chk, sum)
	}
}

// TestPaxRecords checks the extended header body against the one observed
// in an npm tarball for package/héllo.js holding two bytes.
func TestPaxRecords(t *testing.T) {
	var buf bytes.Buffer
	if err := writePax(&buf, "package/héllo.js", 2); err != nil {
		t.Fatal(err)
	}
	const want = "26 path=package/héllo.js\n19 mtime=499162500\n9 size=2\n"
	if got := string(buf.Bytes()[blockSize : blockSize+len(want)]); got != want {
		t.Errorf("pax body = %q, want %q", got, want)
	}
	if name := cstr(buf.Bytes()[:100]); name != "PaxHeader/héllo.js" {
		t.Errorf("pax header name = %q", name)
	}
	if buf.Bytes()[156] != 'x' {
		t.Errorf("pax typeflag = %q", buf.Bytes()[156])
	}
}

func TestPaxRecordLength(t *testing.T) {
	// The length prefix counts its own digits, which can add a digit.
	for _, n := range []int{1, 5, 90, 95, 96, 97, 990, 995, 996, 997} {
		rec := paxRecord("path", strings.Repeat("a", n))
		var length int
		for _, c := range rec[:strings.IndexByte(rec, ' ')] {
			length = length*10 + int(c-'0')
		}
		if length != len(rec) {
			t.Errorf("value of %d bytes: record says %d, is %d", n, length, len(rec))
		}
	}
}

func TestSplitPrefix(t *testing.T) {
	tests := []struct {
		in, name, prefix string
		pax              bool
	}{
		{"package/a.js", "package/a.js", "", false},
		// 100 bytes: too long for the name field alone, so split.
		{"package/" + strings.Repeat("q", 92), strings.Repeat("q", 92), "package", false},
		{"package/" + strings.Repeat("d", 60) + "/" + strings.Repeat("f", 50), strings.Repeat("f", 50), "package/" + strings.Repeat("d", 60), false},
		{"package/" + strings.Repeat("n", 120), strings.Repeat("n", 99), "package", true},
		// node-tar leaves "." as the prefix of a long name without a slash.
		{strings.Repeat("x", 120), strings.Repeat("x", 99), ".", true},
	}
	for _, tt := range tests {
		name, prefix, pax := splitPrefix(tt.in)
		if name != tt.name || prefix != tt.prefix || pax != tt.pax {
			t.Errorf("splitPrefix(%q) = %q, %q, %v; want %q, %q, %v", tt.in, name, prefix, pax, tt.name, tt.prefix, tt.pax)
		}
	}
}
