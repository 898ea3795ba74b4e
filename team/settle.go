package team

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
)

// A write whose answer was lost is sent again by the client, and the
// resend then meets the change already made: "team already exists",
// "team not found", "not a member". These read the team's state to tell
// that apart from a real refusal; they are asked only about a resent write.

// teamExists reports whether e is one of its org's teams.
func teamExists(ctx context.Context, client *registry.Client, reg string, e Entity) (bool, error) {
	names, err := listNames(ctx, client, reg, "-/org/"+pkgtarget.EscapeSegment(e.Scope)+"/team")
	return slices.Contains(names, e.String()), err
}

// isMember reports whether user is on team e.
func isMember(ctx context.Context, client *registry.Client, reg string, e Entity, user string) (bool, error) {
	names, err := listNames(ctx, client, reg, teamPath(e)+"/user")
	return slices.Contains(names, user), err
}

func listNames(ctx context.Context, client *registry.Client, reg, path string) ([]string, error) {
	var names []string
	err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: path, Registry: reg, Query: url.Values{"format": {"cli"}}}, &names)
	return names, err
}
