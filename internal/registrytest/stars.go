package registrytest

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// isStarUpdate reports whether a PUT /<name> body is npm star's
// {_id, _rev, users}: users, and neither versions nor attachments.
func isStarUpdate(body []byte) bool {
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) != nil {
		return false
	}
	_, users := keys["users"]
	_, versions := keys["versions"]
	_, atts := keys["_attachments"]
	return users && !versions && !atts
}

// star handles PUT /<name> with {_id, _rev, users}: the caller may add or
// remove only their own name. It is a write, so 2FA rules apply.
func (rq *request) star(name string) {
	id, ok := rq.requireWriter()
	if !ok {
		return
	}
	var body struct {
		ID    string          `json:"_id"`
		Rev   string          `json:"_rev"`
		Users map[string]bool `json:"users"`
	}
	if !rq.decode(&body) {
		return
	}
	p := rq.s.st.Packages[name]
	if p == nil || !rq.s.canRead(p, id) {
		rq.notFound()
		return
	}
	if body.ID != "" && body.ID != name {
		rq.fail(http.StatusBadRequest, "the package name in the body does not match the URL")
		return
	}
	if body.Rev != "" && body.Rev != p.Rev {
		rq.fail(http.StatusConflict, "Document update conflict: revision "+body.Rev+" is not the current one")
		return
	}
	me := id.user.Name
	for u, starred := range body.Users {
		if u != me && starred != p.Stars[u] {
			rq.fail(http.StatusForbidden, "you may only star or unstar a package as yourself")
			return
		}
	}
	for u := range p.Stars {
		if _, kept := body.Users[u]; !kept && u != me {
			rq.fail(http.StatusForbidden, "you may only star or unstar a package as yourself")
			return
		}
	}
	if !rq.requireWriteOTP(id, nil) {
		return
	}
	if body.Users[me] {
		if p.Stars == nil {
			p.Stars = map[string]bool{}
		}
		p.Stars[me] = true
	} else {
		delete(p.Stars, me)
	}
	p.Time["modified"] = rq.s.now().UTC().Format(time.RFC3339Nano)
	p.bumpRev()
	rq.json(http.StatusOK, map[string]any{"ok": true, "id": name, "rev": p.Rev})
}

// starredByUser handles GET /-/_view/starredByUser?key="<user>": the
// CouchDB view npm stars reads, one row per package, sorted by name.
func (rq *request) starredByUser() {
	if rq.method() != http.MethodGet {
		rq.badMethod()
		return
	}
	id, ok := rq.identify()
	if !ok {
		return
	}
	var user string
	if err := json.Unmarshal([]byte(rq.r.URL.Query().Get("key")), &user); err != nil {
		rq.fail(http.StatusBadRequest, `key must be a JSON string, e.g. key="alice"`)
		return
	}
	var names []string
	for name, p := range rq.s.st.Packages {
		if p.Stars[user] && rq.s.canRead(p, id) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	rows := make([]map[string]string, 0, len(names))
	for _, n := range names {
		rows = append(rows, map[string]string{"id": n, "key": user, "value": n})
	}
	rq.json(http.StatusOK, map[string]any{"rows": rows})
}

// Stars returns the sorted names of the users who starred name.
func (s *Server) Stars(name string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	if p := s.st.Packages[name]; p != nil {
		for u := range p.Stars {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out
}

// Deprecations maps each deprecated version of name to its message.
func (s *Server) Deprecations(name string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	if p := s.st.Packages[name]; p != nil {
		for v, doc := range p.Versions {
			if msg, _ := doc["deprecated"].(string); msg != "" {
				out[v] = msg
			}
		}
	}
	return out
}
