// Package auth implements the account commands: login, adduser, logout
// and whoami.
package auth

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// WhoamiOptions is what whoami works with.
type WhoamiOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
}

// NewCmdWhoami builds `gonpm whoami`.
func NewCmdWhoami(f *cmdutil.Factory, runF func(*WhoamiOptions) error) *cobra.Command {
	opts := &WhoamiOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "whoami",
		Short: "Print the user name you are logged in as",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return whoamiRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func whoamiRun(ctx context.Context, opts *WhoamiOptions) error {
	cfg, client, reg, err := account(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	name, err := pkgtarget.Identity(ctx, client, cfg, reg)
	if err != nil {
		return err
	}
	if cfg.Bool("json") {
		data, _ := json.Marshal(name)
		fmt.Fprintln(opts.IO.Out, string(data))
		return nil
	}
	fmt.Fprintln(opts.IO.Out, termsafe.Line(name))
	return nil
}
