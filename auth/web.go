package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
)

// errWebLoginUnsupported sends login to the legacy flow, as npm falls back
// when the web endpoint answers 4xx or 500.
var errWebLoginUnsupported = errors.New("web login not supported")

func webLogin(ctx context.Context, opts *LoginOptions) (string, error) {
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
	if !webURL(start.LoginURL) || !webURL(start.DoneURL) {
		return "", fmt.Errorf("invalid response from the web login endpoint of %s: loginUrl and doneUrl must be http(s) URLs", opts.Registry)
	}
	loginURL := registry.StripUserinfo(start.LoginURL)
	w := opts.IO.ErrOut
	if opts.Create {
		fmt.Fprintln(w, "Create your account at:")
	} else {
		fmt.Fprintln(w, "Login at:")
	}
	fmt.Fprintf(w, "  %s\n", loginURL)
	if opts.IO.IsStderrTTY() {
		fmt.Fprintln(w, "or scan this code with your phone:")
		otpprompt.WriteQR(w, loginURL)
	}
	if opts.OpenBrowser && opts.Browser != nil && opts.IO.CanPrompt() {
		if err := opts.Browser.Browse(loginURL); err != nil {
			fmt.Fprintf(w, "Could not open a browser (%v); open the link above yourself.\n", err)
		}
	}
	fmt.Fprintln(w, "Waiting for the login to complete...")
	token, err := opts.Client.PollDone(ctx, start.DoneURL)
	if err != nil {
		return "", fmt.Errorf("waiting for the web login: %w", err)
	}
	return token, nil
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
