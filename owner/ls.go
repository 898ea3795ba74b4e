package owner

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// ListOptions is what `gonpm owner ls` works with.
type ListOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	// Package is the package argument; "" means the one in Cwd.
	Package string
}

// NewCmdList builds `gonpm owner ls`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:               "ls [<pkg>]",
		Aliases:           []string{"list"},
		Short:             "List a package's owners",
		Args:              cmdutil.RangeArgs(0, 1, "too many arguments: gonpm owner ls [<pkg>]"),
		ValidArgsFunction: cmdutil.CompletePackageName(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Package = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}, cmdutil.NoJSONOutput)
}

// listRun prints "name <email>" per maintainer, as npm does; --json does
// not change npm's owner output, so it does not change gonpm's.
func listRun(ctx context.Context, opts *ListOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	name, reg, err := resolvePackage(cfg, opts.Cwd, opts.Package)
	if err != nil {
		return err
	}
	doc, err := readPackument(ctx, client, reg, name)
	if err != nil {
		return err
	}
	if len(doc.Maintainers) == 0 {
		fmt.Fprintln(opts.IO.Out, "no admin found")
		return nil
	}
	for _, m := range doc.Maintainers {
		fmt.Fprintf(opts.IO.Out, "%s <%s>\n", termsafe.Line(m.Name), termsafe.Line(m.Email))
	}
	return nil
}
