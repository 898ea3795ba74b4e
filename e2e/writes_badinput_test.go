package e2e

import (
	"path/filepath"
	"regexp"
	"testing"
)

// TestWritesBadInput: bad arguments to deprecate, undeprecate, org, team,
// star and stars, and registry refusals (unknown org, missing team, bad
// role, not a member). Each ends with one error line naming what was
// wrong and how to fix it, the right exit status, and no change on the
// registry.
func TestWritesBadInput(t *testing.T) {
	const host = `http://127\.0\.0\.1:\d+`
	tests := []struct {
		name string
		args []string
		exit int
		msg  string // regexp for the whole error line after "gonpm error "
	}{
		// deprecate, undeprecate
		{"invalid range", []string{"deprecate", "bad-pkg@>=1.x.2", "old"}, 2,
			`invalid version range: >=1\.x\.2 \(give a version or a range such as bad-pkg@"<2\.0\.0"; dist-tags are not ranges\)` + usage("deprecate")},
		{"dist-tag instead of a range", []string{"undeprecate", "bad-pkg@latest"}, 2,
			`invalid version range: latest \(give a version or a range such as bad-pkg@"<2\.0\.0"; dist-tags are not ranges\)` + usage("undeprecate")},
		{"no message", []string{"deprecate", "bad-pkg@1"}, 2,
			`usage: gonpm deprecate <pkg>\[@<range>\] <message>` + usage("deprecate")},
		{"every version by a bare name", []string{"deprecate", "bad-pkg", "gone"}, 2,
			`bad-pkg selects every version of bad-pkg \(2\): pass --force to deprecate them all, or write bad-pkg@\*` + usage("deprecate")},
		{"every version by a range", []string{"deprecate", "bad-pkg@>=1", "gone"}, 2,
			`bad-pkg@>=1 selects every version of bad-pkg \(2\): pass --force to deprecate them all, or write bad-pkg@\*` + usage("deprecate")},
		{"bad package name", []string{"deprecate", "bad pkg@1", "old"}, 2,
			`invalid package name "bad pkg": it has characters not allowed in URLs` + usage("deprecate")},
		{"unknown package", []string{"deprecate", "no-such-pkg@1", "old"}, 1,
			`could not get no-such-pkg: 404 Not Found - GET ` + host + `/no-such-pkg\?write=true - not found.*`},
		{"not a maintainer", []string{"deprecate", "other-pkg@1", "old"}, 1,
			`could not deprecate other-pkg@1: 403 Forbidden - PUT ` + host + `/other-pkg - You do not have permission to publish "other-pkg"\. Are you logged in as the correct user\?.*`},
		{"undeprecate with a message", []string{"undeprecate", "bad-pkg", "msg"}, 2,
			`usage: gonpm undeprecate <pkg>\[@<range>\]` + usage("undeprecate")},

		// org
		{"bad role", []string{"org", "set", "acme", "carol", "boss"}, 2,
			"Third argument `role` must be one of `owner`, `admin`, or `developer`, with `developer` being the default value if omitted\\." + usage("org set")},
		{"no user", []string{"org", "set", "acme"}, 2,
			"Second argument `username` is required\\." + usage("org set")},
		{"no org", []string{"org", "ls"}, 2,
			"First argument `orgname` is required\\." + usage("org ls")},
		{"unknown org", []string{"org", "set", "nope", "carol"}, 1,
			`could not set carol as developer of org nope: 404 Not Found - PUT ` + host + `/-/org/nope/user - Scope not found: no org named nope.*`},
		{"unknown org listed", []string{"org", "ls", "nope"}, 1,
			`could not list the members of org nope: 404 Not Found - GET ` + host + `/-/org/nope/user - Scope not found: no org named nope.*`},
		{"unknown user", []string{"org", "set", "acme", "nobody"}, 1,
			`could not set nobody as developer of org acme: 404 Not Found - PUT ` + host + `/-/org/acme/user - user nobody not found.*`},
		{"remove a non-member", []string{"org", "rm", "acme", "carol"}, 1,
			`could not remove carol from org acme: 404 Not Found - DELETE ` + host + `/-/org/acme/user - user carol is not a member of org acme.*`},
		{"the last owner", []string{"org", "set", "acme", "bea", "developer"}, 1,
			`could not set bea as developer of org acme: 400 Bad Request - PUT ` + host + `/-/org/acme/user - bea is the last owner of org acme; make someone else an owner first`},
		{"unknown org subcommand", []string{"org", "frobnicate"}, 2,
			`frobnicate is not an org command: use set, rm or ls` + usage("org")},

		// team
		{"missing team", []string{"team", "create", "acme"}, 2,
			`"acme" is not a team: write it as <scope>:<team>, e.g\. acme:developers` + usage("team create")},
		{"missing team to add to", []string{"team", "add", "@acme", "bob"}, 2,
			`"@acme" is not a team: write it as <scope>:<team>, e\.g\. acme:developers` + usage("team add")},
		{"unknown team", []string{"team", "add", "acme:nope", "bob"}, 1,
			`could not add bob to team acme:nope: 404 Not Found - PUT ` + host + `/-/team/acme/nope/user - Team not found: acme:nope.*`},
		{"user outside the org", []string{"team", "add", "acme:devs", "carol"}, 1,
			`could not add carol to team acme:devs: 400 Bad Request - PUT ` + host + `/-/team/acme/devs/user - user carol is not a member of org acme; add them to the org first`},
		{"no user to add", []string{"team", "add", "acme:devs"}, 2,
			`usage: gonpm team add <scope:team> <user>` + usage("team add")},
		{"team exists", []string{"team", "create", "acme:devs"}, 1,
			`could not create team acme:devs: 409 Conflict - PUT ` + host + `/-/org/acme/team - Team already exists: acme:devs.*`},
		{"bad team name", []string{"team", "create", "acme:Bad Name"}, 1,
			`could not create team acme:Bad Name: 400 Bad Request - PUT ` + host + `/-/org/acme/team - invalid team name Bad Name: use lowercase letters, digits, '\.', '_' and '-'`},
		{"teams of an unknown org", []string{"team", "ls", "nope"}, 1,
			`could not list the teams of nope: 404 Not Found - GET ` + host + `/-/org/nope/team\?format=\S+ - Scope not found: no org named nope.*`},
		{"unknown team subcommand", []string{"team", "frobnicate"}, 2,
			`frobnicate is not a team command: use create, destroy, add, rm or ls` + usage("team")},

		// star
		{"star nothing", []string{"star"}, 2, `usage: gonpm star <pkg>\.\.\.` + usage("star")},
		{"star a bad name", []string{"unstar", "bad pkg"}, 2,
			`invalid package name "bad pkg": it has characters not allowed in URLs` + usage("unstar")},
		{"star an unknown package", []string{"star", "no-such-pkg"}, 1,
			`could not star no-such-pkg: 404 Not Found - GET ` + host + `/no-such-pkg\?write=true - not found.*`},
		{"stars of two users", []string{"stars", "a", "b"}, 2, `usage: gonpm stars \[<user>\]` + usage("stars")},
	}
	errLine := regexp.MustCompile(`(?m)^gonpm error (.*?)\r?$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := loggedIn(t, "bea", "")
			a.srv.AddUser("bob", "pw-bob", "bob@example.com")
			a.srv.AddUser("carol", "pw-carol", "carol@example.com")
			a.srv.AddPackage("bea", "bad-pkg", "1.0.0", "1.1.0")
			a.srv.AddPackage("bob", "other-pkg", "1.0.0", "2.0.0")
			a.srv.SetOrgMember("acme", "bea", "owner")
			a.srv.SetOrgMember("acme", "bob", "developer")
			a.srv.AddTeam("acme", "devs")
			before := a.srv.Snapshot()
			beforeRoster, beforeDeps := a.srv.OrgMembers("acme"), a.srv.Deprecations("bad-pkg")
			_, stderr, exit := runGonpm(t, a.env, filepath.Join(a.home), "", tt.args...)
			lines := errLine.FindAllStringSubmatch(stderr, -1)
			if len(lines) != 1 {
				t.Fatalf("want one error line, got %d; stderr:\n%s", len(lines), stderr)
			}
			msg := lines[0][1]
			t.Logf("exit %d: %s", exit, msg)
			if exit != tt.exit {
				t.Errorf("exit %d, want %d", exit, tt.exit)
			}
			if !regexp.MustCompile(`^(?:` + tt.msg + `)$`).MatchString(msg) {
				t.Errorf("message\n  %s\ndoes not match\n  %s", msg, tt.msg)
			}
			if diff := before.Diff(a.srv.Snapshot()); diff != "" {
				t.Errorf("the registry changed:\n%s", diff)
			}
			if got := a.srv.OrgMembers("acme"); len(got) != len(beforeRoster) {
				t.Errorf("roster changed: %v", got)
			}
			if got := a.srv.Deprecations("bad-pkg"); len(got) != len(beforeDeps) {
				t.Errorf("deprecations changed: %v", got)
			}
		})
	}
}
