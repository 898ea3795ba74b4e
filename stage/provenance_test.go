package stage

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	prov "github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/sigstoretest"
	"github.com/gonpm/gonpm/internal/staging"
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

// withSigstore points e's user config at Sigstore stand-ins (the trusted
// root is theirs) and returns them.
func withSigstore(t *testing.T, e *testEnv) (*sigstoretest.Sigstore, string) {
	t.Helper()
	ss := sigstoretest.Start(t)
	rootPath, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(filepath.Join(e.home, ".npmrc"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("sigstore-fulcio-url=" + ss.FulcioURL + "\nsigstore-rekor-url=" + ss.RekorURL + "\nsigstore-trusted-root=" + rootPath + "\n")
	f.Close()
	return ss, rootPath
}

// stageSigned stages pkg@version with a provenance bundle signed by ss
// in a simulated GitHub Actions job of octo/repo.
func stageSigned(t *testing.T, e *testEnv, ss *sigstoretest.Sigstore, version string) string {
	t.Helper()
	job := map[string]string{
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo/repo", "GITHUB_SHA": "feedface",
		"GITHUB_REF": "refs/heads/main", "GITHUB_WORKFLOW_REF": "octo/repo/.github/workflows/release.yml@refs/heads/main",
		"RUNNER_ENVIRONMENT": "github-hosted", "GITHUB_RUN_ID": "7", "GITHUB_RUN_ATTEMPT": "1",
	}
	claims := map[string]any{
		"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo:ref:refs/heads/main",
		"repository": "octo/repo", "job_workflow_ref": "octo/repo/.github/workflows/release.yml@refs/heads/main",
	}
	id, err := e.srv.StageVersionWithProvenance("alice", "pkg", version, "latest", func(sha512Hex string) ([]byte, error) {
		stmt, err := prov.Statement(prov.GitHubActions, func(k string) string { return job[k] }, "pkg", version, sha512Hex)
		if err != nil {
			return nil, err
		}
		s, err := prov.Sign(t.Context(), prov.Settings{FulcioURL: ss.FulcioURL, RekorURL: ss.RekorURL}, stmt, sigstoretest.IDToken(claims))
		if err != nil {
			return nil, err
		}
		return s.Bundle, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// On a terminal the review shows each version's provenance verified
// against the configured trusted root. A version without provenance says
// so and is approved with the usual y/N; one whose bundle does not verify
// says why, and only typing "approve" publishes it, --yes or not.
func TestApproveReviewShowsProvenance(t *testing.T) {
	tests := []struct {
		name      string
		signer    string // "ours", "other" (another Sigstore) or "" (none)
		args      []string
		answer    string
		wantLines []string
		wantAsk   string
		wantPub   bool
	}{
		{"verified", "ours", nil, "y", []string{
			"  provenance: verified against the trusted root {root}\n",
			"    source repository: https://github.com/octo/repo\n",
			"    commit:            feedface\n",
			"    workflow:          .github/workflows/release.yml (refs/heads/main)\n",
			"    builder:           https://github.com/actions/runner/github-hosted\n",
		}, "[y/N]", true},
		{"no provenance", "", nil, "y", []string{"  provenance: no provenance (nothing signed says where this version was built)\n"}, "[y/N]", true},
		{"does not verify, y is not enough", "other", nil, "y", []string{
			"  provenance: NOT VERIFIED against the trusted root {root}: the provenance bundle does not verify: ",
			"The provenance of pkg@1.1.0 does not verify: nothing proves which source and build it comes from.\n",
		}, `Type "approve"`, false},
		{"does not verify, --yes still asks", "other", []string{"--yes"}, "", nil, `Type "approve"`, false},
		{"does not verify, typed approve", "other", []string{"--yes"}, "approve", nil, `Type "approve"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, true)
			ss, rootPath := withSigstore(t, e)
			var id string
			switch tt.signer {
			case "ours":
				id = stageSigned(t, e, ss, "1.1.0")
			case "other":
				id = stageSigned(t, e, sigstoretest.Start(t), "1.1.0")
			default:
				id = e.srv.StageVersion("alice", "pkg", "1.1.0", "latest", nil)
			}
			e.terminal()
			e.prompter.answer = tt.answer
			err := e.run(append([]string{"approve", id}, tt.args...)...)
			if tt.wantPub != (err == nil) || published(e, "1.1.0") != tt.wantPub {
				t.Fatalf("err = %v, published %t; want published %t\n%s", err, published(e, "1.1.0"), tt.wantPub, e.errOut)
			}
			if !tt.wantPub && !errors.Is(err, staging.ErrNotConfirmed) {
				t.Errorf("declining gave %v", err)
			}
			if len(e.prompter.asked) != 1 || !strings.Contains(e.prompter.asked[0], tt.wantAsk) {
				t.Errorf("asked %q, want one question with %q", e.prompter.asked, tt.wantAsk)
			}
			for _, want := range tt.wantLines {
				if want = strings.ReplaceAll(want, "{root}", rootPath); !strings.Contains(e.errOut.String(), want) {
					t.Errorf("review lacks %q:\n%s", want, e.errOut)
				}
			}
		})
	}
}

// approve --json (no terminal, nothing asked) and view report the
// provenance gonpm verified; view of a record without attestations stays
// the record as npm prints it.
func TestJSONAndViewReportProvenance(t *testing.T) {
	e := newEnv(t, true)
	ss, rootPath := withSigstore(t, e)
	signed := stageSigned(t, e, ss, "1.1.0")
	plain := e.srv.StageVersion("alice", "pkg", "1.2.0", "next", nil)

	if err := e.run("view", signed); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"version: 1.1.0\n", "provenance: verified against the trusted root " + rootPath + "\n", "  commit:            feedface\n"} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("view lacks %q:\n%s", want, e.out)
		}
	}
	if err := e.run("view", plain); err != nil || strings.Contains(e.out.String(), "provenance") {
		t.Errorf("view of a version without provenance: %v\n%s", err, e.out)
	}

	e.setJSON(true)
	if err := e.run("view", signed); err != nil {
		t.Fatal(err)
	}
	var rec struct {
		ID           string
		Attestations struct{ URL string }
		Provenance   staging.Provenance
	}
	if err := json.Unmarshal(e.out.Bytes(), &rec); err != nil || rec.ID != signed || rec.Attestations.URL == "" ||
		!rec.Provenance.Verified || len(rec.Provenance.Attestations) != 1 || rec.Provenance.Attestations[0].Commit != "feedface" {
		t.Errorf("view --json: %v\n%s", err, e.out)
	}
	if err := e.run("view", plain); err != nil || strings.Contains(e.out.String(), "provenance") {
		t.Errorf("view --json of a version without provenance: %v\n%s", err, e.out)
	}

	if err := e.run("approve", signed, plain); err != nil {
		t.Fatalf("%v\n%s", err, e.errOut)
	}
	var outs []struct {
		ID         string
		Approved   bool
		Provenance *staging.Provenance
	}
	if err := json.Unmarshal(e.out.Bytes(), &outs); err != nil || len(outs) != 2 {
		t.Fatalf("approve --json: %v\n%s", err, e.out)
	}
	if p := outs[0].Provenance; !outs[0].Approved || p == nil || !p.Present || !p.Verified || p.Attestations[0].Repository != "https://github.com/octo/repo" {
		t.Errorf("approve --json, signed version: %+v", outs[0])
	}
	if p := outs[1].Provenance; !outs[1].Approved || p == nil || p.Present || p.Verified {
		t.Errorf("approve --json, version without provenance: %+v", outs[1])
	}
	if len(e.prompter.asked) != 0 {
		t.Errorf("asked %q without a terminal", e.prompter.asked)
	}
}
