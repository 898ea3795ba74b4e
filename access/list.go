package access

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// ListOptions is what `gonpm access list` works with.
type ListOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	// Kind is "packages" or "collaborators".
	Kind string
	// Subject is the user, scope or team whose packages are listed, or
	// the package whose collaborators are ("" = yourself, or the package
	// in Cwd).
	Subject string
	// Filter keeps one package or one collaborator ("" = all).
	Filter string
}

// listForms are the usages of `access list`, by kind.
var listForms = map[string]string{
	"packages":      "list packages [<user>|<scope>|<scope:team>] [<pkg>]",
	"collaborators": "list collaborators [<pkg> [<user>]]",
}

// NewCmdList builds `gonpm access list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "list <packages|collaborators> ...",
		Short: "List a user's, scope's or team's packages, or a package's collaborators",
		Args:  listArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Kind, opts.Subject, opts.Filter = args[0], arg(args, 1), arg(args, 2)
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

// listArgs checks what to list, then how many arguments follow it.
func listArgs(cmd *cobra.Command, args []string) error {
	kind := arg(args, 0)
	form, ok := listForms[kind]
	switch {
	case kind == "":
		return cmdutil.FlagErrorf("missing what to list: gonpm access list <packages|collaborators>")
	case !ok:
		return cmdutil.FlagErrorf("list %s is not a valid access command: use list packages or list collaborators", kind)
	}
	return maxArgs(args[1:], 2, form)
}

func listRun(ctx context.Context, opts *ListOptions) error {
	s, err := newSession(opts.IO, opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	if opts.Kind == "packages" {
		return s.listPackages(ctx, opts.Subject, opts.Filter)
	}
	return s.listCollaborators(ctx, opts.Cwd, opts.Subject, opts.Filter)
}

// listPackages prints the packages a user, org (scope) or team can reach.
func (s *session) listPackages(ctx context.Context, owner, filter string) error {
	reg, err := s.cfg.Registry()
	if err != nil {
		return err
	}
	if owner == "" {
		if owner, err = pkgtarget.Identity(ctx, s.client, s.cfg, reg); err != nil {
			return err
		}
	}
	scope, team := parseTeam(owner)
	if scope == "" {
		return cmdutil.FlagErrorf("%q names no user, scope or team", owner)
	}
	var entries []entry
	if team != "" {
		entries, err = s.getEntries(ctx, reg, "-/team/"+pkgtarget.EscapeSegment(scope)+"/"+pkgtarget.EscapeSegment(team)+"/package")
		if registry.IsNotFound(err) {
			return fmt.Errorf("there is no team %s:%s on %s: %w", scope, team, reg, err)
		}
	} else {
		// A name is an org when /-/org/<name> exists, else a user.
		entries, err = s.getEntries(ctx, reg, "-/org/"+pkgtarget.EscapeSegment(scope)+"/package")
		if registry.IsNotFound(err) {
			entries, err = s.getEntries(ctx, reg, "-/user/"+pkgtarget.EscapeSegment(scope)+"/package")
			if registry.IsNotFound(err) {
				return fmt.Errorf("there is no user or org %s on %s: %w", scope, reg, err)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("could not list the packages of %s: %w", owner, err)
	}
	return printEntries(s.out, showPermissions(entries), s.json, filter)
}

// listCollaborators prints who may read or write a package.
func (s *session) listCollaborators(ctx context.Context, cwd, pkgArg, filter string) error {
	name, err := packageName(cwd, pkgArg)
	if err != nil {
		return err
	}
	reg, err := registryFor(s.cfg, name, "")
	if err != nil {
		return err
	}
	entries, err := s.getEntries(ctx, reg, pkgtarget.Path(name, "collaborators"))
	if err != nil {
		return packageError(name, reg, "could not list the collaborators of", err)
	}
	return printEntries(s.out, showPermissions(entries), s.json, filter)
}

// getEntries reads a JSON object of names.
func (s *session) getEntries(ctx context.Context, reg, path string) ([]entry, error) {
	resp, err := s.client.Do(ctx, &registry.Request{Method: http.MethodGet, Path: path, Registry: reg})
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
