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

// ToggleOptions is what `gonpm star` and `gonpm unstar` work with: the
// two take the same inputs and differ only in the way they turn the star.
type ToggleOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger
	Getenv         func(string) string

	Packages []string
}

// newCmdToggle completes cmd (its use, help and argument check) into
// star or unstar: the packages named, then runF or run.
func newCmdToggle(f *cmdutil.Factory, runF func(*ToggleOptions) error, run func(context.Context, *ToggleOptions) error, cmd *cobra.Command) *cobra.Command {
	opts := &ToggleOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger, Getenv: f.Getenv}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		opts.Packages = args
		if runF != nil {
			return runF(opts)
		}
		return run(cmd.Context(), opts)
	}
	return cmd
}

// toggle is the run of star (on) or unstar (off) over opts' packages.
func (opts *ToggleOptions) toggle(on bool) toggle {
	return toggle{io: opts.IO, config: opts.Config, client: opts.RegistryClient, logger: opts.Logger, getenv: opts.Getenv, packages: opts.Packages, on: on}
}
