package disttag

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// ListOptions is what `gonpm dist-tag ls` works with.
type ListOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	// Package is the package argument; "" means the one in Cwd.
	Package string
}

func newListOptions(f *cmdutil.Factory) *ListOptions {
	return &ListOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
}

// NewCmdList builds `gonpm dist-tag ls`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := newListOptions(f)
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:               "ls [<pkg>]",
		Aliases:           []string{"l", "sl", "list"},
		Short:             "List a package's tags",
		Args:              cmdutil.RangeArgs(0, 1, "too many arguments: gonpm dist-tag ls [<pkg>]"),
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
	}, cmdutil.JSONOutput)
}

func listRun(ctx context.Context, opts *ListOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	pkg, err := pkgtarget.Resolve(opts.Cwd, opts.Package)
	if err != nil {
		return cmdutil.FlagErrorf("%v", err)
	}
	tags, err := fetchTags(ctx, cfg, client, pkg.Name)
	if err != nil {
		return fmt.Errorf("could not get the dist-tags of %s: %w", pkg.Name, err)
	}
	if len(tags) == 0 {
		return fmt.Errorf("no dist-tags found for %s", pkg.Name)
	}
	if cfg.Bool("json") {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(tags)
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(opts.IO.Out, "%s: %s\n", termsafe.Line(k), termsafe.Line(tags[k]))
	}
	return nil
}
