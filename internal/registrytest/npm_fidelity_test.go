package registrytest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// npmHarness runs the real npm CLI against a test registry, with its own
// HOME, user config and cache.
type npmHarness struct {
	t      *testing.T
	srv    *Server
	home   string
	env    []string
	redact *redactor
}

const npmCommandTimeout = 2 * time.Minute

func newNPMHarness(t *testing.T, srv *Server) *npmHarness {
	npmPath, err := exec.LookPath("npm")
	if err != nil {
		if os.Getenv("GONPM_REQUIRE_NPM") == "1" {
			t.Fatalf("npm is required (GONPM_REQUIRE_NPM=1) but not on PATH: %v", err)
		}
		t.Skip("npm is not on PATH; the npm fidelity test needs the real npm CLI (set GONPM_REQUIRE_NPM=1 to make this a failure)")
	}
	home := t.TempDir()
	env := []string{
		"HOME=" + home,
		"PATH=" + filepath.Dir(npmPath) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"TERM=dumb",
		"NO_COLOR=1",
		"NPM_CONFIG_USERCONFIG=" + filepath.Join(home, ".npmrc"),
		"NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(home, "global-npmrc"),
		"NPM_CONFIG_CACHE=" + filepath.Join(home, "npm-cache"),
		"NPM_CONFIG_UPDATE_NOTIFIER=false",
		"NPM_CONFIG_FETCH_RETRIES=0",
		// Also set here, so that no command can ever reach another registry.
		"NPM_CONFIG_REGISTRY=" + srv.URL,
	}
	return &npmHarness{t: t, srv: srv, home: home, env: env, redact: &redactor{}}
}

func (h *npmHarness) command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	args = append(args, "--registry", h.srv.URL, "--no-audit", "--no-fund", "--loglevel=warn", "--color=false")
	cmd := exec.CommandContext(ctx, "npm", args...)
	cmd.Dir = dir
	cmd.Env = h.env
	return cmd
}

// run runs npm without a terminal and fails the test unless it succeeds.
func (h *npmHarness) run(dir string, args ...string) string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), npmCommandTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := h.command(ctx, dir, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		h.t.Fatalf("npm %s: %s\nstdout:\n%s\nstderr:\n%s", args[0], exitError(err),
			h.redact.apply(stdout.String()), h.redact.apply(stderr.String()))
	}
	return stdout.String()
}

// interactive starts npm on a pseudo-terminal.
func (h *npmHarness) interactive(dir string, args ...string) *console {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), npmCommandTimeout)
	h.t.Cleanup(cancel)
	return startConsole(h.t, h.command(ctx, dir, args...), h.redact)
}

// finish waits for an interactive npm to exit successfully.
func (h *npmHarness) finish(c *console) string {
	h.t.Helper()
	rest, err := c.wait(npmCommandTimeout)
	if err != nil {
		h.t.Fatalf("npm: %s; screen:\n%s", exitError(err), h.redact.apply(rest))
	}
	return rest
}

// otp is a fresh code for secret; it is registered for redaction.
func (h *npmHarness) otp(secret string) string {
	code := h.srv.TOTP(secret, time.Now())
	h.redact.add(code)
	return code
}

func writePackage(t *testing.T, dir, name, version string) string {
	t.Helper()
	pkgDir := filepath.Join(dir, strings.NewReplacer("@", "", "/", "-").Replace(name))
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"package.json": `{"name":"` + name + `","version":"` + version + `","description":"fidelity test package","main":"index.js","license":"MIT"}`,
		"index.js":     "module.exports = 42;\n",
		"README.md":    "# " + name + "\n",
	}
	for f, content := range files {
		if err := os.WriteFile(filepath.Join(pkgDir, f), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return pkgDir
}

var (
	usernamePrompt = regexp.MustCompile(`(?i)username:`)
	passwordPrompt = regexp.MustCompile(`(?i)password:`)
	emailPrompt    = regexp.MustCompile(`(?i)email[^\n]*:`)
	otpPrompt      = regexp.MustCompile(`Enter OTP:`)
	secretLine     = regexp.MustCompile(`Or enter code: ([A-Z2-7]+)`)
	authenticator  = regexp.MustCompile(`And an OTP code from your authenticator:`)
	recoveryLine   = regexp.MustCompile(`(?m)^\t([0-9a-f]{64})\s*$`)
)

// TestNPMFidelity drives the real npm CLI through a whole account and
// package lifecycle; every step fails if the server answers differently from
// what npm 11 expects.
func TestNPMFidelity(t *testing.T) {
	srv := New(t)
	h := newNPMHarness(t, srv)
	const password = "correct-horse-battery"
	h.redact.add(password)
	srv.AddUser("other", "other-password-1", "other@example.com")
	work := t.TempDir()

	// 1. adduser through the legacy prompts.
	c := h.interactive(work, "adduser", "--auth-type=legacy")
	c.expect(usernamePrompt, 30*time.Second)
	c.send("alice")
	c.expect(passwordPrompt, 30*time.Second)
	c.send(password)
	c.expect(emailPrompt, 30*time.Second)
	c.send("alice@example.com")
	c.expect(regexp.MustCompile(`Logged in on `), 30*time.Second)
	h.finish(c)
	npmrc, err := os.ReadFile(filepath.Join(h.home, ".npmrc"))
	if err != nil || !strings.Contains(string(npmrc), ":_authToken=npm_") {
		t.Fatalf("adduser did not store a token in the user config (err %v)", err)
	}
	if got := strings.TrimSpace(h.run(work, "whoami")); got != "alice" {
		t.Fatalf("npm whoami = %q, want alice", got)
	}

	// 2. enable 2FA: password, read the secret off the screen, answer a code.
	c = h.interactive(work, "profile", "enable-2fa", "auth-and-writes")
	c.expect(passwordPrompt, 30*time.Second)
	c.send(password)
	secret := c.expect(secretLine, 30*time.Second)[1]
	h.redact.add(secret)
	c.expect(authenticator, 30*time.Second)
	c.send(h.otp(secret))
	c.expect(regexp.MustCompile(`2FA successfully enabled`), 30*time.Second)
	rest := h.finish(c)
	codes := recoveryLine.FindAllStringSubmatch(rest, -1)
	for _, m := range codes {
		h.redact.add(m[1])
	}
	if len(codes) != 10 {
		t.Errorf("npm showed %d recovery codes, want 10", len(codes))
	}
	if mode := srv.TFAMode("alice"); mode != ModeAuthAndWrites {
		t.Fatalf("server 2FA mode after enable-2fa = %q, want %s", mode, ModeAuthAndWrites)
	}

	// 3. publish with --otp.
	pkgDir := writePackage(t, work, "fid-pkg", "1.0.0")
	h.run(pkgDir, "publish", "--otp="+h.otp(secret))
	doc := srv.Packument("fid-pkg")
	if doc == nil {
		t.Fatal("fid-pkg was not published")
	}
	if _, ok := doc["versions"].(map[string]any)["1.0.0"]; !ok {
		t.Fatalf("published packument lacks version 1.0.0")
	}

	// 4. dist-tag add without --otp: npm prompts after the challenge.
	srv.ResetLog()
	c = h.interactive(work, "dist-tag", "add", "fid-pkg@1.0.0", "next")
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	c.expect(regexp.MustCompile(`\+next: fid-pkg@1\.0\.0`), 30*time.Second)
	h.finish(c)
	if got := srv.DistTags("fid-pkg")["next"]; got != "1.0.0" {
		t.Fatalf("dist-tag next = %q, want 1.0.0", got)
	}
	assertChallengedThenRetried(t, srv.Requests(), "PUT", "/-/package/fid-pkg/dist-tags/next")

	// 5. owners, install, access.
	h.run(work, "owner", "add", "other", "fid-pkg", "--otp="+h.otp(secret))
	owners := h.run(work, "owner", "ls", "fid-pkg")
	for _, want := range []string{"alice <alice@example.com>", "other <other@example.com>"} {
		if !strings.Contains(owners, want) {
			t.Errorf("npm owner ls output lacks %q:\n%s", want, owners)
		}
	}

	installDir := filepath.Join(work, "consumer")
	os.MkdirAll(installDir, 0o755)
	os.WriteFile(filepath.Join(installDir, "package.json"), []byte(`{"name":"consumer","version":"1.0.0","private":true}`), 0o644)
	h.run(installDir, "install", "fid-pkg")
	if _, err := os.Stat(filepath.Join(installDir, "node_modules", "fid-pkg", "index.js")); err != nil {
		t.Fatalf("npm install did not extract fid-pkg: %v", err)
	}

	scopedDir := writePackage(t, work, "@fid/scoped", "1.0.0")
	h.run(scopedDir, "publish", "--access", "public", "--otp="+h.otp(secret))
	if got := strings.TrimSpace(h.run(work, "access", "get", "status", "@fid/scoped")); got != "@fid/scoped: public" {
		t.Errorf("access get status = %q, want public", got)
	}
	out := h.run(work, "access", "set", "status=private", "@fid/scoped", "--otp="+h.otp(secret))
	if !strings.Contains(out, "@fid/scoped: private") {
		t.Errorf("access set status output = %q, want it to report private", out)
	}
	if got := srv.Access("@fid/scoped"); got != "restricted" {
		t.Errorf("server access of @fid/scoped = %q, want restricted", got)
	}
	if got := strings.TrimSpace(h.run(work, "access", "get", "status", "@fid/scoped")); got != "@fid/scoped: private" {
		t.Errorf("access get status = %q, want private", got)
	}
	if got := h.run(work, "access", "list", "collaborators", "@fid/scoped"); !strings.Contains(got, "alice: read-write") {
		t.Errorf("access list collaborators = %q, want alice: read-write", got)
	}

	// 6. disable 2FA: password, then the OTP prompt after the challenge.
	c = h.interactive(work, "profile", "disable-2fa")
	c.expect(passwordPrompt, 30*time.Second)
	c.send(password)
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	c.expect(regexp.MustCompile(`Two factor authentication disabled\.`), 30*time.Second)
	h.finish(c)
	if mode := srv.TFAMode("alice"); mode != "" {
		t.Fatalf("server 2FA mode after disable-2fa = %q, want off", mode)
	}
}

// assertChallengedThenRetried checks that a write was first refused with an
// OTP challenge and then repeated with npm-otp.
func assertChallengedThenRetried(t *testing.T, log []LoggedRequest, method, path string) {
	t.Helper()
	var statuses []int
	var lastOTP bool
	for _, l := range log {
		if l.Method == method && l.Path == path {
			statuses = append(statuses, l.Status)
			lastOTP = l.Header.Get("npm-otp") != ""
		}
	}
	if len(statuses) != 2 || statuses[0] != 401 || statuses[1] >= 300 || !lastOTP {
		t.Errorf("%s %s statuses = %v (retry with npm-otp: %v), want a 401 challenge then a success with npm-otp", method, path, statuses, lastOTP)
	}
}
