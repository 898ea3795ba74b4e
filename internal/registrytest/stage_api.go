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
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gonpm/gonpm/internal/provenance"
)

// Staged is a staged version as a test sees it.
type Staged struct {
	ID, Package, Version, Tag, Actor, ActorType string
	// Access is the access level staged with ("" for the default).
	Access string
}

// StagedVersions lists the versions staged for name ("" for every
// package), oldest first.
func (s *Server) StagedVersions(name string) []Staged {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Staged
	for _, sv := range s.st.Staged {
		if name == "" || sv.Package == name {
			out = append(out, Staged{ID: sv.ID, Package: sv.Package, Version: sv.Version, Tag: sv.Tag, Actor: sv.Actor, ActorType: sv.ActorType, Access: sv.Access})
		}
	}
	slices.SortFunc(out, func(a, b Staged) int {
		sa, sb := s.st.Staged[a.ID], s.st.Staged[b.ID]
		if c := strings.Compare(sa.CreatedAt, sb.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// StageVersion stages name@version with tag as actor had staged it with
// a token (the package need not exist), and returns the stage id. The
// tarball holds package.json and index.js, plus extra files (path →
// content) for review tests.
func (s *Server) StageVersion(actor, name, version, tag string, extra map[string]string) string {
	manifest := map[string]any{
		"name":        name,
		"version":     version,
		"description": "test package " + name,
		"main":        "index.js",
		"license":     "MIT",
	}
	tgz := buildTarballFiles(manifest, "module.exports = "+jsString(name+"@"+version)+";\n", extra)
	vdoc := map[string]any{}
	for k, v := range manifest {
		vdoc[k] = v
	}
	sum := sha1.Sum(tgz)
	sum512 := sha512.Sum512(tgz)
	vdoc["_id"] = name + "@" + version
	vdoc["dist"] = map[string]any{
		"shasum":    hex.EncodeToString(sum[:]),
		"integrity": "sha512-" + base64.StdEncoding.EncodeToString(sum512[:]),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv := &stagedVersion{
		ID:        newUUID(),
		Package:   name,
		Version:   version,
		Tag:       tag,
		Actor:     actor,
		ActorType: actorUser,
		CreatedAt: s.now().UTC().Format(time.RFC3339Nano),
		Shasum:    hex.EncodeToString(sum[:]),
		Manifest:  vdoc,
		Meta:      map[string]any{"description": "test package " + name},
		Tarball:   tgz,
	}
	if s.st.Staged == nil {
		s.st.Staged = map[string]*stagedVersion{}
	}
	s.st.Staged[sv.ID] = sv
	s.saveLocked()
	return sv.ID
}

// StageVersionWithProvenance is StageVersion with a provenance bundle:
// sign gets the hex sha512 of the staged tarball and returns the bundle,
// which is stored as given (a test seeding the registry, as AddPackage
// does; bundles uploaded with a staged publish are checked).
func (s *Server) StageVersionWithProvenance(actor, name, version, tag string, sign func(sha512Hex string) ([]byte, error)) (string, error) {
	id := s.StageVersion(actor, name, version, tag, nil)
	s.mu.Lock()
	sum := sha512.Sum512(s.st.Staged[id].Tarball)
	s.mu.Unlock()
	bundle, err := sign(hex.EncodeToString(sum[:]))
	if err != nil {
		return "", err
	}
	stmt, err := provenance.ReadStatement(bundle)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Staged[id].Provenance = &attestation{PredicateType: stmt.PredicateType, Bundle: json.RawMessage(bundle)}
	s.saveLocked()
	return id, nil
}

// buildTarballFiles is buildTarball with extra files (paths under package/).
func buildTarballFiles(manifest map[string]any, indexJS string, extra map[string]string) []byte {
	pj, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		panic(err)
	}
	files := map[string][]byte{"package.json": pj, "index.js": []byte(indexJS)}
	for path, content := range extra {
		files[path] = []byte(content)
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	mtime := time.Date(1985, 10, 26, 8, 15, 0, 0, time.UTC)
	for _, path := range slices.Sorted(maps.Keys(files)) {
		data := files[path]
		tw.WriteHeader(&tar.Header{Name: "package/" + path, Mode: 0o644, Size: int64(len(data)), ModTime: mtime, Typeflag: tar.TypeReg})
		tw.Write(data)
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}
