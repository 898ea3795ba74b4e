package star

import (
	"context"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// StarOptions is what `gonpm star` works with.
type StarOptions = ToggleOptions

// NewCmdStar builds `gonpm star <pkg>...`.
func NewCmdStar(f *cmdutil.Factory, runF func(*StarOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newCmdToggle(f, runF, starRun, &cobra.Command{
		Use:   "star <pkg>...",
		Short: "Mark your favorite packages",
		Long: `Star every package named (npm stars only the first). A failure on one
package does not stop the others; the command then exits 3.`,
		Args: cmdutil.MinimumArgs(1, "usage: gonpm star <pkg>..."),
	}), cmdutil.NoJSONOutput)
}

func starRun(ctx context.Context, opts *StarOptions) error {
	return opts.toggle(true).run(ctx)
}
