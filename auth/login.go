package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/browser"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
	"github.com/spf13/cobra"
)

// LoginOptions is what login and adduser work with.
type LoginOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Prompter       otpprompt.Prompter
	Browser        browser.Browser
	Secrets        *logger.Secrets
	Logger         func() *logger.Logger
	// CI is set in a CI job, where no browser is opened.
	CI bool

	// Create makes a new account (adduser) instead of logging in.
	Create bool
}

// loginSession is what the login flows work with once the options'
// dependencies are evaluated and the configuration read.
type loginSession struct {
	IO       *iostreams.IOStreams
	Client   *registry.Client
	Config   *config.Config
	Prompter otpprompt.Prompter
	Browser  browser.Browser
	Secrets  *logger.Secrets
	Log      *logger.Logger

	Registry    string
	Scope       string
	AuthType    string // web or legacy
	OpenBrowser bool
	Create      bool
}

// NewCmdLogin builds `gonpm login`.
func NewCmdLogin(f *cmdutil.Factory, runF func(*LoginOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newLoginCmd(f, runF, "login", "Log in to a registry", false), cmdutil.NoJSONOutput)
}

func newLoginCmd(f *cmdutil.Factory, runF func(*LoginOptions) error, use, short string, create bool) *cobra.Command {
	opts := &LoginOptions{
		IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Prompter: f.Prompter,
		Browser: f.Browser, Secrets: f.Secrets, Logger: f.Logger, CI: f.CI.IsCI, Create: create,
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Long: short + `.

With --auth-type=web (the default) the registry gives a page to log in on and
gonpm waits for it; a registry without web login falls back to asking for a
user name and password (--auth-type=legacy asks straight away). An account
with two-factor authentication is asked for a one-time password too. The
token is saved in the user npmrc under the registry's URL.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return loginRun(cmd.Context(), opts)
		},
	}
}

func loginRun(ctx context.Context, opts *LoginOptions) error {
	cfg, client, reg, err := account(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	return logIn(ctx, &loginSession{
		IO: opts.IO, Client: client, Config: cfg, Prompter: opts.Prompter,
		Browser: opts.Browser, Secrets: opts.Secrets, Log: opts.Logger(),
		Registry: reg, Scope: cfg.Get("scope"), AuthType: cfg.Get("auth-type"),
		OpenBrowser: cfg.OpenBrowser() && !opts.CI, Create: opts.Create,
	})
}

// logIn logs in (or creates the account) the way AuthType says, and saves
// the token.
func logIn(ctx context.Context, opts *loginSession) error {
	opts.Log.Noticef("Log in on %s", opts.Registry)
	var token string
	var err error
	switch opts.AuthType {
	case "legacy":
		token, err = legacyLogin(ctx, opts)
	case "web", "":
		token, err = webLogin(ctx, opts)
		if errors.Is(err, errWebLoginUnsupported) {
			opts.Log.Verbosef("web login not supported by %s; asking for a user name and password", opts.Registry)
			token, err = legacyLogin(ctx, opts)
		}
	default:
		return cmdutil.FlagErrorf("invalid --auth-type %q: use web or legacy", opts.AuthType)
	}
	if err != nil {
		return err
	}
	if token == "" {
		return fmt.Errorf("the registry %s returned no token, so there are no credentials to save", opts.Registry)
	}
	opts.Secrets.Add(token)
	if err := saveToken(opts, token); err != nil {
		return err
	}
	if opts.Scope != "" {
		fmt.Fprintf(opts.IO.Out, "Logged in to scope %s on %s.\n", scopeName(opts.Scope), opts.Registry)
	} else {
		fmt.Fprintf(opts.IO.Out, "Logged in on %s.\n", opts.Registry)
	}
	return nil
}

// saveToken stores the token under the registry's nerf dart in the user
// npmrc, replacing any other credential for it.
func saveToken(opts *loginSession, token string) error {
	nerf := config.NerfDart(opts.Registry)
	for _, k := range []string{"_auth", "_password", "username", "always-auth"} {
		if err := opts.Config.Delete(config.LayerUser, nerf+":"+k); err != nil {
			return fmt.Errorf("saving the token: %w", err)
		}
	}
	if err := opts.Config.Set(config.LayerUser, nerf+":_authToken", token); err != nil {
		return fmt.Errorf("saving the token: %w", err)
	}
	if opts.Scope != "" {
		if err := opts.Config.Set(config.LayerUser, scopeName(opts.Scope)+":registry", opts.Registry); err != nil {
			return fmt.Errorf("saving the scope's registry: %w", err)
		}
	}
	return nil
}

func scopeName(scope string) string {
	if startsWithAt(scope) {
		return scope
	}
	return "@" + scope
}

// post sends a JSON POST that is not retried and not part of the 2FA layer.
func post(ctx context.Context, c *registry.Client, reg, path string, body any, out any) error {
	return c.DoJSON(ctx, &registry.Request{Method: http.MethodPost, Path: path, Registry: reg, JSON: body, NoOTP: true}, out)
}
