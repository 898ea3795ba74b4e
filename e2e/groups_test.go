package e2e

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestGroupSubcommands: every command group answers an unknown subcommand,
// and a missing one, with one usage line naming the help that lists the
// subcommands, and exit status 2 (npm: EUSAGE). `dist-tag <pkg>` and bare
// `token` are npm's shorthands for ls and list, so they are not mistakes.
func TestGroupSubcommands(t *testing.T) {
	groups := []string{"trust", "stage", "org", "team", "dist-tag", "owner", "access", "profile", "token", "config"}
	for _, g := range groups {
		for _, sub := range []string{"bogus", ""} {
			if (g == "dist-tag" && sub == "bogus") || (g == "token" && sub == "") {
				continue
			}
			t.Run(g+"_"+sub, func(t *testing.T) {
				args := []string{g}
				if sub != "" {
					args = append(args, sub)
				}
				cmd := exec.Command(gonpmBinary(t), append(args, "--registry=http://127.0.0.1:9/")...)
				cmd.Env = append(cmd.Environ(), "HOME="+t.TempDir(), "NPM_CONFIG_USERCONFIG="+t.TempDir()+"/npmrc")
				cmd.Dir = t.TempDir()
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				var exitErr *exec.ExitError
				if !errors.As(err, &exitErr) || exitErr.ExitCode() != 2 {
					t.Errorf("exit: %v, want status 2", err)
				}
				lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
				if len(lines) != 1 || !strings.HasPrefix(lines[0], "gonpm error ") || !strings.HasSuffix(lines[0], "(see 'gonpm help "+g+"')") {
					t.Errorf("stderr is not one usage line naming `gonpm help %s`:\n%s", g, stderr.String())
				}
				if sub != "" && !strings.Contains(lines[0], sub) {
					t.Errorf("the line does not name %q: %s", sub, lines[0])
				}
				if stdout.Len() != 0 {
					t.Errorf("stdout is not empty:\n%s", stdout.String())
				}
			})
		}
	}
}
