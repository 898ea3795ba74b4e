package cmdutil

import (
	"context"

	"github.com/spf13/cobra"
)

// Subcommand builds a leaf command: load turns its arguments into the
// command's options (reading the factory), and run does the work, so
// tests can call run with options of their own.
func Subcommand[O any](use string, aliases []string, short string, load func(args []string) (O, error), run func(context.Context, O) error) *cobra.Command {
	return &cobra.Command{
		Use:     use,
		Aliases: aliases,
		Short:   short,
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := load(args)
			if err != nil {
				return err
			}
			return run(cmd.Context(), opts)
		},
	}
}
