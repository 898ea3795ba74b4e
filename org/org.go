// Package org implements `gonpm org`: the members of an organisation and
// their roles (owner, admin, developer).
package org

import (
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/spf13/cobra"
)

// NewCmdOrg builds `gonpm org`.
func NewCmdOrg(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "org <set|rm|ls>",
		Short: "Manage orgs",
		Long: `Add, remove and list the members of an organisation.

  gonpm org set <orgname> <username> [developer | admin | owner]
  gonpm org rm <orgname> <username>
  gonpm org ls <orgname> [<username>]

Output is npm's, also with --json and --parseable. With two-factor
authentication on, every request of these commands may need a one-time
password (--otp, NPM_CONFIG_OTP, or a prompt on a terminal); one code
serves the whole command.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("missing subcommand: gonpm org <set|rm|ls>")
			}
			return cmdutil.FlagErrorf("%s is not an org command: use set, rm or ls", args[0])
		},
	}
	cmd.AddCommand(NewCmdSet(f, nil), NewCmdRm(f, nil), NewCmdLs(f, nil))
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}

// orgArgs checks the positional arguments with npm's messages: an org
// name always, a user name when needUser, at most max arguments.
func orgArgs(needUser bool, max int, usage string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < 1 || args[0] == "":
			return cmdutil.FlagErrorf("First argument `orgname` is required.")
		case needUser && (len(args) < 2 || args[1] == ""):
			return cmdutil.FlagErrorf("Second argument `username` is required.")
		case len(args) > max:
			return cmdutil.FlagErrorf("%s", usage)
		}
		return nil
	}
}

// userPath is the org's membership endpoint; a leading @ on the org is
// dropped, as npm drops it.
func userPath(org string) string {
	return "-/org/" + pkgtarget.EscapeSegment(strings.TrimPrefix(org, "@")) + "/user"
}
