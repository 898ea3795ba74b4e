package cmd

import (
	"github.com/gonpm/gonpm/auth"
	"github.com/gonpm/gonpm/cmdutil"
	"github.com/gonpm/gonpm/configcmd"
	"github.com/gonpm/gonpm/disttag"
	"github.com/gonpm/gonpm/pack"
	"github.com/gonpm/gonpm/publish"
	"github.com/spf13/cobra"
)

// addCommands wires every command package into the root.
func addCommands(root *cobra.Command, f *cmdutil.Factory) {
	root.AddCommand(
		auth.NewCmdLogin(f),
		auth.NewCmdAdduser(f),
		auth.NewCmdLogout(f),
		auth.NewCmdWhoami(f),
		disttag.NewCmdDistTag(f),
		configcmd.NewCmdConfig(f),
		pack.NewCmdPack(f),
		publish.NewCmdPublish(f),
		publish.NewCmdUnpublish(f),
	)
}
