// Package provenance implements `gonpm provenance`: checking the signed
// build provenance of published versions.
package provenance

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdProvenance builds `gonpm provenance`.
func NewCmdProvenance(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "provenance <command>",
		Short: "Check the build provenance of published versions",
		Long: `Published versions can carry provenance: a statement, signed with
Sigstore, of the repository, commit and CI workflow that built them
(gonpm publish --provenance, npm publish --provenance).`,
	}
	cmd.AddCommand(NewCmdVerify(f, nil))
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}
