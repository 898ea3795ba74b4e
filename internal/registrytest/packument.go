package registrytest

import (
	"encoding/json"
	"maps"
	"net/http"
	"strings"
)

// baseName is a package name without its scope.
func baseName(name string) string {
	if i := strings.IndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// tarballURL is where this server serves a version's tarball (the public
// registry's form: the scope only in the directory part).
func (s *Server) tarballURL(name, version string) string {
	return s.URL + name + "/-/" + baseName(name) + "-" + version + ".tgz"
}

// versionFromFile maps "n-1.0.0.tgz" or "@s/n-1.0.0.tgz" to "1.0.0".
func versionFromFile(name, file string) (string, bool) {
	stem, ok := strings.CutSuffix(file, ".tgz")
	if !ok {
		return "", false
	}
	for _, prefix := range []string{name + "-", baseName(name) + "-"} {
		if v, ok := strings.CutPrefix(stem, prefix); ok && v != "" {
			return v, true
		}
	}
	return "", false
}

// canRead reports whether id may see p: restricted packages are visible to
// maintainers and to members of teams granted access.
func (s *Server) canRead(p *pkg, id *identity) bool {
	if p.Access != "restricted" {
		return true
	}
	if id == nil {
		return false
	}
	return s.permission(p, id.user.Name) != ""
}

// permission is "write", "read" or "" for user on p.
func (s *Server) permission(p *pkg, user string) string {
	if p.isMaintainer(user) {
		return "write"
	}
	perm := ""
	for _, o := range s.st.Orgs {
		for _, t := range o.Teams {
			if got := t.Packages[p.Name]; got != "" && t.hasMember(user) && (perm == "" || got == "write") {
				perm = got
			}
		}
	}
	return perm
}

// lookupReadable finds a package the requester may read, answering 404
// (also for packages it may not see, as the public registry does).
func (rq *request) lookupReadable(name string) (*pkg, *identity, bool) {
	id, ok := rq.identify()
	if !ok {
		return nil, nil, false
	}
	p := rq.s.st.Packages[name]
	if p == nil || !rq.s.canRead(p, id) {
		rq.notFound()
		return nil, nil, false
	}
	return p, id, true
}

func (s *Server) maintainersJSON(p *pkg) []map[string]string {
	out := make([]map[string]string, 0, len(p.Maintainers))
	for _, m := range p.Maintainers {
		email := ""
		if u := s.st.Users[m]; u != nil {
			email = u.Email
		}
		out = append(out, map[string]string{"name": m, "email": email})
	}
	return out
}

// packumentJSON is the full document of GET /<name>.
func (s *Server) packumentJSON(p *pkg) map[string]any {
	doc := map[string]any{}
	maps.Copy(doc, p.Meta)
	doc["_id"] = p.Name
	doc["_rev"] = p.Rev
	doc["name"] = p.Name
	doc["dist-tags"] = p.DistTags
	doc["versions"] = p.Versions
	doc["time"] = p.Time
	doc["maintainers"] = s.maintainersJSON(p)
	if len(p.Stars) > 0 {
		doc["users"] = maps.Clone(p.Stars)
	}
	return doc
}

// abbreviatedFields are the version fields of an "install" (corgi) packument.
var abbreviatedFields = []string{
	"name", "version", "dependencies", "optionalDependencies", "devDependencies",
	"bundleDependencies", "peerDependencies", "peerDependenciesMeta", "bin",
	"directories", "dist", "engines", "_hasShrinkwrap", "deprecated", "os", "cpu",
	"funding", "license", "acceptDependencies",
}

func abbreviatedJSON(p *pkg) map[string]any {
	versions := map[string]any{}
	for v, doc := range p.Versions {
		out := map[string]any{}
		for _, f := range abbreviatedFields {
			if val, ok := doc[f]; ok {
				out[f] = val
			}
		}
		if scripts, ok := doc["scripts"].(map[string]any); ok {
			for _, k := range []string{"preinstall", "install", "postinstall"} {
				if _, ok := scripts[k]; ok {
					out["hasInstallScript"] = true
				}
			}
		}
		versions[v] = out
	}
	return map[string]any{
		"name":      p.Name,
		"modified":  p.Time["modified"],
		"dist-tags": p.DistTags,
		"versions":  versions,
	}
}

const corgiType = "application/vnd.npm.install-v1+json"

// getPackument handles GET /<name>: the abbreviated form when the client
// accepts it, the full document otherwise.
func (rq *request) getPackument(name string) {
	p, _, ok := rq.lookupReadable(name)
	if !ok {
		return
	}
	if strings.Contains(rq.r.Header.Get("Accept"), corgiType) {
		rq.w.Header().Set("Content-Type", corgiType)
		rq.w.WriteHeader(http.StatusOK)
		json.NewEncoder(rq.w).Encode(abbreviatedJSON(p))
		return
	}
	rq.json(http.StatusOK, rq.s.packumentJSON(p))
}

// getTarball handles GET /<name>/-/<file>.tgz.
func (rq *request) getTarball(name, file string) {
	p, _, ok := rq.lookupReadable(name)
	if !ok {
		return
	}
	v, ok := versionFromFile(name, file)
	data := p.Tarballs[v]
	if !ok || data == nil {
		rq.notFound()
		return
	}
	rq.w.Header().Set("Content-Type", "application/octet-stream")
	rq.w.WriteHeader(http.StatusOK)
	rq.w.Write(data)
}

// Packument returns a copy of the full packument of name, or nil.
func (s *Server) Packument(name string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.Packages[name]
	if p == nil {
		return nil
	}
	return deepCopy(s.packumentJSON(p))
}

// DistTags returns a copy of the dist-tags of name (nil if absent).
func (s *Server) DistTags(name string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.Packages[name]
	if p == nil {
		return nil
	}
	return maps.Clone(p.DistTags)
}

// Maintainers returns the maintainer names of name (nil if absent).
func (s *Server) Maintainers(name string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.Packages[name]
	if p == nil {
		return nil
	}
	return append([]string(nil), p.Maintainers...)
}

// Access returns "public" or "restricted" for name ("" if absent).
func (s *Server) Access(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.Packages[name]; p != nil {
		return p.Access
	}
	return ""
}

// Tarball returns the stored tarball of name@version, or nil.
func (s *Server) Tarball(name, version string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.Packages[name]; p != nil {
		return append([]byte(nil), p.Tarballs[version]...)
	}
	return nil
}

// deepCopy detaches a JSON-shaped value from the server's state.
func deepCopy(v map[string]any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}
