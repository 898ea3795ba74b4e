package registrytest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// AddPackage creates name with the given versions (default "1.0.0"), each
// with a real installable tarball, maintained by owner. The last version
// becomes "latest". Scoped packages are public, so anyone can install them;
// change that through the API (POST /-/package/<name>/access).
func (s *Server) AddPackage(owner, name string, versions ...string) {
	if len(versions) == 0 {
		versions = []string{"1.0.0"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC().Format(time.RFC3339Nano)
	p := s.st.Packages[name]
	if p == nil {
		p = &pkg{
			Name:        name,
			DistTags:    map[string]string{},
			Versions:    map[string]map[string]any{},
			Time:        map[string]string{"created": now},
			Maintainers: []string{owner},
			Access:      "public",
			Tarballs:    map[string][]byte{},
			Published:   map[string]bool{},
			Meta:        map[string]any{"description": "test package " + name},
		}
		s.st.Packages[name] = p
	}
	for _, v := range versions {
		manifest := map[string]any{
			"name":        name,
			"version":     v,
			"description": "test package " + name,
			"main":        "index.js",
			"license":     "MIT",
		}
		tgz := buildTarball(manifest, "module.exports = "+jsString(name+"@"+v)+";\n")
		sum1 := sha1.Sum(tgz)
		sum512 := sha512.Sum512(tgz)
		manifest["_id"] = name + "@" + v
		manifest["dist"] = map[string]any{
			"shasum":    hex.EncodeToString(sum1[:]),
			"integrity": "sha512-" + base64.StdEncoding.EncodeToString(sum512[:]),
			"tarball":   s.tarballURL(name, v),
		}
		manifest["maintainers"] = s.maintainersJSON(p)
		p.Versions[v] = manifest
		p.Tarballs[v] = tgz
		p.Published[v] = true
		p.Time[v] = now
		p.DistTags["latest"] = v
	}
	p.Time["modified"] = now
	p.bumpRev()
	s.saveLocked()
}

// BuildTarball returns a gzipped npm tarball holding package/package.json
// (the manifest) and package/index.js, for tests that publish by hand.
func BuildTarball(manifest map[string]any, indexJS string) []byte {
	return buildTarball(manifest, indexJS)
}

func buildTarball(manifest map[string]any, indexJS string) []byte {
	pj, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	mtime := time.Date(1985, 10, 26, 8, 15, 0, 0, time.UTC)
	for _, f := range []struct {
		name string
		data []byte
	}{{"package/package.json", pj}, {"package/index.js", []byte(indexJS)}} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), ModTime: mtime, Typeflag: tar.TypeReg})
		tw.Write(f.data)
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return strings.ReplaceAll(string(b), "\u2028", `\u2028`)
}
