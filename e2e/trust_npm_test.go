package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"text/tabwriter"
)

// trustStep is one trust command run by npm and by gonpm.
type trustStep struct {
	args []string
	otp  bool
	// dir is "" for a folder without package.json, "pkg" for @org/pk's
	// folder (no repository field), "repo" for @org/other's folder whose
	// package.json names github:octo/repo.
	dir string
	ok  bool
	// maskIDs: npm masks UUID-shaped text in these lines; gonpm prints
	// the id, on purpose (see `gonpm trust revoke --help`).
	maskIDs bool
}

var uuidText = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// trustState is every trust configuration on a peer's registry, as JSON.
func (p *peer) trustState() string {
	var b strings.Builder
	for _, name := range []string{"plain-pkg", "@org/pk", "@org/other"} {
		data, _ := json.Marshal(p.srv.TrustConfigs(name))
		fmt.Fprintf(&b, "%s %s\n", name, data)
	}
	return b.String()
}

// TestTrustAgainstNPM runs one sequence of trust commands with npm and
// with gonpm, each against its own fresh, identically seeded test registry
// (2FA on), and compares success, stdout and the trust configurations
// stored after every step. Configuration ids are derived from the package
// and a counter, so both registries hand out the same ones.
func TestTrustAgainstNPM(t *testing.T) {
	requireNPM(t)
	npm := newPeer(t, "npm", "npm", "--no-audit", "--no-fund", "--loglevel=warn", "--color=false")
	gonpm := newPeer(t, "gonpm", gonpmBinary(t))
	for _, p := range []*peer{npm, gonpm} {
		dir := filepath.Join(filepath.Dir(p.work), "repo")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		pj := `{"name":"@org/other","version":"1.0.0","repository":{"type":"git","url":"git+https://github.com/octo/repo.git"}}`
		if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(pj), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const u1, u2, u3, u4 = "0b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d", "1b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d", "2b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d", "3b5d3f52-7c61-4e3a-9d0c-1f2e3a4b5c6d"
	circle := []string{"--org-id=" + u1, "--project-id=" + u2, "--pipeline-definition-id=" + u3, "--vcs-origin=github.com/octo/repo"}
	otherID := func(p *peer) string {
		if c := p.srv.TrustConfigs("@org/other"); len(c) > 0 {
			return c[0].ID
		}
		return "none"
	}

	steps := []trustStep{
		{args: []string{"trust", "list", "@org/pk"}, otp: true, ok: true},
		{args: []string{"trust", "list", "@org/pk", "--json"}, otp: true, ok: true},
		{args: []string{"trust", "github", "@org/pk", "--file=release.yml", "--repo=octo/repo", "--allow-publish", "--dry-run"}, ok: true},
		{args: []string{"trust", "github", "@org/pk", "--file=release.yml", "--repository=octo/repo", "--env=prod", "--allow-publish", "--allow-stage-publish", "--dry-run", "--json"}, ok: true},
		{args: []string{"trust", "github", "--file=release.yml", "--allow-publish", "--allow-staged-publish", "--environment=prod", "--yes"}, dir: "repo", otp: true, ok: true},
		{args: []string{"trust", "list"}, dir: "repo", otp: true, ok: true},
		{args: []string{"trust", "list", "@org/other", "--json"}, otp: true, ok: true},
		{args: []string{"trust", "github", "--file=other.yml", "--repo=octo/fork", "--allow-publish", "--yes"}, dir: "repo", otp: true, ok: false}, // one per package
		{args: []string{"trust", "revoke", "@org/other", "--id={other}", "--dry-run"}, ok: true, maskIDs: true},
		{args: []string{"trust", "revoke", "@org/other", "--id={other}"}, otp: true, ok: true, maskIDs: true},
		{args: []string{"trust", "list", "@org/other"}, otp: true, ok: true},
		{args: []string{"trust", "revoke", "@org/other", "--id=abc/def"}, otp: true, ok: false},
		{args: []string{"trust", "gitlab", "plain-pkg", "--file=.gitlab-ci.yml", "--project=grp/sub/proj", "--allow-publish", "--yes"}, otp: true, ok: true},
		{args: []string{"trust", "list", "plain-pkg", "--json"}, otp: true, ok: true},
		{args: []string{"trust", "circleci", "@org/pk", "--allow-stage-publish", "--context-id=" + u4, "--context-id=" + u1, "--yes", "--json"}, otp: true, ok: true},
		{args: []string{"trust", "list", "@org/pk"}, otp: true, ok: true},
		{args: []string{"trust", "circleci", "@org/other", "--allow-publish", "--dry-run"}, ok: true},
		{args: []string{"trust", "github", "@org/other", "--file=release.yml", "--repo=octo/repo", "--allow-publish", "--yes"}, ok: false}, // no code, no terminal
		{args: []string{"trust", "github", "@org/other", "--file=release.yml", "--allow-publish"}, ok: false},
		{args: []string{"trust", "github", "--file=release.yml", "--allow-publish"}, dir: "pkg", ok: false},
		{args: []string{"trust", "github", "@org/other", "--file=release.yml", "--repo=octo", "--allow-publish"}, ok: false},
		{args: []string{"trust", "github", "@org/other", "--file=.github/workflows/release.yml", "--repo=octo/repo", "--allow-publish"}, ok: false},
		{args: []string{"trust", "github", "@org/other", "--file=release.json", "--repo=octo/repo", "--allow-publish"}, ok: false},
		{args: []string{"trust", "github", "@org/other", "--file=release.yml", "--repo=octo/repo"}, ok: false},
		{args: []string{"trust", "gitlab", "--file=.gitlab-ci.yml", "--allow-publish"}, dir: "repo", ok: false},
		{args: []string{"trust", "circleci", "@org/other", "--org-id=nope", "--project-id=" + u2, "--pipeline-definition-id=" + u3, "--vcs-origin=github.com/octo/repo", "--allow-publish"}, ok: false},
		{args: []string{"trust", "circleci", "@org/other", "--org-id=" + u1, "--project-id=" + u2, "--pipeline-definition-id=" + u3, "--vcs-origin=https://github.com/octo/repo", "--allow-publish"}, ok: false},
		{args: []string{"trust", "list"}, ok: false},
		{args: []string{"trust", "revoke", "@org/pk"}, ok: false},
	}
	for i := range steps {
		if steps[i].args[1] == "circleci" && !strings.Contains(strings.Join(steps[i].args, " "), "--org-id") {
			steps[i].args = append(steps[i].args, circle...)
		}
	}

	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tcommand\tnpm exit\tgonpm exit\tstdout\tstate\tsame?")
	for i, s := range steps {
		run := func(p *peer) outcome {
			args := make([]string, len(s.args))
			for j, a := range s.args {
				args[j] = strings.ReplaceAll(a, "{other}", otherID(p))
			}
			p.pkgDir = map[string]string{"": p.work, "pkg": filepath.Join(filepath.Dir(p.work), "pkg"), "repo": filepath.Join(filepath.Dir(p.work), "repo")}[s.dir]
			return p.run(t, diffStep{args: args, otp: s.otp, inPkg: true})
		}
		n, g := run(npm), run(gonpm)
		gOut := g.stdout
		if s.maskIDs {
			gOut = uuidText.ReplaceAllString(gOut, "***")
		}
		sameStdout := normalise(n.stdout) == normalise(gOut)
		sameOutcome := (n.exit == 0) == (g.exit == 0)
		sameState := npm.trustState() == gonpm.trustState()
		cmdline := strings.Join(s.args, " ")
		if s.otp {
			cmdline += " --otp=<otp>"
		}
		if s.dir != "" {
			cmdline = "(in " + s.dir + ") " + cmdline
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\t%s\t%s\n", i+1, shorten(cmdline), n.exit, g.exit, sameWord(sameStdout), sameWord(sameState), yesNo(sameStdout && sameOutcome && sameState))
		if (n.exit == 0) != s.ok {
			t.Errorf("step %d, npm %s: exit %d, want success=%t\nstdout:\n%s\nstderr:\n%s", i+1, cmdline, n.exit, s.ok, n.stdout, n.stderr)
		}
		if !(sameStdout && sameOutcome && sameState) {
			t.Errorf("step %d, %s: npm and gonpm differ\nnpm exit %d stdout:\n%s\nnpm stderr:\n%s\ngonpm exit %d stdout:\n%s\ngonpm stderr:\n%s\nnpm state:\n%s\ngonpm state:\n%s",
				i+1, cmdline, n.exit, n.stdout, n.stderr, g.exit, g.stdout, g.stderr, npm.trustState(), gonpm.trustState())
		}
	}
	tw.Flush()
	t.Logf("trust: npm vs gonpm, each on a fresh identically seeded registry\n%s\nfinal trust configurations (both):\n%s", table.String(), gonpm.trustState())
}

func sameWord(b bool) string {
	if b {
		return "same"
	}
	return "DIFFERENT"
}

func shorten(s string) string {
	if len(s) > 90 {
		return s[:87] + "..."
	}
	return s
}
