package owner

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdAdd builds `gonpm owner add`.
func NewCmdAdd(f *cmdutil.Factory, runF func(*ChangeOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newCmdChange(f, runF, add, &cobra.Command{
		Use:   "add <user> [<pkg>]",
		Short: "Make a user an owner of a package",
	}), cmdutil.NoJSONOutput)
}
