package registrytest

import (
	"encoding/json"
	"net/http"
	"time"
)

// writablePackage finds name for a write by a maintainer whose _rev is
// current; it answers and returns false otherwise.
func (rq *request) writablePackage(name, rev string) (*pkg, *identity, bool) {
	id, ok := rq.requireWriter()
	if !ok {
		return nil, nil, false
	}
	p := rq.s.st.Packages[name]
	if p == nil || !rq.s.canRead(p, id) {
		rq.notFound()
		return nil, nil, false
	}
	if !p.isMaintainer(id.user.Name) {
		rq.fail(http.StatusForbidden, "you are not a maintainer of "+name)
		return nil, nil, false
	}
	if !rq.permittedByToken(id, name) {
		return nil, nil, false
	}
	if rev != "" && rev != p.Rev {
		rq.fail(http.StatusConflict, "Document update conflict: revision "+rev+" is not the current one")
		return nil, nil, false
	}
	return p, id, true
}

// updatePackage handles PUT /<name>/-rev/<rev>: either a whole packument
// with fewer versions (npm unpublish of one version) or {_id, _rev,
// maintainers} (npm owner add/rm).
func (rq *request) updatePackage(name, rev string) {
	p, id, ok := rq.writablePackage(name, rev)
	if !ok {
		return
	}
	var body map[string]json.RawMessage
	if !rq.decode(&body) {
		return
	}
	if _, ok := body["versions"]; ok {
		rq.removeVersions(p, id, body)
		return
	}
	if raw, ok := body["maintainers"]; ok {
		rq.setMaintainers(p, id, raw)
		return
	}
	rq.fail(http.StatusBadRequest, "nothing to update: send versions or maintainers")
}

func (rq *request) removeVersions(p *pkg, id *identity, body map[string]json.RawMessage) {
	var versions map[string]map[string]any
	if err := json.Unmarshal(body["versions"], &versions); err != nil {
		rq.badBody(err)
		return
	}
	for v := range versions {
		if p.Versions[v] == nil {
			rq.fail(http.StatusBadRequest, "version "+v+" cannot be added here; publish it instead")
			return
		}
	}
	tags := map[string]string{}
	if raw, ok := body["dist-tags"]; ok {
		if err := json.Unmarshal(raw, &tags); err != nil {
			rq.badBody(err)
			return
		}
	} else {
		for t, v := range p.DistTags {
			tags[t] = v
		}
	}
	for t, v := range tags {
		if versions[v] == nil {
			delete(tags, t)
		}
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	now := rq.s.now().UTC().Format(time.RFC3339Nano)
	for v := range p.Versions {
		if versions[v] == nil {
			delete(p.Versions, v)
			delete(p.Time, v)
		}
	}
	applyDeprecations(p, versions)
	p.DistTags = tags
	p.Time["modified"] = now
	p.bumpRev()
	rq.json(http.StatusOK, map[string]any{"ok": true, "id": p.Name, "rev": p.Rev})
}

func (rq *request) setMaintainers(p *pkg, id *identity, raw json.RawMessage) {
	var people []json.RawMessage
	if err := json.Unmarshal(raw, &people); err != nil {
		rq.badBody(err)
		return
	}
	var names []string
	seen := map[string]bool{}
	for _, person := range people {
		var m struct{ Name string }
		if name, ok := isJSONString(person); ok {
			m.Name = name
		} else if err := json.Unmarshal(person, &m); err != nil {
			rq.badBody(err)
			return
		}
		if rq.s.st.Users[m.Name] == nil {
			rq.fail(http.StatusNotFound, "user "+m.Name+" does not exist")
			return
		}
		if !seen[m.Name] {
			seen[m.Name] = true
			names = append(names, m.Name)
		}
	}
	if len(names) == 0 {
		rq.fail(http.StatusBadRequest, "a package needs at least one maintainer")
		return
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	p.Maintainers = names
	p.Time["modified"] = rq.s.now().UTC().Format(time.RFC3339Nano)
	p.bumpRev()
	rq.json(http.StatusOK, map[string]any{"ok": true, "id": p.Name, "rev": p.Rev})
}

// deletePackage handles DELETE /<name>/-rev/<rev>: the whole package goes.
func (rq *request) deletePackage(name, rev string) {
	p, id, ok := rq.writablePackage(name, rev)
	if !ok {
		return
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	delete(rq.s.st.Packages, name)
	for _, o := range rq.s.st.Orgs {
		for _, t := range o.Teams {
			delete(t.Packages, name)
		}
	}
	rq.json(http.StatusOK, map[string]bool{"ok": true})
}

// deleteTarball handles DELETE /<name>/-/<file>/-rev/<rev>, the last step
// of unpublishing one version.
func (rq *request) deleteTarball(name, file, rev string) {
	if rev == "" {
		rq.badMethod()
		return
	}
	p, id, ok := rq.writablePackage(name, rev)
	if !ok {
		return
	}
	v, ok := versionFromFile(name, file)
	if !ok || p.Tarballs[v] == nil {
		rq.notFound()
		return
	}
	if p.Versions[v] != nil {
		rq.fail(http.StatusBadRequest, "version "+v+" is still published; remove it from the packument first")
		return
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	delete(p.Tarballs, v)
	p.bumpRev()
	rq.json(http.StatusOK, map[string]bool{"ok": true})
}
