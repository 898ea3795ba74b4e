// Package access implements `gonpm access`: who may read and write a
// package, whether it is public, and whether publishing it needs 2FA.
package access

import (
	"context"
	"net/url"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// Options is what an access subcommand works with.
type Options struct {
	IO     *iostreams.IOStreams
	Client *registry.Client
	Config *config.Config
	Cwd    string
	JSON   bool

	// Args are the positional arguments after the subcommand.
	Args []string
}

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
	load := func(args []string) (*Options, error) { return newOptions(f, args) }
	sub := func(use string, aliases []string, short string, run func(context.Context, *Options) error) *cobra.Command {
		return cmdutil.Subcommand(use, aliases, short, load, run)
	}
	cmd.AddCommand(
		sub("list <packages|collaborators> ...", nil, "List a user's, scope's or team's packages, or a package's collaborators", runList),
		sub("get status [<pkg>]", nil, "Show whether a package is public or private", runGet),
		sub("set <status=public|private|mfa=none|publish|automation> [<pkg>]", nil, "Make a package public or private, or set its 2FA publishing policy", runSet),
		sub("grant <read-only|read-write> <scope:team> [<pkg>]", nil, "Give a team access to a package", runGrant),
		sub("revoke <scope:team> [<pkg>]", nil, "Take a team's access to a package away", runRevoke),
	)
	return cmd
}

func newOptions(f *cmdutil.Factory, args []string) (*Options, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	client, err := f.RegistryClient()
	if err != nil {
		return nil, err
	}
	return &Options{IO: f.IOStreams, Client: client, Config: cfg, Cwd: f.Cwd, JSON: cfg.Bool("json"), Args: args}, nil
}

// packageName is the named package, or the one in the current folder. It
// is checked before any request.
func packageName(opts *Options, arg string) (string, error) {
	if arg == "" {
		name, _, err := pkgspec.LocalPackage(opts.Cwd)
		if err != nil {
			return "", cmdutil.FlagErrorf("%v", err)
		}
		return name, nil
	}
	spec, err := pkgspec.Parse(arg)
	if err != nil {
		return "", cmdutil.FlagErrorf("%v", err)
	}
	if spec.Rest != "" {
		return "", cmdutil.FlagErrorf("access applies to a whole package: give %s without @%s", spec.Name, spec.Rest)
	}
	return spec.Name, nil
}

// registryFor picks the registry of the package's scope (or of fallback's,
// for team calls on unscoped packages).
func registryFor(cfg *config.Config, name, fallbackScope string) (string, error) {
	scope := registry.ScopeOf(name)
	if scope == "" && fallbackScope != "" {
		scope = "@" + fallbackScope
	}
	if scope != "" {
		return cfg.RegistryForScope(scope)
	}
	return cfg.Registry()
}

// packagePath is an endpoint under /-/package/<name>/.
func packagePath(name, what string) string {
	return "-/package/" + registry.EscapeName(name) + "/" + what
}

// escapeSegment escapes a user, scope or team name for a URL path, like
// JavaScript's encodeURIComponent (which npm uses) for every character
// those names can hold.
func escapeSegment(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
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
