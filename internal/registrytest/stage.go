package registrytest

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// stagedVersion is a version staged with POST /-/stage/package/<name>
// (protocol-writes-npm11 §1): stored with its tarball and tag, invisible in
// the packument and not installable until a maintainer approves it with a
// second factor.
type stagedVersion struct {
	ID        string         `json:"id"`
	Package   string         `json:"packageName"`
	Version   string         `json:"version"`
	Tag       string         `json:"tag"`
	Actor     string         `json:"actor"`
	ActorType string         `json:"actorType"`
	CreatedAt string         `json:"createdAt"`
	Shasum    string         `json:"shasum"`
	Access    string         `json:"access,omitempty"`
	Manifest  map[string]any `json:"manifest"`
	Meta      map[string]any `json:"meta,omitempty"`
	Tarball   []byte         `json:"tarball"`
	// Provenance is the version's provenance bundle, if it came with one.
	Provenance *attestation `json:"provenance,omitempty"`
}

// Actor types a staged record names: a person's token, or a token from a
// trusted-publishing (OIDC) exchange.
const (
	actorUser             = "user"
	actorTrustedPublisher = "trusted_publisher"
)

// itemJSON is the record the list and view endpoints answer with. A
// version staged with provenance names its attestations as a published
// version does (dist.attestations): their URL, under the staged version's
// own path beside its tarball since the version is not published, and
// the predicate type.
func (s *Server) itemJSON(sv *stagedVersion) map[string]any {
	item := map[string]any{
		"id":          sv.ID,
		"packageName": sv.Package,
		"version":     sv.Version,
		"tag":         sv.Tag,
		"createdAt":   sv.CreatedAt,
		"actor":       sv.Actor,
		"actorType":   sv.ActorType,
		"shasum":      sv.Shasum,
	}
	if sv.Provenance != nil {
		item["attestations"] = map[string]any{
			"url":        s.URL + "-/stage/" + sv.ID + "/attestations",
			"provenance": map[string]string{"predicateType": sv.Provenance.PredicateType},
		}
	}
	return item
}

// stageRoute handles /-/stage/...
func (rq *request) stageRoute(rest []string) {
	switch {
	case len(rest) == 0:
		if rq.method() != http.MethodGet {
			rq.badMethod()
			return
		}
		rq.stageList()
	case len(rest) >= 2 && rest[0] == "package":
		name, more, ok := splitName(rest[1:])
		if !ok || len(more) != 0 {
			rq.notFound()
			return
		}
		if rq.method() != http.MethodPost {
			rq.badMethod()
			return
		}
		rq.stagePublish(name)
	case len(rest) == 1:
		switch rq.method() {
		case http.MethodGet:
			rq.stageView(rest[0])
		case http.MethodDelete:
			rq.stageReject(rest[0])
		default:
			rq.badMethod()
		}
	case len(rest) == 2 && rest[1] == "approve":
		if rq.method() != http.MethodPost {
			rq.badMethod()
			return
		}
		rq.stageApprove(rest[0])
	case len(rest) == 2 && rest[1] == "tarball":
		if rq.method() != http.MethodGet {
			rq.badMethod()
			return
		}
		rq.stageTarball(rest[0])
	case len(rest) == 2 && rest[1] == "attestations":
		if rq.method() != http.MethodGet {
			rq.badMethod()
			return
		}
		rq.stageAttestations(rest[0])
	default:
		rq.notFound()
	}
}

// stagePublish handles POST /-/stage/package/<name>: the body is the same
// publish document as PUT /<name>. Staging needs no second factor, with any
// kind of token (§1.9); the answer is {stageId}.
func (rq *request) stagePublish(name string) {
	in, ok := rq.readPublish(name, func(p *pkg, user string) bool { return rq.s.permission(p, user) == "write" })
	if !ok {
		return
	}
	s, id, doc, extra, p := rq.s, in.id, in.doc, in.extra, in.pkg
	if len(doc.Versions) != 1 || len(doc.Attachments) == 0 {
		rq.fail(http.StatusBadRequest, "a staged publish holds exactly one version with its tarball")
		return
	}
	var version string
	var vdoc map[string]any
	for v, d := range doc.Versions {
		version, vdoc = v, d
	}
	if (p != nil && p.Published[version]) || s.stagedVersionOf(name, version) != nil {
		rq.fail(http.StatusForbidden, "You cannot publish over the previously published versions: "+version+".")
		return
	}
	data, err := verifyAttachment(name, version, vdoc, doc.Attachments, 1)
	if err != nil {
		rq.fail(http.StatusBadRequest, err.Error())
		return
	}
	if len(doc.DistTags) != 1 {
		rq.fail(http.StatusBadRequest, "a staged publish names exactly one dist-tag")
		return
	}
	var tag string
	for t, v := range doc.DistTags {
		if v != version {
			rq.fail(http.StatusBadRequest, fmt.Sprintf("dist-tag %q points to version %s, which is not the version being staged", t, v))
			return
		}
		tag = t
	}
	access, ok := rq.publishAccess(name, doc)
	if !ok {
		return
	}
	public := access == "public" || (access == "" && (p != nil && p.Access == "public" || p == nil && !strings.HasPrefix(name, "@")))
	prov, ok := rq.checkProvenance(name, version, vdoc, data, doc.Attachments, public)
	if !ok {
		return
	}
	meta := map[string]any{}
	for k, v := range extra {
		if !reservedKeys[k] {
			meta[k] = v
		}
	}
	actorType := actorUser
	if id.token != nil && id.token.TrustedPublishing {
		actorType = actorTrustedPublisher
	}
	sum := sha1.Sum(data)
	sv := &stagedVersion{
		ID:         newUUID(),
		Package:    name,
		Version:    version,
		Tag:        tag,
		Actor:      id.user.Name,
		ActorType:  actorType,
		CreatedAt:  s.now().UTC().Format(time.RFC3339Nano),
		Shasum:     hex.EncodeToString(sum[:]),
		Access:     access,
		Manifest:   vdoc,
		Meta:       meta,
		Tarball:    data,
		Provenance: prov,
	}
	if s.st.Staged == nil {
		s.st.Staged = map[string]*stagedVersion{}
	}
	s.st.Staged[sv.ID] = sv
	rq.json(http.StatusOK, map[string]string{"stageId": sv.ID})
}

// stageReader authenticates a request to read or act on staged versions:
// tokens from a trusted-publishing exchange may only publish and stage
// publish (§1.9).
func (rq *request) stageReader() (*identity, bool) {
	id, ok := rq.requireUser()
	if !ok {
		return nil, false
	}
	if id.token != nil && id.token.TrustedPublishing {
		rq.fail(http.StatusForbidden, "tokens from trusted publishing may only publish and stage publish")
		return nil, false
	}
	return id, true
}

// mayReview reports whether user may see and decide on sv: a maintainer
// of the package, or whoever staged the first version of a new package.
func (s *Server) mayReview(sv *stagedVersion, user string) bool {
	if p := s.st.Packages[sv.Package]; p != nil {
		return s.permission(p, user) == "write"
	}
	return sv.Actor == user
}

// lookupStaged finds a staged version the requester may see, answering 404
// otherwise (also for ones it may not see, as for restricted packages).
func (rq *request) lookupStaged(stageID string) (*stagedVersion, *identity, bool) {
	id, ok := rq.stageReader()
	if !ok {
		return nil, nil, false
	}
	sv := rq.s.st.Staged[strings.ToLower(stageID)]
	if sv == nil || !rq.s.mayReview(sv, id.user.Name) {
		rq.fail(http.StatusNotFound, "staged package not found")
		return nil, nil, false
	}
	return sv, id, true
}

// stageList handles GET /-/stage?page=<n>&perPage=<n>[&package=<name>]:
// pages of {items,total}, oldest first.
func (rq *request) stageList() {
	id, ok := rq.stageReader()
	if !ok {
		return
	}
	q := rq.r.URL.Query()
	page, err := strconv.Atoi(q.Get("page"))
	if q.Get("page") == "" {
		page, err = 0, nil
	}
	if err != nil || page < 0 {
		rq.fail(http.StatusBadRequest, "page must be a number from 0")
		return
	}
	perPage, err := strconv.Atoi(q.Get("perPage"))
	if q.Get("perPage") == "" {
		perPage, err = 100, nil
	}
	if err != nil || perPage < 1 || perPage > 100 {
		rq.fail(http.StatusBadRequest, "perPage must be a number from 1 to 100")
		return
	}
	filter := q.Get("package")
	var all []*stagedVersion
	for _, sv := range rq.s.st.Staged {
		if (filter == "" || sv.Package == filter) && rq.s.mayReview(sv, id.user.Name) {
			all = append(all, sv)
		}
	}
	slices.SortFunc(all, func(a, b *stagedVersion) int {
		if c := strings.Compare(a.CreatedAt, b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	items := []map[string]any{}
	for i := page * perPage; i < len(all) && i < (page+1)*perPage; i++ {
		items = append(items, rq.s.itemJSON(all[i]))
	}
	rq.json(http.StatusOK, map[string]any{"items": items, "total": len(all)})
}

// stageView handles GET /-/stage/<id>.
func (rq *request) stageView(stageID string) {
	sv, _, ok := rq.lookupStaged(stageID)
	if !ok {
		return
	}
	rq.json(http.StatusOK, rq.s.itemJSON(sv))
}

// stageTarball handles GET /-/stage/<id>/tarball: the staged bytes.
func (rq *request) stageTarball(stageID string) {
	sv, _, ok := rq.lookupStaged(stageID)
	if !ok {
		return
	}
	rq.w.Header().Set("Content-Type", "application/octet-stream")
	rq.w.WriteHeader(http.StatusOK)
	rq.w.Write(sv.Tarball)
}

// stageAttestations handles GET /-/stage/<id>/attestations: the
// provenance the version was staged with, in the shape of
// /-/npm/v1/attestations/<name>@<version>; 404 when it has none.
func (rq *request) stageAttestations(stageID string) {
	sv, _, ok := rq.lookupStaged(stageID)
	if !ok {
		return
	}
	if sv.Provenance == nil {
		rq.fail(http.StatusNotFound, "staged package has no attestations")
		return
	}
	rq.json(http.StatusOK, map[string]any{"attestations": []*attestation{sv.Provenance}})
}

// requireStageDecision gates approve and reject: they always need a
// second factor (§1.9), even with a token that may bypass it for publish.
func (rq *request) requireStageDecision(id *identity, sv *stagedVersion) bool {
	if id.token != nil && (id.token.Readonly || id.token.PackagesPermission == "read-only") {
		rq.fail(http.StatusForbidden, "this token is read-only")
		return false
	}
	if !rq.permittedByToken(id, sv.Package) {
		return false
	}
	if !id.user.tfaEnabled() {
		rq.fail(http.StatusForbidden, "two-factor authentication is required to approve or reject staged packages; enable 2FA on your account first")
		return false
	}
	return rq.requireOTP(id.user)
}

// stageApprove handles POST /-/stage/<id>/approve: the staged version is
// published with the tag it was staged with.
func (rq *request) stageApprove(stageID string) {
	sv, id, ok := rq.lookupStaged(stageID)
	if !ok || !rq.requireStageDecision(id, sv) {
		return
	}
	s := rq.s
	now := s.now().UTC().Format(time.RFC3339Nano)
	p := s.st.Packages[sv.Package]
	if p == nil {
		p = &pkg{
			Name:        sv.Package,
			DistTags:    map[string]string{},
			Versions:    map[string]map[string]any{},
			Time:        map[string]string{"created": now},
			Maintainers: []string{sv.Actor},
			Access:      "public",
			Tarballs:    map[string][]byte{},
			Published:   map[string]bool{},
		}
		if strings.HasPrefix(sv.Package, "@") {
			p.Access = "restricted"
		}
		s.st.Packages[sv.Package] = p
	}
	if sv.Access != "" {
		p.Access = sv.Access
	}
	if p.Meta == nil {
		p.Meta = map[string]any{}
	}
	maps.Copy(p.Meta, sv.Meta)
	vdoc := sv.Manifest
	if dist, ok := vdoc["dist"].(map[string]any); ok {
		dist["tarball"] = s.tarballURL(sv.Package, sv.Version)
	}
	email := ""
	if u := s.st.Users[sv.Actor]; u != nil {
		email = u.Email
	}
	vdoc["_npmUser"] = map[string]string{"name": sv.Actor, "email": email}
	vdoc["maintainers"] = s.maintainersJSON(p)
	p.Versions[sv.Version] = vdoc
	p.Tarballs[sv.Version] = sv.Tarball
	s.attachAttestation(p, sv.Version, sv.Provenance)
	p.Published[sv.Version] = true
	p.Time[sv.Version] = now
	for _, k := range []string{"readme", "readmeFilename", "description"} {
		if val, ok := vdoc[k]; ok {
			p.Meta[k] = val
		}
	}
	p.DistTags[sv.Tag] = sv.Version
	if p.DistTags["latest"] == "" {
		p.DistTags["latest"] = sv.Version
	}
	p.Time["modified"] = now
	p.bumpRev()
	delete(s.st.Staged, sv.ID)
	rq.json(http.StatusOK, map[string]any{"ok": true, "id": sv.Package, "version": sv.Version, "rev": p.Rev})
}

// stageReject handles DELETE /-/stage/<id>: the record and its tarball
// are deleted for good.
func (rq *request) stageReject(stageID string) {
	sv, id, ok := rq.lookupStaged(stageID)
	if !ok || !rq.requireStageDecision(id, sv) {
		return
	}
	delete(rq.s.st.Staged, sv.ID)
	rq.w.WriteHeader(http.StatusNoContent)
}

// stagedVersionOf finds the staged record of name@version. The caller
// holds s.mu.
func (s *Server) stagedVersionOf(name, version string) *stagedVersion {
	for _, sv := range s.st.Staged {
		if sv.Package == name && sv.Version == version {
			return sv
		}
	}
	return nil
}

// newUUID is a random (version 4) UUID, the form of stage ids.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
