package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"
	"time"
)

// writesStep is one command of the deprecate/org/team/star sequence.
type writesStep struct {
	args []string
	otp  bool // add --otp=<current code>
	ok   bool // whether it should succeed
	// versions compares the versions npm names in its notices ("npm
	// notice deprecating pk@1.0.0 …") with the ones gonpm prints as
	// changed, instead of stdout: npm prints them only as notices.
	versions bool
}

// newWritesPeer is newPeer with more seeding: dep-pkg with a prerelease,
// the org "org" with roles (alice owner, bob developer), user dave.
func newWritesPeer(t *testing.T, name, prog string, extra ...string) *peer {
	p := newPeer(t, name, prog, extra...)
	p.srv.AddUser("dave", "pw-dave", "dave@example.com")
	p.srv.AddPackage("alice", "dep-pkg", "1.0.0", "1.1.0", "2.0.0-beta.1", "2.0.0")
	p.srv.SetOrgMember("org", "alice", "owner")
	p.srv.SetOrgMember("org", "bob", "developer")
	return p
}

// runWrites runs one step; npm logs notices on deprecate steps so its
// version list can be compared.
func (p *peer) runWrites(t *testing.T, s writesStep) outcome {
	t.Helper()
	args := append(append([]string(nil), s.args...), "--registry", p.srv.URL)
	if s.otp {
		code := p.srv.TOTP(p.secret, time.Now())
		p.codes = append(p.codes, code)
		args = append(args, "--otp="+code)
	}
	args = append(args, p.extra...)
	if s.versions && p.name == "npm" {
		args = append(args, "--loglevel=notice")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.prog, args...)
	cmd.Env = p.env
	cmd.Dir = p.work
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	o := outcome{stdout: p.redact(stdout.String()), stderr: p.redact(stderr.String())}
	switch {
	case errors.As(err, &exitErr):
		o.exit = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("running %s: %v", p.name, err)
	}
	return o
}

// writesState is what these commands may change, as text.
func (p *peer) writesState() string {
	var b strings.Builder
	for _, name := range []string{"dep-pkg", "@org/pk", "plain-pkg"} {
		dep := p.srv.Deprecations(name)
		versions := make([]string, 0, len(dep))
		for v := range dep {
			versions = append(versions, v)
		}
		sort.Strings(versions)
		fmt.Fprintf(&b, "%s stars=%v deprecated:", name, p.srv.Stars(name))
		for _, v := range versions {
			fmt.Fprintf(&b, " %s=%q", v, dep[v])
		}
		b.WriteString("\n")
	}
	roster := p.srv.OrgMembers("org")
	users := make([]string, 0, len(roster))
	for u := range roster {
		users = append(users, u)
	}
	sort.Strings(users)
	b.WriteString("org:")
	for _, u := range users {
		fmt.Fprintf(&b, " %s=%s", u, roster[u])
	}
	b.WriteString("\n")
	for _, team := range p.srv.Teams("org") {
		fmt.Fprintf(&b, "org:%s members=%v grants=%v\n", team, p.srv.TeamMembers("org", team), p.srv.TeamPackages("org", team))
	}
	return b.String()
}

var (
	npmNotice      = regexp.MustCompile(`(?m)^npm notice (?:un)?deprecating (\S+)`)
	gonpmChangedAt = regexp.MustCompile(`(?m)^(?:would )?(?:un)?deprecated? (\S+)$`)
)

// changedVersions lists name@version from npm's notices or gonpm's stdout.
func changedVersions(re *regexp.Regexp, text string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return out
}

// TestWritesAgainstNPM runs deprecate, undeprecate, org, team, star,
// unstar and stars with npm and with gonpm, each against its own fresh,
// identically seeded test registry (2FA on for writes), and compares
// success, stdout (or, for deprecate, the versions changed) and the
// registry state after every step.
func TestWritesAgainstNPM(t *testing.T) {
	requireNPM(t)
	npm := newWritesPeer(t, "npm", "npm", "--no-audit", "--no-fund", "--loglevel=warn", "--color=false")
	gonpm := newWritesPeer(t, "gonpm", gonpmBinary(t))

	steps := []writesStep{
		{args: []string{"deprecate", "dep-pkg@<2.0.0", "use 2"}, otp: true, ok: true, versions: true},
		{args: []string{"deprecate", "dep-pkg@1.0.0", "use 2"}, otp: true, ok: true}, // unchanged: gonpm writes nothing
		{args: []string{"deprecate", "dep-pkg@2.0.0", "soon", "--dry-run"}, otp: true, ok: true, versions: true},
		{args: []string{"deprecate", "dep-pkg@>=3", "none"}, otp: true, ok: true},
		{args: []string{"deprecate", "dep-pkg@latest", "x"}, otp: true, ok: false},
		{args: []string{"deprecate", "dep-pkg@2.0.0", "x"}, ok: false}, // no code, no terminal
		{args: []string{"deprecate", "no-such-pkg@1", "x"}, otp: true, ok: false},
		{args: []string{"deprecate", "@org/pk@*", "scoped"}, otp: true, ok: true, versions: true},
		{args: []string{"deprecate", "dep-pkg@~2.0.0-beta", "beta is over"}, otp: true, ok: true, versions: true},
		{args: []string{"undeprecate", "dep-pkg@1.1.0"}, otp: true, ok: true, versions: true},
		{args: []string{"undeprecate", "dep-pkg@2.0.0-beta.1"}, otp: true, ok: true, versions: true},
		{args: []string{"deprecate", "dep-pkg@1.0.0", ""}, otp: true, ok: true, versions: true}, // "" undeprecates
		{args: []string{"undeprecate", "@org/pk@1.0.0", "--dry-run"}, otp: true, ok: true, versions: true},

		{args: []string{"org", "ls", "org"}, ok: true},
		{args: []string{"org", "set", "org", "carol", "admin"}, otp: true, ok: true},
		{args: []string{"org", "set", "org", "dave"}, otp: true, ok: true},
		{args: []string{"org", "add", "@org", "dave", "admin"}, otp: true, ok: true},
		{args: []string{"org", "ls", "org", "--parseable"}, ok: true},
		{args: []string{"org", "ls", "org", "carol", "--json"}, ok: true},
		{args: []string{"org", "ls", "org", "nobody", "--json"}, ok: true},
		{args: []string{"org", "set", "org", "bob", "boss"}, otp: true, ok: false},
		{args: []string{"org", "set", "nope", "carol"}, otp: true, ok: false},
		{args: []string{"org", "set", "org", "nobody"}, otp: true, ok: false},
		{args: []string{"org", "set", "org", "bob", "admin"}, ok: false}, // no code
		{args: []string{"org", "rm", "org", "dave"}, otp: true, ok: true},
		{args: []string{"org", "rm", "org", "dave"}, otp: true, ok: false}, // no longer a member
		{args: []string{"org", "set", "org", "dave", "--json"}, otp: true, ok: true},
		{args: []string{"org", "set", "org", "dave", "owner", "--parseable"}, otp: true, ok: true},
		{args: []string{"org", "rm", "@org", "dave", "--parseable"}, otp: true, ok: true},
		{args: []string{"org", "rm", "org", "carol", "--json"}, otp: true, ok: true},
		{args: []string{"org", "ls", "org", "--json"}, ok: true},
		{args: []string{"org", "ls", "nope"}, ok: false},
		{args: []string{"org", "set", "org"}, otp: true, ok: false},

		{args: []string{"team", "ls", "org"}, ok: true},
		{args: []string{"team", "ls", "@org", "--json"}, ok: true},
		{args: []string{"team", "create", "org:qa"}, otp: true, ok: true},
		{args: []string{"team", "create", "org:qa"}, otp: true, ok: false}, // exists
		{args: []string{"team", "create", "@org:docs", "--parseable"}, otp: true, ok: true},
		{args: []string{"team", "create", "org:nocode"}, ok: false},
		{args: []string{"team", "create", "org"}, otp: true, ok: false}, // no :team
		{args: []string{"team", "add", "org:qa", "bob"}, otp: true, ok: true},
		{args: []string{"team", "add", "org:qa", "carol", "--json"}, otp: true, ok: false}, // not in the org
		{args: []string{"team", "add", "org:nope", "bob"}, otp: true, ok: false},
		{args: []string{"team", "ls", "org:qa"}, ok: true},
		{args: []string{"team", "ls", "org:qa", "--parseable"}, ok: true},
		{args: []string{"team", "ls", "org:devs", "--json"}, ok: true},
		{args: []string{"team", "ls", "org", "--parseable"}, ok: true},
		{args: []string{"access", "grant", "read-write", "org:qa", "@org/pk"}, otp: true, ok: true},
		{args: []string{"team", "rm", "org:qa", "bob"}, otp: true, ok: true},
		{args: []string{"team", "rm", "org:qa", "bob", "--json"}, otp: true, ok: false},
		{args: []string{"team", "ls", "org:qa"}, ok: true},
		{args: []string{"team", "add", "org:qa", "alice", "--parseable"}, otp: true, ok: true},
		{args: []string{"team", "rm", "@org:qa", "alice", "--parseable"}, otp: true, ok: true},
		{args: []string{"team", "destroy", "org:docs"}, otp: true, ok: true},
		{args: []string{"team", "destroy", "org:docs", "--json"}, otp: true, ok: false},
		{args: []string{"team", "destroy", "@org:qa", "--json"}, otp: true, ok: true},
		{args: []string{"team", "ls", "org"}, ok: true},
		{args: []string{"team", "ls", "nope"}, ok: false},

		{args: []string{"star", "dep-pkg"}, otp: true, ok: true},
		{args: []string{"stars"}, ok: true},
		{args: []string{"star", "@org/pk"}, otp: true, ok: true},
		{args: []string{"star", "@org/pk"}, otp: true, ok: true}, // already starred
		{args: []string{"stars", "alice"}, ok: true},
		{args: []string{"stars", "bob"}, ok: true},
		{args: []string{"unstar", "dep-pkg"}, otp: true, ok: true},
		{args: []string{"unstar", "dep-pkg"}, otp: true, ok: true}, // not starred
		{args: []string{"star", "plain-pkg"}, ok: false},           // no code
		{args: []string{"star", "no-such-pkg"}, otp: true, ok: false},
		{args: []string{"stars"}, ok: true},
	}

	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tcommand\tnpm exit\tnpm stdout\tgonpm exit\tgonpm stdout\tstate\tsame?")
	for i, s := range steps {
		n, g := npm.runWrites(t, s), gonpm.runWrites(t, s)
		sameStdout := normalise(n.stdout) == normalise(g.stdout)
		npmSays := n.stdout
		if n.exit != 0 && g.exit != 0 && slices.Contains(s.args, "--json") {
			// npm also prints its error as a JSON object on stdout;
			// gonpm prints errors on stderr only, --json or not.
			sameStdout = g.stdout == "" && strings.Contains(n.stdout, `"error"`)
			npmSays = "(its JSON error object)"
		}
		if s.versions {
			nv, gv := changedVersions(npmNotice, n.stderr), changedVersions(gonpmChangedAt, g.stdout)
			sameStdout = len(nv) > 0 && slices.Equal(nv, gv) && n.stdout == ""
			npmSays = "notices: " + strings.Join(nv, " ")
		}
		sameOutcome := (n.exit == 0) == (g.exit == 0)
		nState, gState := npm.writesState(), gonpm.writesState()
		sameState := nState == gState
		same := sameStdout && sameOutcome && sameState
		cmdline := strings.Join(s.args, " ")
		if s.otp {
			cmdline += " --otp=<otp>"
		}
		stateCol := "same"
		if !sameState {
			stateCol = "DIFFERENT"
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%d\t%s\t%s\t%s\n", i+1, cmdline, n.exit, show(npmSays), g.exit, show(g.stdout), stateCol, yesNo(same))
		if (n.exit == 0) != s.ok {
			t.Errorf("step %d, npm %s: exit %d, want success=%t\nstderr:\n%s", i+1, cmdline, n.exit, s.ok, n.stderr)
		}
		if !same {
			t.Errorf("step %d, %s: npm and gonpm differ\nnpm exit %d stdout:\n%s\nnpm stderr:\n%s\ngonpm exit %d stdout:\n%s\ngonpm stderr:\n%s\nnpm state:\n%s\ngonpm state:\n%s",
				i+1, cmdline, n.exit, n.stdout, n.stderr, g.exit, g.stdout, g.stderr, nState, gState)
		}
	}
	tw.Flush()
	t.Logf("deprecate/org/team/star: npm vs gonpm, each on a fresh identically seeded registry\n%s\nfinal registry state (both):\n%s", table.String(), gonpm.writesState())
}
