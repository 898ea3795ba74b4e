package cmd

import (
	"testing"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// TestEveryCommandDeclaresJSON walks the whole command tree, cobra's help
// and completion commands included: every command that can run says what
// --json does for it, so a new command cannot forget to.
func TestEveryCommandDeclaresJSON(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	f, inv := newFactory(io, func(string) string { return "" }, nil)
	root := newCmdRoot(f, inv)
	counts := map[cmdutil.JSONSupport]int{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Runnable() && c.HasParent() && c.Name() != cobra.ShellCompRequestCmd && c.Name() != cobra.ShellCompNoDescRequestCmd {
			s, ok := cmdutil.JSONSupportOf(c)
			switch {
			case !ok:
				t.Errorf("%s does not declare what --json does: end its constructor with cmdutil.DeclareJSON", c.CommandPath())
			case s != cmdutil.JSONOutput && s != cmdutil.JSONOutputWithoutArgs && s != cmdutil.NoJSONOutput && s != cmdutil.JSONRefused:
				t.Errorf("%s declares %q", c.CommandPath(), s)
			}
			counts[s]++
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	t.Logf("commands by what --json does: %v", counts)
	if counts[cmdutil.JSONOutput] == 0 || counts[cmdutil.NoJSONOutput] == 0 {
		t.Errorf("the walk found too few commands: %v", counts)
	}
}
