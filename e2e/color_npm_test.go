package e2e

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// errorPrefixRe takes the start of an error line up to its label, escape
// sequences included: "\x1b[1mnpm\x1b[22m \x1b[31merror\x1b[39m".
var errorPrefixRe = regexp.MustCompile(`(?m)^(?:\x1b\[[0-9;]*m)*g?o?npm(?:\x1b\[[0-9;]*m)* (?:\x1b\[[0-9;]*m)*error(?:\x1b\[[0-9;]*m)*`)

// warnPrefixRe is errorPrefixRe for a warning line.
var warnPrefixRe = regexp.MustCompile(`(?m)^(?:\x1b\[[0-9;]*m)*g?o?npm(?:\x1b\[[0-9;]*m)* (?:\x1b\[[0-9;]*m)*warn(?:\x1b\[[0-9;]*m)*`)

// colorCase is one way of setting colour: flags put before the package
// argument, flags put at the end, and environment variables.
type colorCase struct {
	name          string
	before, after []string
	env           []string
}

var colorCases = []colorCase{
	{name: "default"},
	{name: "--color", after: []string{"--color"}},
	{name: "--color=always", after: []string{"--color=always"}},
	{name: "--color=false", after: []string{"--color=false"}},
	{name: "--no-color", after: []string{"--no-color"}},
	{name: "--no-color beats npm_config_color=always", after: []string{"--no-color"}, env: []string{"npm_config_color=always"}},
	{name: "npm_config_color=always", env: []string{"npm_config_color=always"}},
	{name: "NO_COLOR=1 with --color=always", after: []string{"--color=always"}, env: []string{"NO_COLOR=1"}},
	// The values npm's option parser takes after a space.
	{name: "--color always", after: []string{"--color", "always"}},
	{name: "--color always before the package", before: []string{"--color", "always"}},
	{name: "--color false beats npm_config_color=always", after: []string{"--color", "false"}, env: []string{"npm_config_color=always"}},
	{name: "--color true beats npm_config_color=always", after: []string{"--color", "true"}, env: []string{"npm_config_color=always"}},
	{name: "--no-color always", after: []string{"--no-color", "always"}},
	{name: "--no-color false beats npm_config_color=always", after: []string{"--no-color", "false"}, env: []string{"npm_config_color=always"}},
	// Any other word after --color is an argument: --color is true.
	{name: "--color then the package", before: []string{"--color"}, env: []string{"npm_config_color=always"}},
}

// TestColorSettingsAsInNpm: the ways npm accepts to turn colour on and
// off are accepted, and the labels of the error and warning lines are
// coloured exactly when npm colours them (stderr is not a terminal here,
// so only color=always colours), with npm's escape sequences. The error
// comes from a package that does not exist, the warning from unpublish
// --force (--dry-run: nothing is removed).
func TestColorSettingsAsInNpm(t *testing.T) {
	verdacciotest.NpmPath(t) // skips without npm
	srv := registrytest.New(t)
	srv.AddPackage("someone", "colour-pkg", "1.0.0", "1.0.1")
	home := t.TempDir()
	scenarios := []struct {
		name      string
		command   []string // up to the package argument
		pkg       string
		rest      []string // after it
		prefix    *regexp.Regexp
		wantNpmOK bool
	}{
		{"error", []string{"dist-tag", "ls"}, "no-such-pkg", nil, errorPrefixRe, false},
		{"warn", []string{"unpublish"}, "colour-pkg@1.0.0", []string{"--force", "--dry-run"}, warnPrefixRe, true},
	}
	for _, sc := range scenarios {
		for _, tc := range colorCases {
			t.Run(sc.name+"/"+tc.name, func(t *testing.T) {
				args := append(append(append(append(slices.Clone(sc.command), tc.before...), sc.pkg), sc.rest...), tc.after...)
				// npmEnv and scopingEnv set NO_COLOR=1; these cases decide it.
				npmEnvironment := append(withoutNoColor(npmEnv(t, home, srv.URL)), tc.env...)
				_, npmErr, err := verdacciotest.RunNpm(t, npmEnvironment, home, append(args, "--registry", srv.URL)...)
				if (err == nil) != sc.wantNpmOK {
					t.Fatalf("npm %v: %v\n%s", args, err, npmErr)
				}
				env := append(withoutNoColor(scopingEnv(home, "NPM_CONFIG_REGISTRY="+srv.URL)), tc.env...)
				_, errOut, code := runGonpm(t, env, home, "", args...)
				if (code == 0) != sc.wantNpmOK {
					t.Fatalf("gonpm %v: exit %d:\n%s", args, code, errOut)
				}
				want := strings.Replace(sc.prefix.FindString(npmErr), "npm", "gonpm", 1)
				got := sc.prefix.FindString(errOut)
				if want == "" || got != want {
					t.Errorf("%s line starts %q with gonpm, %q with npm", sc.name, got, want)
				}
			})
		}
	}
}

// TestColorValuesReadAsNpmReadsThem: `config get color` says what each
// way of writing the colour flags sets, in npm and in gonpm; a word that
// is not a colour value stays an argument.
func TestColorValuesReadAsNpmReadsThem(t *testing.T) {
	npm := verdacciotest.NpmPath(t)
	root := t.TempDir()
	env := configDiffBaseEnv(root, npm)
	for _, flags := range [][]string{
		{"--color"}, {"--color", "always"}, {"--color", "true"}, {"--color", "false"},
		{"--color=always"}, {"--color=false"}, {"--no-color"},
		{"--no-color", "always"}, {"--no-color", "true"}, {"--no-color", "false"},
		{"--color", "0"}, {"--color", "--", "always"}, {"--color=false", "always"},
		{"--color", "always", "--color", "false"},
	} {
		args := append([]string{"config", "get", "color"}, flags...)
		n := configDiffRun(t, npm, env, root, args)
		g := configDiffRun(t, gonpmBinary(t), env, root, args)
		if n.stdout != g.stdout || n.code != g.code {
			t.Errorf("config get color %s: npm printed %q (exit %d), gonpm %q (exit %d) %s",
				strings.Join(flags, " "), n.stdout, n.code, g.stdout, g.code, g.stderr)
		}
	}
}

func withoutNoColor(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "NO_COLOR=") {
			out = append(out, kv)
		}
	}
	return out
}

// TestErrorLabelColouredOnATerminal: by default the error line is
// coloured on a terminal (as npm's is), and not with --no-color or
// NO_COLOR.
func TestErrorLabelColouredOnATerminal(t *testing.T) {
	srv := registrytest.New(t)
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=", "TERM=xterm", "NPM_CONFIG_REGISTRY=" + srv.URL}
	tests := []struct {
		name  string
		env   []string
		args  []string
		color bool
	}{
		{"default", nil, nil, true},
		{"--no-color", nil, []string{"--no-color"}, false},
		{"NO_COLOR", []string{"NO_COLOR=1"}, nil, false},
		{"NO_COLOR=0", []string{"NO_COLOR=0"}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := StartConsole(t, append(append([]string{}, env...), tc.env...), home, gonpmBinary(t), append([]string{"dist-tag", "ls", "no-such-pkg"}, tc.args...)...)
			c.Wait()
			out := c.Output()
			coloured := strings.Contains(out, "\x1b[1mgonpm\x1b[22m \x1b[31merror\x1b[39m ")
			plain := strings.Contains(out, "gonpm error ")
			if coloured != tc.color || plain == tc.color {
				t.Errorf("coloured %v, plain %v, want colour %v:\n%q", coloured, plain, tc.color, out)
			}
		})
	}
}

// TestLabelsOnATerminalAsNpm: on a terminal, the error and warning
// labels are coloured unless colour is turned off, with the sequences npm
// writes; npm and gonpm run the same commands on a pseudo-terminal.
func TestLabelsOnATerminalAsNpm(t *testing.T) {
	npm := verdacciotest.NpmPath(t) // skips without npm
	srv := registrytest.New(t)
	srv.AddPackage("someone", "colour-pkg", "1.0.0", "1.0.1")
	home := t.TempDir()
	scenarios := []struct {
		name   string
		args   []string
		prefix *regexp.Regexp
	}{
		{"error", []string{"dist-tag", "ls", "no-such-pkg"}, errorPrefixRe},
		{"warn", []string{"unpublish", "colour-pkg@1.0.0", "--force", "--dry-run"}, warnPrefixRe},
	}
	cases := []struct {
		name  string
		args  []string
		env   []string
		color bool
		none  bool // no such line at all
	}{
		{"default", nil, nil, true, false},
		{"--no-color", []string{"--no-color"}, nil, false, false},
		{"--color false", []string{"--color", "false"}, nil, false, false},
		{"--color=false", []string{"--color=false"}, nil, false, false},
		{"NO_COLOR", nil, []string{"NO_COLOR=1"}, false, false},
		{"NO_COLOR=0", nil, []string{"NO_COLOR=0"}, true, false},
		{"NO_COLOR with --color always", []string{"--color", "always"}, []string{"NO_COLOR=1"}, true, false},
		// The level filter reads the line before it is coloured.
		{"--loglevel silent", []string{"--loglevel", "silent"}, nil, false, true},
	}
	for _, sc := range scenarios {
		for _, tc := range cases {
			t.Run(sc.name+"/"+tc.name, func(t *testing.T) {
				args := append(slices.Clone(sc.args), tc.args...)
				npmEnvironment := append(withoutNoColor(npmEnv(t, home, srv.URL)), append(tc.env, "TERM=xterm", "NPM_CONFIG_PROGRESS=false")...)
				c := StartConsole(t, npmEnvironment, home, npm, args...)
				c.Wait()
				want := strings.Replace(sc.prefix.FindString(c.Output()), "npm", "gonpm", 1)
				env := append(withoutNoColor(scopingEnv(home, "NPM_CONFIG_REGISTRY="+srv.URL)), append(tc.env, "TERM=xterm")...)
				c = StartConsole(t, env, home, gonpmBinary(t), args...)
				c.Wait()
				got := sc.prefix.FindString(c.Output())
				if (want == "") != tc.none || got != want {
					t.Errorf("%s line starts %q with gonpm, %q with npm", sc.name, got, want)
				}
				if coloured := strings.HasPrefix(got, "\x1b["); coloured != tc.color {
					t.Errorf("coloured %v, want %v: %q", coloured, tc.color, got)
				}
			})
		}
	}
}
