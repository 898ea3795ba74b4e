// Package access implements `gonpm access`: who may read and write a
// package, whether it is public, and whether publishing it needs 2FA.
package access

import (
	"io"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

const usage = `  gonpm access list packages [<user>|<scope>|<scope:team>] [<pkg>]
  gonpm access list collaborators [<pkg> [<user>]]
  gonpm access get status [<pkg>]
  gonpm access set status=public|private [<pkg>]
  gonpm access set mfa=none|publish|automation [<pkg>]
  gonpm access grant <read-only|read-write> <scope:team> [<pkg>]
  gonpm access revoke <scope:team> [<pkg>]`

// NewCmdAccess builds `gonpm access`.
func NewCmdAccess(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "access <list|get|set|grant|revoke>",
		Short: "Set access level on published packages",
		Long: `Show and change who may read and write packages, whether a package is
public, and whether publishing it requires two-factor authentication.

` + usage + `

The package defaults to the one in the current folder. "mfa" may also be
written "2fa". set, grant and revoke are writes: with two-factor
authentication on, they need a one-time password (--otp, NPM_CONFIG_OTP, or
a prompt on a terminal).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("missing subcommand: gonpm access <list|get|set|grant|revoke>")
			}
			return cmdutil.FlagErrorf("%s is not a valid access command: use list, get, set, grant or revoke", args[0])
		},
	}
	cmd.AddCommand(
		NewCmdList(f, nil),
		NewCmdGet(f, nil),
		NewCmdSet(f, nil),
		NewCmdGrant(f, nil),
		NewCmdRevoke(f, nil),
	)
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}

// session is what a run works with once its lazy dependencies are
// evaluated.
type session struct {
	cfg    *config.Config
	client *registry.Client
	out    io.Writer
	json   bool
}

func newSession(ios *iostreams.IOStreams, cfgF func() (*config.Config, error), clientF func() (*registry.Client, error)) (*session, error) {
	cfg, client, err := cmdutil.ConfigAndClient(cfgF, clientF)
	if err != nil {
		return nil, err
	}
	return &session{cfg: cfg, client: client, out: ios.Out, json: cfg.Bool("json")}, nil
}

// packageName is the named package, or the one in the folder cwd. It is
// checked before any request.
func packageName(cwd, arg string) (string, error) {
	pkg, err := pkgtarget.Resolve(cwd, arg)
	if err != nil {
		return "", cmdutil.FlagErrorf("%v", err)
	}
	if pkg.Rest != "" {
		return "", cmdutil.FlagErrorf("access applies to a whole package: give %s without @%s", pkg.Name, pkg.Rest)
	}
	return pkg.Name, nil
}

// registryFor picks the registry of the package's scope (or of fallback's,
// for team calls on unscoped packages).
func registryFor(cfg *config.Config, name, fallbackScope string) (string, error) {
	if registry.ScopeOf(name) == "" && fallbackScope != "" {
		return pkgtarget.Registry(cfg, "@"+fallbackScope)
	}
	return pkgtarget.Registry(cfg, name)
}

// arg returns args[i], or "" when there are fewer.
func arg(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

// maxArgs refuses extra positional arguments.
func maxArgs(args []string, n int, form string) error {
	if len(args) > n {
		return cmdutil.FlagErrorf("too many arguments: gonpm access %s", form)
	}
	return nil
}
