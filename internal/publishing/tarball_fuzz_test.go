package publishing

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/tarball"
)

// FuzzReadTarball feeds arbitrary files to `publish <file>.tgz`'s reader:
// never a panic; when it accepts a file, the name and version come from
// the package.json inside, and size and integrity describe the exact
// bytes that will be uploaded.
func FuzzReadTarball(f *testing.F) {
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"@s/p","version":"1.0.0","bin":"cli.js"}`), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cli.js"), []byte("#!/usr/bin/env node\n"), 0o755); err != nil {
		f.Fatal(err)
	}
	var packed bytes.Buffer
	if _, err := tarball.Pack(dir, &packed); err != nil {
		f.Fatal(err)
	}
	f.Add(packed.Bytes())
	f.Add(handmadeTarball(f, map[string]string{"package/package.json": `{"name":"x","version":"2.0.0"}`, "package/../../evil": "x"}))
	f.Add(handmadeTarball(f, map[string]string{"package.json": `{"name":"x"}`, "a/package.json": `[]`}))
	f.Add([]byte("\x1f\x8b not really gzip"))
	f.Add([]byte{})

	file := filepath.Join(f.TempDir(), "p.tgz")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		raw, contents, err := readTarball(file)
		if err != nil {
			return
		}
		name, _ := raw["name"].(string)
		version, _ := raw["version"].(string)
		if contents.Name != name || contents.Version != version {
			t.Fatalf("contents say %s@%s, package.json %s@%s", contents.Name, contents.Version, name, version)
		}
		// What is accepted unpacks inside package/, each path once.
		seen := map[string]bool{}
		for _, file := range contents.Files {
			if seen[file.Path] || file.Path == "" || strings.HasPrefix(file.Path, "/") || strings.Contains("/"+file.Path+"/", "/../") {
				t.Fatalf("accepted the entry %q (twice: %v)", file.Path, seen[file.Path])
			}
			seen[file.Path] = true
		}
		sum := sha512.Sum512(data)
		if contents.Size != int64(len(data)) || contents.Integrity != "sha512-"+base64.StdEncoding.EncodeToString(sum[:]) {
			t.Fatalf("size %d / integrity %s do not describe the %d bytes read", contents.Size, contents.Integrity, len(data))
		}
	})
}

func handmadeTarball(f *testing.F, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, text := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(text)), Typeflag: tar.TypeReg}); err != nil {
			f.Fatal(err)
		}
		if _, err := tw.Write([]byte(text)); err != nil {
			f.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		f.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}
