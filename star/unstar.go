package star

import (
	"context"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// UnstarOptions is what `gonpm unstar` works with.
type UnstarOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger
	Getenv         func(string) string

	Packages []string
}

// NewCmdUnstar builds `gonpm unstar <pkg>...`.
func NewCmdUnstar(f *cmdutil.Factory, runF func(*UnstarOptions) error) *cobra.Command {
	opts := &UnstarOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger, Getenv: f.Getenv}
	return &cobra.Command{
		Use:   "unstar <pkg>...",
		Short: "Remove an item from your favorite packages",
		Long: `Unstar every package named (npm unstars only the first). A failure on one
package does not stop the others; the command then exits 3.`,
		Args: cmdutil.MinimumArgs(1, "usage: gonpm unstar <pkg>..."),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Packages = args
			if runF != nil {
				return runF(opts)
			}
			return unstarRun(cmd.Context(), opts)
		},
	}
}

func unstarRun(ctx context.Context, opts *UnstarOptions) error {
	return toggle{io: opts.IO, config: opts.Config, client: opts.RegistryClient, logger: opts.Logger, getenv: opts.Getenv, packages: opts.Packages}.run(ctx)
}
