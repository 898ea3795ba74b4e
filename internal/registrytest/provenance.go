package registrytest

import (
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/sigstore/sigstore-go/pkg/root"
)

// attestation is a provenance bundle the registry accepted for a version.
type attestation struct {
	PredicateType string          `json:"predicateType"`
	Bundle        json.RawMessage `json:"bundle"`
}

// SetSigstoreTrustedRoot makes the registry verify provenance bundles
// against this trusted root (JSON), as the public registry verifies them
// against Sigstore's. Without one, only the statement's subject and the
// repository are checked.
func (s *Server) SetSigstoreTrustedRoot(rootJSON []byte) error {
	tr, err := root.NewTrustedRootFromJSON(rootJSON)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sigstoreRoot = tr
	return nil
}

// provenanceFailure is the registry's 422 for a bundle it refuses.
func (rq *request) provenanceFailure(msg string) {
	rq.fail(http.StatusUnprocessableEntity, "Error verifying sigstore provenance bundle: "+msg)
}

// checkProvenance looks for version v's <name>-<v>.sigstore attachment
// and checks it as the public registry does: the package must be public,
// the bundle must verify (when the registry has a trusted root), its
// statement's subject must be this package version with the tarball's
// sha512, and package.json's repository must be the one the statement
// names. It answers 422 and returns false when the bundle is refused;
// it returns nil when there is no bundle.
func (rq *request) checkProvenance(name, v string, vdoc map[string]any, tarball []byte, atts map[string]attachment, public bool) (*attestation, bool) {
	att, ok := atts[name+"-"+v+".sigstore"]
	if !ok {
		return nil, true
	}
	if !public {
		rq.provenanceFailure("Unsupported package visibility: provenance can only be published for public packages")
		return nil, false
	}
	bundle := []byte(att.Data)
	if !json.Valid(bundle) {
		rq.provenanceFailure("the .sigstore attachment is not JSON")
		return nil, false
	}
	sum := sha512.Sum512(tarball)
	expect := provenance.Expect{Name: name, Version: v, SHA512Hex: hex.EncodeToString(sum[:])}
	var a *provenance.Attestation
	var err error
	if rq.s.sigstoreRoot != nil {
		a, err = provenance.Verify(bundle, rq.s.sigstoreRoot, expect)
	} else if err = provenance.CheckSubject(bundle, expect); err == nil {
		a, err = provenance.ReadStatement(bundle)
	}
	if err != nil {
		rq.provenanceFailure(err.Error())
		return nil, false
	}
	if got := repositoryURL(vdoc); normalizeRepo(got) != normalizeRepo(a.Repository) {
		rq.provenanceFailure(fmt.Sprintf("Failed to validate repository information: package.json: \"repository.url\" is %q, expected to match %q from provenance", got, a.Repository))
		return nil, false
	}
	var compact strings.Builder
	compact.Write(bundle)
	return &attestation{PredicateType: a.PredicateType, Bundle: json.RawMessage(compact.String())}, true
}

func repositoryURL(vdoc map[string]any) string {
	switch r := vdoc["repository"].(type) {
	case string:
		return r
	case map[string]any:
		u, _ := r["url"].(string)
		return u
	}
	return ""
}

func normalizeRepo(u string) string {
	u = strings.TrimPrefix(u, "git+")
	u = strings.TrimSuffix(u, ".git")
	return strings.TrimSuffix(u, "/")
}

// attachAttestation records a for version v of p and points the version's
// dist.attestations at it.
func (s *Server) attachAttestation(p *pkg, v string, a *attestation) {
	if a == nil {
		return
	}
	if p.Attestations == nil {
		p.Attestations = map[string]*attestation{}
	}
	p.Attestations[v] = a
	if dist, ok := p.Versions[v]["dist"].(map[string]any); ok {
		dist["attestations"] = map[string]any{
			"url":        s.URL + "-/npm/v1/attestations/" + p.Name + "@" + v,
			"provenance": map[string]string{"predicateType": a.PredicateType},
		}
	}
}

// attestations handles GET /-/npm/v1/attestations/<name>@<version>.
func (rq *request) attestations(spec string) {
	if rq.method() != http.MethodGet {
		rq.badMethod()
		return
	}
	i := strings.LastIndex(spec, "@")
	if i <= 0 {
		rq.notFound()
		return
	}
	name, v := spec[:i], spec[i+1:]
	p, _, ok := rq.lookupReadable(name)
	if !ok {
		return
	}
	a := p.Attestations[v]
	if a == nil {
		rq.notFound()
		return
	}
	rq.json(http.StatusOK, map[string]any{"attestations": []*attestation{a}})
}
