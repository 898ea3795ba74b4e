package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/sigstoretest"
)

// TestStageApproveReviewShowsProvenance stages a version with provenance
// from a simulated GitHub Actions job (signed through the Sigstore
// stand-ins, checked by the registry), then approves it on a terminal.
// Against another Sigstore's trusted root the review says the bundle does
// not verify and why, and y/N gives way to typing "approve" (declined:
// nothing published); against the stand-ins' root it shows the verified
// repository, commit, workflow and builder and y publishes it. A version
// staged without provenance says so.
func TestStageApproveReviewShowsProvenance(t *testing.T) {
	a := loggedIn(t, "sam", registrytest.ModeAuthAndWrites)
	a.srv.AddPackage("sam", "provst", "1.0.0")
	ss, other := sigstoretest.Start(t), sigstoretest.Start(t)
	rootPath, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	otherRoot, err := other.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rootJSON, _ := os.ReadFile(rootPath)
	if err := a.srv.SetSigstoreTrustedRoot(rootJSON); err != nil {
		t.Fatal(err)
	}

	// The GitHub Actions job: its ID-token service gives the Sigstore
	// token for audience sigstore (and one no trusted publisher accepts
	// for the registry, so staging uses sam's token).
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := "not-trusted-anywhere"
		if r.URL.Query().Get("audience") == "sigstore" {
			v = sigstoretest.IDToken(map[string]any{
				"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo:ref:refs/heads/main",
				"repository": "octo/repo", "job_workflow_ref": "octo/repo/.github/workflows/release.yml@refs/heads/main",
				"sha": "feedface", "ref": "refs/heads/main",
			})
		}
		json.NewEncoder(w).Encode(map[string]string{"value": v})
	}))
	defer tokens.Close()
	job := append(append([]string(nil), a.env...),
		"CI=true", "GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://github.com", "GITHUB_REPOSITORY=octo/repo",
		"GITHUB_WORKFLOW_REF=octo/repo/.github/workflows/release.yml@refs/heads/main", "GITHUB_REF=refs/heads/main",
		"GITHUB_SHA=feedface", "RUNNER_ENVIRONMENT=github-hosted", "GITHUB_RUN_ID=7", "GITHUB_RUN_ATTEMPT=1",
		"ACTIONS_ID_TOKEN_REQUEST_URL="+tokens.URL+"/token?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN=rt",
		"NPM_CONFIG_SIGSTORE_FULCIO_URL="+ss.FulcioURL, "NPM_CONFIG_SIGSTORE_REKOR_URL="+ss.RekorURL,
		"NPM_CONFIG_SIGSTORE_TRUSTED_ROOT="+rootPath)
	dir := filepath.Join(a.home, "provst")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"provst","version":"1.1.0","repository":{"type":"git","url":"git+https://github.com/octo/repo.git"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte("module.exports = 1;\n"), 0o644)
	if out, errOut, code := runGonpm(t, job, dir, "", "stage", "publish", "--provenance", "--ignore-scripts"); code != 0 {
		t.Fatalf("stage publish --provenance: exit %d\n%s%s", code, out, errOut)
	}
	staged := a.srv.StagedVersions("provst")
	if len(staged) != 1 {
		t.Fatalf("staged: %+v", staged)
	}
	signed := staged[0].ID
	plain := a.srv.StageVersion("sam", "provst", "1.2.0", "next", nil)

	// Another Sigstore's root: not verified, and y/N is not enough.
	c := StartConsole(t, append(a.env, "NPM_CONFIG_SIGSTORE_TRUSTED_ROOT="+otherRoot), a.home, gonpmBinary(t), "stage", "approve", signed, "--yes")
	c.Expect(`Staged provst@1\.1\.0 \(id ` + signed + `\)`)
	c.Expect(`provenance: NOT VERIFIED against the trusted root ` + regexp.QuoteMeta(otherRoot) + `: the provenance bundle does not verify: [^\r\n]+\r?\n`)
	c.Expect(`The provenance of provst@1\.1\.0 does not verify: nothing proves which source and build it comes from\.`)
	c.Expect(`Type "approve" to approve and publish anyway: `)
	c.Send("y")
	c.Expect(`nothing was published`)
	if status := c.Wait(); status != 1 {
		t.Fatalf("exit status %d, want 1; screen:\n%s", status, c.Output())
	}
	if strings.Contains(c.Output(), "Enter OTP") || len(a.srv.StagedVersions("provst")) != 2 || a.srv.DistTags("provst")["latest"] != "1.0.0" {
		t.Fatalf("declining asked for a code or changed the registry; screen:\n%s", c.Output())
	}

	// The stand-ins' root: verified, what it attests, then y/N and a code.
	c = StartConsole(t, append(a.env, "NPM_CONFIG_SIGSTORE_TRUSTED_ROOT="+rootPath), a.home, gonpmBinary(t), "stage", "approve", signed)
	c.Expect(`provenance: verified against the trusted root ` + regexp.QuoteMeta(rootPath) + `\r?\n`)
	c.Expect(`source repository: https://github\.com/octo/repo\r?\n`)
	c.Expect(`commit: +feedface\r?\n`)
	c.Expect(`workflow: +\.github/workflows/release\.yml \(refs/heads/main\)\r?\n`)
	c.Expect(`builder: +https://github\.com/actions/runner/github-hosted\r?\n`)
	c.Expect(`files compared with provst@1\.0\.0 on latest:`)
	c.Expect(`Approve and publish this staged version\? \[y/N\] `)
	c.Send("y")
	c.Expect(`Enter OTP: `)
	c.Send(a.code())
	c.Expect(`Staged package ` + signed + ` approved and published successfully\.`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if a.srv.DistTags("provst")["latest"] != "1.1.0" {
		t.Fatalf("tags after approving: %v", a.srv.DistTags("provst"))
	}

	// No provenance: said plainly, and the usual question.
	c = StartConsole(t, append(a.env, "NPM_CONFIG_SIGSTORE_TRUSTED_ROOT="+rootPath), a.home, gonpmBinary(t), "stage", "approve", plain)
	c.Expect(`Staged provst@1\.2\.0`)
	c.Expect(`provenance: no provenance \(nothing signed says where this version was built\)`)
	c.Expect(`Approve and publish this staged version\? \[y/N\] `)
	c.Send("y")
	c.Expect(`Enter OTP: `)
	c.Send(a.code())
	c.Expect(`Staged package ` + plain + ` approved and published successfully\.`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
}
