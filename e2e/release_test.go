package e2e

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/sigstoretest"
	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// releaseVersion is the version the release tests build and publish.
const releaseVersion = "0.9.0"

// releasePlatforms are the Go platforms of a release, with their npm names.
var releasePlatforms = []struct{ goos, goarch, npm string }{
	{"darwin", "amd64", "darwin-x64"},
	{"darwin", "arm64", "darwin-arm64"},
	{"linux", "amd64", "linux-x64"},
	{"linux", "arm64", "linux-arm64"},
	{"windows", "amd64", "win32-x64"},
	{"windows", "arm64", "win32-arm64"},
}

// runRelease runs scripts/release.sh with args and env, failing the test
// with its output when it fails. It returns stdout and stderr.
func runRelease(t *testing.T, env []string, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{"scripts/release.sh"}, args...)...)
	cmd.Dir, cmd.Env = moduleRoot(t), env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("release.sh %s: %v\n%s\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// releaseEnv is the test's environment without release settings, then
// extra.
func releaseEnv(extra ...string) []string {
	return append(withoutReleaseSettings(os.Environ()), extra...)
}

// withoutReleaseSettings leaves out of env what would change what
// release.sh builds or how it publishes: its own settings, and a CI job's
// ID token, which turns provenance on.
func withoutReleaseSettings(env []string) []string {
	var kept []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "GONPM_RELEASE_"), name == "SOURCE_DATE_EPOCH",
			strings.HasPrefix(name, "GITHUB_"), strings.HasPrefix(name, "ACTIONS_"), name == "GITLAB_CI",
			name == "SIGSTORE_ID_TOKEN", name == "NPM_ID_TOKEN":
			continue
		}
		kept = append(kept, kv)
	}
	return kept
}

// hostPlatform is this machine's platform package, as npm names it.
func hostPlatform() string {
	for _, p := range releasePlatforms {
		if p.goos == runtime.GOOS && p.goarch == runtime.GOARCH {
			return p.npm
		}
	}
	return runtime.GOOS + "-" + runtime.GOARCH
}

// TestRelease builds a whole release once, checks what a user downloads,
// rebuilds part of it to show the bytes do not change, then publishes the
// npm packages with the release's own gonpm to a private Verdaccio and
// installs gonpm from there with the real npm.
func TestRelease(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("scripts/release.sh needs bash")
	}
	verdacciotest.NpmPath(t)
	v := verdacciotest.Start(t)
	head, err := exec.Command("git", "-C", moduleRoot(t), "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	commit := strings.TrimSpace(string(head))
	out := filepath.Join(t.TempDir(), "dist")
	runRelease(t, releaseEnv(), releaseVersion, out)
	sums := readSums(t, out)

	t.Run("archives", func(t *testing.T) {
		if len(sums) != 2*len(releasePlatforms) {
			t.Errorf("SHA256SUMS lists %d files, want an archive and an SBOM for each of %d platforms: %v", len(sums), len(releasePlatforms), sums)
		}
		for _, p := range releasePlatforms {
			name := "gonpm_" + releaseVersion + "_" + p.goos + "_" + p.goarch
			exe, archive := "gonpm", name+".tar.gz"
			if p.goos == "windows" {
				exe, archive = "gonpm.exe", name+".zip"
			}
			if _, ok := sums[archive]; !ok {
				t.Errorf("SHA256SUMS does not list %s", archive)
			}
			got := archiveEntries(t, filepath.Join(out, archive))
			want := map[string]int64{name + "/": 0o755, name + "/" + exe: 0o755, name + "/LICENSE": 0o644, name + "/README.md": 0o644}
			if !maps.Equal(got, want) {
				t.Errorf("%s holds %v, want %v", archive, got, want)
			}
		}
	})

	t.Run("SBOM", func(t *testing.T) {
		tests := []struct {
			platform, want, wantNot string
		}{
			{"linux_amd64", "github.com/spf13/cobra", "github.com/inconshreveable/mousetrap"},
			{"windows_arm64", "github.com/inconshreveable/mousetrap", ""},
		}
		for _, tt := range tests {
			name := "gonpm_" + releaseVersion + "_" + tt.platform + ".sbom.cdx.json"
			if _, ok := sums[name]; !ok {
				t.Errorf("SHA256SUMS does not list %s", name)
			}
			var sbom struct {
				BOMFormat string `json:"bomFormat"`
				Metadata  struct {
					Component struct{ Name, Version string }
				}
			}
			raw, err := os.ReadFile(filepath.Join(out, name))
			if err == nil {
				err = json.Unmarshal(raw, &sbom)
			}
			if err != nil || sbom.BOMFormat != "CycloneDX" {
				t.Fatalf("%s is not a CycloneDX SBOM: %v", name, err)
			}
			if c := sbom.Metadata.Component; c.Name != "github.com/gonpm/gonpm" || c.Version != "v"+releaseVersion {
				t.Errorf("%s describes %s %s, want github.com/gonpm/gonpm v%s", name, c.Name, c.Version, releaseVersion)
			}
			if !strings.Contains(string(raw), `"`+tt.want+`"`) {
				t.Errorf("%s does not list %s, a module linked into that binary", name, tt.want)
			}
			if tt.wantNot != "" && strings.Contains(string(raw), `"`+tt.wantNot+`"`) {
				t.Errorf("%s lists %s, a module only Windows binaries link", name, tt.wantNot)
			}
		}
	})

	// What follows uses the build without changing it: side by side.
	t.Run("reproducible", func(t *testing.T) {
		t.Parallel()
		// Another folder, time zone and umask, two platforms: the archives
		// and the SBOMs must come out byte for byte the same.
		again := filepath.Join(t.TempDir(), "again")
		env := releaseEnv("GONPM_RELEASE_PLATFORMS=linux/arm64 windows/amd64", "TZ=Pacific/Kiritimati")
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "bash", "-c", `umask 077 && exec bash scripts/release.sh "$@"`, "release.sh", releaseVersion, again)
		cmd.Dir, cmd.Env = moduleRoot(t), env
		if outErr, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("second build: %v\n%s", err, outErr)
		}
		second := readSums(t, again)
		if len(second) != 4 {
			t.Fatalf("the two-platform build lists %d files, want 4: %v", len(second), second)
		}
		for name, sum := range second {
			if sums[name] != sum {
				t.Errorf("%s differs between builds: %s then %s", name, sums[name], sum)
			}
		}
	})

	t.Run("npm install from the registry", func(t *testing.T) {
		t.Parallel()
		publisherHome := t.TempDir()
		verdacciotest.WriteNpmrc(t, publisherHome, v.AuthLine(v.AddUser(t, "releaser", "releaser-password")))
		published, _ := runRelease(t, withoutReleaseSettings(v.NpmEnv(t, publisherHome)), "--publish", releaseVersion, out)
		lines := strings.Split(strings.TrimSpace(published), "\n")
		if len(lines) != len(releasePlatforms)+1 || lines[len(lines)-1] != "+ gonpm@"+releaseVersion {
			t.Fatalf("publish summary should list %d platform packages, then the wrapper last:\n%s", len(releasePlatforms), published)
		}
		for _, p := range releasePlatforms {
			if tags := v.DistTags(t, "@gonpm/"+p.npm); tags["latest"] != releaseVersion {
				t.Errorf("@gonpm/%s dist-tags = %v, want latest: %s", p.npm, tags, releaseVersion)
			}
		}

		// A new user: nothing configured but the registry.
		userHome := t.TempDir()
		verdacciotest.WriteNpmrc(t, userHome)
		env := v.NpmEnv(t, userHome)
		prefix := filepath.Join(t.TempDir(), "prefix")
		if _, stderr, err := verdacciotest.RunNpm(t, env, userHome, "install", "-g", "gonpm", "--prefix", prefix, "--registry", v.URL); err != nil {
			t.Fatalf("npm install -g gonpm: %v\n%s", err, stderr)
		}
		link := filepath.Join(prefix, "bin", "gonpm")
		runLink := func(args ...string) (string, string, int) {
			cmd := exec.Command(link, args...)
			cmd.Env = env
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatalf("running %s: %v", link, err)
			}
			return stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()
		}
		if stdout, stderr, code := runLink("--version"); stdout != releaseVersion+"\n" || code != 0 {
			t.Errorf("gonpm --version through npm's bin link: %q (exit %d, stderr %q), want %q", stdout, code, stderr, releaseVersion+"\n")
		}
		stdout, _, _ := runLink("--version", "--json")
		var build struct{ Version, Commit, BuildDate, Platform string }
		if err := json.Unmarshal([]byte(stdout), &build); err != nil {
			t.Fatalf("gonpm --version --json: %v\n%s", err, stdout)
		}
		if build.Commit != commit || build.Platform != runtime.GOOS+"/"+runtime.GOARCH || build.BuildDate == "" {
			t.Errorf("gonpm --version --json = %+v, want commit %s on %s/%s with a build date", build, commit, runtime.GOOS, runtime.GOARCH)
		}
		// The launcher passes on the exit status and the error line.
		if _, stderr, code := runLink("--no-such-flag"); code != 2 || !strings.Contains(stderr, "unknown flag: --no-such-flag") {
			t.Errorf("gonpm --no-such-flag through the launcher: exit %d, stderr %q; want exit 2 and gonpm's message", code, stderr)
		}

		// npm installed only this machine's platform package.
		var platformDirs []string
		for _, pattern := range []string{"lib/node_modules/gonpm/node_modules/@gonpm/*", "lib/node_modules/@gonpm/*"} {
			m, _ := filepath.Glob(filepath.Join(prefix, filepath.FromSlash(pattern)))
			for _, d := range m {
				platformDirs = append(platformDirs, filepath.Base(d))
			}
		}
		host := map[string]string{"amd64": "x64"}[runtime.GOARCH]
		if host == "" {
			host = runtime.GOARCH
		}
		if want := runtime.GOOS + "-" + host; len(platformDirs) != 1 || platformDirs[0] != want {
			t.Errorf("installed platform packages %v, want only %s", platformDirs, want)
		}
	})

	// The publishing subtests below use the test registry, which stages and
	// verifies provenance as the public registry does; they publish this
	// machine's platform package and the wrapper (publish flags after --
	// select them), which shows the same as all seven at a third of the cost.
	selected := []string{"--", "--workspace", "platforms/" + hostPlatform(), "--workspace", "gonpm"}
	host := hostPlatform()
	releaseGonpm := filepath.Join(out, "npm", "platforms", host, "bin", "gonpm")

	t.Run("staged", func(t *testing.T) {
		t.Parallel()
		tests := []struct {
			name  string
			token registrytest.TokenOptions
			env   string
			why   string
		}{
			// A token that may only stage, as CI is given once tokens
			// that bypass 2FA stop publishing directly: release.sh stages
			// when the registry refuses the direct publish.
			{"when the registry requires it", registrytest.TokenOptions{PackagesPermission: registrytest.StageOnlyPermission}, "", "only as staged publishes; staging them"},
			{"when GONPM_RELEASE_STAGE=1", registrytest.TokenOptions{Bypass2FA: true, PackagesPermission: "read-write"}, "GONPM_RELEASE_STAGE=1", "stage publish --workspaces"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				srv := registrytest.New(t)
				srv.AddUser("releaser", "releaser-password", "releaser@example.com")
				secret, _ := srv.EnableTFA("releaser", registrytest.ModeAuthAndWrites)
				home := t.TempDir()
				writeTokenNpmrc(t, home, srv.URL, srv.AddToken("releaser", tt.token))
				env := releaseEnv("HOME="+home, "NPM_CONFIG_REGISTRY="+srv.URL)
				if tt.env != "" {
					env = append(env, tt.env)
				}

				stdout, stderr := runRelease(t, env, append([]string{"--publish", releaseVersion, out}, selected...)...)
				if !strings.Contains(stderr, tt.why) {
					t.Errorf("release.sh does not say %q:\n%s", tt.why, stderr)
				}
				staged := regexp.MustCompile(`(?m)^\+ (\S+)@`+regexp.QuoteMeta(releaseVersion)+` \(staged with id ([0-9a-f-]{36})\)$`).FindAllStringSubmatch(stdout, -1)
				if len(staged) != 2 || staged[0][1] != "@gonpm/"+host || staged[1][1] != "gonpm" {
					t.Fatalf("want @gonpm/%s and then the wrapper staged:\n%s", host, stdout)
				}
				if doc := srv.Packument("gonpm"); doc != nil {
					t.Fatalf("the wrapper was published before any approval: %v", doc["versions"])
				}
				m := regexp.MustCompile(`(?m)^  (gonpm stage approve .*)$`).FindStringSubmatch(stdout)
				want := "gonpm stage approve " + staged[0][2] + " " + staged[1][2] + " --registry " + srv.URL
				if m == nil || m[1] != want {
					t.Fatalf("release.sh should print the approval command %q:\n%s", want, stdout)
				}

				// The maintainer runs it, with a code from their authenticator.
				args := append(strings.Fields(m[1])[1:], "--otp", srv.TOTP(secret, time.Now()))
				cmd := exec.Command(releaseGonpm, args...)
				cmd.Env = env
				if outErr, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", m[1], err, outErr)
				}
				var approved []string
				for _, r := range srv.Requests() {
					if r.Method == "POST" && strings.HasSuffix(r.Path, "/approve") && r.Status == 200 {
						approved = append(approved, r.Path)
					}
				}
				if len(approved) != 2 || !strings.Contains(approved[1], staged[1][2]) {
					t.Errorf("approvals %v: want the platform package, then the wrapper", approved)
				}
				for _, name := range []string{"@gonpm/" + host, "gonpm"} {
					if tags := srv.DistTags(name); tags["latest"] != releaseVersion {
						t.Errorf("%s dist-tags after approval = %v, want latest: %s", name, tags, releaseVersion)
					}
				}
			})
		}
	})

	t.Run("provenance from a GitHub Actions job", func(t *testing.T) {
		t.Parallel()
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
		home := t.TempDir()
		writeTokenNpmrc(t, home, srv.URL, srv.AddUser("releaser", "releaser-password", "releaser@example.com"))

		// The release workflow's job: a tag push with "id-token: write".
		ref := "refs/tags/v" + releaseVersion
		idTokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "bearer request-token" && r.Header.Get("Authorization") != "Bearer request-token" {
				http.Error(w, "bad request token", http.StatusUnauthorized)
				return
			}
			token := "not-a-trusted-publisher"
			if r.URL.Query().Get("audience") == "sigstore" {
				token = sigstoretest.IDToken(map[string]any{
					"iss": "https://token.actions.githubusercontent.com", "sub": "repo:gonpm/gonpm:ref:" + ref,
					"repository": "gonpm/gonpm", "job_workflow_ref": "gonpm/gonpm/.github/workflows/release.yml@" + ref,
					"sha": commit, "ref": ref, "runner_environment": "github-hosted",
				})
			}
			json.NewEncoder(w).Encode(map[string]string{"value": token})
		}))
		defer idTokens.Close()
		env := releaseEnv("HOME="+home, "NPM_CONFIG_REGISTRY="+srv.URL,
			"CI=true", "GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://github.com", "GITHUB_REPOSITORY=gonpm/gonpm",
			"GITHUB_WORKFLOW_REF=gonpm/gonpm/.github/workflows/release.yml@"+ref, "GITHUB_EVENT_NAME=push",
			"GITHUB_REPOSITORY_ID=1", "GITHUB_REPOSITORY_OWNER_ID=2", "GITHUB_REF="+ref, "GITHUB_SHA="+commit,
			"RUNNER_ENVIRONMENT=github-hosted", "GITHUB_RUN_ID=42", "GITHUB_RUN_ATTEMPT=1",
			"ACTIONS_ID_TOKEN_REQUEST_URL="+idTokens.URL+"/token?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN=request-token",
			"NPM_CONFIG_SIGSTORE_FULCIO_URL="+ss.FulcioURL, "NPM_CONFIG_SIGSTORE_REKOR_URL="+ss.RekorURL,
			"NPM_CONFIG_SIGSTORE_TRUSTED_ROOT="+rootPath)

		stdout, stderr := runRelease(t, env, append([]string{"--publish", releaseVersion, out}, selected...)...)
		if !strings.Contains(stderr, "publishing with provenance") || strings.Count(stderr, "Signed provenance statement") != 2 {
			t.Errorf("release.sh should sign provenance for both packages:\n%s", stderr)
		}
		if lines := strings.Split(strings.TrimSpace(stdout), "\n"); len(lines) != 2 || lines[1] != "+ gonpm@"+releaseVersion {
			t.Errorf("publish summary:\n%s\nwant the platform package, then the wrapper", stdout)
		}
		for _, name := range []string{"@gonpm/" + host, "gonpm"} {
			cmd := exec.Command(releaseGonpm, "provenance", "verify", name+"@"+releaseVersion)
			cmd.Env = []string{"HOME=" + home, "NPM_CONFIG_REGISTRY=" + srv.URL, "NPM_CONFIG_SIGSTORE_TRUSTED_ROOT=" + rootPath}
			got, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("gonpm provenance verify %s@%s: %v\n%s", name, releaseVersion, err, got)
				continue
			}
			for _, want := range []string{name + "@" + releaseVersion + ": provenance verified", "source repository: https://github.com/gonpm/gonpm", commit} {
				if !strings.Contains(string(got), want) {
					t.Errorf("gonpm provenance verify %s@%s:\n%s\nlacks %q", name, releaseVersion, got, want)
				}
			}
		}
	})
}

// writeTokenNpmrc writes home's .npmrc giving token to registryURL.
func writeTokenNpmrc(t *testing.T, home, registryURL, token string) {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(registryURL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// readSums reads dir/SHA256SUMS as file name -> checksum.
func readSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("SHA256SUMS line %q is not \"<sha256>  <name>\"", line)
		}
		sums[name] = sum
	}
	return sums
}

// archiveEntries lists a .tar.gz or .zip as entry name -> permission bits.
func archiveEntries(t *testing.T, path string) map[string]int64 {
	t.Helper()
	entries := map[string]int64{}
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			entries[f.Name] = int64(f.Mode().Perm())
		}
		return entries
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		entries[h.Name] = h.Mode & 0o777
	}
	return entries
}
