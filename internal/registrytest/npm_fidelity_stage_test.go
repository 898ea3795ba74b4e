package registrytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/sigstoretest"
)

// loginNPM writes token for the server into the harness's user config.
func (h *npmHarness) loginNPM(token string) {
	h.t.Helper()
	h.redact.add(token)
	line := "//" + strings.TrimPrefix(h.srv.URL, "http://") + ":_authToken=" + token + "\n"
	if err := os.WriteFile(filepath.Join(h.home, ".npmrc"), []byte(line), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

var stagedLine = regexp.MustCompile(`\+ (\S+)@(\S+) \(staged with id ([0-9a-f-]{36})\)`)

// TestNPMFidelityStage drives npm stage publish, list, view, download,
// approve (prompted on a terminal) and reject through the test registry.
func TestNPMFidelityStage(t *testing.T) {
	srv := New(t)
	h := newNPMHarness(t, srv)
	token := srv.AddUser("alice", "stage-user-password", "alice@example.com")
	h.loginNPM(token)
	secret, recovery := srv.EnableTFA("alice", ModeAuthAndWrites)
	h.redact.add(secret)
	h.redact.add(recovery...)
	srv.AddPackage("alice", "stg-pkg", "1.0.0")
	work := t.TempDir()

	// Staging needs no code, even with 2FA on writes and no terminal.
	pkgDir := writePackage(t, work, "stg-pkg", "1.1.0")
	out := h.run(pkgDir, "stage", "publish")
	m := stagedLine.FindStringSubmatch(out)
	if m == nil || m[1] != "stg-pkg" || m[2] != "1.1.0" {
		t.Fatalf("npm stage publish output lacks the staged line:\n%s", out)
	}
	approveID := m[3]
	scopedDir := writePackage(t, work, "@stg/other", "2.0.0-rc.1")
	out = h.run(scopedDir, "stage", "publish", "--tag", "next", "--access", "public")
	m = stagedLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("npm stage publish of a scoped prerelease: no staged line:\n%s", out)
	}
	rejectID := m[3]
	staged := srv.StagedVersions("")
	if len(staged) != 2 || staged[0].ID != approveID || staged[0].Tag != "latest" || staged[1].Tag != "next" || staged[1].Access != "public" {
		t.Fatalf("server staged records = %+v", staged)
	}
	if hasVersion(srv, "stg-pkg", "1.1.0") {
		t.Fatal("the staged version is in the packument before approval")
	}
	// npm's publish checks see the version as taken.
	if _, stderr, err := h.runFailing(pkgDir, "publish", "--otp="+h.otp(secret)); err == nil || !strings.Contains(stderr, "1.1.0") {
		t.Fatalf("npm publish over a staged version did not fail naming it: %v\n%s", err, h.redact.apply(stderr))
	}

	// list: human records, the package filter and --json.
	out = h.run(work, "stage", "list")
	for _, want := range []string{"id: " + approveID, "package name: stg-pkg", "version: 1.1.0", "tag: next", "staged by: alice (user)", "id: " + rejectID} {
		if !strings.Contains(out, want) {
			t.Errorf("npm stage list lacks %q:\n%s", want, out)
		}
	}
	out = h.run(work, "stage", "list", "@stg/other")
	if strings.Contains(out, approveID) || !strings.Contains(out, rejectID) {
		t.Errorf("npm stage list @stg/other did not filter:\n%s", out)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(h.run(work, "stage", "list", "--json")), &items); err != nil || len(items) != 2 {
		t.Fatalf("npm stage list --json: %d items, err %v", len(items), err)
	}
	if out := h.run(work, "stage", "view", approveID); !strings.Contains(out, "version: 1.1.0") || !strings.Contains(out, "shasum: ") {
		t.Errorf("npm stage view:\n%s", out)
	}

	// download writes the staged tarball under npm's name.
	out = h.run(work, "stage", "download", approveID)
	file := "stg-pkg-1.1.0-" + approveID + ".tgz"
	if strings.TrimSpace(out) != file {
		t.Errorf("npm stage download printed %q, want %q", out, file)
	}
	got, err := os.ReadFile(filepath.Join(work, file))
	if err != nil {
		t.Fatalf("npm stage download wrote no %s: %v", file, err)
	}

	// approve on a terminal: challenged, prompted, retried.
	srv.ResetLog()
	c := h.interactive(work, "stage", "approve", approveID)
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	c.expect(regexp.MustCompile(`Staged package `+approveID+` approved and published successfully\.`), 30*time.Second)
	h.finish(c)
	assertChallengedThenRetried(t, srv.Requests(), "POST", "/-/stage/"+approveID+"/approve")
	if srv.DistTags("stg-pkg")["latest"] != "1.1.0" || !bytes.Equal(srv.Tarball("stg-pkg", "1.1.0"), got) {
		t.Fatalf("after approve: tags %v; the published tarball must be the downloaded one", srv.DistTags("stg-pkg"))
	}

	// reject with --otp; the version never appears.
	out = h.run(work, "stage", "reject", rejectID, "--otp="+h.otp(secret))
	if !strings.Contains(out, "Staged package "+rejectID+" has been rejected.") {
		t.Errorf("npm stage reject output:\n%s", out)
	}
	if len(srv.StagedVersions("")) != 0 || srv.Packument("@stg/other") != nil {
		t.Fatal("the rejected version was published or kept")
	}

	// The approved version installs.
	installDir := filepath.Join(work, "consumer")
	os.MkdirAll(installDir, 0o755)
	os.WriteFile(filepath.Join(installDir, "package.json"), []byte(`{"name":"consumer","version":"1.0.0","private":true}`), 0o644)
	h.run(installDir, "install", "stg-pkg@1.1.0")
	if _, err := os.Stat(filepath.Join(installDir, "node_modules", "stg-pkg", "index.js")); err != nil {
		t.Fatalf("npm install did not extract the approved version: %v", err)
	}

	// From CI with trusted publishing: npm trades the job's ID token for a
	// publish token, and that token may stage.
	srv.TrustPublisher("stg-pkg", "gitlab-job-id-token")
	ciDir := writePackage(t, t.TempDir(), "stg-pkg", "1.4.0")
	saved := h.env
	h.env = append(append([]string(nil), saved...), "CI=true", "GITLAB_CI=true", "NPM_ID_TOKEN=gitlab-job-id-token")
	out = h.run(ciDir, "stage", "publish")
	h.env = saved
	if stagedLine.FindStringSubmatch(out) == nil {
		t.Fatalf("npm stage publish with trusted publishing: no staged line:\n%s", out)
	}
	if got := srv.StagedVersions("stg-pkg"); len(got) != 1 || got[0].Version != "1.4.0" || got[0].ActorType != "trusted_publisher" {
		t.Fatalf("staged from CI = %+v, want 1.4.0 staged by a trusted publisher", got)
	}

	// More than one page: npm follows page/perPage until total.
	for i := 0; i < 100; i++ {
		srv.StageVersion("alice", "stg-pkg", fmt.Sprintf("3.0.%d", i), "latest", nil)
	}
	items = nil
	if err := json.Unmarshal([]byte(h.run(work, "stage", "list", "stg-pkg", "--json")), &items); err != nil || len(items) != 101 {
		t.Fatalf("npm stage list over two pages: %d items, err %v", len(items), err)
	}
}

// A record staged with provenance reads in npm as any other: view prints
// the attestations object the way npm prints objects, --json keeps its
// url, and approving publishes the version with its dist.attestations.
func TestNPMFidelityStagedProvenance(t *testing.T) {
	srv := New(t)
	h := newNPMHarness(t, srv)
	token := srv.AddUser("alice", "stage-user-password", "alice@example.com")
	h.loginNPM(token)
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	h.redact.add(secret)
	srv.AddPackage("alice", "stg-prov", "1.0.0")
	ss := sigstoretest.Start(t)
	id, err := srv.StageVersionWithProvenance("alice", "stg-prov", "1.1.0", "latest", func(sha512Hex string) ([]byte, error) {
		env := map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo/repo", "GITHUB_SHA": "deadbeef"}
		stmt, err := provenance.Statement(provenance.GitHubActions, func(k string) string { return env[k] }, "stg-prov", "1.1.0", sha512Hex)
		if err != nil {
			return nil, err
		}
		s, err := provenance.Sign(t.Context(), provenance.Settings{FulcioURL: ss.FulcioURL, RekorURL: ss.RekorURL}, stmt, sigstoretest.IDToken(map[string]any{"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo", "repository": "octo/repo"}))
		if err != nil {
			return nil, err
		}
		return s.Bundle, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if out := h.run(work, "stage", "view", id); !strings.Contains(out, "version: 1.1.0") || !strings.Contains(out, "attestations: [object Object]") {
		t.Errorf("npm stage view:\n%s", out)
	}
	var rec struct {
		Attestations struct{ URL string }
	}
	if err := json.Unmarshal([]byte(h.run(work, "stage", "view", id, "--json")), &rec); err != nil || rec.Attestations.URL != srv.URL+"-/stage/"+id+"/attestations" {
		t.Errorf("npm stage view --json: attestations %+v, %v", rec.Attestations, err)
	}
	h.run(work, "stage", "approve", id, "--otp="+h.otp(secret))
	dist := srv.Packument("stg-prov")["versions"].(map[string]any)["1.1.0"].(map[string]any)["dist"].(map[string]any)
	if a, _ := dist["attestations"].(map[string]any); a == nil || a["url"] != srv.URL+"-/npm/v1/attestations/stg-prov@1.1.0" {
		t.Errorf("dist.attestations after npm stage approve = %v", dist["attestations"])
	}
}
