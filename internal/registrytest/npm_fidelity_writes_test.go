package registrytest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestNPMFidelityWrites drives the real npm through deprecate, undeprecate,
// org, team, star, unstar and stars with 2FA on for writes: codes by --otp,
// and by npm's own prompt on a terminal where npm prompts (org, team and
// deprecate wrap their requests in its OTP retry; star does not).
func TestNPMFidelityWrites(t *testing.T) {
	srv := New(t)
	h := newNPMHarness(t, srv)
	token := srv.AddUser("alice", "pw-alice", "alice@example.com")
	h.redact.add(token)
	srv.AddUser("bob", "pw-bob", "bob@example.com")
	srv.AddUser("carol", "pw-carol", "carol@example.com")
	srv.AddPackage("alice", "dep-pkg", "1.0.0", "1.1.0", "2.0.0-beta.1", "2.0.0")
	srv.AddPackage("alice", "@acme/tool", "1.0.0")
	srv.SetOrgMember("acme", "alice", "owner")
	secret, _ := srv.EnableTFA("alice", ModeAuthAndWrites)
	h.redact.add(secret)
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	if err := os.WriteFile(filepath.Join(h.home, ".npmrc"), []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	otp := func() string { return "--otp=" + h.otp(secret) }

	// deprecate: a range including a prerelease, then undeprecate one.
	h.run(work, "deprecate", "dep-pkg@<2.0.0", "use 2", otp())
	if got, want := srv.Deprecations("dep-pkg"), map[string]string{"1.0.0": "use 2", "1.1.0": "use 2", "2.0.0-beta.1": "use 2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after npm deprecate: %v, want %v", got, want)
	}
	if got := strings.TrimSpace(h.run(work, "view", "dep-pkg@1.0.0", "deprecated")); got != "use 2" {
		t.Errorf("npm view deprecated = %q", got)
	}
	h.run(work, "undeprecate", "dep-pkg@1.1.0", otp())
	if got := srv.Deprecations("dep-pkg"); len(got) != 2 || got["1.1.0"] != "" {
		t.Errorf("after npm undeprecate 1.1.0: %v", got)
	}
	// On a terminal without --otp, npm prompts and retries the PUT.
	c := h.interactive(work, "deprecate", "dep-pkg@2.0.0", "gone")
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	h.finish(c)
	if got := srv.Deprecations("dep-pkg")["2.0.0"]; got != "gone" {
		t.Errorf("deprecate after the prompt: %q", got)
	}

	// org: set (prompted), ls, rm.
	c = h.interactive(work, "org", "set", "acme", "bob", "admin")
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	if out := h.finish(c); !strings.Contains(out, "Added bob as admin to acme. You now have 2 members in this org.") {
		t.Errorf("npm org set output:\n%s", out)
	}
	h.run(work, "org", "set", "@acme", "carol", otp())
	if out := h.run(work, "org", "ls", "acme", otp()); out != "alice - owner\nbob - admin\ncarol - developer\n" {
		t.Errorf("npm org ls:\n%s", out)
	}
	var roster map[string]string
	if err := json.Unmarshal([]byte(h.run(work, "org", "ls", "acme", "carol", "--json", otp())), &roster); err != nil || !reflect.DeepEqual(roster, map[string]string{"carol": "developer"}) {
		t.Errorf("npm org ls acme carol --json: %v %v", roster, err)
	}
	if out := h.run(work, "org", "rm", "acme", "carol", otp()); out != "Successfully removed carol from acme. You now have 2 members in this org.\n" {
		t.Errorf("npm org rm:\n%s", out)
	}

	// team: create, add, ls (teams and users), rm, destroy.
	if out := h.run(work, "team", "create", "acme:devs", otp()); out != "+@acme:devs\n" {
		t.Errorf("npm team create: %q", out)
	}
	if out := h.run(work, "team", "add", "@acme:devs", "bob", otp()); out != "bob added to @acme:devs\n" {
		t.Errorf("npm team add: %q", out)
	}
	if out := h.run(work, "team", "ls", "acme", otp()); out != "@acme has 1 team:\n@acme:devs\n" {
		t.Errorf("npm team ls acme: %q", out)
	}
	if out := h.run(work, "team", "ls", "acme:devs", "--parseable", otp()); out != "bob\n" {
		t.Errorf("npm team ls acme:devs --parseable: %q", out)
	}
	h.run(work, "access", "grant", "read-write", "acme:devs", "@acme/tool", otp())
	if got := srv.TeamPackages("acme", "devs")["@acme/tool"]; got != "write" {
		t.Errorf("grant to a team npm created: %q", got)
	}
	if out := h.run(work, "team", "rm", "acme:devs", "bob", otp()); out != "bob removed from @acme:devs\n" {
		t.Errorf("npm team rm: %q", out)
	}
	c = h.interactive(work, "team", "destroy", "acme:devs")
	c.expect(otpPrompt, 30*time.Second)
	c.send(h.otp(secret))
	h.finish(c)
	if got := srv.Teams("acme"); len(got) != 0 {
		t.Errorf("teams after npm team destroy: %v", got)
	}

	// star needs --otp under auth-and-writes (npm does not prompt for it).
	if out := h.run(work, "star", "dep-pkg", "--no-unicode", otp()); out != "(*) dep-pkg\n" {
		t.Errorf("npm star: %q", out)
	}
	if out := h.run(work, "stars"); out != "dep-pkg\n" {
		t.Errorf("npm stars: %q", out)
	}
	if got := strings.TrimSpace(h.run(work, "view", "dep-pkg", "users", "--json")); !strings.Contains(got, `"alice": true`) {
		t.Errorf("npm view users: %s", got)
	}
	if out := h.run(work, "unstar", "dep-pkg", "--no-unicode", otp()); out != "( ) dep-pkg\n" {
		t.Errorf("npm unstar: %q", out)
	}
	if got := srv.Stars("dep-pkg"); len(got) != 0 {
		t.Errorf("stars after npm unstar: %v", got)
	}
}
