package stage

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/staging"
	"github.com/spf13/cobra"
)

// ListOptions is what `gonpm stage list` works with.
type ListOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	// Packages filter by package: the positional argument and every
	// --package; empty means every package.
	Packages []string
	// Mine keeps the versions the logged-in user staged.
	Mine bool
}

// NewCmdList builds `gonpm stage list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	var packages []string
	cmd := &cobra.Command{
		Use:   "list [<pkg>]",
		Short: "List staged versions waiting for approval",
		Long: `List the staged versions you may approve, oldest first, as npm prints them
(--json: the registry's records as an array).

Beyond npm: --package (repeatable) lists several packages at once, and
--mine keeps only the versions staged with your own account.`,
		Example: `  gonpm stage list
  gonpm stage list @scope/pkg --json
  gonpm stage list --package a --package b --mine`,
		Args: cmdutil.RangeArgs(0, 1, "usage: gonpm stage list [<pkg>] [--package <pkg>]... [--mine]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Packages = nil
			for _, arg := range append(args, packages...) {
				p, err := pkgtarget.Resolve("", arg)
				if err != nil {
					return cmdutil.FlagErrorf("%v", err)
				}
				if p.Rest != "" && p.Rest != "*" {
					return cmdutil.FlagErrorf("Version specifiers are not supported for listing staged packages: use %s, not %s", p.Name, arg)
				}
				opts.Packages = append(opts.Packages, p.Name)
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringArrayVar(&packages, "package", nil, "List the staged versions of this package (repeatable)")
	cmd.Flags().BoolVar(&opts.Mine, "mine", false, "Only versions you staged")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func listRun(ctx context.Context, opts *ListOptions) error {
	api, cfg, err := newStagingClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	queries := opts.Packages
	if len(queries) == 0 {
		queries = []string{""}
	}
	items := []*jsonobject.Object{}
	for _, name := range queries {
		if name != "" {
			if api.Registry, err = pkgtarget.Registry(cfg, name); err != nil {
				return err
			}
		}
		got, err := api.List(ctx, name)
		if err != nil {
			return fmt.Errorf("could not list staged versions: %w", err)
		}
		items = append(items, got...)
	}
	if opts.Mine {
		me, err := pkgtarget.Identity(ctx, api.HTTP, cfg, api.Registry)
		if err != nil {
			return fmt.Errorf("--mine needs to know who you are: %w", err)
		}
		mine := []*jsonobject.Object{}
		for _, it := range items {
			if (staging.Item{Object: it}).Actor() == me {
				mine = append(mine, it)
			}
		}
		items = mine
	}
	if cfg.Bool("json") {
		data, err := jsonobject.Indent(items)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(opts.IO.Out, "%s\n", data)
		return err
	}
	if len(items) == 0 {
		if len(opts.Packages) == 1 {
			fmt.Fprintf(opts.IO.Out, "No staged versions of package name %q.\n", opts.Packages[0])
		} else {
			fmt.Fprintln(opts.IO.Out, "No staged packages found.")
		}
		return nil
	}
	records := make([]staging.Item, len(items))
	for i, it := range items {
		records[i] = staging.Item{Object: it}
	}
	staging.WriteItems(opts.IO.Out, records)
	return nil
}
