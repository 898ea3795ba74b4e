// Package deprecate implements `gonpm deprecate` and `gonpm undeprecate`:
// set or clear the message npm shows when someone installs a version.
package deprecate

import (
	"context"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// DeprecateOptions is what `gonpm deprecate` works with.
type DeprecateOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger

	// Package is the argument: a name, optionally with @<range>.
	Package string
	// Message is what installs will print; "" undeprecates, as in npm.
	Message string
	DryRun  bool
	// Force allows a range that selects every version of the package.
	Force bool
}

// NewCmdDeprecate builds `gonpm deprecate <pkg>[@<range>] <message>`.
func NewCmdDeprecate(f *cmdutil.Factory, runF func(*DeprecateOptions) error) *cobra.Command {
	opts := &DeprecateOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger}
	cmd := &cobra.Command{
		Use:   "deprecate <pkg>[@<range>] <message>",
		Short: "Deprecate versions of a package",
		Long: `Set the deprecation message of every version of a package that satisfies
the range (prereleases included, as npm selects them). npm prints the
message as a warning whenever someone installs one of those versions.

  gonpm deprecate my-pkg@"<2.0.0" "use version 2: it fixes the parser"
  gonpm deprecate my-pkg@1.0.0 ""          (an empty message undeprecates)

gonpm prints the versions it changed and the warning users will see.
--dry-run shows the same without writing. A range that selects every
version of the package (a bare name included) is refused unless you pass
--force or write the range as *: deprecating a whole package is rarely
what a typo meant. This is a write: with two-factor authentication on, it
needs a one-time password (--otp, NPM_CONFIG_OTP, or a prompt on a
terminal).`,
		Args: cmdutil.ExactArgs(2, "usage: gonpm deprecate <pkg>[@<range>] <message>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Package, opts.Message = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return deprecateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "show what would change without writing")
	cmd.Flags().BoolVarP(&opts.Force, "force", "f", false, "allow a range that selects every version")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func deprecateRun(ctx context.Context, opts *DeprecateOptions) error {
	return apply(ctx, change{
		command: "deprecate",
		io:      opts.IO, config: opts.Config, client: opts.RegistryClient, logger: opts.Logger,
		pkg: opts.Package, message: opts.Message, dryRun: opts.DryRun, force: opts.Force,
	})
}
