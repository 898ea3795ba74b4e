// Package config implements `gonpm config`: get, set, delete and list
// npm configuration, with npm's output. One file per verb.
package config

import (
	"fmt"

	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdConfig returns `gonpm config` with its subcommands.
func NewCmdConfig(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config <command>",
		Short: "Manage the npm configuration files",
		Long: "Read and change npm configuration: the user, project and global npmrc files,\n" +
			"npm_config_* environment variables and command-line flags.",
		// A bare or unknown subcommand is a usage error, as in npm.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("missing subcommand: gonpm config <get|set|delete|list>")
			}
			return cmdutil.FlagErrorf("%s is not a config command: use get, set, delete or list", args[0])
		},
	}
	addLocationFlags(cmd)
	cmd.AddCommand(NewCmdGet(f, nil), NewCmdSet(f, nil), NewCmdDelete(f, nil), NewCmdList(f, nil))
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}

// addLocationFlags gives the group --location and --global, which every
// subcommand inherits.
func addLocationFlags(cmd *cobra.Command) {
	cmd.PersistentFlags().String("location", npmconfig.LayerUser, "Which file to change: user, project or global")
	cmd.PersistentFlags().BoolP("global", "g", false, "Same as --location=global")
}

// location settles --location and --global, which the group defines for
// every subcommand; any subcommand refuses a location that is none of
// user, project and global.
func location(cmd *cobra.Command) (string, error) {
	loc, _ := cmd.Flags().GetString("location")
	if loc == "" {
		loc = npmconfig.LayerUser
	}
	if global, _ := cmd.Flags().GetBool("global"); global {
		loc = npmconfig.LayerGlobal
	}
	switch loc {
	case npmconfig.LayerUser, npmconfig.LayerProject, npmconfig.LayerGlobal:
		return loc, nil
	}
	return "", cmdutil.FlagErrorf("invalid --location %q: want user, project or global", loc)
}

// errProtected is npm's refusal to print a secret.
func errProtected(key string) error {
	return fmt.Errorf("the %s option is protected, and cannot be retrieved in this way", key)
}
