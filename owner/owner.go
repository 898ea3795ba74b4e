// Package owner implements `gonpm owner` (alias author): list, add and
// remove the maintainers of a package.
package owner

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

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
	cmd.AddCommand(
		NewCmdList(f, nil),
		NewCmdAdd(f, nil),
		NewCmdRemove(f, nil),
	)
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}

// resolvePackage reads the package argument ("" = the package in cwd)
// and picks its registry, before any request.
func resolvePackage(cfg *config.Config, cwd, arg string) (name, reg string, err error) {
	pkg, err := pkgtarget.Resolve(cwd, arg)
	if err != nil {
		return "", "", cmdutil.FlagErrorf("%v", err)
	}
	reg, err = pkgtarget.Registry(cfg, pkg.Name)
	return pkg.Name, reg, err
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
func readPackument(ctx context.Context, client *registry.Client, reg, name string) (*packument, error) {
	var doc packument
	err := client.DoJSON(ctx, &registry.Request{
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
