package registrytest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNPMFidelityTrust drives the real npm CLI through every trust
// subcommand: create for each provider (on a terminal, through the y/N
// confirmation and the OTP prompt, and with --yes and --otp=), list and
// revoke. Every step fails if the server answers differently from what npm
// 11.19 expects.
func TestNPMFidelityTrust(t *testing.T) {
	srv := New(t)
	h := newNPMHarness(t, srv)
	token := srv.AddUser("alice", "alice-password", "alice@example.com")
	h.redact.add(token)
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	h.redact.add(secret)
	srv.AddPackage("alice", "@org/pk", "1.0.0")
	srv.AddPackage("alice", "gl-pkg", "1.0.0")
	srv.AddPackage("alice", "cc-pkg", "1.0.0")
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(h.home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	pkgDir := filepath.Join(work, "pk")
	os.MkdirAll(pkgDir, 0o755)
	os.WriteFile(filepath.Join(pkgDir, "package.json"), []byte(`{"name":"@org/pk","version":"1.0.0","repository":{"type":"git","url":"git+https://github.com/octo/repo.git"}}`), 0o644)

	// github, on a terminal, in the package folder: the repository comes
	// from package.json; npm asks y/N, then for the code after the
	// challenge.
	srv.ResetLog()
	c := h.interactive(pkgDir, "trust", "github", "--file", "release.yml", "--allow-publish", "--allow-stage-publish")
	c.expect(regexp.MustCompile(`repository: octo/repo \(from package\.json\)`), 30*time.Second)
	c.expect(regexp.MustCompile(`Do you want to proceed\? \(y/N\)`), 30*time.Second)
	c.send("y")
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	c.expect(regexp.MustCompile(`Trust configuration created successfully for @org/pk`), 30*time.Second)
	h.finish(c)
	assertChallengedThenRetried(t, srv.Requests(), "POST", "/-/package/@org%2fpk/trust")
	gh := srv.TrustConfigs("@org/pk")
	if len(gh) != 1 || gh[0].Type != "github" || gh[0].Claims["repository"] != "octo/repo" ||
		gh[0].Claims["workflow_ref"].(map[string]any)["file"] != "release.yml" ||
		strings.Join(gh[0].Permissions, ",") != "createPackage,createStagedPackage" {
		t.Fatalf("github config on the server = %+v", gh)
	}

	// A second configuration is refused, as the docs say.
	h.runFails(work, "trust", "github", "@org/pk", "--file=x.yml", "--repo=octo/other", "--allow-publish", "--yes", "--otp="+h.otp(secret))

	// list, with the code given up front, shows the configuration and
	// its id; --json prints one object per configuration.
	out := h.run(work, "trust", "list", "@org/pk", "--otp="+h.otp(secret))
	for _, want := range []string{"type: github", "id: " + gh[0].ID, "file: release.yml", "repository: octo/repo", "permissions: publish, stage publish"} {
		if !strings.Contains(out, want) {
			t.Errorf("npm trust list lacks %q:\n%s", want, out)
		}
	}
	out = h.run(work, "trust", "list", "@org/pk", "--json", "--otp="+h.otp(secret))
	if !strings.Contains(out, `"id": "`+gh[0].ID+`"`) || !strings.Contains(out, `"createStagedPackage"`) {
		t.Errorf("npm trust list --json:\n%s", out)
	}

	// revoke; the list is then empty.
	out = h.run(work, "trust", "revoke", "@org/pk", "--id="+gh[0].ID, "--otp="+h.otp(secret))
	if !strings.Contains(out, "Revoked trusted configuration for package @org/pk") {
		t.Errorf("npm trust revoke:\n%s", out)
	}
	if got := srv.TrustConfigs("@org/pk"); got != nil {
		t.Fatalf("after revoke the server still has %+v", got)
	}
	if out := h.run(work, "trust", "list", "@org/pk", "--otp="+h.otp(secret)); !strings.Contains(out, "No trust configurations found for package (@org/pk)") {
		t.Errorf("npm trust list after revoke:\n%s", out)
	}

	// gitlab with a subgroup and an environment, --yes and --otp=.
	out = h.run(work, "trust", "gitlab", "gl-pkg", "--file=.gitlab-ci.yml", "--project=grp/sub/proj", "--env=prod", "--allow-publish", "--yes", "--otp="+h.otp(secret))
	if !strings.Contains(out, "project: grp/sub/proj") {
		t.Errorf("npm trust gitlab:\n%s", out)
	}
	gl := srv.TrustConfigs("gl-pkg")
	if len(gl) != 1 || gl[0].Claims["project_path"] != "grp/sub/proj" || gl[0].Claims["environment"] != "prod" {
		t.Fatalf("gitlab config on the server = %+v", gl)
	}

	// circleci with two contexts, through the web challenge: npm polls
	// the doneUrl and retries with its token.
	srv.SetChallenge(ChallengeWeb)
	srv.AutoApproveWeb("alice")
	const u1, u2, u3, u4 = "11111111-2222-4333-8444-555555555555", "21111111-2222-4333-8444-555555555555", "31111111-2222-4333-8444-555555555555", "41111111-2222-4333-8444-555555555555"
	c = h.interactive(work, "trust", "circleci", "cc-pkg", "--org-id="+u1, "--project-id="+u2, "--pipeline-definition-id="+u3, "--vcs-origin=github.com/octo/repo", "--context-id="+u4, "--context-id="+u1, "--allow-stage-publish", "--yes", "--browser=false")
	c.expect(regexp.MustCompile(`Authenticate your account at:`), 30*time.Second)
	c.expect(regexp.MustCompile(`vcsOrigin: github\.com/octo/repo`), 30*time.Second)
	h.finish(c)
	cc := srv.TrustConfigs("cc-pkg")
	if len(cc) != 1 || cc[0].Claims["oidc.circleci.com/vcs-origin"] != "github.com/octo/repo" ||
		len(cc[0].Claims["oidc.circleci.com/context-ids"].([]any)) != 2 || strings.Join(cc[0].Permissions, ",") != "createStagedPackage" {
		t.Fatalf("circleci config on the server = %+v", cc)
	}
}

// runFails runs npm without a terminal and fails the test if it succeeds.
func (h *npmHarness) runFails(dir string, args ...string) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), npmCommandTimeout)
	defer cancel()
	cmd := h.command(ctx, dir, args...)
	if out, err := cmd.CombinedOutput(); err == nil {
		h.t.Errorf("npm %s succeeded, want a failure:\n%s", strings.Join(args, " "), h.redact.apply(string(out)))
	}
}
