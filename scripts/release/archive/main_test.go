package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestArchivesDependOnlyOnContents writes each format twice from copies of
// the same files that differ in everything but their bytes and execute bit
// (folder, modification time, permission bits, argument order): the
// outputs must be identical, and must change when a byte does.
func TestArchivesDependOnlyOnContents(t *testing.T) {
	write := func(dir string, mtime time.Time, exeMode, docMode os.FileMode, content string) []string {
		t.Helper()
		var paths []string
		for _, name := range []string{"gonpm", "README.md", "LICENSE"} {
			mode := docMode
			if name == "gonpm" {
				mode = exeMode
			}
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(name+content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(p, mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, mtime, mtime); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
		return paths
	}
	build := func(format string, files []string) []byte {
		t.Helper()
		out := filepath.Join(t.TempDir(), "out")
		args := []string{format, "-mtime", "1764000000", "-prefix", "gonpm_1.0.0_linux_amd64", "-o", out}
		if err := run(append(args, files...)); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	first := write(t.TempDir(), time.Unix(1, 0), 0o755, 0o644, "")
	second := write(t.TempDir(), time.Now(), 0o700, 0o600, "")
	second[0], second[2] = second[2], second[0]
	changed := write(t.TempDir(), time.Unix(1, 0), 0o755, 0o644, "!")
	for _, format := range []string{"tar.gz", "zip", "sha256sums"} {
		t.Run(format, func(t *testing.T) {
			a, b := build(format, first), build(format, second)
			if !bytes.Equal(a, b) {
				t.Errorf("two %s outputs of the same contents differ", format)
			}
			if bytes.Equal(a, build(format, changed)) {
				t.Errorf("the %s output did not change with the contents", format)
			}
		})
	}
}

func TestRefusesWhatItCannotStore(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.tar.gz")
	tests := []struct {
		name string
		args []string
	}{
		{"unknown format", []string{"rar", "-o", out, dir}},
		{"no files", []string{"tar.gz", "-o", out}},
		{"a folder", []string{"tar.gz", "-o", out, dir}},
		{"a missing file", []string{"zip", "-o", out, filepath.Join(dir, "absent")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := run(tt.args); err == nil {
				t.Fatal("no error")
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written", out)
			}
		})
	}
}
