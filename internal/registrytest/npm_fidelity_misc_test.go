package registrytest

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNPMFidelityMisc covers login with an OTP prompt (auth-only 2FA),
// deprecate, profile set/get, owner rm, access lists, team grants, search and
// whole-package unpublish with the real npm CLI.
func TestNPMFidelityMisc(t *testing.T) {
	srv := New(t)
	h := newNPMHarness(t, srv)
	const password = "misc-user-password"
	h.redact.add(password)
	srv.AddUser("alice", password, "alice@example.com")
	srv.AddUser("bob", "bob-password", "bob@example.com")
	secret, recovery := srv.EnableTFA("alice", ModeAuthOnly)
	h.redact.add(secret)
	h.redact.add(recovery...)
	srv.AddPackage("alice", "misc-pkg", "1.0.0", "2.0.0")
	srv.AddPackage("alice", "@org/pk", "1.0.0")
	srv.AddTeam("org", "devs", "bob")
	work := t.TempDir()

	// auth-only: login is challenged and npm prompts for the code.
	c := h.interactive(work, "login", "--auth-type=legacy")
	c.expect(usernamePrompt, 30*time.Second)
	c.send("alice")
	c.expect(passwordPrompt, 30*time.Second)
	c.send(password)
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	c.expect(regexp.MustCompile(`Logged in on `), 30*time.Second)
	h.finish(c)

	// auth-only: writes need no OTP.
	h.run(work, "deprecate", "misc-pkg@1.0.0", "use version 2")
	if got := strings.TrimSpace(h.run(work, "view", "misc-pkg@1.0.0", "deprecated")); got != "use version 2" {
		t.Errorf("deprecated = %q, want the message", got)
	}

	if out := h.run(work, "profile", "set", "fullname", "Alice Q"); !strings.Contains(out, "Set fullname to Alice Q") {
		t.Errorf("profile set output = %q", out)
	}
	if got := strings.TrimSpace(h.run(work, "profile", "get", "fullname")); got != "Alice Q" {
		t.Errorf("profile get fullname = %q", got)
	}
	if got := h.run(work, "profile", "get"); !strings.Contains(got, "two-factor auth: auth-only") {
		t.Errorf("profile get does not show auth-only:\n%s", got)
	}

	h.run(work, "owner", "add", "bob", "misc-pkg")
	h.run(work, "owner", "rm", "bob", "misc-pkg")
	if got := srv.Maintainers("misc-pkg"); len(got) != 1 || got[0] != "alice" {
		t.Errorf("maintainers after owner add+rm = %v", got)
	}

	if got := h.run(work, "access", "list", "packages"); !strings.Contains(got, "misc-pkg: read-write") || !strings.Contains(got, "@org/pk: read-write") {
		t.Errorf("access list packages:\n%s", got)
	}
	h.run(work, "access", "grant", "read-only", "org:devs", "@org/pk")
	if got := srv.TeamPackages("org", "devs")["@org/pk"]; got != "read" {
		t.Fatalf("team grant on the server = %q, want read", got)
	}
	if got := h.run(work, "access", "list", "packages", "org:devs"); !strings.Contains(got, "@org/pk: read-only") {
		t.Errorf("access list packages org:devs:\n%s", got)
	}
	h.run(work, "access", "revoke", "org:devs", "@org/pk")
	if got := srv.TeamPackages("org", "devs"); len(got) != 0 {
		t.Errorf("team grants after revoke = %v", got)
	}

	if got := h.run(work, "search", "misc"); !strings.Contains(got, "misc-pkg") {
		t.Errorf("npm search misc:\n%s", got)
	}

	h.run(work, "unpublish", "misc-pkg", "--force")
	if srv.Packument("misc-pkg") != nil {
		t.Error("misc-pkg still exists after unpublish --force")
	}
}
