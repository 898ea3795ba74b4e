package registrytest

import (
	"net/http"
	"net/url"
	"time"
)

// distTags handles /-/package/<name>/dist-tags[/<tag>].
func (rq *request) distTags(name, tag string) {
	if tag == "" {
		if rq.method() != http.MethodGet {
			rq.badMethod()
			return
		}
		if p, _, ok := rq.lookupReadable(name); ok {
			rq.json(http.StatusOK, p.DistTags)
		}
		return
	}
	switch rq.method() {
	case http.MethodGet:
		p, _, ok := rq.lookupReadable(name)
		if !ok {
			return
		}
		if v, ok := p.DistTags[tag]; ok {
			rq.json(http.StatusOK, v)
			return
		}
		rq.notFound()
	case http.MethodPut, http.MethodPost:
		rq.setDistTag(name, tag)
	case http.MethodDelete:
		rq.deleteDistTag(name, tag)
	default:
		rq.badMethod()
	}
}

func (rq *request) setDistTag(name, tag string) {
	p, id, ok := rq.writablePackage(name, "")
	if !ok {
		return
	}
	version, ok := isJSONString(rq.body)
	if !ok {
		rq.fail(http.StatusBadRequest, `the body must be the version as a JSON string, like "1.0.0"`)
		return
	}
	if url.PathEscape(tag) != tag || tag == "" {
		rq.fail(http.StatusBadRequest, "invalid tag name "+tag)
		return
	}
	if p.Versions[version] == nil {
		rq.fail(http.StatusBadRequest, "version "+version+" of "+name+" does not exist")
		return
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	p.DistTags[tag] = version
	p.Time["modified"] = rq.s.now().UTC().Format(time.RFC3339Nano)
	p.bumpRev()
	rq.json(http.StatusOK, map[string]any{"ok": true, "id": name, "rev": p.Rev})
}

func (rq *request) deleteDistTag(name, tag string) {
	p, id, ok := rq.writablePackage(name, "")
	if !ok {
		return
	}
	if _, ok := p.DistTags[tag]; !ok {
		rq.notFound()
		return
	}
	if tag == "latest" {
		rq.fail(http.StatusBadRequest, "the latest dist-tag cannot be removed; point it at another version instead")
		return
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	delete(p.DistTags, tag)
	p.Time["modified"] = rq.s.now().UTC().Format(time.RFC3339Nano)
	p.bumpRev()
	rq.json(http.StatusOK, map[string]any{"ok": true, "id": name, "rev": p.Rev})
}
