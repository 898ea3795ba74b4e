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

// UndeprecateOptions is what `gonpm undeprecate` works with.
type UndeprecateOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger

	// Package is the argument: a name, optionally with @<range>.
	Package string
	DryRun  bool
}

// NewCmdUndeprecate builds `gonpm undeprecate <pkg>[@<range>]`.
func NewCmdUndeprecate(f *cmdutil.Factory, runF func(*UndeprecateOptions) error) *cobra.Command {
	opts := &UndeprecateOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger}
	cmd := &cobra.Command{
		Use:   "undeprecate <pkg>[@<range>]",
		Short: "Clear the deprecation of versions of a package",
		Long: `Clear the deprecation message of every version of a package that satisfies
the range (all versions for a bare name; prereleases included). gonpm
prints the versions it changed; --dry-run shows them without writing.
This is a write: with two-factor authentication on, it needs a one-time
password (--otp, NPM_CONFIG_OTP, or a prompt on a terminal).`,
		Args: cmdutil.ExactArgs(1, "usage: gonpm undeprecate <pkg>[@<range>]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Package = args[0]
			if runF != nil {
				return runF(opts)
			}
			return undeprecateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "show what would change without writing")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func undeprecateRun(ctx context.Context, opts *UndeprecateOptions) error {
	return apply(ctx, change{
		command: "undeprecate",
		io:      opts.IO, config: opts.Config, client: opts.RegistryClient, logger: opts.Logger,
		pkg: opts.Package, dryRun: opts.DryRun,
	})
}
