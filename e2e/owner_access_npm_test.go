package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/gonpm/gonpm/internal/registrytest"
)

// peer is one client (npm or gonpm) with its own fresh test registry,
// seeded like every other peer's, and its own HOME.
type peer struct {
	name   string
	prog   string
	extra  []string
	srv    *registrytest.Server
	secret string
	env    []string
	work   string // a folder without a package.json
	pkgDir string // a folder whose package.json names @org/pk
	codes  []string
}

// seedOwnerAccess creates the same users, packages and teams on srv for
// every peer and returns alice's token and TOTP secret.
func seedOwnerAccess(srv *registrytest.Server) (token, secret string) {
	token = srv.AddUser("alice", "pw-alice", "alice@example.com")
	srv.AddUser("bob", "pw-bob", "bob@example.com")
	srv.AddUser("carol", "pw-carol", "carol@example.com")
	srv.AddPackage("alice", "plain-pkg", "1.0.0")
	srv.AddPackage("alice", "@org/pk", "1.0.0")
	srv.AddPackage("alice", "@org/other", "1.0.0")
	srv.AddTeam("org", "devs", "bob")
	srv.AddTeam("org", "ops", "carol")
	secret, _ = srv.EnableTFA("alice", registrytest.ModeAuthAndWrites)
	return token, secret
}

func newPeer(t *testing.T, name, prog string, extra ...string) *peer {
	t.Helper()
	srv := registrytest.New(t)
	token, secret := seedOwnerAccess(srv)
	home := t.TempDir()
	host := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	npmrc := filepath.Join(home, ".npmrc")
	if err := os.WriteFile(npmrc, []byte("//"+host+"/:_authToken="+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(home, "work")
	pkgDir := filepath.Join(home, "pkg")
	for _, d := range []string{work, pkgDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(pkgDir, "package.json"), []byte(`{"name":"@org/pk","version":"1.0.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return &peer{
		name: name, prog: prog, extra: extra, srv: srv, secret: secret, work: work, pkgDir: pkgDir,
		env: []string{
			"HOME=" + home,
			"PATH=" + os.Getenv("PATH"),
			"TERM=dumb",
			"NO_COLOR=1",
			"NPM_CONFIG_USERCONFIG=" + npmrc,
			"NPM_CONFIG_GLOBALCONFIG=" + filepath.Join(home, "global-npmrc"),
			"NPM_CONFIG_CACHE=" + filepath.Join(home, "cache"),
			"NPM_CONFIG_UPDATE_NOTIFIER=false",
			"NPM_CONFIG_FETCH_RETRIES=0",
			// Both the flag and the environment name the test registry, so
			// no command can reach another one.
			"NPM_CONFIG_REGISTRY=" + srv.URL,
		},
	}
}

// diffStep is one command run by every peer.
type diffStep struct {
	args  []string
	otp   bool // add --otp=<current code>
	inPkg bool // run in the folder of @org/pk
	ok    bool // whether it should succeed
}

type outcome struct {
	exit   int
	stdout string
	stderr string
}

func (p *peer) run(t *testing.T, s diffStep) outcome {
	t.Helper()
	args := append(append([]string(nil), s.args...), "--registry", p.srv.URL)
	if s.otp {
		code := p.srv.TOTP(p.secret, time.Now())
		p.codes = append(p.codes, code)
		args = append(args, "--otp="+code)
	}
	args = append(args, p.extra...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.prog, args...)
	cmd.Env = p.env
	cmd.Dir = p.work
	if s.inPkg {
		cmd.Dir = p.pkgDir
	}
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

// redact hides the one-time passwords this peer used.
func (p *peer) redact(s string) string {
	for _, c := range p.codes {
		s = strings.ReplaceAll(s, c, "<otp>")
	}
	return s
}

// state is what the registry holds about owners and access, as text.
func (p *peer) state() string {
	var b strings.Builder
	for _, name := range []string{"plain-pkg", "@org/pk", "@org/other"} {
		req, over := p.srv.PublishRequiresTFA(name)
		fmt.Fprintf(&b, "%s maintainers=%v access=%s publish_requires_tfa=%t automation_overrides=%t\n",
			name, p.srv.Maintainers(name), p.srv.Access(name), req, over)
	}
	for _, team := range []string{"devs", "ops"} {
		grants := p.srv.TeamPackages("org", team)
		keys := make([]string, 0, len(grants))
		for k := range grants {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(&b, "org:%s", team)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%s", k, grants[k])
		}
		b.WriteString("\n")
	}
	return b.String()
}

var programName = regexp.MustCompile(`\bgonpm\b`)

// normalise makes outputs comparable: gonpm's name becomes npm's.
func normalise(s string) string { return programName.ReplaceAllString(s, "npm") }

func requireNPM(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("npm"); err != nil {
		if os.Getenv("GONPM_REQUIRE_NPM") == "1" {
			t.Fatalf("npm is required (GONPM_REQUIRE_NPM=1) but not on PATH: %v", err)
		}
		t.Skip("npm is not on PATH; this differential test needs the real npm CLI (GONPM_REQUIRE_NPM=1 makes this a failure)")
	}
}

// TestOwnerAccessAgainstNPM runs one sequence of owner and access commands
// with npm and with gonpm, each against its own fresh, identically seeded
// test registry (2FA on for writes), and compares exit status (success or
// not), stdout and the registry state after every step.
func TestOwnerAccessAgainstNPM(t *testing.T) {
	requireNPM(t)
	npm := newPeer(t, "npm", "npm", "--no-audit", "--no-fund", "--loglevel=warn", "--color=false")
	gonpm := newPeer(t, "gonpm", gonpmBinary(t))

	steps := []diffStep{
		{args: []string{"owner", "ls", "plain-pkg"}, ok: true},
		{args: []string{"owner", "add", "bob", "plain-pkg"}, otp: true, ok: true},
		{args: []string{"owner", "ls", "plain-pkg"}, ok: true},
		{args: []string{"owner", "add", "bob", "plain-pkg"}, otp: true, ok: true},  // already an owner
		{args: []string{"owner", "rm", "carol", "plain-pkg"}, otp: true, ok: true}, // not an owner
		{args: []string{"owner", "add", "carol", "plain-pkg"}, ok: false},          // no code, no terminal
		{args: []string{"owner", "add", "nobody", "plain-pkg"}, otp: true, ok: false},
		{args: []string{"owner", "ls", "no-such-pkg"}, ok: false},
		{args: []string{"owner", "add", "carol", "no-such-pkg"}, otp: true, ok: false},
		{args: []string{"author", "remove", "bob", "plain-pkg"}, otp: true, ok: true},
		{args: []string{"owner", "rm", "alice", "plain-pkg"}, otp: true, ok: false}, // the last owner
		{args: []string{"owner", "list"}, inPkg: true, ok: true},
		{args: []string{"owner", "add", "carol"}, inPkg: true, otp: true, ok: true},
		{args: []string{"owner", "ls", "@org/pk"}, ok: true},
		{args: []string{"access", "list", "packages"}, ok: true},
		{args: []string{"access", "list", "packages", "--json"}, ok: true},
		{args: []string{"access", "list", "packages", "alice", "plain-pkg"}, ok: true},
		{args: []string{"access", "list", "packages", "carol"}, ok: true},
		{args: []string{"access", "ls", "packages", "carol"}, ok: false}, // npm 11 has no ls alias here
		{args: []string{"access", "list", "packages", "org"}, ok: true},
		{args: []string{"access", "list", "packages", "@org", "--json"}, ok: true},
		{args: []string{"access", "get", "status", "@org/pk"}, ok: true},
		{args: []string{"access", "set", "status=private", "@org/pk"}, ok: false}, // no code
		{args: []string{"access", "set", "status=private", "@org/pk"}, otp: true, ok: true},
		{args: []string{"access", "get", "status", "@org/pk", "--json"}, ok: true},
		{args: []string{"access", "get", "status"}, inPkg: true, ok: true},
		{args: []string{"access", "list", "collaborators", "@org/pk"}, ok: true},
		{args: []string{"access", "grant", "read-write", "org:devs", "@org/pk"}, otp: true, ok: true},
		{args: []string{"access", "grant", "read-only", "@org:ops", "@org/pk"}, otp: true, ok: true},
		{args: []string{"access", "grant", "read-only", "org:devs", "plain-pkg"}, otp: true, ok: true},
		{args: []string{"access", "list", "packages", "org:devs"}, ok: true},
		{args: []string{"access", "list", "packages", "org:ops", "--json"}, ok: true},
		{args: []string{"access", "list", "collaborators", "@org/pk", "--json"}, ok: true},
		{args: []string{"access", "list", "collaborators", "@org/pk", "bob"}, ok: true},
		{args: []string{"access", "list", "collaborators"}, inPkg: true, ok: true},
		{args: []string{"access", "set", "mfa=publish", "@org/pk"}, otp: true, ok: true},
		{args: []string{"access", "set", "2fa=automation", "@org/other"}, otp: true, ok: true},
		{args: []string{"access", "set", "mfa=none", "@org/other"}, otp: true, ok: true},
		{args: []string{"access", "revoke", "org:ops", "@org/pk"}, otp: true, ok: true},
		{args: []string{"access", "revoke", "org:devs", "plain-pkg"}, otp: true, ok: true},
		{args: []string{"access", "set", "status=public"}, inPkg: true, otp: true, ok: true},
		{args: []string{"access", "set", "status=private", "plain-pkg"}, otp: true, ok: false}, // unscoped
		{args: []string{"access", "set", "mfa=always", "@org/pk"}, otp: true, ok: false},
		{args: []string{"access", "grant", "read-only", "org:nope", "@org/pk"}, otp: true, ok: false},
		{args: []string{"access", "list", "packages", "nobody"}, ok: false},
		{args: []string{"access", "get", "status", "@org/nope"}, ok: false},
	}

	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tcommand\tnpm exit\tnpm stdout\tgonpm exit\tgonpm stdout\tstate\tsame?")
	for i, s := range steps {
		n, g := npm.run(t, s), gonpm.run(t, s)
		sameStdout := normalise(n.stdout) == normalise(g.stdout)
		sameOutcome := (n.exit == 0) == (g.exit == 0)
		sameState := npm.state() == gonpm.state()
		same := sameStdout && sameOutcome && sameState
		cmdline := strings.Join(s.args, " ")
		if s.otp {
			cmdline += " --otp=<otp>"
		}
		if s.inPkg {
			cmdline = "(in @org/pk) " + cmdline
		}
		stateCol := "same"
		if !sameState {
			stateCol = "DIFFERENT"
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%d\t%s\t%s\t%s\n", i+1, cmdline, n.exit, show(n.stdout), g.exit, show(g.stdout), stateCol, yesNo(same))

		if (n.exit == 0) != s.ok {
			t.Errorf("step %d, npm %s: exit %d, want success=%t (the test registry answers unlike the public one?)\nstderr:\n%s", i+1, cmdline, n.exit, s.ok, n.stderr)
		}
		if !same {
			t.Errorf("step %d, %s: npm and gonpm differ\nnpm exit %d stdout:\n%s\nnpm stderr:\n%s\ngonpm exit %d stdout:\n%s\ngonpm stderr:\n%s\nnpm state:\n%s\ngonpm state:\n%s",
				i+1, cmdline, n.exit, n.stdout, n.stderr, g.exit, g.stdout, g.stderr, npm.state(), gonpm.state())
		}
	}
	tw.Flush()
	t.Logf("owner/access: npm vs gonpm, each on a fresh identically seeded registry\n%s\nfinal registry state (both):\n%s", table.String(), gonpm.state())
}

// show renders stdout on one table line.
func show(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return "(empty)"
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", "⏎ "), "\t", " ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}
