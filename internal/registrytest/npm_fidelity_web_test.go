package registrytest

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNPMFidelityWebTokensUnpublish covers the browser flows (web login,
// web OTP challenge), the body-style challenge, tokens, unpublish and logout
// with the real npm CLI.
func TestNPMFidelityWebTokensUnpublish(t *testing.T) {
	srv := New(t, WithChallenge(ChallengeWeb), WithRetryAfter("0"))
	h := newNPMHarness(t, srv)
	const password = "web-user-password"
	h.redact.add(password)
	srv.AddUser("alice", password, "alice@example.com")
	srv.AutoApproveWeb("alice")
	work := t.TempDir()

	// Web login without a terminal: npm prints the URL and polls doneUrl.
	out := h.run(work, "login")
	if !strings.Contains(out, "Logged in on ") {
		t.Fatalf("npm login output lacks the success line:\n%s", h.redact.apply(out))
	}
	if got := strings.TrimSpace(h.run(work, "whoami")); got != "alice" {
		t.Fatalf("npm whoami after web login = %q, want alice", got)
	}

	secret, recovery := srv.EnableTFA("alice", ModeAuthAndWrites)
	h.redact.add(secret)
	h.redact.add(recovery...)
	srv.AddPackage("alice", "web-pkg", "1.0.0", "1.1.0")

	// Web OTP on a terminal: npm polls doneUrl and retries with its token.
	srv.ResetLog()
	c := h.interactive(work, "dist-tag", "add", "web-pkg@1.0.0", "beta")
	c.expect(regexp.MustCompile(`Authenticate your account at:`), 30*time.Second)
	c.expect(regexp.MustCompile(`\+beta: web-pkg@1\.0\.0`), 30*time.Second)
	h.finish(c)
	if got := srv.DistTags("web-pkg")["beta"]; got != "1.0.0" {
		t.Fatalf("dist-tag beta = %q, want 1.0.0", got)
	}
	assertChallengedThenRetried(t, srv.Requests(), "PUT", "/-/package/web-pkg/dist-tags/beta")

	// Without a terminal npm reports where to authenticate.
	stdout, stderr, err := h.runFailing(work, "dist-tag", "add", "web-pkg@1.1.0", "gamma")
	if err == nil {
		t.Fatal("non-interactive dist-tag add succeeded without an OTP")
	}
	if !strings.Contains(stderr, "Open this URL in your browser to authenticate") || !strings.Contains(stderr, srv.URL+"-/gonpm/web/auth/") {
		t.Errorf("npm did not print the web challenge URLs:\nstdout:\n%s\nstderr:\n%s", h.redact.apply(stdout), h.redact.apply(stderr))
	}

	// Body-style challenge: npm still recognises it and prompts.
	srv.SetChallenge(ChallengeBody)
	c = h.interactive(work, "dist-tag", "rm", "web-pkg", "beta")
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	c.expect(regexp.MustCompile(`-beta: web-pkg@1\.0\.0`), 30*time.Second)
	h.finish(c)
	if _, ok := srv.DistTags("web-pkg")["beta"]; ok {
		t.Fatal("dist-tag beta still exists after dist-tag rm")
	}
	srv.SetChallenge(ChallengeHeader)

	// Tokens: create, list, revoke; a recovery code works as the OTP once.
	out = h.run(work, "token", "create", "--password="+password, "--name=ci", "--otp="+recovery[0])
	created := regexp.MustCompile(`Created token (npm_[0-9A-Za-z]{36})`).FindStringSubmatch(out)
	if created == nil {
		t.Fatalf("npm token create output lacks the token:\n%s", h.redact.apply(out))
	}
	if _, _, err := h.runFailing(work, "token", "create", "--password="+password, "--name=again", "--otp="+recovery[0]); err == nil {
		t.Error("a spent recovery code was accepted a second time")
	}
	list := h.run(work, "token", "list")
	if n := strings.Count(list, "Token npm_"); n != 3 { // AddUser's, web login's, ci
		t.Errorf("npm token list shows %d tokens, want 3:\n%s", n, h.redact.apply(list))
	}
	id := regexp.MustCompile(`with id (\w+) name ci`).FindStringSubmatch(list)
	if id == nil {
		t.Fatalf("npm token list lacks the ci token:\n%s", h.redact.apply(list))
	}
	if out := h.run(work, "token", "revoke", id[1], "--otp="+h.otp(secret)); !strings.Contains(out, "Removed 1 token") {
		t.Errorf("npm token revoke output = %q", out)
	}
	if status := whoamiStatus(t, srv, created[1]); status != http.StatusUnauthorized {
		t.Errorf("revoked token: whoami status %d, want 401", status)
	}

	// Unpublish one version: PUT without it, then DELETE of its tarball.
	h.run(work, "unpublish", "web-pkg@1.0.0", "--otp="+h.otp(secret))
	versions := srv.Packument("web-pkg")["versions"].(map[string]any)
	if _, ok := versions["1.0.0"]; ok || len(versions) != 1 {
		t.Errorf("versions after unpublish = %v, want only 1.1.0", keys(versions))
	}
	if srv.Tarball("web-pkg", "1.0.0") != nil {
		t.Error("the tarball of the unpublished version is still stored")
	}

	// Logout revokes the token on the server.
	npmrc, _ := os.ReadFile(filepath.Join(h.home, ".npmrc"))
	tok := regexp.MustCompile(`_authToken=(npm_[0-9A-Za-z]{36})`).FindSubmatch(npmrc)
	if tok == nil {
		t.Fatal("no token in the user config before logout")
	}
	h.run(work, "logout")
	if status := whoamiStatus(t, srv, string(tok[1])); status != http.StatusUnauthorized {
		t.Errorf("token after npm logout: whoami status %d, want 401", status)
	}
}

// runFailing runs npm expecting it may fail; it returns the outputs and error.
func (h *npmHarness) runFailing(dir string, args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), npmCommandTimeout)
	defer cancel()
	var out, errOut strings.Builder
	cmd := h.command(ctx, dir, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		h.t.Fatalf("running npm %s: %s", args[0], exitError(err))
	}
	return out.String(), errOut.String(), err
}

func whoamiStatus(t *testing.T, srv *Server, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"-/whoami", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET /-/whoami: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
