package access

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
)

// teamArg checks a "[@]scope:team" argument before any request.
func teamArg(s string) (scope, team string, err error) {
	scope, team = parseTeam(s)
	if scope == "" || team == "" {
		return "", "", cmdutil.FlagErrorf("team %q must be in the form scope:team (for example myorg:developers)", s)
	}
	return scope, team, nil
}

func runGrant(ctx context.Context, opts *Options) error {
	perm := arg(opts.Args, 0)
	if perm != "read-only" && perm != "read-write" {
		if perm == "" {
			return cmdutil.FlagErrorf("usage: gonpm access grant <read-only|read-write> <scope:team> [<pkg>]")
		}
		return cmdutil.FlagErrorf("invalid permission %q: grant read-only or read-write", perm)
	}
	if arg(opts.Args, 1) == "" {
		return cmdutil.FlagErrorf("missing team: gonpm access grant %s <scope:team> [<pkg>]", perm)
	}
	if err := maxArgs(opts.Args, 3, "grant <read-only|read-write> <scope:team> [<pkg>]"); err != nil {
		return err
	}
	return changeTeam(ctx, opts, http.MethodPut, perm, opts.Args[1], arg(opts.Args, 2))
}

func runRevoke(ctx context.Context, opts *Options) error {
	if arg(opts.Args, 0) == "" {
		return cmdutil.FlagErrorf("missing team: gonpm access revoke <scope:team> [<pkg>]")
	}
	if err := maxArgs(opts.Args, 2, "revoke <scope:team> [<pkg>]"); err != nil {
		return err
	}
	return changeTeam(ctx, opts, http.MethodDelete, "", opts.Args[0], arg(opts.Args, 1))
}

// changeTeam grants (PUT, with perm) or revokes (DELETE) a team's access
// to a package.
func changeTeam(ctx context.Context, opts *Options, method, perm, teamSpec, pkgArg string) error {
	scope, team, err := teamArg(teamSpec)
	if err != nil {
		return err
	}
	name, err := packageName(opts, pkgArg)
	if err != nil {
		return err
	}
	reg, err := registryFor(opts.Config, name, scope)
	if err != nil {
		return err
	}
	body := map[string]any{"package": name}
	if perm != "" {
		body["permissions"] = perm
	}
	_, err = opts.Client.Do(ctx, &registry.Request{
		Method:   method,
		Path:     "-/team/" + escapeSegment(scope) + "/" + escapeSegment(team) + "/package",
		Registry: reg,
		JSON:     body,
		Header:   http.Header{"Npm-Scope": {escapeSegment(scope)}},
	})
	if err == nil {
		return nil
	}
	doing := "could not revoke the access of team " + scope + ":" + team + " to"
	if perm != "" {
		doing = "could not grant " + perm + " access to team " + scope + ":" + team + " on"
	}
	if registry.IsNotFound(err) {
		return fmt.Errorf("%s %s: the team or the package was not found on %s: %w", doing, name, reg, err)
	}
	return fmt.Errorf("%s %s: %w", doing, name, err)
}
