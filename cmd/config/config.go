// Package config implements `gonpm config`: get, set, delete and list
// npm configuration, with npm's output.
package config

import (
	"fmt"

	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// Options is what every config subcommand runs with.
type Options struct {
	IO     *iostreams.IOStreams
	Config *npmconfig.Config

	// Location is the file set and delete write: user, project or global.
	Location string
	// JSON prints list output as a JSON object.
	JSON bool
	// Long makes list show default values too.
	Long bool

	// Args are the keys (get, delete) or key=value arguments (set).
	Args []string
}

// NewCmdConfig returns `gonpm config` with its subcommands.
func NewCmdConfig(f *cmdutil.Factory) *cobra.Command {
	var location string
	var global bool
	cmd := &cobra.Command{
		Use:   "config <command>",
		Short: "Manage the npm configuration files",
		Long: "Read and change npm configuration: the user, project and global npmrc files,\n" +
			"npm_config_* environment variables and command-line flags.",
		Args: cobra.NoArgs,
	}
	cmd.PersistentFlags().StringVar(&location, "location", npmconfig.LayerUser, "Which file to change: user, project or global")
	cmd.PersistentFlags().BoolVarP(&global, "global", "g", false, "Same as --location=global")

	// prepare loads the configuration and settles the flags every
	// subcommand shares.
	prepare := func(args []string) (*Options, error) {
		loc := location
		if global {
			loc = npmconfig.LayerGlobal
		}
		switch loc {
		case npmconfig.LayerUser, npmconfig.LayerProject, npmconfig.LayerGlobal:
		default:
			return nil, cmdutil.FlagErrorf("invalid --location %q: want user, project or global", loc)
		}
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		return &Options{
			IO:       f.IOStreams,
			Config:   cfg,
			Location: loc,
			JSON:     cfg.Bool("json"),
			Args:     args,
		}, nil
	}

	cmd.AddCommand(newCmdGet(prepare), newCmdSet(prepare), newCmdDelete(prepare), newCmdList(prepare))
	return cmd
}

type prepareFunc func(args []string) (*Options, error)

func newCmdGet(prepare prepareFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "get [<key>...]",
		Short: "Print configuration values",
		Long:  "Print the value of each key; with no key, list the configuration.",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := prepare(args)
			if err != nil {
				return err
			}
			return runGet(opts)
		},
	}
}

func newCmdSet(prepare prepareFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "set <key>=<value>... | set <key> <value>",
		Short: "Write configuration values",
		Long: "Write keys to the configuration file chosen by --location (user by default).\n" +
			"An empty value deletes the key. A ${VAR} reference is written as it is.",
		Example: "  gonpm config set registry http://127.0.0.1:4873/\n" +
			"  gonpm config set //127.0.0.1:4873/:_authToken='${NPM_TOKEN}'\n" +
			"  gonpm config set @corp:registry=http://127.0.0.1:4873/ --location=project",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("set needs at least one <key>=<value>")
			}
			opts, err := prepare(args)
			if err != nil {
				return err
			}
			return runSet(opts)
		},
	}
}

func newCmdDelete(prepare prepareFunc) *cobra.Command {
	return &cobra.Command{
		Use:     "delete <key>...",
		Aliases: []string{"rm", "del"},
		Short:   "Remove keys from a configuration file",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("delete needs at least one <key>")
			}
			opts, err := prepare(args)
			if err != nil {
				return err
			}
			return runDelete(opts)
		},
	}
}

func newCmdList(prepare prepareFunc) *cobra.Command {
	var long bool
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the configuration, layer by layer",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := prepare(args)
			if err != nil {
				return err
			}
			opts.Long = long
			return runList(opts)
		},
	}
	cmd.Flags().BoolVarP(&long, "long", "l", false, "Show default values too")
	return cmd
}

// errProtected is npm's refusal to print a secret.
func errProtected(key string) error {
	return fmt.Errorf("the %s option is protected, and cannot be retrieved in this way", key)
}
