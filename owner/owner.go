// Package owner implements `gonpm owner` (alias author): list, add and
// remove the maintainers of a package.
package owner

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// Options is what an owner subcommand works with.
type Options struct {
	IO     *iostreams.IOStreams
	Client *registry.Client
	Config *config.Config
	Logger *logger.Logger
	Cwd    string

	// Args are the positional arguments after the subcommand.
	Args []string
}

// NewCmdOwner builds `gonpm owner` (alias author).
func NewCmdOwner(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "owner <ls|add|rm>",
		Aliases: []string{"author"},
		Short:   "Manage package owners",
		Long: `List, add and remove the users who may publish a package.

  gonpm owner ls [<pkg>]
  gonpm owner add <user> [<pkg>]
  gonpm owner rm <user> [<pkg>]

The package defaults to the one in the current folder. Adding and removing
owners are writes: with two-factor authentication on, they need a one-time
password (--otp, NPM_CONFIG_OTP, or a prompt on a terminal), asked for once.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("missing subcommand: gonpm owner <ls|add|rm>")
			}
			return cmdutil.FlagErrorf("unknown owner command %q: use ls, add or rm", args[0])
		},
	}
	load := func(args []string) (*Options, error) { return newOptions(f, args) }
	sub := func(use string, aliases []string, short string, run func(context.Context, *Options) error) *cobra.Command {
		return cmdutil.Subcommand(use, aliases, short, load, run)
	}
	cmd.AddCommand(
		sub("ls [<pkg>]", []string{"list"}, "List a package's owners", runList),
		sub("add <user> [<pkg>]", nil, "Make a user an owner of a package", runAdd),
		sub("rm <user> [<pkg>]", []string{"remove"}, "Remove an owner from a package", runRemove),
	)
	return cmd
}

func newOptions(f *cmdutil.Factory, args []string) (*Options, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	client, err := f.RegistryClient()
	if err != nil {
		return nil, err
	}
	return &Options{IO: f.IOStreams, Client: client, Config: cfg, Logger: f.Logger(), Cwd: f.Cwd, Args: args}, nil
}

// packageName is the named package, or the one in the current folder.
func packageName(opts *Options, arg string) (string, error) {
	if arg == "" {
		name, _, err := pkgspec.LocalPackage(opts.Cwd)
		if err != nil {
			return "", cmdutil.FlagErrorf("%v", err)
		}
		return name, nil
	}
	spec, err := pkgspec.Parse(arg)
	if err != nil {
		return "", cmdutil.FlagErrorf("%v", err)
	}
	return spec.Name, nil
}

// registryFor picks the package scope's registry.
func registryFor(cfg *config.Config, name string) (string, error) {
	if scope := registry.ScopeOf(name); scope != "" {
		return cfg.RegistryForScope(scope)
	}
	return cfg.Registry()
}

// person is a maintainer as the registry lists it.
type person struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// packument is the part of a package document that owner changes use.
type packument struct {
	ID          string   `json:"_id"`
	Rev         string   `json:"_rev"`
	Maintainers []person `json:"maintainers"`
}

// readPackument fetches the full, current package document.
func readPackument(ctx context.Context, opts *Options, reg, name string) (*packument, error) {
	var doc packument
	err := opts.Client.DoJSON(ctx, &registry.Request{
		Method:   http.MethodGet,
		Path:     registry.EscapeName(name),
		Registry: reg,
		// The whole document, fresh: its _rev feeds the write.
		Header: http.Header{"Accept": {"application/json"}, "Cache-Control": {"no-cache"}},
	}, &doc)
	if registry.IsNotFound(err) {
		return nil, fmt.Errorf("package %s was not found on %s (it does not exist, or you may not see it): %w", name, reg, err)
	}
	if err != nil {
		return nil, fmt.Errorf("could not read package %s: %w", name, err)
	}
	return &doc, nil
}

// escapeSegment escapes a user name or revision for a URL path, like
// JavaScript's encodeURIComponent (which npm uses) for every character a
// user name or revision can hold.
func escapeSegment(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
