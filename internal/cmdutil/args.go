package cmdutil

import (
	"fmt"

	"github.com/spf13/cobra"
)

// ExactArgs is cobra.ExactArgs with gonpm's usage message: a wrong count is
// a usage error (exit 2) that says what the command needs.
func ExactArgs(n int, msg string) cobra.PositionalArgs {
	return RangeArgs(n, n, msg)
}

// MinimumArgs refuses fewer than n arguments with msg as the usage error.
func MinimumArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return argsError(cmd, msg)
		}
		return nil
	}
}

// RangeArgs refuses fewer than min or more than max arguments with msg as
// the usage error.
func RangeArgs(min, max int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min || len(args) > max {
			return argsError(cmd, msg)
		}
		return nil
	}
}

// NoArgs refuses any argument, naming the command that takes none.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return FlagErrorf("%s takes no arguments: got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

func argsError(cmd *cobra.Command, msg string) error {
	if msg == "" {
		msg = fmt.Sprintf("wrong number of arguments: %s", cmd.UseLine())
	}
	return FlagErrorf("%s", msg)
}
