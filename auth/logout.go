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
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger
}

// credentialKeys are removed from the npmrc on logout.
var credentialKeys = []string{"_authToken", "_auth", "_password", "username", "email", "certfile", "keyfile"}

// NewCmdLogout builds `gonpm logout`.
func NewCmdLogout(f *cmdutil.Factory, runF func(*LogoutOptions) error) *cobra.Command {
	opts := &LogoutOptions{Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "logout",
		Short: "Revoke your token on the registry and remove it from your npmrc",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return logoutRun(cmd.Context(), opts)
		},
	}, cmdutil.NoJSONOutput)
}

func logoutRun(ctx context.Context, opts *LogoutOptions) error {
	cfg, client, reg, err := account(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	log, scope := opts.Logger(), cfg.Get("scope")
	auth := cfg.AuthFor(reg, reg)
	if auth == nil || (auth.Token == "" && auth.Password == "") {
		return &registry.NeedAuthError{Registry: reg}
	}
	if auth.Token != "" {
		_, err := client.Do(ctx, &registry.Request{
			Method:   http.MethodDelete,
			Path:     "-/user/token/" + url.PathEscape(auth.Token),
			Registry: reg,
		})
		switch {
		case registry.IsStatus(err, http.StatusUnauthorized), registry.IsNotFound(err):
			// The registry no longer knows the token: removing it locally
			// is all that is left to do.
			log.Warnf("the registry did not recognise the token (%v); removing it from your configuration", err)
		case err != nil:
			return fmt.Errorf("could not revoke the token on %s, so it was kept: %w", reg, err)
		}
	}
	layer := auth.Source.Layer
	switch layer {
	case config.LayerUser, config.LayerProject, config.LayerGlobal:
	default:
		log.Warnf("the credential comes from %s (%s), which gonpm cannot edit; remove it there", layer, auth.Source.Key)
		return nil
	}
	nerf := config.NerfDart(reg)
	if src := auth.Source.Key; src != "" {
		if i := lastColon(src); i > 0 {
			nerf = src[:i]
		}
	}
	for _, k := range credentialKeys {
		if err := cfg.Delete(layer, nerf+":"+k); err != nil {
			return fmt.Errorf("removing the credentials from %s: %w", cfg.FilePath(layer), err)
		}
	}
	if scope != "" {
		if err := cfg.Delete(layer, scopeName(scope)+":registry"); err != nil {
			return fmt.Errorf("removing the scope's registry: %w", err)
		}
	}
	log.Noticef("Logged out of %s", reg)
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
