package ciinfo

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/npmref"
)

// ciCase is one environment, given as NAME=value pairs.
type ciCase struct {
	name string
	env  []string
}

// npmVerdict is what npm's bundled ci-info says about an environment, and
// the user agent npm's config builds from it.
type npmVerdict struct {
	IsCI  bool    `json:"isCI"`
	Name  *string `json:"name"`
	ID    *string `json:"id"`
	IsPR  *bool   `json:"isPR"`
	Agent string  `json:"agent"`
}

// askNpm loads npm's ci-info and config definitions afresh for each
// environment (both read process.env when loaded) and reports ci-info's
// isCI, name, id and isPR, and the "{ci}" part of npm's user agent.
func askNpm(t *testing.T, cases []ciCase) []npmVerdict {
	t.Helper()
	ciInfo := npmref.Bundled(t, "ci-info")
	definitions := filepath.Join(npmref.Bundled(t, "@npmcli/config"), "lib", "definitions", "definitions.js")
	script := `const [ciInfoDir, definitionsFile] = process.argv.slice(1);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(env => {
  for (const k of Object.keys(process.env)) delete process.env[k];
  for (const kv of env) { const i = kv.indexOf("="); process.env[kv.slice(0, i)] = kv.slice(i + 1); }
  for (const k of Object.keys(require.cache)) delete require.cache[k];
  const ci = require(ciInfoDir);
  const defs = require(definitionsFile);
  const flat = {};
  defs["user-agent"].flatten("user-agent", {"user-agent": "{ci}", "npm-version": "x"}, flat);
  return {isCI: ci.isCI, name: ci.name, id: ci.id, isPR: ci.isPR, agent: flat.userAgent};
});
console.log(JSON.stringify(out));`
	input, _ := json.Marshal(func() [][]string {
		envs := make([][]string, len(cases))
		for i, c := range cases {
			envs[i] = append([]string{}, c.env...)
		}
		return envs
	}())
	cmd := exec.Command("node", "-e", script, ciInfo, definitions)
	cmd.Stdin = strings.NewReader(string(input))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var verdicts []npmVerdict
	if err := json.Unmarshal(out, &verdicts); err != nil || len(verdicts) != len(cases) {
		t.Fatalf("node printed %q: %v", out, err)
	}
	return verdicts
}

// vendorCases builds, for every vendor in the table, environments that
// satisfy it (each alternative of an "any"), that nearly do (one of
// several conditions, an empty value, a wrong value), with its pull
// request variables set several ways, and with CI=false.
func vendorCases() []ciCase {
	var cases []ciCase
	add := func(name string, env ...string) { cases = append(cases, ciCase{name, env}) }
	for _, v := range vendors {
		var bases [][]string
		bases = append(bases, nil)
		for _, c := range v.env {
			var options [][]string
			switch {
			case c.present != "":
				options = [][]string{{c.present + "=1"}}
				add(v.constant+" empty", c.present+"=")
			case c.includesEnv != "":
				options = [][]string{{c.includesEnv + "=/usr" + c.includes + ":/x"}}
				add(v.constant+" without the text", c.includesEnv+"=/usr/bin/node")
			case c.anyPresent != nil:
				for _, n := range c.anyPresent {
					options = append(options, []string{n + "=1"})
				}
			default:
				var all []string
				for _, e := range c.equal {
					all = append(all, e.name+"="+e.value)
					add(v.constant+" wrong "+e.name, e.name+"="+e.value+"x")
					add(v.constant+" empty "+e.name, e.name+"=")
				}
				options = [][]string{all}
			}
			if len(v.env) > 1 {
				for _, o := range options {
					add(v.constant+" one condition of several", o...)
				}
			}
			var next [][]string
			for _, b := range bases {
				for _, o := range options {
					next = append(next, append(append([]string{}, b...), o...))
				}
			}
			bases = next
		}
		for i, base := range bases {
			label := fmt.Sprintf("%s #%d", v.constant, i)
			add(label, base...)
			add(label+" CI=false", append([]string{"CI=false"}, base...)...)
			add(label+" CI=0", append([]string{"CI=0"}, base...)...)
			for j, pr := range prVariants(v.pr) {
				add(fmt.Sprintf("%s pr %d", label, j), append(append([]string{}, base...), pr...)...)
			}
		}
	}
	return cases
}

// prVariants sets a vendor's pull-request variables in ways that should
// and should not count.
func prVariants(p *prCheck) [][]string {
	if p == nil {
		return [][]string{{"CI_PULL_REQUEST=1"}}
	}
	switch {
	case p.present != "":
		return [][]string{{p.present + "=42"}, {p.present + "="}}
	case p.env != "" && p.anyValue != nil:
		out := [][]string{{p.env + "=PUSH"}, {p.env + "="}}
		for _, v := range p.anyValue {
			out = append(out, []string{p.env + "=" + v})
		}
		return out
	case p.env != "":
		return [][]string{{p.env + "=" + p.ne}, {p.env + "=42"}, {p.env + "="}}
	case p.anyPresent != nil:
		var out [][]string
		for _, n := range p.anyPresent {
			out = append(out, []string{n + "=7"}, []string{n + "="})
		}
		return out
	default:
		var all []string
		out := [][]string{}
		for _, e := range p.equal {
			all = append(all, e.name+"="+e.value)
			out = append(out, []string{e.name + "=" + e.value + "x"}, []string{e.name + "="})
		}
		return append(out, all)
	}
}

// issueCases are the disagreements reported in issue 12 and the generic
// rules of ci-info's index.js, plus npm's GitHub Actions user-agent names.
func issueCases() []ciCase {
	return []ciCase{
		{"CI=false beats a vendor", []string{"CI=false", "GITHUB_ACTIONS=true"}},
		{"CI=FALSE is not false", []string{"CI=FALSE", "GITHUB_ACTIONS=true"}},
		{"BUILD_ID alone", []string{"BUILD_ID=1"}},
		{"CI_NAME alone", []string{"CI_NAME=x"}},
		{"CI_NAME codeship", []string{"CI_NAME=codeship"}},
		{"VERCEL", []string{"VERCEL=1"}},
		{"CI=0", []string{"CI=0"}},
		{"CI=true", []string{"CI=true"}},
		{"CI empty", []string{"CI="}},
		{"CI=woodpecker", []string{"CI=woodpecker"}},
		{"nothing", nil},
		{"CONTINUOUS_INTEGRATION", []string{"CONTINUOUS_INTEGRATION=1"}},
		{"BUILD_NUMBER", []string{"BUILD_NUMBER=7"}},
		{"RUN_ID", []string{"RUN_ID=7"}},
		{"CI_APP_ID", []string{"CI_APP_ID=7"}},
		{"CI_BUILD_ID", []string{"CI_BUILD_ID=7"}},
		{"CI_BUILD_NUMBER", []string{"CI_BUILD_NUMBER=7"}},
		{"JENKINS_URL without BUILD_ID", []string{"JENKINS_URL=http://127.0.0.1/"}},
		{"two vendors: the later one names it", []string{"GITHUB_ACTIONS=true", "TRAVIS=true", "CIRCLECI=true"}},
		{"GitHub-hosted runner", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://github.com", "RUNNER_ENVIRONMENT=github-hosted"}},
		{"self-hosted runner", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://GitHub.com/", "RUNNER_ENVIRONMENT= self-hosted "}},
		{"other runner", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://github.com", "RUNNER_ENVIRONMENT=x"}},
		{"GitHub Enterprise Cloud", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://acme.ghe.com"}},
		{"GitHub Enterprise Server", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=https://git.example.test:8443"}},
		{"unparsable server URL", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=not a url"}},
		{"server URL only spaces", []string{"GITHUB_ACTIONS=true", "GITHUB_SERVER_URL=  "}},
		{"Gitea reports its server URL too", []string{"GITEA_ACTIONS=true", "GITHUB_SERVER_URL=https://github.com"}},
	}
}

// TestDetectEqualsNpmsCIInfo runs every case through Detect and through
// npm's bundled ci-info (and npm's user-agent code) and compares.
func TestDetectEqualsNpmsCIInfo(t *testing.T) {
	cases := append(issueCases(), vendorCases()...)
	verdicts := askNpm(t, cases)
	vendorsSeen := map[string]bool{}
	for i, c := range cases {
		want := verdicts[i]
		got := DetectEnv(FromEnviron(c.env))
		wantName, wantID := deref(want.Name), deref(want.ID)
		wantAgent := strings.TrimPrefix(want.Agent, "ci/")
		if got.IsCI != want.IsCI || got.Name != wantName || got.ID != wantID || !samePR(got.IsPR, want.IsPR) || got.Agent != wantAgent {
			t.Errorf("%s %v:\n gonpm: isCI=%t name=%q id=%q isPR=%s agent=%q\n   npm: isCI=%t name=%q id=%q isPR=%s agent=%q",
				c.name, c.env, got.IsCI, got.Name, got.ID, showPR(got.IsPR), got.Agent,
				want.IsCI, wantName, wantID, showPR(want.IsPR), wantAgent)
		}
		if wantID != "" {
			vendorsSeen[wantID] = true
		}
	}
	// Every vendor of the table was recognised by npm in some case, so
	// each one's conditions were really exercised.
	var missed []string
	for _, v := range vendors {
		if !vendorsSeen[v.constant] {
			missed = append(missed, v.constant)
		}
	}
	sort.Strings(missed)
	if len(missed) > 0 {
		t.Errorf("no case made npm recognise %v", missed)
	}
	t.Logf("%d environments, %d vendors, compared with npm's ci-info", len(cases), len(vendorsSeen))
}

// TestGeneratedTableIsCurrent regenerates the table from the vendors.json
// that npm on this machine bundles: a newer npm with new vendors fails
// here until `go generate ./internal/ciinfo` is run.
func TestGeneratedTableIsCurrent(t *testing.T) {
	dir := npmref.Bundled(t, "ci-info")
	out := filepath.Join(t.TempDir(), "vendors_gen.go")
	cmd := exec.Command("go", "run", "./gen", "-vendors", filepath.Join(dir, "vendors.json"), "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, msg)
	}
	fresh, err := readFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := readFile("vendors_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if fresh != committed {
		t.Errorf("vendors_gen.go is not what ./gen makes from %s; run go generate ./internal/ciinfo", dir)
	}
}

func TestFromGetenvTreatsEmptyAsUnset(t *testing.T) {
	env := map[string]string{"BUILDKITE": "true", "BUILDKITE_PULL_REQUEST": ""}
	got := Detect(func(k string) string { return env[k] })
	if !got.IsCI || got.Name != "Buildkite" || got.IsPR == nil || *got.IsPR {
		t.Errorf("got %+v (isPR %s), want Buildkite, not a pull request", got, showPR(got.IsPR))
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func samePR(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func showPR(p *bool) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func readFile(name string) (string, error) {
	data, err := os.ReadFile(name)
	return string(data), err
}
