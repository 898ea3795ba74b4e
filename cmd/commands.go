package cmd

import (
	"github.com/gonpm/gonpm/access"
	"github.com/gonpm/gonpm/auth"
	configcmd "github.com/gonpm/gonpm/cmd/config"
	"github.com/gonpm/gonpm/deprecate"
	"github.com/gonpm/gonpm/disttag"
	"github.com/gonpm/gonpm/doctor"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/org"
	"github.com/gonpm/gonpm/owner"
	"github.com/gonpm/gonpm/pack"
	"github.com/gonpm/gonpm/profile"
	"github.com/gonpm/gonpm/provenance"
	"github.com/gonpm/gonpm/publish"
	"github.com/gonpm/gonpm/stage"
	"github.com/gonpm/gonpm/star"
	"github.com/gonpm/gonpm/team"
	"github.com/gonpm/gonpm/token"
	"github.com/gonpm/gonpm/trust"
	"github.com/spf13/cobra"
)

// addCommands wires every command package into the root.
func addCommands(root *cobra.Command, f *cmdutil.Factory) {
	root.AddCommand(
		auth.NewCmdLogin(f, nil),
		auth.NewCmdAdduser(f, nil),
		auth.NewCmdLogout(f, nil),
		auth.NewCmdWhoami(f, nil),
		disttag.NewCmdDistTag(f),
		configcmd.NewCmdConfig(f),
		pack.NewCmdPack(f, nil),
		doctor.NewCmdDoctor(f, nil),
		owner.NewCmdOwner(f),
		access.NewCmdAccess(f),
		trust.NewCmdTrust(f),
		profile.NewCmdProfile(f),
		token.NewCmdToken(f),
		publish.NewCmdPublish(f, nil),
		publish.NewCmdUnpublish(f, nil),
		stage.NewCmdStage(f),
		provenance.NewCmdProvenance(f),
		deprecate.NewCmdDeprecate(f, nil),
		deprecate.NewCmdUndeprecate(f, nil),
		org.NewCmdOrg(f),
		team.NewCmdTeam(f),
		star.NewCmdStar(f, nil),
		star.NewCmdUnstar(f, nil),
		star.NewCmdStars(f, nil),
	)
}
