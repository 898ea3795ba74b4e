package star

import (
	"context"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// UnstarOptions is what `gonpm unstar` works with.
type UnstarOptions = ToggleOptions

// NewCmdUnstar builds `gonpm unstar <pkg>...`.
func NewCmdUnstar(f *cmdutil.Factory, runF func(*UnstarOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newCmdToggle(f, runF, unstarRun, &cobra.Command{
		Use:   "unstar <pkg>...",
		Short: "Remove an item from your favorite packages",
		Long: `Unstar every package named (npm unstars only the first). A failure on one
package does not stop the others; the command then exits 3.`,
		Args: cmdutil.MinimumArgs(1, "usage: gonpm unstar <pkg>..."),
	}), cmdutil.NoJSONOutput)
}

func unstarRun(ctx context.Context, opts *UnstarOptions) error {
	return opts.toggle(false).run(ctx)
}
