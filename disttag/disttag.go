// Package disttag implements `gonpm dist-tag`: list, add and remove the
// tags that point at a package's versions.
package disttag

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// Options is what a dist-tag subcommand works with.
type Options struct {
	IO     *iostreams.IOStreams
	Client *registry.Client
	Config *config.Config
	Cwd    string
	JSON   bool

	// Args are the positional arguments after the subcommand.
	Args []string
}

// NewCmdDistTag builds `gonpm dist-tag` (alias dist-tags).
func NewCmdDistTag(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "dist-tag <add|rm|ls>",
		Aliases: []string{"dist-tags"},
		Short:   "Modify package distribution tags",
		Long: `List, add and remove the tags that point at versions of a package.

  gonpm dist-tag add <pkg>@<version> [<tag>]
  gonpm dist-tag rm <pkg> <tag>
  gonpm dist-tag ls [<pkg>]

The package defaults to the one in the current folder. Adding and removing
tags are writes: with two-factor authentication on, they need a one-time
password (--otp, NPM_CONFIG_OTP, or a prompt on a terminal).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// A lone package argument means ls, as in npm.
			if len(args) == 1 {
				opts, err := newOptions(f, args)
				if err != nil {
					return err
				}
				return runList(cmd.Context(), opts)
			}
			return cmdutil.FlagErrorf("unknown dist-tag command %q: use add, rm or ls", strings.Join(args, " "))
		},
	}
	load := func(args []string) (*Options, error) { return newOptions(f, args) }
	sub := func(use string, aliases []string, short string, run func(context.Context, *Options) error) *cobra.Command {
		return cmdutil.Subcommand(use, aliases, short, load, run)
	}
	cmd.AddCommand(
		sub("add <pkg>@<version> [<tag>]", []string{"a", "set", "s"}, "Point a tag at a version", runAdd),
		sub("rm <pkg> <tag>", []string{"r", "del", "d", "remove"}, "Remove a tag", runRemove),
		sub("ls [<pkg>]", []string{"l", "sl", "list"}, "List a package's tags", runList),
	)
	return cmd
}

// newOptions reads what every dist-tag subcommand needs from the factory.
func newOptions(f *cmdutil.Factory, args []string) (*Options, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	client, err := f.RegistryClient()
	if err != nil {
		return nil, err
	}
	return &Options{IO: f.IOStreams, Client: client, Config: cfg, Cwd: f.Cwd, JSON: cfg.Bool("json"), Args: args}, nil
}

// tagsPath is the dist-tags endpoint of a package, or of one tag.
func tagsPath(name, tag string) string {
	p := "-/package/" + registry.EscapeName(name) + "/dist-tags"
	if tag != "" {
		p += "/" + url.PathEscape(tag)
	}
	return p
}

// registryFor picks the package scope's registry.
func registryFor(cfg *config.Config, name string) (string, error) {
	if scope := registry.ScopeOf(name); scope != "" {
		return cfg.RegistryForScope(scope)
	}
	return cfg.Registry()
}

// fetchTags reads a package's tags.
func fetchTags(ctx context.Context, opts *Options, name string) (map[string]string, error) {
	reg, err := registryFor(opts.Config, name)
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := opts.Client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: tagsPath(name, ""), Registry: reg}, &raw); err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for k, v := range raw {
		if s, ok := v.(string); ok && k != "_etag" {
			tags[k] = s
		}
	}
	return tags, nil
}
