package config

import (
	"fmt"
	"strings"

	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// GetOptions is what `gonpm config get` works with.
type GetOptions struct {
	IO     *iostreams.IOStreams
	Config func() (*npmconfig.Config, error)

	Keys []string // none lists the configuration
}

// NewCmdGet builds `gonpm config get`.
func NewCmdGet(f *cmdutil.Factory, runF func(*GetOptions) error) *cobra.Command {
	opts := &GetOptions{IO: f.IOStreams, Config: f.Config}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:               "get [<key>...]",
		Short:             "Print configuration values",
		Long:              "Print the value of each key; with no key, list the configuration.",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeKeys(f.Config),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := location(cmd); err != nil {
				return err
			}
			opts.Keys = args
			if runF != nil {
				return runF(opts)
			}
			return getRun(opts)
		},
	}, cmdutil.JSONOutputWithoutArgs)
}

// getRun prints one value alone, or key=value lines for several keys, as
// npm does; an unset key prints "undefined". Secrets are refused.
func getRun(opts *GetOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	if len(opts.Keys) == 0 {
		return printList(opts.IO, cfg, cfg.Bool("json"), false)
	}
	var lines []string
	for _, key := range opts.Keys {
		val, ok := cfg.Show(key)
		if isPrivate(key, val) {
			return errProtected(key)
		}
		if !ok {
			val = "undefined"
		}
		if len(opts.Keys) > 1 {
			val = key + "=" + val
		}
		lines = append(lines, val)
	}
	_, err = fmt.Fprintln(opts.IO.Out, strings.Join(lines, "\n"))
	return err
}
