package access

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
)

// TeamOptions is what `gonpm access grant` and `gonpm access revoke` work
// with.
type TeamOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	// Permission is read-only or read-write (grant only).
	Permission string
	// Team is "[@]scope:team".
	Team string
	// Package is the package argument; "" means the one in Cwd.
	Package string
}

func newTeamOptions(f *cmdutil.Factory) *TeamOptions {
	return &TeamOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
}

// teamArg checks a "[@]scope:team" argument before any request.
func teamArg(s string) (scope, team string, err error) {
	scope, team = parseTeam(s)
	if scope == "" || team == "" {
		return "", "", cmdutil.FlagErrorf("team %q must be in the form scope:team (for example myorg:developers)", s)
	}
	return scope, team, nil
}

// changeTeam grants (PUT, with perm) or revokes (DELETE) a team's access
// to a package.
func changeTeam(ctx context.Context, opts *TeamOptions, method, perm string) error {
	s, err := newSession(opts.IO, opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	scope, team, err := teamArg(opts.Team)
	if err != nil {
		return err
	}
	name, err := packageName(opts.Cwd, opts.Package)
	if err != nil {
		return err
	}
	reg, err := registryFor(s.cfg, name, scope)
	if err != nil {
		return err
	}
	body := map[string]any{"package": name}
	if perm != "" {
		body["permissions"] = perm
	}
	_, err = s.client.Do(ctx, &registry.Request{
		Method:   method,
		Path:     "-/team/" + pkgtarget.EscapeSegment(scope) + "/" + pkgtarget.EscapeSegment(team) + "/package",
		Registry: reg,
		JSON:     body,
		Header:   http.Header{"Npm-Scope": {pkgtarget.EscapeSegment(scope)}},
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
