package cmd

import (
	"context"
	"strings"
	"testing"

	"github.com/gonpm/gonpm/internal/iostreams"
)

// TestErrorLineFollowsTheCommandLine: the colour and log level given on
// the command line apply to the error line also when the arguments were
// refused before the command started (its pre-run hook never ran).
func TestErrorLineFollowsTheCommandLine(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home, "NPM_CONFIG_USERCONFIG": home + "/.npmrc", "NPM_CONFIG_GLOBALCONFIG": home + "/global-npmrc"}
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	tests := []struct {
		name string
		args []string
		tty  bool
		want string
	}{
		{"--color=always", []string{"whoami", "extra", "--color=always"}, false, "\x1b[1mgonpm\x1b[22m \x1b[31merror\x1b[39m gonpm whoami takes no arguments"},
		{"--no-color on a terminal", []string{"whoami", "extra", "--no-color"}, true, "gonpm error gonpm whoami takes no arguments"},
		{"--loglevel silent", []string{"whoami", "extra", "--loglevel=silent"}, false, ""},
		{"no setting on a terminal", []string{"whoami", "extra"}, true, "\x1b[1mgonpm\x1b[22m \x1b[31merror\x1b[39m gonpm whoami takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			io, _, _, errOut := iostreams.Test()
			io.SetStderrTTY(tt.tty)
			if code := Run(context.Background(), tt.args, io, func(k string) string { return env[k] }, environ); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			got := errOut.String()
			if tt.want == "" && got != "" || !strings.HasPrefix(got, tt.want) {
				t.Errorf("stderr %q, want it to start %q", got, tt.want)
			}
		})
	}
}

// TestColorArgs: the space-separated colour values npm's option parser
// takes become --color=value; any other word stays an argument.
func TestColorArgs(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"whoami --color always", "whoami --color=always"},
		{"whoami --color true", "whoami --color=true"},
		{"whoami --color false", "whoami --color=false"},
		{"whoami --no-color true", "whoami --color=false"},
		{"whoami --no-color false", "whoami --color=true"},
		{"whoami --no-color always", "whoami --color=always"},
		{"dist-tag ls --color pkg", "dist-tag ls --color pkg"},
		{"dist-tag ls pkg --color", "dist-tag ls pkg --color"},
		{"dist-tag ls --no-color pkg", "dist-tag ls --no-color pkg"},
		{"dist-tag ls --color=false always", "dist-tag ls --color=false always"},
		{"config get -- --color always", "config get -- --color always"},
		{"whoami --color Always", "whoami --color Always"},
		{"__complete whoami --color always", "__complete whoami --color always"},
	}
	for _, tt := range tests {
		if got := strings.Join(colorArgs(strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.in, got, tt.want)
		}
	}
}
