package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
)

// errWebLoginUnsupported sends login to the legacy flow, as npm falls back
// when the web endpoint answers 4xx or 500.
var errWebLoginUnsupported = errors.New("web login not supported")

func webLogin(ctx context.Context, opts *loginSession) (string, error) {
	body := map[string]any{}
	if opts.Create {
		body["create"] = true
	}
	var start struct {
		LoginURL string `json:"loginUrl"`
		DoneURL  string `json:"doneUrl"`
	}
	err := post(ctx, opts.Client, opts.Registry, "-/v1/login", body, &start)
	var he *registry.HTTPError
	if errors.As(err, &he) && (he.StatusCode >= 400 && he.StatusCode < 500 || he.StatusCode == http.StatusInternalServerError) {
		return "", errWebLoginUnsupported
	}
	if err != nil {
		return "", fmt.Errorf("starting the web login: %w", err)
	}
	if !registry.IsWebURL(start.LoginURL) || !registry.IsWebURL(start.DoneURL) {
		return "", fmt.Errorf("invalid response from the web login endpoint of %s: loginUrl and doneUrl must be http(s) URLs", opts.Registry)
	}
	intro := "Login at:"
	if opts.Create {
		intro = "Create your account at:"
	}
	approval := otpprompt.Approval{IO: opts.IO, Browser: opts.Browser, OpenBrowser: opts.OpenBrowser}
	token, err := approval.Wait(ctx, intro, registry.StripUserinfo(start.LoginURL), "Waiting for the login to complete...",
		func(ctx context.Context) (string, error) { return opts.Client.PollDone(ctx, start.DoneURL) })
	if err != nil {
		return "", fmt.Errorf("waiting for the web login: %w", err)
	}
	return token, nil
}
