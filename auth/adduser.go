package auth

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdAdduser builds `gonpm adduser`: login that creates the account.
func NewCmdAdduser(f *cmdutil.Factory, runF func(*LoginOptions) error) *cobra.Command {
	cmd := newLoginCmd(f, runF, "adduser", "Create an account on a registry and log in", true)
	cmd.Aliases = []string{"add-user"}
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}
