// Package team implements `gonpm team`: the teams of an organisation and
// their members (the same teams `gonpm access grant` gives packages to).
package team

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/spf13/cobra"
)

// NewCmdTeam builds `gonpm team`.
func NewCmdTeam(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "team <create|destroy|add|rm|ls>",
		Short: "Manage organization teams and team memberships",
		Long: `Create and destroy the teams of an organisation, and manage their members.

  gonpm team create <scope:team>
  gonpm team destroy <scope:team>
  gonpm team add <scope:team> <user>
  gonpm team rm <scope:team> <user>
  gonpm team ls <scope>|<scope:team>

Output is npm's, also with --json and --parseable. With two-factor
authentication on, every request of these commands may need a one-time
password (--otp, NPM_CONFIG_OTP, or a prompt on a terminal); one code
serves the whole command. Give a team packages with gonpm access grant.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("missing subcommand: gonpm team <create|destroy|add|rm|ls>")
			}
			return cmdutil.FlagErrorf("%s is not a team command: use create, destroy, add, rm or ls", args[0])
		},
	}
	cmd.AddCommand(NewCmdCreate(f, nil), NewCmdDestroy(f, nil), NewCmdAdd(f, nil), NewCmdRm(f, nil), NewCmdLs(f, nil))
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}

// Entity is a team named as <scope>:<team>.
type Entity struct {
	Scope string
	Team  string
}

// String is the entity as npm prints it, without a leading @.
func (e Entity) String() string { return e.Scope + ":" + e.Team }

// parseEntity reads <scope>:<team>, with or without a leading @; the team
// part is required.
func parseEntity(arg string) (Entity, error) {
	scope, team, ok := strings.Cut(strings.TrimPrefix(arg, "@"), ":")
	if !ok || scope == "" || team == "" {
		return Entity{}, cmdutil.FlagErrorf("%q is not a team: write it as <scope>:<team>, e.g. acme:developers", arg)
	}
	return Entity{Scope: scope, Team: team}, nil
}

// namesUsers is npm's test for "ls <scope:team>" rather than "ls <scope>".
var namesUsers = regexp.MustCompile(`[^:]+:.+`)

func teamPath(e Entity) string {
	return "-/team/" + pkgtarget.EscapeSegment(e.Scope) + "/" + pkgtarget.EscapeSegment(e.Team)
}

// writeRegistry is where npm sends team writes: they carry the scope, so
// the scope's registry applies.
func writeRegistry(cfg *config.Config, scope string) (string, error) {
	return pkgtarget.Registry(cfg, "@"+scope)
}

// scopeHeader is npm's npm-scope header on team writes: the bare scope.
func scopeHeader(scope string) http.Header { return http.Header{"Npm-Scope": {scope}} }
