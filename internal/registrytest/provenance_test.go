package registrytest

import (
	"context"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/sigstoretest"
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

	tgz := []byte("not really a tarball, the registry only checks its digests")
	s512 := sha512.Sum512(tgz)
	s1 := sha1.Sum(tgz)
	env := map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo/repo", "GITHUB_SHA": "deadbeef"}
	claims := map[string]any{"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo", "repository": "octo/repo", "job_workflow_ref": "octo/repo/.github/workflows/p.yml@refs/heads/main"}
	sign := func(ss *sigstoretest.Sigstore, name, version string) string {
		stmt, _ := provenance.Statement(provenance.GitHubActions, func(k string) string { return env[k] }, name, version, hex.EncodeToString(s512[:]))
		s, err := provenance.Sign(context.Background(), provenance.Settings{FulcioURL: ss.FulcioURL, RekorURL: ss.RekorURL}, stmt, sigstoretest.IDToken(claims))
		if err != nil {
			t.Fatal(err)
		}
		return string(s.Bundle)
	}
	body := func(name, version, access, bundle string) map[string]any {
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
