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

// StarOptions is what `gonpm star` works with.
type StarOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger
	Getenv         func(string) string

	Packages []string
}

// NewCmdStar builds `gonpm star <pkg>...`.
func NewCmdStar(f *cmdutil.Factory, runF func(*StarOptions) error) *cobra.Command {
	opts := &StarOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger, Getenv: f.Getenv}
	return &cobra.Command{
		Use:   "star <pkg>...",
		Short: "Mark your favorite packages",
		Long: `Star every package named (npm stars only the first). A failure on one
package does not stop the others; the command then exits 3.`,
		Args: cmdutil.MinimumArgs(1, "usage: gonpm star <pkg>..."),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Packages = args
			if runF != nil {
				return runF(opts)
			}
			return starRun(cmd.Context(), opts)
		},
	}
}

func starRun(ctx context.Context, opts *StarOptions) error {
	return toggle{io: opts.IO, config: opts.Config, client: opts.RegistryClient, logger: opts.Logger, getenv: opts.Getenv, packages: opts.Packages, on: true}.run(ctx)
}
