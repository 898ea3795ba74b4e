// Package auth implements the account commands: login, adduser, logout
// and whoami.
package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// WhoamiOptions is what whoami works with.
type WhoamiOptions struct {
	IO       *iostreams.IOStreams
	Client   *registry.Client
	Config   *config.Config
	Registry string
	JSON     bool
}

// NewCmdWhoami builds `gonpm whoami`.
func NewCmdWhoami(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "whoami",
		Short: "Print the user name you are logged in as",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, client, reg, err := setup(f)
			if err != nil {
				return err
			}
			return runWhoami(cmd.Context(), &WhoamiOptions{IO: f.IOStreams, Client: client, Config: cfg, Registry: reg, JSON: cfg.Bool("json")})
		},
	}
}

func runWhoami(ctx context.Context, opts *WhoamiOptions) error {
	name, err := Identity(ctx, opts.Client, opts.Config, opts.Registry)
	if err != nil {
		return err
	}
	if opts.JSON {
		data, _ := json.Marshal(name)
		fmt.Fprintln(opts.IO.Out, string(data))
		return nil
	}
	fmt.Fprintln(opts.IO.Out, name)
	return nil
}

// Identity returns the user name for a registry: from the configured
// username without a request, else by asking the registry about the token.
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

// setup loads what every account command needs: the registry (the
// --scope's registry when one is configured) and the client.
func setup(f *cmdutil.Factory) (*config.Config, *registry.Client, string, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, nil, "", err
	}
	client, err := f.RegistryClient()
	if err != nil {
		return nil, nil, "", err
	}
	reg, err := registryForAccount(cfg)
	if err != nil {
		return nil, nil, "", err
	}
	return cfg, client, reg, nil
}

// registryForAccount follows npm: with --scope, the scope's registry is
// used unless --registry was given on the command line.
func registryForAccount(cfg *config.Config) (string, error) {
	if scope := cfg.Get("scope"); scope != "" {
		if _, layer, _ := cfg.Lookup("registry"); layer != config.LayerCLI {
			if !startsWithAt(scope) {
				scope = "@" + scope
			}
			return cfg.RegistryForScope(scope)
		}
	}
	return cfg.Registry()
}

func startsWithAt(s string) bool { return len(s) > 0 && s[0] == '@' }
