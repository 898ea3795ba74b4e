package registrytest

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

type attachment struct {
	ContentType string `json:"content_type"`
	Data        string `json:"data"`
	Length      int    `json:"length"`
}

type publishDoc struct {
	ID          string                    `json:"_id"`
	Name        string                    `json:"name"`
	DistTags    map[string]string         `json:"dist-tags"`
	Versions    map[string]map[string]any `json:"versions"`
	Access      *string                   `json:"access"`
	Attachments map[string]attachment     `json:"_attachments"`
}

// reservedKeys are top-level publish fields the registry manages itself.
var reservedKeys = map[string]bool{
	"_id": true, "_rev": true, "name": true, "dist-tags": true, "versions": true,
	"access": true, "_attachments": true, "maintainers": true, "time": true,
	"_revisions": true, "users": true,
}

var validName = regexp.MustCompile(`^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$`)

// publish handles PUT /<name> (protocol-publish §2.3): new versions with
// their tarballs as base64 attachments.
func (rq *request) publish(name string) {
	in, ok := rq.readPublish(name, func(p *pkg, user string) bool { return p.isMaintainer(user) })
	if !ok {
		return
	}
	s, id, doc, extra, p := rq.s, in.id, in.doc, in.extra, in.pkg
	if len(doc.Attachments) == 0 {
		rq.updateMetadata(id, p, doc.Versions)
		return
	}
	if len(doc.Versions) == 0 {
		rq.fail(http.StatusBadRequest, "no versions to publish")
		return
	}
	if !rq.requireDirectPublish(id) {
		return
	}
	tarballs := map[string][]byte{}
	for v, vdoc := range doc.Versions {
		if (p != nil && p.Published[v]) || s.stagedVersionOf(name, v) != nil { // staged versions share the index
			rq.fail(http.StatusForbidden, "You cannot publish over the previously published versions: "+v+".")
			return
		}
		data, err := verifyAttachment(name, v, vdoc, doc.Attachments, len(doc.Versions))
		if err != nil {
			rq.fail(http.StatusBadRequest, err.Error())
			return
		}
		tarballs[v] = data
	}
	for tag, v := range doc.DistTags {
		if doc.Versions[v] == nil && (p == nil || p.Versions[v] == nil) {
			rq.fail(http.StatusBadRequest, fmt.Sprintf("dist-tag %q points to version %s, which does not exist", tag, v))
			return
		}
	}
	access, ok := rq.publishAccess(name, doc)
	if !ok {
		return
	}
	public := access == "public" || (access == "" && (p != nil && p.Access == "public" || p == nil && !strings.HasPrefix(name, "@")))
	attestations := map[string]*attestation{}
	for v, vdoc := range doc.Versions {
		a, ok := rq.checkProvenance(name, v, vdoc, tarballs[v], doc.Attachments, public)
		if !ok {
			return
		}
		attestations[v] = a
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}

	now := s.now().UTC().Format(time.RFC3339Nano)
	if p == nil {
		p = &pkg{
			Name:        name,
			DistTags:    map[string]string{},
			Versions:    map[string]map[string]any{},
			Time:        map[string]string{"created": now},
			Maintainers: []string{id.user.Name},
			Access:      "public",
			Tarballs:    map[string][]byte{},
			Published:   map[string]bool{},
		}
		if strings.HasPrefix(name, "@") {
			p.Access = "restricted"
		}
		s.st.Packages[name] = p
	}
	if access != "" {
		p.Access = access
	}
	if p.Meta == nil {
		p.Meta = map[string]any{}
	}
	for k, v := range extra {
		if !reservedKeys[k] {
			p.Meta[k] = v
		}
	}
	for v, vdoc := range doc.Versions {
		if dist, ok := vdoc["dist"].(map[string]any); ok {
			dist["tarball"] = s.tarballURL(name, v)
		}
		vdoc["_npmUser"] = map[string]string{"name": id.user.Name, "email": id.user.Email}
		vdoc["maintainers"] = s.maintainersJSON(p)
		p.Versions[v] = vdoc
		p.Tarballs[v] = tarballs[v]
		s.attachAttestation(p, v, attestations[v])
		p.Published[v] = true
		p.Time[v] = now
		for _, k := range []string{"readme", "readmeFilename", "description"} {
			if val, ok := vdoc[k]; ok {
				p.Meta[k] = val
			}
		}
	}
	for tag, v := range doc.DistTags {
		p.DistTags[tag] = v
	}
	if p.DistTags["latest"] == "" {
		for v := range doc.Versions {
			p.DistTags["latest"] = v
		}
	}
	p.Time["modified"] = now
	p.bumpRev()
	rq.json(http.StatusOK, map[string]any{"ok": true, "id": name, "rev": p.Rev})
}

// verifyAttachment finds version v's tarball among the attachments and checks
// it against the declared length, shasum and integrity.
func verifyAttachment(name, v string, vdoc map[string]any, atts map[string]attachment, nVersions int) ([]byte, error) {
	if got, _ := vdoc["version"].(string); got != v {
		return nil, fmt.Errorf("version %s: the version field says %q", v, got)
	}
	if got, _ := vdoc["name"].(string); got != name {
		return nil, fmt.Errorf("version %s: the name field says %q", v, got)
	}
	att, ok := atts[name+"-"+v+".tgz"]
	if !ok && nVersions == 1 && len(atts) == 1 {
		for _, a := range atts {
			att, ok = a, true
		}
	}
	if !ok {
		return nil, fmt.Errorf("no attachment for version %s", v)
	}
	data, err := base64.StdEncoding.DecodeString(att.Data)
	if err != nil {
		return nil, fmt.Errorf("attachment of %s is not valid base64: %w", v, err)
	}
	if len(data) != att.Length {
		return nil, fmt.Errorf("attachment of %s is %d bytes, but its length says %d", v, len(data), att.Length)
	}
	dist, _ := vdoc["dist"].(map[string]any)
	shasum, _ := dist["shasum"].(string)
	sum1 := sha1.Sum(data)
	if !strings.EqualFold(shasum, hex.EncodeToString(sum1[:])) {
		return nil, fmt.Errorf("shasum of the %s tarball does not match dist.shasum", v)
	}
	if integrity, _ := dist["integrity"].(string); integrity != "" {
		sum512 := sha512.Sum512(data)
		want := "sha512-" + base64.StdEncoding.EncodeToString(sum512[:])
		matched, sawSHA512 := false, false
		for _, h := range strings.Fields(integrity) {
			if strings.HasPrefix(h, "sha512-") {
				sawSHA512 = true
				matched = matched || strings.SplitN(h, "?", 2)[0] == want
			}
		}
		if sawSHA512 && !matched {
			return nil, fmt.Errorf("integrity of the %s tarball does not match dist.integrity", v)
		}
	}
	return data, nil
}

// updateMetadata handles a PUT /<name> without attachments, as npm
// deprecate sends: only the deprecation messages of existing versions change.
func (rq *request) updateMetadata(id *identity, p *pkg, versions map[string]map[string]any) {
	if p == nil {
		rq.fail(http.StatusBadRequest, "no attachments: a new package needs a tarball")
		return
	}
	for v := range versions {
		if p.Versions[v] == nil {
			rq.fail(http.StatusBadRequest, "no attachment for version "+v)
			return
		}
	}
	if !rq.requireWriteOTP(id, p) {
		return
	}
	applyDeprecations(p, versions)
	p.Time["modified"] = rq.s.now().UTC().Format(time.RFC3339Nano)
	p.bumpRev()
	rq.json(http.StatusOK, map[string]any{"ok": true, "id": p.Name, "rev": p.Rev})
}

func applyDeprecations(p *pkg, versions map[string]map[string]any) {
	for v, vdoc := range versions {
		cur := p.Versions[v]
		if cur == nil {
			continue
		}
		if msg, ok := vdoc["deprecated"].(string); ok && msg != "" {
			cur["deprecated"] = msg
		} else {
			delete(cur, "deprecated")
		}
	}
}

// permittedByToken applies a granular token's package and scope limits.
func (rq *request) permittedByToken(id *identity, name string) bool {
	t := id.token
	if t == nil || t.PackagesAll || (len(t.Packages) == 0 && len(t.Scopes) == 0) {
		if t != nil && t.PackagesPermission == "no-access" {
			rq.fail(http.StatusForbidden, "this token has no access to packages")
			return false
		}
		return true
	}
	for _, p := range t.Packages {
		if p == name {
			return true
		}
	}
	for _, sc := range t.Scopes {
		sc = "@" + strings.TrimPrefix(sc, "@") + "/"
		if strings.HasPrefix(name, sc) {
			return true
		}
	}
	rq.fail(http.StatusForbidden, "this token may not be used for "+name)
	return false
}

// isJSONString reports whether b is a JSON string, returning its value.
func isJSONString(b []byte) (string, bool) {
	var s string
	if err := json.Unmarshal(bytes.TrimSpace(b), &s); err != nil {
		return "", false
	}
	return s, true
}
