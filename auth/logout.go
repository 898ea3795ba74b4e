package auth

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// LogoutOptions is what logout works with.
type LogoutOptions struct {
	Client   *registry.Client
	Config   *config.Config
	Log      *logger.Logger
	Registry string
	Scope    string
}

// credentialKeys are removed from the npmrc on logout.
var credentialKeys = []string{"_authToken", "_auth", "_password", "username", "email", "certfile", "keyfile"}

// NewCmdLogout builds `gonpm logout`.
func NewCmdLogout(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Revoke your token on the registry and remove it from your npmrc",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, client, reg, err := setup(f)
			if err != nil {
				return err
			}
			return runLogout(cmd.Context(), &LogoutOptions{Client: client, Config: cfg, Log: f.Logger(), Registry: reg, Scope: cfg.Get("scope")})
		},
	}
}

func runLogout(ctx context.Context, opts *LogoutOptions) error {
	auth := opts.Config.AuthFor(opts.Registry, opts.Registry)
	if auth == nil || (auth.Token == "" && auth.Password == "") {
		return &registry.NeedAuthError{Registry: opts.Registry}
	}
	if auth.Token != "" {
		_, err := opts.Client.Do(ctx, &registry.Request{
			Method:   http.MethodDelete,
			Path:     "-/user/token/" + url.PathEscape(auth.Token),
			Registry: opts.Registry,
		})
		switch {
		case registry.IsStatus(err, http.StatusUnauthorized), registry.IsNotFound(err):
			// The registry no longer knows the token: removing it locally
			// is all that is left to do.
			opts.Log.Warnf("the registry did not recognise the token (%v); removing it from your configuration", err)
		case err != nil:
			return fmt.Errorf("could not revoke the token on %s, so it was kept: %w", opts.Registry, err)
		}
	}
	layer := auth.Source.Layer
	switch layer {
	case config.LayerUser, config.LayerProject, config.LayerGlobal:
	default:
		opts.Log.Warnf("the credential comes from %s (%s), which gonpm cannot edit; remove it there", layer, auth.Source.Key)
		return nil
	}
	nerf := config.NerfDart(opts.Registry)
	if src := auth.Source.Key; src != "" {
		if i := lastColon(src); i > 0 {
			nerf = src[:i]
		}
	}
	for _, k := range credentialKeys {
		if err := opts.Config.Delete(layer, nerf+":"+k); err != nil {
			return fmt.Errorf("removing the credentials from %s: %w", opts.Config.FilePath(layer), err)
		}
	}
	if opts.Scope != "" {
		if err := opts.Config.Delete(layer, scopeName(opts.Scope)+":registry"); err != nil {
			return fmt.Errorf("removing the scope's registry: %w", err)
		}
	}
	opts.Log.Noticef("Logged out of %s", opts.Registry)
	return nil
}

func lastColon(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}
