package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/registrytest"
	"github.com/gonpm/gonpm/internal/verdacciotest"
)

// errorPrefixRe takes the start of an error line up to its label, escape
// sequences included: "\x1b[1mnpm\x1b[22m \x1b[31merror\x1b[39m".
var errorPrefixRe = regexp.MustCompile(`(?m)^(?:\x1b\[[0-9;]*m)*g?o?npm(?:\x1b\[[0-9;]*m)* (?:\x1b\[[0-9;]*m)*error(?:\x1b\[[0-9;]*m)*`)

// TestColorSettingsAsInNpm: the ways npm accepts to turn colour on and
// off are accepted, and the error line's label is coloured exactly when
// npm colours it (stderr is not a terminal here, so only color=always
// colours), with npm's escape sequences.
func TestColorSettingsAsInNpm(t *testing.T) {
	verdacciotest.NpmPath(t) // skips without npm
	srv := registrytest.New(t)
	home := t.TempDir()
	tests := []struct {
		name string
		args []string
		env  []string
	}{
		{"default", nil, nil},
		{"--color", []string{"--color"}, nil},
		{"--color=always", []string{"--color=always"}, nil},
		{"--color=false", []string{"--color=false"}, nil},
		{"--no-color", []string{"--no-color"}, nil},
		{"--no-color beats npm_config_color=always", []string{"--no-color"}, []string{"npm_config_color=always"}},
		{"npm_config_color=always", nil, []string{"npm_config_color=always"}},
		{"NO_COLOR=1 with --color=always", []string{"--color=always"}, []string{"NO_COLOR=1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"dist-tag", "ls", "no-such-pkg"}, tc.args...)
			// npmEnv and scopingEnv set NO_COLOR=1; these cases decide it.
			npmEnvironment := append(withoutNoColor(npmEnv(t, home, srv.URL)), tc.env...)
			_, npmErr, err := verdacciotest.RunNpm(t, npmEnvironment, home, append(args, "--registry", srv.URL)...)
			if err == nil {
				t.Fatal("npm found a package that does not exist")
			}
			env := append(withoutNoColor(scopingEnv(home, "NPM_CONFIG_REGISTRY="+srv.URL)), tc.env...)
			_, errOut, code := runGonpm(t, env, home, "", args...)
			if code != 1 {
				t.Fatalf("gonpm exit %d, want 1:\n%s", code, errOut)
			}
			want := strings.Replace(errorPrefixRe.FindString(npmErr), "npm", "gonpm", 1)
			got := errorPrefixRe.FindString(errOut)
			if want == "" || got != want {
				t.Errorf("error line starts %q with gonpm, %q with npm", got, want)
			}
		})
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
