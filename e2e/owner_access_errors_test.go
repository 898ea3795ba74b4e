package e2e

import (
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// TestOwnerAccessErrors checks each error case's message and exit status,
// and that usage errors are caught before any request.
func TestOwnerAccessErrors(t *testing.T) {
	const (
		anyRequests = -1
		noRequests  = 0
	)
	tests := []struct {
		name     string
		args     []string
		otp      bool
		setup    func(*registrytest.Server)
		exit     int
		stderr   string
		requests int // requests the registry may see: noRequests, or anyRequests
		owners   string
	}{
		{name: "unknown user", args: []string{"owner", "add", "nobody", "err-pkg"}, otp: true, exit: 1, stderr: `there is no user "nobody"`, requests: anyRequests, owners: "olga"},
		{name: "already an owner", args: []string{"owner", "add", "olga", "err-pkg"}, otp: true, exit: 0, stderr: "olga is already an owner of err-pkg", requests: anyRequests, owners: "olga"},
		{name: "not an owner", args: []string{"owner", "rm", "pete", "err-pkg"}, otp: true, exit: 0, stderr: "pete is not an owner of err-pkg", requests: anyRequests, owners: "olga"},
		{name: "last owner", args: []string{"owner", "rm", "olga", "err-pkg"}, otp: true, exit: 1, stderr: "cannot remove olga, the last owner of err-pkg", requests: anyRequests, owners: "olga"},
		{name: "no such package (ls)", args: []string{"owner", "ls", "nope-pkg"}, exit: 1, stderr: "package nope-pkg was not found", requests: anyRequests, owners: "olga"},
		{name: "no such package (add)", args: []string{"owner", "add", "pete", "nope-pkg"}, otp: true, exit: 1, stderr: "package nope-pkg was not found", requests: anyRequests, owners: "olga"},
		{
			name: "stale _rev once is retried", args: []string{"owner", "add", "pete", "err-pkg"}, otp: true, exit: 0, requests: anyRequests, owners: "olga pete",
			setup: func(s *registrytest.Server) {
				s.Inject(registrytest.Fault{Method: "PUT", Path: "/err-pkg/-rev/", Status: 409})
			},
		},
		{
			name: "stale _rev twice fails", args: []string{"owner", "add", "pete", "err-pkg"}, otp: true, exit: 1, stderr: "twice in a row; run the command again", requests: anyRequests, owners: "olga",
			setup: func(s *registrytest.Server) {
				s.Inject(registrytest.Fault{Method: "PUT", Path: "/err-pkg/-rev/", Status: 409, Times: 2})
			},
		},
		{name: "no code without a terminal", args: []string{"owner", "add", "pete", "err-pkg"}, exit: 5, stderr: "requires a one-time password", requests: anyRequests, owners: "olga"},
		{name: "owner without subcommand", args: []string{"owner"}, exit: 2, stderr: "missing subcommand", requests: noRequests, owners: "olga"},
		{name: "owner add without user", args: []string{"owner", "add"}, exit: 2, stderr: "usage: gonpm owner add <user> [<pkg>]", requests: noRequests, owners: "olga"},
		{name: "bad status value", args: []string{"access", "set", "status=hidden", "@err/pk"}, otp: true, exit: 2, stderr: `invalid status value "hidden"`, requests: noRequests},
		{name: "bad mfa level", args: []string{"access", "set", "mfa=automatic", "@err/pk"}, otp: true, exit: 2, stderr: `invalid mfa value "automatic"`, requests: noRequests},
		{name: "bad 2fa level", args: []string{"access", "set", "2fa=yes", "@err/pk"}, otp: true, exit: 2, stderr: `invalid mfa value "yes"`, requests: noRequests},
		{name: "unknown setting", args: []string{"access", "set", "owner=pete", "@err/pk"}, otp: true, exit: 2, stderr: "set owner=pete is not a valid access command", requests: noRequests},
		{name: "status of an unscoped package", args: []string{"access", "set", "status=private", "err-pkg"}, otp: true, exit: 2, stderr: "err-pkg is not scoped", requests: noRequests},
		{name: "grant to a team without scope", args: []string{"access", "grant", "read-only", "devs", "@err/pk"}, otp: true, exit: 2, stderr: `team "devs" must be in the form scope:team`, requests: noRequests},
		{name: "revoke from a team without scope", args: []string{"access", "revoke", "devs", "@err/pk"}, otp: true, exit: 2, stderr: "must be in the form scope:team", requests: noRequests},
		{name: "bad permission", args: []string{"access", "grant", "admin", "err:devs", "@err/pk"}, otp: true, exit: 2, stderr: `invalid permission "admin"`, requests: noRequests},
		{name: "unknown list", args: []string{"access", "list", "owners"}, exit: 2, stderr: "list owners is not a valid access command", requests: noRequests},
		{name: "unknown team", args: []string{"access", "grant", "read-only", "err:nope", "@err/pk"}, otp: true, exit: 1, stderr: "the team or the package was not found", requests: anyRequests},
		{name: "unknown package status", args: []string{"access", "get", "status", "@err/nope"}, exit: 1, stderr: "package @err/nope was not found", requests: anyRequests},
		{name: "access write without a code", args: []string{"access", "set", "mfa=publish", "@err/pk"}, exit: 5, stderr: "requires a one-time password", requests: anyRequests},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := loggedIn(t, "olga", registrytest.ModeAuthAndWrites)
			a.srv.AddUser("pete", "pw-pete", "pete@example.com")
			a.srv.AddPackage("olga", "err-pkg", "1.0.0")
			a.srv.AddPackage("olga", "@err/pk", "1.0.0")
			a.srv.AddTeam("err", "devs")
			if tt.setup != nil {
				tt.setup(a.srv)
			}
			a.srv.ResetLog()
			args := tt.args
			if tt.otp {
				args = append(append([]string(nil), args...), "--otp="+a.code())
			}
			_, stderr, exit := runGonpm(t, a.env, a.home, "", args...)
			if exit != tt.exit {
				t.Errorf("exit %d, want %d; stderr:\n%s", exit, tt.exit, stderr)
			}
			if tt.stderr != "" && !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
			if tt.requests == noRequests && len(a.srv.Requests()) != 0 {
				t.Errorf("%d requests were made; a usage error must come before any", len(a.srv.Requests()))
			}
			if tt.owners != "" {
				if got := strings.Join(a.srv.Maintainers("err-pkg"), " "); got != tt.owners {
					t.Errorf("owners of err-pkg = %q, want %q", got, tt.owners)
				}
			}
		})
	}
}
