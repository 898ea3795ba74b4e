package publish

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	prov "github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/sigstoretest"
	"github.com/gonpm/gonpm/internal/tarball"
	provcmd "github.com/gonpm/gonpm/provenance"
	"github.com/spf13/pflag"
)

// githubJob is a simulated GitHub Actions job (protocol appendix A.2).
var githubJob = map[string]string{
	"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo/repo",
	"GITHUB_WORKFLOW_REF": "octo/repo/.github/workflows/publish.yml@refs/heads/main", "GITHUB_EVENT_NAME": "push",
	"GITHUB_REPOSITORY_ID": "1", "GITHUB_REPOSITORY_OWNER_ID": "2", "GITHUB_REF": "refs/heads/main", "GITHUB_SHA": "deadbeef",
	"RUNNER_ENVIRONMENT": "github-hosted", "GITHUB_RUN_ID": "42", "GITHUB_RUN_ATTEMPT": "1",
}

var githubClaims = map[string]any{
	"iss": "https://token.actions.githubusercontent.com", "aud": "sigstore", "sub": "repo:octo/repo:ref:refs/heads/main",
	"repository": "octo/repo", "repository_owner": "octo", "repository_id": "1", "repository_owner_id": "2",
	"job_workflow_ref": "octo/repo/.github/workflows/publish.yml@refs/heads/main",
	"workflow_ref":     "octo/repo/.github/workflows/publish.yml@refs/heads/main",
	"sha":              "deadbeef", "ref": "refs/heads/main", "event_name": "push", "runner_environment": "github-hosted",
	"run_id": "42", "run_attempt": "1", "repository_visibility": "public",
}

var gitlabJob = map[string]string{
	"CI": "true", "GITLAB_CI": "true", "CI_PROJECT_URL": "https://gitlab.com/octo/repo", "CI_RUNNER_ID": "7",
	"CI_COMMIT_SHA": "cafe", "CI_JOB_NAME": "publish", "CI_CONFIG_PATH": ".gitlab-ci.yml", "CI_PROJECT_PATH": "octo/repo",
	"CI_JOB_URL": "https://gitlab.com/octo/repo/-/jobs/99", "CI_COMMIT_REF_NAME": "main",
}

var gitlabClaims = map[string]any{
	"iss": "https://gitlab.com", "aud": "sigstore", "sub": "project_path:octo/repo:ref_type:branch:ref:main",
	"project_path": "octo/repo", "namespace_path": "octo", "ref": "main", "sha": "cafe",
	"ci_config_ref_uri": "gitlab.com/octo/repo//.gitlab-ci.yml@refs/heads/main", "job_id": "99",
}

// idTokenService answers like GitHub's ACTIONS_ID_TOKEN_REQUEST_URL, with
// the Sigstore token for audience sigstore and a token no trusted
// publisher accepts for the registry's audience; it records audiences.
func idTokenService(t *testing.T, sigstoreToken string, audiences *[]string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer request-token" {
			http.Error(w, "bad request token", http.StatusUnauthorized)
			return
		}
		aud := r.URL.Query().Get("audience")
		*audiences = append(*audiences, aud)
		v := "not-trusted-anywhere"
		if aud == "sigstore" {
			v = sigstoreToken
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"value": v})
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/token?api-version=2.0"
}

type provEnv struct {
	*testEnv
	sigstore *sigstoretest.Sigstore
	rootPath string
	cfg      *config.Config
}

// newProvEnv is newTestEnv with the provenance flags, the Sigstore
// stand-ins configured, and the CI environment env.
func newProvEnv(t *testing.T, pkgJSON string, env map[string]string, args ...string) *provEnv {
	t.Helper()
	ss := sigstoretest.Start(t)
	rootPath, err := ss.WriteTrustedRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv := registrytest.New(t)
	rootJSON, _ := os.ReadFile(rootPath)
	if err := srv.SetSigstoreTrustedRoot(rootJSON); err != nil {
		t.Fatal(err)
	}
	token := srv.AddUser("pat", "pat-password", "pat@example.com")
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	npmrc := "//" + host + "/:_authToken=" + token + "\nsigstore-fulcio-url=" + ss.FulcioURL +
		"\nsigstore-rekor-url=" + ss.RekorURL + "\nsigstore-trusted-root=" + rootPath + "\n"
	os.WriteFile(filepath.Join(home, ".npmrc"), []byte(npmrc), 0o600)
	fs := pflag.NewFlagSet("publish", pflag.ContinueOnError)
	fs.String("tag", "", "")
	fs.String("access", "", "")
	fs.Bool("provenance", false, "")
	fs.String("provenance-file", "", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	cfgEnv := []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL}
	if v := env["NPM_CONFIG_PROVENANCE"]; v != "" {
		cfgEnv = append(cfgEnv, "NPM_CONFIG_PROVENANCE="+v)
	}
	cfg, err := config.Load(config.LoadOptions{Cwd: home, Home: home, Env: cfgEnv, Flags: fs})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(home, "pkg")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkgJSON), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte("module.exports = 1\n"), 0o644)
	ios, _, out, errOut := iostreams.Test()
	client := registry.New(registry.Options{Registry: srv.URL, Credentials: cfg})
	opts := &PublishOptions{
		IO: ios, Cwd: dir, Env: []string{"PATH=" + os.Getenv("PATH")}, Version: "0.0.0-test",
		Config:         func() (*config.Config, error) { return cfg, nil },
		RegistryClient: func() (*registry.Client, error) { return client, nil },
		Getenv:         func(k string) string { return env[k] },
		CI:             env["CI"] == "true",
	}
	return &provEnv{&testEnv{srv: srv, opts: opts, dir: dir, out: out, err: errOut}, ss, rootPath, cfg}
}

func withEnv(base map[string]string, extra ...string) map[string]string {
	env := map[string]string{}
	for k, v := range base {
		env[k] = v
	}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	return env
}

const repoPkg = `{"name":"@scope/pkg","version":"1.2.0","description":"test pkg","license":"MIT","repository":{"type":"git","url":"git+https://github.com/octo/repo.git"}}`

// publishWithProvenance publishes in a simulated GitHub Actions job and
// returns the environment.
func publishWithProvenance(t *testing.T) *provEnv {
	var audiences []string
	env := withEnv(githubJob, "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")
	env["ACTIONS_ID_TOKEN_REQUEST_URL"] = idTokenService(t, sigstoretest.IDToken(githubClaims), &audiences)
	e := newProvEnv(t, repoPkg, env, "--provenance", "--access=public")
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.err.String())
	}
	if len(audiences) != 2 || audiences[1] != "sigstore" {
		t.Errorf("ID tokens asked for %v, want the registry's audience then sigstore", audiences)
	}
	return e
}

func TestPublishWithProvenanceOnGitHubActions(t *testing.T) {
	e := publishWithProvenance(t)
	puts := e.puts()
	if len(puts) != 1 {
		t.Fatalf("PUTs: %v", puts)
	}
	var body struct {
		Versions    map[string]map[string]any `json:"versions"`
		Attachments map[string]struct {
			ContentType string `json:"content_type"`
			Data        string `json:"data"`
			Length      int    `json:"length"`
		} `json:"_attachments"`
	}
	if err := json.Unmarshal(puts[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	att, ok := body.Attachments["@scope/pkg-1.2.0.sigstore"]
	if !ok || att.ContentType != "application/vnd.dev.sigstore.bundle.v0.3+json" || att.Length != len(att.Data) || !json.Valid([]byte(att.Data)) {
		t.Fatalf("sigstore attachment = %+v (keys %v)", att, body.Attachments)
	}
	tgz := body.Attachments["@scope/pkg-1.2.0.tgz"]
	if tgz.ContentType != "application/octet-stream" || tgz.Data == "" {
		t.Errorf("tarball attachment = %+v", tgz)
	}
	stmt, err := prov.ReadStatement([]byte(att.Data))
	if err != nil || stmt.Repository != "https://github.com/octo/repo" || stmt.Subject != "pkg:npm/%40scope/pkg@1.2.0" {
		t.Errorf("statement %+v, %v", stmt, err)
	}
	errs := e.err.String()
	for _, want := range []string{
		"gonpm notice publish Signed provenance statement with source and build information from GitHub Actions\n",
		"gonpm notice publish Provenance statement published to transparency log: " + e.sigstore.RekorURL + "/api/v1/log/entries?logIndex=0\n",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	dist := e.srv.Packument("@scope/pkg")["versions"].(map[string]any)["1.2.0"].(map[string]any)["dist"].(map[string]any)
	wantURL := e.srv.URL + "-/npm/v1/attestations/@scope/pkg@1.2.0"
	if a, _ := dist["attestations"].(map[string]any); a["url"] != wantURL || a["provenance"].(map[string]any)["predicateType"] != "https://slsa.dev/provenance/v1" {
		t.Errorf("dist.attestations = %v", dist["attestations"])
	}
}

// The whole loop: what gonpm published, gonpm provenance verify checks
// against the stand-ins' trusted root and describes.
func TestProvenanceVerifyAfterPublish(t *testing.T) {
	e := publishWithProvenance(t)
	for _, asJSON := range []bool{false, true} {
		args := []string{"@scope/pkg@1.2.0"}
		if asJSON {
			args = append(args, "--json")
		}
		out, err := runVerify(e, args...)
		if err != nil {
			t.Fatal(err)
		}
		if asJSON {
			var got struct {
				Verified     bool
				Attestations []prov.Attestation
			}
			if err := json.Unmarshal([]byte(out.String()), &got); err != nil || !got.Verified || len(got.Attestations) != 1 || got.Attestations[0].Commit != "deadbeef" {
				t.Errorf("--json: %v %s", err, out.String())
			}
			continue
		}
		for _, want := range []string{
			"@scope/pkg@1.2.0: provenance verified\n",
			"  source repository: https://github.com/octo/repo\n",
			"  commit:            deadbeef\n",
			"  workflow:          .github/workflows/publish.yml (refs/heads/main)\n",
			"  builder:           https://github.com/actions/runner/github-hosted\n",
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
	}
	// Against another trusted root the same bundle does not verify.
	other := sigstoretest.Start(t)
	otherRoot, _ := other.WriteTrustedRoot(t.TempDir())
	e.cfg.Set(config.LayerUser, "sigstore-trusted-root", otherRoot)
	if _, err := runVerify(e, "@scope/pkg@1.2.0"); err == nil || !strings.Contains(err.Error(), "does not verify") {
		t.Errorf("verify against another root: %v", err)
	}
}

// runVerify runs `gonpm provenance verify args...` against e's registry.
func runVerify(e *provEnv, args ...string) (interface{ String() string }, error) {
	ios, _, out, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Config: e.opts.Config, RegistryClient: e.opts.RegistryClient, Cwd: e.dir}
	cmd := provcmd.NewCmdVerify(f, nil)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	return out, cmd.ExecuteContext(context.Background())
}

// packTo packs e's package into the file tgz.
func packTo(t *testing.T, e *provEnv, tgz string) {
	t.Helper()
	f, err := os.Create(tgz)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := tarball.Pack(e.dir, f); err != nil {
		t.Fatal(err)
	}
}

func TestPublishWithProvenanceOnGitLab(t *testing.T) {
	env := withEnv(gitlabJob, "SIGSTORE_ID_TOKEN", sigstoretest.IDToken(gitlabClaims))
	e := newProvEnv(t, `{"name":"pkg","version":"1.0.0","repository":"https://gitlab.com/octo/repo"}`, env, "--provenance", "--access=public")
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.err.String())
	}
	if !strings.Contains(e.err.String(), "source and build information from GitLab CI") {
		t.Errorf("stderr: %s", e.err.String())
	}
	if _, err := prov.ReadStatement([]byte(attachmentOf(t, e, "pkg-1.0.0.sigstore"))); err != nil {
		t.Error(err)
	}
}

func attachmentOf(t *testing.T, e *provEnv, name string) string {
	t.Helper()
	puts := e.puts()
	if len(puts) != 1 {
		t.Fatalf("PUTs: %v", puts)
	}
	var body struct {
		Attachments map[string]struct{ Data string } `json:"_attachments"`
	}
	json.Unmarshal(puts[0].Body, &body)
	return body.Attachments[name].Data
}

// npm's refusals, before anything is signed or uploaded.
func TestProvenanceRequirements(t *testing.T) {
	github := withEnv(githubJob, "ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:1/token", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")
	for _, tc := range []struct {
		name string
		env  map[string]string
		pkg  string
		args []string
		want string
	}{
		{"GitHub without id-token permission", githubJob, repoPkg, []string{"--provenance", "--access=public"},
			`Provenance generation in GitHub Actions requires "write" access to the "id-token" permission`},
		{"GitLab without SIGSTORE_ID_TOKEN", gitlabJob, repoPkg, []string{"--provenance", "--access=public"},
			`Provenance generation in GitLab CI requires "SIGSTORE_ID_TOKEN" with "sigstore" audience to be present in "id_tokens". For more info see:`},
		{"local", map[string]string{}, repoPkg, []string{"--provenance", "--access=public"},
			"Automatic provenance generation not supported for provider: null"},
		{"CircleCI", map[string]string{"CI": "true", "CIRCLECI": "true"}, repoPkg, []string{"--provenance"},
			"Automatic provenance generation not supported for provider: CircleCI"},
		{"new scoped package without --access public", github, repoPkg, []string{"--provenance"},
			"Can't generate provenance for new or private package, you must set `access` to public."},
		{"NPM_CONFIG_PROVENANCE=true is honoured", withEnv(githubJob, "NPM_CONFIG_PROVENANCE", "true"), repoPkg, []string{"--access=public"},
			`requires "write" access to the "id-token" permission`},
		{"both --provenance and --provenance-file", github, repoPkg, []string{"--provenance", "--provenance-file=x.json"},
			"--provenance cannot be provided when using --provenance-file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newProvEnv(t, tc.pkg, tc.env, tc.args...)
			err := publishRun(t.Context(), e.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if len(e.puts()) != 0 {
				t.Error("something was uploaded")
			}
			if f, r := e.sigstore.Requests(); f+r != 0 {
				t.Errorf("Fulcio/Rekor were asked %d/%d times", f, r)
			}
		})
	}
}

// --dry-run shows the statement and signs nothing.
func TestProvenanceDryRun(t *testing.T) {
	env := withEnv(githubJob, "ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:1/token")
	e := newProvEnv(t, repoPkg, env, "--provenance", "--access=public")
	e.opts.DryRun = true
	if err := publishRun(t.Context(), e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.err.String())
	}
	errs := e.err.String()
	if !strings.Contains(errs, "provenance statement that would be signed (dry-run, nothing signed):") ||
		!strings.Contains(errs, `"_type": "https://in-toto.io/Statement/v1"`) || !strings.Contains(errs, `"gitCommit": "deadbeef"`) {
		t.Errorf("stderr:\n%s", errs)
	}
	if f, r := e.sigstore.Requests(); f+r != 0 || len(e.puts()) != 0 {
		t.Errorf("dry run signed (%d, %d) or uploaded (%d)", f, r, len(e.puts()))
	}
}

// A bundle that does not verify against the configured trusted root is
// never uploaded.
func TestProvenanceNotVerifiedIsNotPublished(t *testing.T) {
	var audiences []string
	env := withEnv(githubJob, "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")
	env["ACTIONS_ID_TOKEN_REQUEST_URL"] = idTokenService(t, sigstoretest.IDToken(githubClaims), &audiences)
	e := newProvEnv(t, repoPkg, env, "--provenance", "--access=public")
	other := sigstoretest.Start(t)
	otherRoot, _ := other.WriteTrustedRoot(t.TempDir())
	e.cfg.Set(config.LayerUser, "sigstore-trusted-root", otherRoot)
	err := publishRun(t.Context(), e.opts)
	if err == nil || !strings.Contains(err.Error(), "the provenance bundle gonpm signed does not verify, so @scope/pkg@1.2.0 was not published") {
		t.Errorf("err = %v", err)
	}
	if len(e.puts()) != 0 {
		t.Error("an unverified bundle was uploaded")
	}
}

// The registry refuses provenance whose repository is not package.json's,
// with the public registry's 422 message.
func TestRegistryRefusesProvenanceForAnotherRepository(t *testing.T) {
	var audiences []string
	env := withEnv(githubJob, "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")
	env["ACTIONS_ID_TOKEN_REQUEST_URL"] = idTokenService(t, sigstoretest.IDToken(githubClaims), &audiences)
	e := newProvEnv(t, `{"name":"@scope/pkg","version":"1.2.0"}`, env, "--provenance", "--access=public")
	err := publishRun(t.Context(), e.opts)
	want := `Error verifying sigstore provenance bundle: Failed to validate repository information: package.json: "repository.url" is "", expected to match "https://github.com/octo/repo" from provenance`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v", err)
	}
	if puts := e.puts(); len(puts) != 1 || puts[0].Status != http.StatusUnprocessableEntity {
		t.Errorf("PUTs %v, want one answered 422", puts)
	}
}

// --provenance-file: npm's checks of the subject, then verification,
// anywhere (no CI needed).
func TestPublishWithProvenanceFile(t *testing.T) {
	e := newProvEnv(t, repoPkg, map[string]string{}, "--access=public")
	// Pack first, so the bundle can name the tarball's digest.
	tgz := filepath.Join(t.TempDir(), "pkg.tgz")
	packTo(t, e, tgz)
	data, _ := os.ReadFile(tgz)
	sum := sha512.Sum512(data)
	settings := prov.Settings{FulcioURL: e.sigstore.FulcioURL, RekorURL: e.sigstore.RekorURL, TrustedRoot: e.rootPath}
	bundleFor := func(name, version, digest string) string {
		stmt, err := prov.Statement(prov.GitHubActions, func(k string) string { return githubJob[k] }, name, version, digest)
		if err != nil {
			t.Fatal(err)
		}
		s, err := prov.Sign(t.Context(), settings, stmt, sigstoretest.IDToken(githubClaims))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "bundle.json")
		os.WriteFile(p, s.Bundle, 0o644)
		return p
	}
	digest := hex.EncodeToString(sum[:])
	for _, tc := range []struct {
		name, file, want string
	}{
		{"another package", bundleFor("@scope/other", "1.2.0", digest), "Provenance subject pkg:npm/%40scope/other@1.2.0 does not match the package: pkg:npm/%40scope/pkg@1.2.0"},
		{"another tarball", bundleFor("@scope/pkg", "1.2.0", strings.Repeat("ab", 64)), "Provenance subject digest does not match the package"},
		{"not a bundle", writeTemp(t, "{"), "Invalid provenance provided"},
		{"good", bundleFor("@scope/pkg", "1.2.0", digest), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.cfg.Set(config.LayerUser, "provenance-file", tc.file)
			e.opts.Target = tgz
			err := publishRun(t.Context(), e.opts)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("%v\n%s", err, e.err.String())
				}
				if a := attachmentOf(t, e, "@scope/pkg-1.2.0.sigstore"); !json.Valid([]byte(a)) {
					t.Errorf("attachment %q", a)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func writeTemp(t *testing.T, text string) string {
	p := filepath.Join(t.TempDir(), "f.json")
	os.WriteFile(p, []byte(text), 0o644)
	return p
}

// After a successful trusted-publishing exchange from a public repository
// for a public package, provenance is on without being asked for (npm's
// automatic provenance); a private repository, or provenance=false, keeps
// it off.
func TestAutomaticProvenanceAfterTrustedPublishing(t *testing.T) {
	for _, tc := range []struct {
		name       string
		visibility string
		args       []string
		want       bool
	}{
		{"public repository", "public", nil, true},
		{"private repository", "private", nil, false},
		{"provenance=false", "public", []string{"--provenance=false"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			claims := map[string]any{}
			for k, v := range githubClaims {
				claims[k] = v
			}
			claims["repository_visibility"] = tc.visibility
			jwt := sigstoretest.IDToken(claims)
			tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				json.NewEncoder(w).Encode(map[string]string{"value": jwt})
			}))
			defer tokens.Close()
			env := withEnv(githubJob, "ACTIONS_ID_TOKEN_REQUEST_URL", tokens.URL+"/t", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "rt")
			e := newProvEnv(t, `{"name":"autoprov","version":"1.1.0","repository":{"type":"git","url":"git+https://github.com/octo/repo.git"}}`, env, tc.args...)
			e.srv.AddPackage("pat", "autoprov", "1.0.0")
			e.srv.TrustPublisher("autoprov", jwt)
			if err := publishRun(t.Context(), e.opts); err != nil {
				t.Fatalf("%v\n%s", err, e.err.String())
			}
			got := attachmentOf(t, e, "autoprov-1.1.0.sigstore") != ""
			if got != tc.want {
				t.Errorf("provenance attached = %v, want %v\n%s", got, tc.want, e.err.String())
			}
		})
	}
}

// With --workspaces every package gets its own provenance, signed before
// the first upload; when provenance cannot be made (no ID token), nothing
// is published.
func TestPublishWorkspacesWithProvenance(t *testing.T) {
	tests := []struct {
		name   string
		idTok  bool
		wantOK bool
	}{
		{"in a job with id-token: write", true, true},
		{"without the id-token permission", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var audiences []string
			env := withEnv(githubJob)
			if tt.idTok {
				env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "request-token"
				env["ACTIONS_ID_TOKEN_REQUEST_URL"] = idTokenService(t, sigstoretest.IDToken(githubClaims), &audiences)
			}
			e := newProvEnv(t, repoPkg, env, "--provenance", "--access=public")
			root := filepath.Join(filepath.Dir(e.dir), "mono")
			files := map[string]string{
				"package.json":   `{"name":"mono","private":true,"workspaces":["a","b"]}`,
				"a/package.json": strings.Replace(repoPkg, "@scope/pkg", "@scope/a", 1),
				"b/package.json": strings.Replace(repoPkg, "@scope/pkg", "@scope/b", 1),
				"a/index.js":     "module.exports = 1\n",
				"b/index.js":     "module.exports = 2\n",
			}
			for name, text := range files {
				os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755)
				if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			e.opts.Cwd, e.opts.Workspaces = root, true
			err := publishRun(t.Context(), e.opts)
			if !tt.wantOK {
				if err == nil || !strings.Contains(e.err.String(), `requires "write" access to the "id-token" permission`) {
					t.Errorf("err = %v, stderr:\n%s\nwant the id-token permission named", err, e.err.String())
				}
				if puts := e.puts(); len(puts) != 0 {
					t.Errorf("%d packages were published without provenance", len(puts))
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, e.err.String())
			}
			if n := strings.Count(e.err.String(), "Signed provenance statement"); n != 2 {
				t.Errorf("%d provenance statements signed, want 2:\n%s", n, e.err.String())
			}
			for _, name := range []string{"@scope/a", "@scope/b"} {
				dist, _ := e.srv.Packument(name)["versions"].(map[string]any)["1.2.0"].(map[string]any)["dist"].(map[string]any)
				if dist["attestations"] == nil {
					t.Errorf("%s@1.2.0 was published without provenance: dist %v", name, dist)
				}
			}
		})
	}
}

// publishConfig.provenance with npm 11.19.1's precedence: true signs as
// --provenance does; --provenance=false on the command line wins;
// NPM_CONFIG_PROVENANCE=false does not; the string "true" is ignored; a
// provenance file the user gives is used instead of signing.
func TestPublishConfigProvenance(t *testing.T) {
	pkg := func(value string) string {
		return `{"name":"@scope/pkg","version":"1.2.0","repository":{"type":"git","url":"git+https://github.com/octo/repo.git"},"publishConfig":{"access":"public","provenance":` + value + `}}`
	}
	for _, tc := range []struct {
		name    string
		value   string
		args    []string
		env     []string
		file    bool
		want    bool
		wantErr string
	}{
		{"true", "true", nil, nil, false, true, ""},
		{"--provenance=false wins", "true", []string{"--provenance=false"}, nil, false, false, ""},
		{"NPM_CONFIG_PROVENANCE=false does not", "true", nil, []string{"NPM_CONFIG_PROVENANCE", "false"}, false, true, ""},
		{"false", "false", nil, nil, false, false, ""},
		{"the string true is ignored", `"true"`, nil, nil, false, false, ""},
		{"a provenance file wins", "true", nil, nil, true, false, "Invalid provenance provided"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var audiences []string
			env := withEnv(githubJob, append([]string{"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token"}, tc.env...)...)
			env["ACTIONS_ID_TOKEN_REQUEST_URL"] = idTokenService(t, sigstoretest.IDToken(githubClaims), &audiences)
			e := newProvEnv(t, pkg(tc.value), env, tc.args...)
			if tc.file {
				e.cfg.Set(config.LayerUser, "provenance-file", filepath.Join(t.TempDir(), "no-such-bundle.json"))
			}
			err := publishRun(t.Context(), e.opts)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if f, r := e.sigstore.Requests(); f+r != 0 {
					t.Errorf("signed (%d, %d) although a provenance file was given", f, r)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, e.err.String())
			}
			got := attachmentOf(t, e, "@scope/pkg-1.2.0.sigstore") != ""
			if f, r := e.sigstore.Requests(); got != tc.want || (f == 1 && r == 1) != tc.want {
				t.Errorf("provenance attached = %v (Fulcio %d, Rekor %d requests), want %v\n%s", got, f, r, tc.want, e.err.String())
			}
		})
	}
}
