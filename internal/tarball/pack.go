// Package tarball builds npm package tarballs: it reads the manifest,
// chooses the files npm 11 would publish from a folder (files, ignore
// rules, always-included and always-excluded files), writes them as the
// same uncompressed tar stream npm writes, byte for byte, then gzips it.
// It also reports a tarball the way npm does (the notice block, --json).
// The `gonpm pack` command and the publish pipeline use it; it runs no
// lifecycle scripts (see internal/lifecycle).
package tarball

import (
	"bufio"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Options tune Pack. Lifecycle scripts are run by the caller.
type Options struct {
	IgnoreScripts bool
}

// File is one entry of the tarball.
type File struct {
	Path string // package-relative, slash separated
	Size int64
	Mode int64 // the permission bits written to the tar header
}

// Result summarises a packed tarball, as `npm pack --json` reports it.
type Result struct {
	Name, Version string
	Manifest      map[string]any // package.json as read
	Files         []File         // in tarball order
	Size          int64          // .tgz bytes
	UnpackedSize  int64
	Shasum        string // sha1 hex of the .tgz
	Integrity     string // "sha512-<base64>" of the .tgz
	Filename      string // "name-1.0.0.tgz", scoped "scope-name-1.0.0.tgz"
	// Warnings are notices npm would log while choosing files.
	Warnings []string
}

// List returns the files npm would pack from dir, in tarball order.
func List(dir string) ([]File, error) {
	files, _, _, err := list(dir)
	return files, err
}

func list(dir string) ([]File, *manifest, []string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := readManifest(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	l := &listing{seen: map[string]bool{}, info: map[string]os.FileInfo{}, bundles: map[string]bool{}}
	if err := walkPackage(l, dir, dir, "", m, true, false); err != nil {
		return nil, nil, nil, err
	}
	sortPackList(l.files)

	files := make([]File, 0, len(l.files))
	for _, p := range l.files {
		st := l.info[p]
		mode := int64(st.Mode().Perm())
		if st.Mode()&os.ModeSetuid != 0 {
			mode |= 0o4000
		}
		if st.Mode()&os.ModeSetgid != 0 {
			mode |= 0o2000
		}
		if st.Mode()&os.ModeSticky != 0 {
			mode |= 0o1000
		}
		if m.isBinPath(p) {
			mode |= 0o111
		}
		// node-tar's portable mode: owner may always read and write,
		// group and others may never write.
		mode = (mode | 0o600) &^ 0o022
		files = append(files, File{Path: p, Size: st.Size(), Mode: mode})
	}
	return files, m, l.warnings, nil
}

// isBinPath reports whether pacote marks the packed path executable. It
// drops the first folder of the path before comparing with the bin
// targets, so only bins at the package root (or, by the same quirk, a
// same-named file one folder down) get execute bits.
func (m *manifest) isBinPath(p string) bool {
	if strings.HasPrefix(p, "@") {
		p = "./" + p
	}
	if i := strings.IndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	for _, target := range m.bins {
		if target == p {
			return true
		}
	}
	return false
}

// Pack writes the gzipped tarball of the package in dir to w and returns
// its summary.
func Pack(dir string, w io.Writer) (*Result, error) {
	files, m, warnings, err := list(dir)
	if err != nil {
		return nil, err
	}
	if m.name == "" || m.version == "" {
		return nil, fmt.Errorf("invalid package, must have name and version")
	}
	sha1sum, sha512sum := sha1.New(), sha512.New()
	counter := &countingWriter{}
	out := io.MultiWriter(w, sha1sum, sha512sum, counter)

	zw, err := newGzipWriter(out)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(zw, 64*1024)
	if err := WriteTar(bw, dir, files); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}

	var unpacked int64
	for _, f := range files {
		unpacked += f.Size
	}
	return &Result{
		Name:         m.name,
		Version:      m.version,
		Manifest:     m.raw,
		Files:        files,
		Size:         counter.n,
		UnpackedSize: unpacked,
		Shasum:       hex.EncodeToString(sha1sum.Sum(nil)),
		Integrity:    sri(sha512sum),
		Filename:     Filename(m.name, m.version),
		Warnings:     warnings,
	}, nil
}

func sri(h hash.Hash) string {
	return "sha512-" + base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// Filename is the name npm gives a tarball: "@scope/name" becomes
// "scope-name".
func Filename(name, version string) string {
	name = strings.Replace(strings.TrimPrefix(name, "@"), "/", "-", 1)
	return name + "-" + version + ".tgz"
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
