package registrytest

import (
	"context"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/sigstoretest"
	"github.com/sigstore/sigstore-go/pkg/root"
)

// The registry checks a .sigstore attachment as the public registry does
// and answers 422 with its message, or keeps it and serves it.
func TestPublishWithProvenanceAttachment(t *testing.T) {
	ss := sigstoretest.Start(t)
	rootPath, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	other := sigstoretest.Start(t)
	srv := New(t)
	rootJSON, _ := os.ReadFile(rootPath)
	if err := srv.SetSigstoreTrustedRoot(rootJSON); err != nil {
		t.Fatal(err)
	}
	tok := srv.AddUser("pat", "pat-password", "pat@example.com")

	sign := func(ss *sigstoretest.Sigstore, name, version string) string { return signFixture(t, ss, name, version) }
	body := provenanceDoc
	for _, tc := range []struct {
		name, pkg, version, access, bundle string
		status                             int
		want                               string
	}{
		{"private package", "@octo/priv", "1.0.0", "restricted", sign(ss, "@octo/priv", "1.0.0"), 422,
			"Error verifying sigstore provenance bundle: Unsupported package visibility"},
		{"new scoped package without access public", "@octo/new", "1.0.0", "", sign(ss, "@octo/new", "1.0.0"), 422,
			"Unsupported package visibility"},
		{"bundle for another version", "prov", "1.0.0", "", sign(ss, "prov", "2.0.0"), 422,
			"Error verifying sigstore provenance bundle: Provenance subject pkg:npm/prov@2.0.0 does not match the package: pkg:npm/prov@1.0.0"},
		{"signed by another Sigstore", "prov", "1.0.0", "", sign(other, "prov", "1.0.0"), 422,
			"Error verifying sigstore provenance bundle: the provenance bundle does not verify"},
		{"good", "prov", "1.0.0", "", sign(ss, "prov", "1.0.0"), 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, call{method: "PUT", path: strings.Replace(tc.pkg, "/", "%2f", 1), token: tok, body: body(tc.pkg, tc.version, tc.access, tc.bundle)})
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.raw)
			}
			if tc.want != "" && !strings.Contains(r.json(t)["error"].(string), tc.want) {
				t.Errorf("error = %s, want %q", r.raw, tc.want)
			}
		})
	}
	dist := srv.Packument("prov")["versions"].(map[string]any)["1.0.0"].(map[string]any)["dist"].(map[string]any)
	if a, _ := dist["attestations"].(map[string]any); a["url"] != srv.URL+"-/npm/v1/attestations/prov@1.0.0" {
		t.Errorf("dist.attestations = %v", dist["attestations"])
	}
	r := do(t, srv, call{method: "GET", path: "-/npm/v1/attestations/prov@1.0.0"})
	list, _ := r.json(t)["attestations"].([]any)
	if r.status != http.StatusOK || len(list) != 1 || list[0].(map[string]any)["predicateType"] != provenance.SLSAv1 {
		t.Errorf("attestations: %d %s", r.status, r.raw)
	}
	if r := do(t, srv, call{method: "GET", path: "-/npm/v1/attestations/prov@9.9.9"}); r.status != http.StatusNotFound {
		t.Errorf("attestations of a version without any: %d", r.status)
	}
}

// fixtureTarball stands for a tarball: the registry checks only its digests.
var fixtureTarball = []byte("not really a tarball, the registry only checks its digests")

// signFixture signs a GitHub Actions statement for name@version and the
// fixture tarball with the Sigstore stand-ins ss.
func signFixture(t *testing.T, ss *sigstoretest.Sigstore, name, version string) string {
	t.Helper()
	s512 := sha512.Sum512(fixtureTarball)
	env := map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo/repo", "GITHUB_SHA": "deadbeef"}
	claims := map[string]any{"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo", "repository": "octo/repo", "job_workflow_ref": "octo/repo/.github/workflows/p.yml@refs/heads/main"}
	stmt, _ := provenance.Statement(provenance.GitHubActions, func(k string) string { return env[k] }, name, version, hex.EncodeToString(s512[:]))
	s, err := provenance.Sign(context.Background(), provenance.Settings{FulcioURL: ss.FulcioURL, RekorURL: ss.RekorURL}, stmt, sigstoretest.IDToken(claims))
	if err != nil {
		t.Fatal(err)
	}
	return string(s.Bundle)
}

// provenanceDoc is a publish document for name@version (the fixture
// tarball, repository octo/repo) with bundle as its .sigstore attachment.
func provenanceDoc(name, version, access, bundle string) map[string]any {
	tgz := fixtureTarball
	s512 := sha512.Sum512(tgz)
	s1 := sha1.Sum(tgz)
	doc := map[string]any{
		"_id": name, "name": name, "dist-tags": map[string]string{"latest": version},
		"versions": map[string]any{version: map[string]any{
			"name": name, "version": version, "repository": map[string]string{"type": "git", "url": "git+https://github.com/octo/repo.git"},
			"dist": map[string]string{"shasum": hex.EncodeToString(s1[:]), "integrity": "sha512-" + base64.StdEncoding.EncodeToString(s512[:])},
		}},
		"_attachments": map[string]any{
			name + "-" + version + ".tgz":      map[string]any{"content_type": "application/octet-stream", "data": base64.StdEncoding.EncodeToString(tgz), "length": len(tgz)},
			name + "-" + version + ".sigstore": map[string]any{"content_type": provenance.BundleMediaType, "data": bundle, "length": len(bundle)},
		},
	}
	if access != "" {
		doc["access"] = access
	}
	return doc
}

// A version staged with provenance names its attestations in its record
// (as dist.attestations does for a published version) and serves them
// under its own path until it is approved; the bundle is checked at
// staging as at publishing. A version staged without provenance names
// none.
func TestStagedVersionServesItsProvenance(t *testing.T) {
	ss := sigstoretest.Start(t)
	rootPath, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv := New(t)
	rootJSON, _ := os.ReadFile(rootPath)
	if err := srv.SetSigstoreTrustedRoot(rootJSON); err != nil {
		t.Fatal(err)
	}
	tok := srv.AddUser("pat", "pat-password", "pat@example.com")

	bad := do(t, srv, call{method: "POST", path: stagePath("prov"), token: tok, body: provenanceDoc("prov", "1.0.0", "", signFixture(t, ss, "prov", "2.0.0"))})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(string(bad.raw), "Provenance subject pkg:npm/prov@2.0.0 does not match the package") {
		t.Fatalf("staging a bundle for another version: %d %s", bad.status, bad.raw)
	}
	r := do(t, srv, call{method: "POST", path: stagePath("prov"), token: tok, body: provenanceDoc("prov", "1.0.0", "", signFixture(t, ss, "prov", "1.0.0"))})
	if r.status != http.StatusOK {
		t.Fatalf("stage with provenance: %d %s", r.status, r.raw)
	}
	id := r.json(t)["stageId"].(string)
	plain := stageOK(t, srv, tok, "plain", "1.0.0", "latest")

	view := do(t, srv, call{method: "GET", path: "/-/stage/" + id, token: tok}).json(t)
	att, _ := view["attestations"].(map[string]any)
	wantURL := srv.URL + "-/stage/" + id + "/attestations"
	if att == nil || att["url"] != wantURL || att["provenance"].(map[string]any)["predicateType"] != provenance.SLSAv1 {
		t.Fatalf("record's attestations = %v, want url %s", view["attestations"], wantURL)
	}
	list := do(t, srv, call{method: "GET", path: "/-/stage?package=prov", token: tok}).json(t)["items"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["attestations"] == nil {
		t.Errorf("stage list items = %v, want the attestations named", list)
	}
	got := do(t, srv, call{method: "GET", path: "/-/stage/" + id + "/attestations", token: tok})
	atts, _ := got.json(t)["attestations"].([]any)
	if got.status != http.StatusOK || len(atts) != 1 {
		t.Fatalf("staged attestations: %d %s", got.status, got.raw)
	}
	bundle, _ := json.Marshal(atts[0].(map[string]any)["bundle"])
	sum := sha512.Sum512(fixtureTarball)
	tr, _ := root.NewTrustedRootFromJSON(rootJSON)
	if _, err := provenance.Verify(bundle, tr, provenance.Expect{Name: "prov", Version: "1.0.0", SHA512Hex: hex.EncodeToString(sum[:])}); err != nil {
		t.Errorf("the served bundle does not verify: %v", err)
	}
	if r := do(t, srv, call{method: "GET", path: "/-/stage/" + id + "/attestations"}); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous read of staged attestations: %d, want 401", r.status)
	}

	if v := do(t, srv, call{method: "GET", path: "/-/stage/" + plain, token: tok}).json(t); v["attestations"] != nil {
		t.Errorf("a version staged without provenance names attestations: %v", v["attestations"])
	}
	if r := do(t, srv, call{method: "GET", path: "/-/stage/" + plain + "/attestations", token: tok}); r.status != http.StatusNotFound {
		t.Errorf("attestations of a version staged without provenance: %d, want 404", r.status)
	}
}
