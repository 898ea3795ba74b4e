package config

import (
	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// DeleteOptions is what `gonpm config delete` works with.
type DeleteOptions struct {
	IO     *iostreams.IOStreams
	Config func() (*npmconfig.Config, error)

	Location string // the file changed: user, project or global
	Keys     []string
}

// NewCmdDelete builds `gonpm config delete`.
func NewCmdDelete(f *cmdutil.Factory, runF func(*DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{IO: f.IOStreams, Config: f.Config}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:               "delete <key>...",
		Aliases:           []string{"rm", "del"},
		Short:             "Remove keys from a configuration file",
		Args:              cmdutil.MinimumArgs(1, "delete needs at least one <key>"),
		ValidArgsFunction: completeKeys(f.Config),
		RunE: func(cmd *cobra.Command, args []string) error {
			loc, err := location(cmd)
			if err != nil {
				return err
			}
			opts.Location, opts.Keys = loc, args
			if runF != nil {
				return runF(opts)
			}
			return deleteRun(opts)
		},
	}, cmdutil.NoJSONOutput)
}

// deleteRun removes each key from the chosen file.
func deleteRun(opts *DeleteOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	for _, key := range opts.Keys {
		if err := cfg.Delete(opts.Location, key); err != nil {
			return err
		}
	}
	return nil
}
