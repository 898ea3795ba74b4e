package publishing

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/gonpm/gonpm/internal/tgzcheck"
)

// readTarball reads the manifest and the file list of a .tgz made by pack
// (or npm pack), with the hashes of its bytes. The file is uploaded as it
// is, so it must hold exactly one package/package.json and nothing that
// unpacks outside package/ (tgzcheck).
func readTarball(file string) (map[string]any, tarball.Contents, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, tarball.Contents{}, err
	}
	defer f.Close()
	sha1sum, sha512sum := sha1.New(), sha512.New()
	counted := &countingReader{r: io.TeeReader(f, io.MultiWriter(sha1sum, sha512sum))}
	zr, err := gzip.NewReader(counted)
	if err != nil {
		return nil, tarball.Contents{}, fmt.Errorf("%s is not a gzipped tarball: %w", file, err)
	}
	tr := tar.NewReader(zr)
	var raw map[string]any
	res := &tarball.Result{}
	// The registry and npm install unpack this file later: refuse what
	// they could read differently from us (tgzcheck).
	check := tgzcheck.New(file)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, tarball.Contents{}, fmt.Errorf("reading %s: %w", file, err)
		}
		rel, isFile, err := check.Entry(h)
		if err != nil {
			return nil, tarball.Contents{}, err
		}
		if !isFile {
			continue
		}
		if rel == "package.json" {
			data, err := io.ReadAll(io.LimitReader(tr, 16<<20))
			if err != nil {
				return nil, tarball.Contents{}, fmt.Errorf("reading %s: %w", file, err)
			}
			if raw, err = decodeManifest(data, file+":"+h.Name); err != nil {
				return nil, tarball.Contents{}, err
			}
		}
		res.Files = append(res.Files, tarball.File{Path: rel, Size: h.Size, Mode: h.Mode & 0o7777})
		res.UnpackedSize += h.Size
	}
	// Read what follows the tar end so the hashes cover the whole file.
	if _, err := io.Copy(io.Discard, counted); err != nil {
		return nil, tarball.Contents{}, err
	}
	if raw == nil {
		return nil, tarball.Contents{}, fmt.Errorf("%s has no package/package.json: is it an npm package tarball?", file)
	}
	res.Name, _ = raw["name"].(string)
	res.Version, _ = raw["version"].(string)
	res.Manifest = raw
	res.Size = counted.n
	res.Shasum = hex.EncodeToString(sha1sum.Sum(nil))
	res.Integrity = "sha512-" + base64.StdEncoding.EncodeToString(sha512sum.Sum(nil))
	res.Filename = tarball.Filename(res.Name, res.Version)
	return raw, res.Contents(), nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
