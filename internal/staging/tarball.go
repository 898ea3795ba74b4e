package staging

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxManifest bounds how much of package/package.json is read.
const maxManifest = 16 << 20

// Entry is one entry of a package tarball, its path without "package/".
type Entry struct {
	Path string
	Size int64
	Mode int64
	// Sum is the SHA-1 of the content, to tell changed files from equal
	// ones of the same size.
	Sum [sha1.Size]byte
}

// Tarball is what a package tarball holds, with the hashes of its bytes.
type Tarball struct {
	Manifest     map[string]any
	Name         string
	Version      string
	Entries      []Entry // in tarball order
	Size         int64
	UnpackedSize int64
	Shasum       string // sha1 hex
	Integrity    string // sha512 SRI
}

// ReadTarball reads a gzipped package tarball. It fails, as npm does, when
// package/package.json is missing.
func ReadTarball(data []byte) (*Tarball, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the staged tarball is not gzipped: %w", err)
	}
	tb := &Tarball{Size: int64(len(data))}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the staged tarball: %w", err)
		}
		e := Entry{Path: strings.TrimPrefix(h.Name, "package/"), Size: h.Size, Mode: h.Mode & 0o7777}
		sum := sha1.New()
		var content io.Writer = sum
		var manifest bytes.Buffer
		if h.Name == "package/package.json" && tb.Manifest == nil {
			content = io.MultiWriter(sum, &limitedBuffer{buf: &manifest, left: maxManifest})
		}
		if _, err := io.Copy(content, tr); err != nil {
			return nil, fmt.Errorf("reading %s in the staged tarball: %w", h.Name, err)
		}
		copy(e.Sum[:], sum.Sum(nil))
		if manifest.Len() > 0 {
			if err := json.Unmarshal(manifest.Bytes(), &tb.Manifest); err != nil {
				return nil, fmt.Errorf("package/package.json in the staged tarball is not valid JSON: %w", err)
			}
		}
		tb.Entries = append(tb.Entries, e)
		tb.UnpackedSize += h.Size
	}
	if tb.Manifest == nil {
		return nil, errors.New("Could not read package.json from tarball")
	}
	tb.Name, _ = tb.Manifest["name"].(string)
	tb.Version, _ = tb.Manifest["version"].(string)
	s1 := sha1.Sum(data)
	s512 := sha512.Sum512(data)
	tb.Shasum = hex.EncodeToString(s1[:])
	tb.Integrity = "sha512-" + base64.StdEncoding.EncodeToString(s512[:])
	return tb, nil
}

// limitedBuffer keeps at most left bytes and drops the rest.
type limitedBuffer struct {
	buf  *bytes.Buffer
	left int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if n > l.left {
		p = p[:l.left]
	}
	l.buf.Write(p)
	l.left -= len(p)
	return n, nil
}

// DownloadFilename is the file `stage download` writes: npm's tarball name
// with the stage id before ".tgz" ("@scope/pkg" becomes "scope-pkg").
func DownloadFilename(name, version, id string) string {
	safe := strings.Replace(strings.Replace(name, "@", "", 1), "/", "-", 1)
	return safe + "-" + version + "-" + id + ".tgz"
}
