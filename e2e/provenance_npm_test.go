package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/sigstoretest"
)

// The real npm 11.19.1 publishes with provenance in the same simulated
// GitHub Actions and GitLab CI jobs, its Sigstore calls redirected to the stand-ins
// (testdata/npm-sigstore-redirect.js): the test registry accepts npm's
// bundle (verified with sigstore-go), gonpm provenance verify verifies
// it, and the statement gonpm builds for the same package is byte for
// byte the one npm signed.
func TestProvenanceStatementMatchesNpm(t *testing.T) {
	github := map[string]string{
		"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo/repo",
		"GITHUB_WORKFLOW_REF": "octo/repo/.github/workflows/publish.yml@refs/heads/main", "GITHUB_EVENT_NAME": "push",
		"GITHUB_REPOSITORY_ID": "1", "GITHUB_REPOSITORY_OWNER_ID": "2", "GITHUB_REF": "refs/heads/main", "GITHUB_SHA": "deadbeef",
		"RUNNER_ENVIRONMENT": "github-hosted", "GITHUB_RUN_ID": "42", "GITHUB_RUN_ATTEMPT": "1",
	}
	gitlab := map[string]string{
		"CI": "true", "GITLAB_CI": "true", "CI_PROJECT_URL": "https://gitlab.com/octo/repo", "CI_RUNNER_ID": "7",
		"CI_COMMIT_SHA": "deadbeef", "CI_JOB_NAME": "publish", "CI_CONFIG_PATH": ".gitlab-ci.yml", "CI_PROJECT_PATH": "octo/repo",
		"CI_JOB_URL": "https://gitlab.com/octo/repo/-/jobs/99", "CI_COMMIT_REF_NAME": "main", "CI_SERVER_URL": "https://gitlab.com",
		"CI_JOB_ID": "99", "CI_PIPELINE_ID": "5", "CI_RUNNER_DESCRIPTION": "shared", "CI_RUNNER_EXECUTABLE_ARCH": "linux/amd64",
		"GITLAB_USER_LOGIN": "octo", "CI_PROJECT_VISIBILITY": "public",
	}
	gitlabClaims := map[string]any{
		"iss": "https://gitlab.com", "sub": "project_path:octo/repo:ref_type:branch:ref:main", "project_path": "octo/repo",
		"namespace_path": "octo", "ref": "main", "sha": "deadbeef", "ci_config_ref_uri": "gitlab.com/octo/repo//.gitlab-ci.yml@refs/heads/main",
	}
	gitlab["SIGSTORE_ID_TOKEN"] = sigstoretest.IDToken(gitlabClaims)
	t.Run("GitHub Actions", func(t *testing.T) {
		compareWithNpm(t, provenance.GitHubActions, github, "https://github.com/octo/repo")
	})
	t.Run("GitLab CI", func(t *testing.T) { compareWithNpm(t, provenance.GitLabCI, gitlab, "https://gitlab.com/octo/repo") })
}

func compareWithNpm(t *testing.T, provider provenance.Provider, ci map[string]string, repo string) {
	ss := sigstoretest.Start(t)
	rootPath, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rootJSON, _ := os.ReadFile(rootPath)
	srv := registrytest.New(t)
	if err := srv.SetSigstoreTrustedRoot(rootJSON); err != nil {
		t.Fatal(err)
	}
	token := srv.AddUser("nora", "nora-password", "nora@example.com")
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600)

	claims := map[string]any{
		"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo:ref:refs/heads/main",
		"repository": "octo/repo", "job_workflow_ref": "octo/repo/.github/workflows/publish.yml@refs/heads/main",
		"sha": "deadbeef", "ref": "refs/heads/main",
	}
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := "not-trusted"
		if r.URL.Query().Get("audience") == "sigstore" {
			v = sigstoretest.IDToken(claims)
		}
		json.NewEncoder(w).Encode(map[string]string{"value": v})
	}))
	defer tokens.Close()
	job := map[string]string{}
	for k, v := range ci {
		job[k] = v
	}
	if provider == provenance.GitHubActions {
		job["ACTIONS_ID_TOKEN_REQUEST_URL"] = tokens.URL + "/token?api-version=2.0"
		job["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "rt"
	}
	dir := filepath.Join(home, "pkg")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"@octo/npmprov","version":"1.0.0","description":"test pkg","license":"MIT","repository":{"type":"git","url":"git+`+repo+`.git"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte("module.exports = 1\n"), 0o644)

	redirect, _ := filepath.Abs("testdata/npm-sigstore-redirect.js")
	statementFile := filepath.Join(t.TempDir(), "statement.json")
	env := npmEnv(t, home, srv.URL)
	for k, v := range job {
		env = append(env, k+"="+v)
	}
	env = append(env, "NODE_OPTIONS=--require "+redirect, "GONPM_TEST_STATEMENT_FILE="+statementFile,
		"GONPM_TEST_FULCIO_URL="+ss.FulcioURL, "GONPM_TEST_REKOR_URL="+ss.RekorURL)
	runNpm(t, env, dir, srv.URL, "publish", "--provenance", "--access", "public")

	npmStatement, err := os.ReadFile(statementFile)
	if err != nil {
		t.Fatalf("npm signed no statement: %v", err)
	}
	// The same input: the tarball npm uploaded, as the registry lists it.
	dist := srv.Packument("@octo/npmprov")["versions"].(map[string]any)["1.0.0"].(map[string]any)["dist"].(map[string]any)
	sum, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(dist["integrity"].(string), "sha512-"))
	if err != nil {
		t.Fatal(err)
	}
	if dist["attestations"] == nil {
		t.Errorf("the registry lists no attestations for npm's publish: %v", dist)
	}
	ours, err := provenance.Statement(provider, func(k string) string { return job[k] }, "@octo/npmprov", "1.0.0", hex.EncodeToString(sum))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours, npmStatement) {
		t.Errorf("statements differ\n npm: %s\ngonpm: %s", npmStatement, ours)
	}

	// npm's bundle, as the registry stored it, verifies with gonpm.
	gonpmEnv := []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL, "NPM_CONFIG_SIGSTORE_TRUSTED_ROOT=" + rootPath}
	out := gonpmOK(t, gonpmEnv, dir, "provenance", "verify", "@octo/npmprov@1.0.0")
	for _, want := range []string{"@octo/npmprov@1.0.0: provenance verified\n", "  commit:            deadbeef\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("gonpm provenance verify of npm's bundle:\n%s\nlacks %q", out, want)
		}
	}
}
