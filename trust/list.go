package trust

import (
	"context"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/trustpub"
	"github.com/spf13/cobra"
)

// ListOptions is what `gonpm trust list` works with.
type ListOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	Package string
}

// NewCmdList is `gonpm trust list [<pkg>]`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
	cmd := &cobra.Command{
		Use:   "list [<pkg>]",
		Short: "List the trusted publishers of a package",
		Long: `List the trusted-publisher configurations of <pkg> (or of the package in
the current folder), with their ids. --json prints one JSON object per
configuration, as npm does. The registry asks for a second factor even
for this read.`,
		Args: cmdutil.RangeArgs(0, 1, "usage: gonpm trust list [<pkg>]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Package = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func listRun(ctx context.Context, opts *ListOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	name, err := packageOrLocal(opts.Package, opts.Cwd)
	if err != nil {
		return err
	}
	reg, err := pkgtarget.Registry(cfg, name)
	if err != nil {
		return err
	}
	client, err := opts.RegistryClient()
	if err != nil {
		return err
	}
	configs, err := trustpub.List(ctx, client, reg, name)
	if err != nil {
		return err
	}
	return trustpub.Printer{Out: opts.IO.Out, JSON: cfg.Bool("json")}.Configs(name, configs)
}

// packageOrLocal is the package argument, else the name in package.json,
// with npm's message when there is neither.
func packageOrLocal(arg, cwd string) (string, error) {
	if arg == "" {
		arg = trustpub.ReadManifest(cwd).Name
	}
	if arg == "" {
		return "", cmdutil.FlagErrorf("Package name must be specified either as an argument or in the package.json file")
	}
	return arg, checkPackageName(arg)
}
