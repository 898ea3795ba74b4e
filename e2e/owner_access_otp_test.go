package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestOwnerAccessWithCodeFromFlagAndEnv runs every owner and access
// subcommand on an account with 2FA for writes, the code given once with
// --otp and once with NPM_CONFIG_OTP: each succeeds without a terminal,
// prints what npm prints, changes what it should, and sends the code on
// every request, as npm does.
func TestOwnerAccessWithCodeFromFlagAndEnv(t *testing.T) {
	maintainers := func(s *registrytest.Server) string { return strings.Join(s.Maintainers("@q/pk"), " ") }
	access := func(s *registrytest.Server) string { return s.Access("@q/pk") }
	policy := func(s *registrytest.Server) string {
		req, over := s.PublishRequiresTFA("@q/pk")
		return fmt.Sprintf("requires=%t overrides=%t", req, over)
	}
	grant := func(s *registrytest.Server) string { return s.TeamPackages("q", "devs")["@q/pk"] }
	tests := []struct {
		pre    []string // run first, with --otp, to set the scene
		args   []string
		stdout string
		view   func(*registrytest.Server) string
		want   string
	}{
		{nil, []string{"owner", "ls", "@q/pk"}, "rosa <rosa@example.com>\n", maintainers, "rosa"},
		{nil, []string{"owner", "add", "sam", "@q/pk"}, "+ sam (@q/pk)\n", maintainers, "rosa sam"},
		{[]string{"owner", "add", "sam", "@q/pk"}, []string{"owner", "rm", "sam", "@q/pk"}, "- sam (@q/pk)\n", maintainers, "rosa"},
		{nil, []string{"access", "list", "packages", "rosa"}, "@q/pk: read-write\n", maintainers, "rosa"},
		{nil, []string{"access", "list", "collaborators", "@q/pk"}, "rosa: read-write\n", maintainers, "rosa"},
		{nil, []string{"access", "get", "status", "@q/pk"}, "@q/pk: public\n", access, "public"},
		{nil, []string{"access", "set", "status=private", "@q/pk"}, "@q/pk: private\n", access, "restricted"},
		{[]string{"access", "set", "status=private", "@q/pk"}, []string{"access", "set", "status=public", "@q/pk"}, "@q/pk: public\n", access, "public"},
		{nil, []string{"access", "set", "mfa=publish", "@q/pk"}, "", policy, "requires=true overrides=false"},
		{nil, []string{"access", "set", "2fa=automation", "@q/pk"}, "", policy, "requires=true overrides=true"},
		{[]string{"access", "set", "mfa=publish", "@q/pk"}, []string{"access", "set", "mfa=none", "@q/pk"}, "", policy, "requires=false overrides=false"},
		{nil, []string{"access", "grant", "read-write", "q:devs", "@q/pk"}, "", grant, "write"},
		{nil, []string{"access", "grant", "read-only", "q:devs", "@q/pk"}, "", grant, "read"},
		{[]string{"access", "grant", "read-only", "q:devs", "@q/pk"}, []string{"access", "revoke", "q:devs", "@q/pk"}, "", grant, ""},
	}
	for _, tt := range tests {
		for _, via := range []string{"--otp", "NPM_CONFIG_OTP"} {
			t.Run(strings.Join(tt.args[:3], " ")+" via "+via, func(t *testing.T) {
				a := loggedIn(t, "rosa", registrytest.ModeAuthAndWrites)
				a.srv.AddUser("sam", "pw-sam", "sam@example.com")
				a.srv.AddPackage("rosa", "@q/pk", "1.0.0")
				a.srv.AddTeam("q", "devs", "sam")
				if tt.pre != nil {
					if _, stderr, exit := runGonpm(t, a.env, a.home, "", append(tt.pre, "--otp="+a.code())...); exit != 0 {
						t.Fatalf("setting the scene: exit %d\n%s", exit, stderr)
					}
				}
				a.srv.ResetLog()
				code := a.code()
				env, args := a.env, tt.args
				if via == "--otp" {
					args = append(append([]string(nil), args...), "--otp="+code)
				} else {
					env = append(append([]string(nil), env...), "NPM_CONFIG_OTP="+code)
				}
				stdout, stderr, exit := runGonpm(t, env, a.home, "", args...)
				if exit != 0 {
					t.Fatalf("exit %d; stderr:\n%s", exit, strings.ReplaceAll(stderr, code, "<otp>"))
				}
				if stdout != tt.stdout {
					t.Errorf("stdout = %q, want %q", stdout, tt.stdout)
				}
				if strings.Contains(stdout+stderr, code) {
					t.Error("the one-time password was printed")
				}
				if got := tt.view(a.srv); got != tt.want {
					t.Errorf("registry holds %q, want %q", got, tt.want)
				}
				reqs := a.srv.Requests()
				if len(reqs) == 0 {
					t.Fatal("no requests reached the registry")
				}
				for _, r := range reqs {
					if r.Header.Get("npm-otp") != code {
						t.Errorf("%s was sent without the code", r)
					}
					if r.Status == 401 {
						t.Errorf("%s was challenged although the code was given", r)
					}
				}
			})
		}
	}
}
