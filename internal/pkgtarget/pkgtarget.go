// Package pkgtarget resolves what a package command acts on: the package
// named on the command line (or the one in the current folder), the
// registry it lives on, and who the user is there. Every command that acts
// on a package uses these, so they answer the same way everywhere.
package pkgtarget

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/registry"
)

// Package is a package argument resolved before any request.
type Package struct {
	// Name is the package name, "@scope/name" or "name".
	Name string
	// Rest is what followed the name after "@" (a version, range or tag),
	// or "" when the argument named the package only.
	Rest string
}

// Resolve reads a package argument; an empty argument means the package
// in the folder cwd (the nearest package.json up from it), as npm does.
func Resolve(cwd, arg string) (Package, error) {
	if arg == "" {
		name, _, err := pkgspec.LocalPackage(cwd)
		if err != nil {
			return Package{}, err
		}
		return Package{Name: name}, nil
	}
	spec, err := pkgspec.Parse(arg)
	if err != nil {
		return Package{}, err
	}
	return Package{Name: spec.Name, Rest: spec.Rest}, nil
}

// Registry picks the registry of a package, or of a bare "@scope": the
// scope's registry when one is configured, else the default registry.
func Registry(cfg *config.Config, nameOrScope string) (string, error) {
	scope := registry.ScopeOf(nameOrScope)
	if scope == "" && strings.HasPrefix(nameOrScope, "@") && !strings.Contains(nameOrScope, "/") {
		scope = nameOrScope
	}
	if scope != "" {
		return cfg.RegistryForScope(scope)
	}
	return cfg.Registry()
}

// Path is an endpoint under /-/package/<name>/, with the name escaped as
// the registry expects it.
func Path(name, what string) string {
	return "-/package/" + registry.EscapeName(name) + "/" + what
}

// EscapeSegment escapes a user, scope, team, tag or revision for one URL
// path segment, like JavaScript's encodeURIComponent (which npm uses), so
// the registry sees the same path from both clients.
func EscapeSegment(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// Identity returns the user name on a registry: the configured username
// without a request when the credential is a user name and password,
// else the registry's answer about the token.
func Identity(ctx context.Context, client *registry.Client, cfg *config.Config, reg string) (string, error) {
	auth := cfg.AuthFor(reg, reg)
	if auth == nil {
		return "", &registry.NeedAuthError{Registry: reg}
	}
	if auth.Token == "" && auth.Username != "" {
		return auth.Username, nil
	}
	var who struct {
		Username string `json:"username"`
	}
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: "-/whoami", Registry: reg}, &who); err != nil {
		return "", err
	}
	if who.Username == "" {
		return "", fmt.Errorf("the registry %s did not say who you are: its /-/whoami reply has no username", reg)
	}
	return who.Username, nil
}
