package star

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// StarsOptions is what `gonpm stars` works with.
type StarsOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger

	// User whose stars to list; "" means the logged-in user.
	User string
}

// NewCmdStars builds `gonpm stars [<user>]`.
func NewCmdStars(f *cmdutil.Factory, runF func(*StarsOptions) error) *cobra.Command {
	opts := &StarsOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "stars [<user>]",
		Short: "View packages marked as favorites",
		Args:  cmdutil.RangeArgs(0, 1, "usage: gonpm stars [<user>]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.User = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return starsRun(cmd.Context(), opts)
		},
	}, cmdutil.NoJSONOutput)
}

func starsRun(ctx context.Context, opts *StarsOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	log := logOf(opts.Logger)
	reg, err := cfg.Registry()
	if err != nil {
		return err
	}
	user := opts.User
	if user == "" {
		if user, err = pkgtarget.Identity(ctx, client, cfg, reg); err != nil {
			var needAuth *registry.NeedAuthError
			if errors.As(err, &needAuth) {
				log.Warnf("stars auth is required to look up your username")
			}
			return err
		}
	}
	// npm quotes the name without escaping it: `"${user}"`.
	key := `"` + user + `"`
	var view struct {
		Rows []struct {
			Value json.RawMessage `json:"value"`
		} `json:"rows"`
	}
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: "-/_view/starredByUser", Query: url.Values{"key": {key}}}, &view); err != nil {
		return fmt.Errorf("could not list the packages %s starred: %w", user, err)
	}
	if len(view.Rows) == 0 {
		log.Warnf("stars user has not starred any packages")
	}
	for _, row := range view.Rows {
		fmt.Fprintln(opts.IO.Out, termsafe.String(jsonobject.JSString(row.Value)))
	}
	return nil
}
