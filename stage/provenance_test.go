package stage

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/sigstoretest"
)

// stage publish --provenance signs in a GitHub Actions job, the bundle
// goes with the staged version, and approving it publishes the version
// with its attestation.
func TestStagePublishWithProvenance(t *testing.T) {
	e := newEnv(t, true)
	ss := sigstoretest.Start(t)
	rootPath, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rootJSON, _ := os.ReadFile(rootPath)
	if err := e.srv.SetSigstoreTrustedRoot(rootJSON); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(filepath.Join(e.home, ".npmrc"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("provenance=true\nsigstore-fulcio-url=" + ss.FulcioURL + "\nsigstore-rekor-url=" + ss.RekorURL + "\nsigstore-trusted-root=" + rootPath + "\n")
	f.Close()

	claims := map[string]any{
		"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo:ref:refs/heads/main",
		"repository": "octo/repo", "job_workflow_ref": "octo/repo/.github/workflows/release.yml@refs/heads/main",
		"sha": "feedface", "ref": "refs/heads/main",
	}
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := "untrusted"
		if r.URL.Query().Get("audience") == "sigstore" {
			v = sigstoretest.IDToken(claims)
		}
		json.NewEncoder(w).Encode(map[string]string{"value": v})
	}))
	defer tokens.Close()
	env := map[string]string{
		"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo/repo",
		"GITHUB_WORKFLOW_REF": "octo/repo/.github/workflows/release.yml@refs/heads/main", "GITHUB_REF": "refs/heads/main",
		"GITHUB_SHA": "feedface", "RUNNER_ENVIRONMENT": "github-hosted", "GITHUB_RUN_ID": "7", "GITHUB_RUN_ATTEMPT": "1",
		"ACTIONS_ID_TOKEN_REQUEST_URL": tokens.URL + "/token?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "rt",
	}
	e.f.Getenv = func(k string) string { return env[k] }
	writeFiles(t, e.home, map[string]string{
		"package.json": `{"name":"pkg","version":"1.1.0","repository":{"type":"git","url":"git+https://github.com/octo/repo.git"}}`,
		"index.js":     "module.exports = 1;\n",
	})
	// provenance=true comes from .npmrc (this harness loads no flags).
	if err := e.run("publish", "--ignore-scripts"); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut)
	}
	if !strings.Contains(e.errOut.String(), "gonpm notice stage Signed provenance statement with source and build information from GitHub Actions") {
		t.Errorf("stderr:\n%s", e.errOut)
	}
	staged := e.srv.StagedVersions("pkg")
	if len(staged) != 1 {
		t.Fatalf("staged: %+v", staged)
	}
	if err := e.run("approve", staged[0].ID); err != nil {
		t.Fatal(err)
	}
	dist := e.srv.Packument("pkg")["versions"].(map[string]any)["1.1.0"].(map[string]any)["dist"].(map[string]any)
	a, _ := dist["attestations"].(map[string]any)
	if a == nil || a["url"] != e.srv.URL+"-/npm/v1/attestations/pkg@1.1.0" {
		t.Errorf("dist.attestations after approval = %v", dist["attestations"])
	}
	resp, err := http.Get(e.srv.URL + "-/npm/v1/attestations/pkg@1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Attestations []struct {
			PredicateType string          `json:"predicateType"`
			Bundle        json.RawMessage `json:"bundle"`
		} `json:"attestations"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list.Attestations) != 1 || list.Attestations[0].PredicateType != "https://slsa.dev/provenance/v1" {
		t.Errorf("attestations endpoint: %v %+v", err, list)
	}
}
