package access

import (
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdGrant builds `gonpm access grant`.
func NewCmdGrant(f *cmdutil.Factory, runF func(*TeamOptions) error) *cobra.Command {
	opts := newTeamOptions(f)
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "grant <read-only|read-write> <scope:team> [<pkg>]",
		Short: "Give a team access to a package",
		Args:  grantArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Permission, opts.Team, opts.Package = args[0], args[1], arg(args, 2)
			if runF != nil {
				return runF(opts)
			}
			return changeTeam(cmd.Context(), opts, http.MethodPut, opts.Permission)
		},
	}, cmdutil.NoJSONOutput)
}

// grantArgs checks the permission, then that a team follows, then the
// argument count.
func grantArgs(cmd *cobra.Command, args []string) error {
	perm := arg(args, 0)
	if perm != "read-only" && perm != "read-write" {
		if perm == "" {
			return cmdutil.FlagErrorf("usage: gonpm access grant <read-only|read-write> <scope:team> [<pkg>]")
		}
		return cmdutil.FlagErrorf("invalid permission %q: grant read-only or read-write", perm)
	}
	if arg(args, 1) == "" {
		return cmdutil.FlagErrorf("missing team: gonpm access grant %s <scope:team> [<pkg>]", perm)
	}
	return maxArgs(args, 3, "grant <read-only|read-write> <scope:team> [<pkg>]")
}
