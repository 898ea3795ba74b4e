package access

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/auth"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
)

func runList(ctx context.Context, opts *Options) error {
	switch kind := arg(opts.Args, 0); kind {
	case "packages":
		return listPackages(ctx, opts, opts.Args[1:])
	case "collaborators":
		return listCollaborators(ctx, opts, opts.Args[1:])
	case "":
		return cmdutil.FlagErrorf("missing what to list: gonpm access list <packages|collaborators>")
	default:
		return cmdutil.FlagErrorf("list %s is not a valid access command: use list packages or list collaborators", kind)
	}
}

// listPackages prints the packages a user, org (scope) or team can reach.
func listPackages(ctx context.Context, opts *Options, args []string) error {
	if err := maxArgs(args, 2, "list packages [<user>|<scope>|<scope:team>] [<pkg>]"); err != nil {
		return err
	}
	owner, filter := arg(args, 0), arg(args, 1)
	reg, err := opts.Config.Registry()
	if err != nil {
		return err
	}
	if owner == "" {
		if owner, err = auth.Identity(ctx, opts.Client, opts.Config, reg); err != nil {
			return err
		}
	}
	scope, team := parseTeam(owner)
	if scope == "" {
		return cmdutil.FlagErrorf("%q names no user, scope or team", owner)
	}
	var entries []entry
	if team != "" {
		entries, err = getEntries(ctx, opts, reg, "-/team/"+escapeSegment(scope)+"/"+escapeSegment(team)+"/package")
		if registry.IsNotFound(err) {
			return fmt.Errorf("there is no team %s:%s on %s: %w", scope, team, reg, err)
		}
	} else {
		// A name is an org when /-/org/<name> exists, else a user.
		entries, err = getEntries(ctx, opts, reg, "-/org/"+escapeSegment(scope)+"/package")
		if registry.IsNotFound(err) {
			entries, err = getEntries(ctx, opts, reg, "-/user/"+escapeSegment(scope)+"/package")
			if registry.IsNotFound(err) {
				return fmt.Errorf("there is no user or org %s on %s: %w", scope, reg, err)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("could not list the packages of %s: %w", owner, err)
	}
	return printEntries(opts.IO.Out, showPermissions(entries), opts.JSON, filter)
}

// listCollaborators prints who may read or write a package.
func listCollaborators(ctx context.Context, opts *Options, args []string) error {
	if err := maxArgs(args, 2, "list collaborators [<pkg> [<user>]]"); err != nil {
		return err
	}
	name, err := packageName(opts, arg(args, 0))
	if err != nil {
		return err
	}
	reg, err := registryFor(opts.Config, name, "")
	if err != nil {
		return err
	}
	entries, err := getEntries(ctx, opts, reg, packagePath(name, "collaborators"))
	if err != nil {
		return packageError(name, reg, "could not list the collaborators of", err)
	}
	return printEntries(opts.IO.Out, showPermissions(entries), opts.JSON, arg(args, 1))
}

// getEntries reads a JSON object of names.
func getEntries(ctx context.Context, opts *Options, reg, path string) ([]entry, error) {
	resp, err := opts.Client.Do(ctx, &registry.Request{Method: http.MethodGet, Path: path, Registry: reg})
	if err != nil {
		return nil, err
	}
	entries, err := decodeEntries(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("the registry sent an unexpected reply to %s: %w", resp.URL, err)
	}
	return entries, nil
}

// parseTeam splits "[@]scope[:team]".
func parseTeam(s string) (scope, team string) {
	scope, team, _ = strings.Cut(strings.TrimPrefix(s, "@"), ":")
	return scope, team
}

// packageError explains a failed request about a package.
func packageError(name, reg, doing string, err error) error {
	if registry.IsNotFound(err) {
		return fmt.Errorf("package %s was not found on %s (it does not exist, or you may not see it): %w", name, reg, err)
	}
	return fmt.Errorf("%s %s: %w", doing, name, err)
}
