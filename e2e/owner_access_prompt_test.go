package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// putStatuses lists the statuses of the PUTs to path and whether each
// carried a one-time password.
func putStatuses(srv *registrytest.Server, pathPrefix string) (statuses []int, withOTP []bool) {
	for _, r := range srv.Requests() {
		if r.Method == "PUT" && strings.HasPrefix(r.Path, pathPrefix) {
			statuses = append(statuses, r.Status)
			withOTP = append(withOTP, r.Header.Get("npm-otp") != "")
		}
	}
	return statuses, withOTP
}

func TestOwnerAddAsksOnceAtAPrompt(t *testing.T) {
	a := loggedIn(t, "ivy", registrytest.ModeAuthAndWrites)
	a.srv.AddUser("jack", "pw-jack", "jack@example.com")
	a.srv.AddPackage("ivy", "owned-pkg", "1.0.0")

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "owner", "add", "jack", "owned-pkg")
	c.Expect(`Enter OTP: `)
	// Someone publishes while the prompt waits: the write that follows the
	// code meets a stale _rev, so gonpm reads and writes again, and the
	// one code must cover that second write too.
	a.srv.AddPackage("ivy", "owned-pkg", "1.0.1")
	c.Send(a.code())
	c.Expect(`\+ jack \(owned-pkg\)`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if n := strings.Count(c.Output(), "Enter OTP:"); n != 1 {
		t.Errorf("asked for a code %d times, want once; screen:\n%s", n, c.Output())
	}
	if got := a.srv.Maintainers("owned-pkg"); strings.Join(got, " ") != "ivy jack" {
		t.Errorf("maintainers = %v, want ivy jack", got)
	}
	assertChallengeConflictSuccess(t, a.srv, "/owned-pkg/-rev/")
}

func TestOwnerAddOneWebApproval(t *testing.T) {
	a := loggedIn(t, "kim", registrytest.ModeAuthAndWrites, registrytest.WithChallenge(registrytest.ChallengeWeb), registrytest.WithRetryAfter("0"))
	a.srv.AddUser("lee", "pw-lee", "lee@example.com")
	a.srv.AddPackage("kim", "web-owned", "1.0.0")

	c := StartConsole(t, a.env, a.home, gonpmBinary(t), "owner", "add", "lee", "web-owned", "--browser=false")
	c.Expect(`Authenticate your account at:`)
	a.srv.AddPackage("kim", "web-owned", "1.0.1") // stale _rev again
	a.srv.ApproveWeb()
	c.Expect(`\+ lee \(web-owned\)`)
	if status := c.Wait(); status != 0 {
		t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
	}
	if n := strings.Count(c.Output(), "Authenticate your account at:"); n != 1 {
		t.Errorf("asked for approval %d times, want once; screen:\n%s", n, c.Output())
	}
	if got := a.srv.Maintainers("web-owned"); strings.Join(got, " ") != "kim lee" {
		t.Errorf("maintainers = %v, want kim lee", got)
	}
	assertChallengeConflictSuccess(t, a.srv, "/web-owned/-rev/")
}

// assertChallengeConflictSuccess checks that the writes to path were a
// challenge, then a conflict and a success both carrying the one code.
func assertChallengeConflictSuccess(t *testing.T, srv *registrytest.Server, path string) {
	t.Helper()
	statuses, withOTP := putStatuses(srv, path)
	if len(statuses) != 3 || statuses[0] != 401 || statuses[1] != 409 || statuses[2] != 200 || !withOTP[1] || !withOTP[2] {
		t.Errorf("PUT statuses %v (with a code: %v), want a challenge, a conflict, then a success, both last with the code", statuses, withOTP)
	}
}

// TestOwnerAndAccessWritesAtAPrompt runs every write subcommand on a
// terminal without a code: each asks once, then does its work.
func TestOwnerAndAccessWritesAtAPrompt(t *testing.T) {
	a := loggedIn(t, "mia", registrytest.ModeAuthAndWrites)
	a.srv.AddUser("ned", "pw-ned", "ned@example.com")
	a.srv.AddPackage("mia", "@team/pk", "1.0.0")
	a.srv.AddTeam("team", "devs", "ned")
	tfa := func() string {
		req, over := a.srv.PublishRequiresTFA("@team/pk")
		return fmt.Sprintf("required=%t overrides=%t", req, over)
	}
	// mfa=none sends only publish_requires_tfa=false, as npm does.
	tfaRequired := func() string {
		req, _ := a.srv.PublishRequiresTFA("@team/pk")
		return fmt.Sprintf("required=%t", req)
	}
	steps := []struct {
		args   []string
		stdout string
		check  func() string // what the registry holds afterwards
		want   string
	}{
		{[]string{"owner", "add", "ned", "@team/pk"}, "+ ned (@team/pk)", func() string { return strings.Join(a.srv.Maintainers("@team/pk"), " ") }, "mia ned"},
		{[]string{"owner", "rm", "ned", "@team/pk"}, "- ned (@team/pk)", func() string { return strings.Join(a.srv.Maintainers("@team/pk"), " ") }, "mia"},
		{[]string{"access", "set", "status=private", "@team/pk"}, "@team/pk: private", func() string { return a.srv.Access("@team/pk") }, "restricted"},
		{[]string{"access", "set", "mfa=automation", "@team/pk"}, "", tfa, "required=true overrides=true"},
		{[]string{"access", "set", "2fa=none", "@team/pk"}, "", tfaRequired, "required=false"},
		{[]string{"access", "grant", "read-only", "team:devs", "@team/pk"}, "", func() string { return a.srv.TeamPackages("team", "devs")["@team/pk"] }, "read"},
		{[]string{"access", "revoke", "team:devs", "@team/pk"}, "", func() string { return a.srv.TeamPackages("team", "devs")["@team/pk"] }, ""},
	}
	for _, s := range steps {
		t.Run(strings.Join(s.args[:3], " "), func(t *testing.T) {
			c := StartConsole(t, a.env, a.home, gonpmBinary(t), s.args...)
			c.Expect(`Enter OTP: `)
			c.Send(a.code())
			if status := c.Wait(); status != 0 {
				t.Fatalf("exit status %d; screen:\n%s", status, c.Output())
			}
			out := c.Output()
			if n := strings.Count(out, "Enter OTP:"); n != 1 {
				t.Errorf("asked for a code %d times, want once", n)
			}
			if s.stdout != "" && !strings.Contains(out, s.stdout) {
				t.Errorf("screen lacks %q:\n%s", s.stdout, out)
			}
			if got := s.check(); got != s.want {
				t.Errorf("registry holds %q afterwards, want %q", got, s.want)
			}
		})
	}
}
