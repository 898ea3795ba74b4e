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
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

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
				opts := newListOptions(f)
				opts.Package = args[0]
				return listRun(cmd.Context(), opts)
			}
			return cmdutil.FlagErrorf("unknown dist-tag command %q: use add, rm or ls", strings.Join(args, " "))
		},
	}
	cmd.AddCommand(
		NewCmdAdd(f, nil),
		NewCmdRemove(f, nil),
		NewCmdList(f, nil),
	)
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

// tagsPath is the dist-tags endpoint of a package, or of one tag.
func tagsPath(name, tag string) string {
	p := pkgtarget.Path(name, "dist-tags")
	if tag != "" {
		// url.PathEscape, not pkgtarget.EscapeSegment: the refactor keeps
		// the bytes sent for odd tag names as they were.
		p += "/" + url.PathEscape(tag)
	}
	return p
}

// fetchTags reads a package's tags from its registry.
func fetchTags(ctx context.Context, cfg *config.Config, client *registry.Client, name string) (map[string]string, error) {
	reg, err := pkgtarget.Registry(cfg, name)
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: tagsPath(name, ""), Registry: reg}, &raw); err != nil {
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
