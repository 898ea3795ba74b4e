package owner

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdRemove builds `gonpm owner rm`.
func NewCmdRemove(f *cmdutil.Factory, runF func(*ChangeOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newCmdChange(f, runF, remove, &cobra.Command{
		Use:     "rm <user> [<pkg>]",
		Aliases: []string{"remove"},
		Short:   "Remove an owner from a package",
	}), cmdutil.NoJSONOutput)
}
