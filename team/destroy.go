package team

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// DestroyOptions is what `gonpm team destroy` works with.
type DestroyOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Entity Entity
}

// NewCmdDestroy builds `gonpm team destroy`.
func NewCmdDestroy(f *cmdutil.Factory, runF func(*DestroyOptions) error) *cobra.Command {
	opts := &DestroyOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return &cobra.Command{
		Use:   "destroy <scope:team>",
		Short: "Delete a team",
		Args:  cmdutil.ExactArgs(1, "usage: gonpm team destroy <scope:team>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := parseEntity(args[0])
			if err != nil {
				return err
			}
			opts.Entity = e
			if runF != nil {
				return runF(opts)
			}
			return destroyRun(cmd.Context(), opts)
		},
	}
}

func destroyRun(ctx context.Context, opts *DestroyOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	e := opts.Entity
	reg, err := writeRegistry(cfg, e.Scope)
	if err != nil {
		return err
	}
	if _, err := client.Do(ctx, &registry.Request{Method: http.MethodDelete, Path: teamPath(e), Registry: reg, Header: scopeHeader(e.Scope)}); err != nil {
		return fmt.Errorf("could not destroy team %s: %w", e, err)
	}
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		return cmdutil.PrintJSON(opts.IO.Out, struct {
			Deleted bool   `json:"deleted"`
			Team    string `json:"team"`
		}{true, e.String()})
	case cmdutil.FormatParseable:
		fmt.Fprintf(opts.IO.Out, "%s\tdeleted\n", e)
	case cmdutil.FormatHuman:
		fmt.Fprintf(opts.IO.Out, "-@%s\n", e)
	}
	return nil
}
