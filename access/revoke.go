package access

import (
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdRevoke builds `gonpm access revoke`.
func NewCmdRevoke(f *cmdutil.Factory, runF func(*TeamOptions) error) *cobra.Command {
	opts := newTeamOptions(f)
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "revoke <scope:team> [<pkg>]",
		Short: "Take a team's access to a package away",
		Args: func(cmd *cobra.Command, args []string) error {
			if arg(args, 0) == "" {
				return cmdutil.FlagErrorf("missing team: gonpm access revoke <scope:team> [<pkg>]")
			}
			return maxArgs(args, 2, "revoke <scope:team> [<pkg>]")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Team, opts.Package = args[0], arg(args, 1)
			if runF != nil {
				return runF(opts)
			}
			return changeTeam(cmd.Context(), opts, http.MethodDelete, "")
		},
	}, cmdutil.NoJSONOutput)
}
