package team

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// CreateOptions is what `gonpm team create` works with.
type CreateOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Entity Entity
}

// NewCmdCreate builds `gonpm team create`.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := &CreateOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return &cobra.Command{
		Use:   "create <scope:team>",
		Short: "Create a team",
		Args:  cmdutil.ExactArgs(1, "usage: gonpm team create <scope:team>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := parseEntity(args[0])
			if err != nil {
				return err
			}
			opts.Entity = e
			if runF != nil {
				return runF(opts)
			}
			return createRun(cmd.Context(), opts)
		},
	}
}

func createRun(ctx context.Context, opts *CreateOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	reg, err := writeRegistry(cfg, opts.Entity.Scope)
	if err != nil {
		return err
	}
	e := opts.Entity
	// npm wants JSON back but ignores it; gonpm ignores it too, so a
	// reply cut off after the team was made is not an error.
	if _, err := client.Do(ctx, &registry.Request{
		Method:   http.MethodPut,
		Path:     "-/org/" + pkgtarget.EscapeSegment(e.Scope) + "/team",
		Registry: reg,
		Header:   scopeHeader(e.Scope),
		JSON:     map[string]string{"name": e.Team},
	}); err != nil {
		return fmt.Errorf("could not create team %s: %w", e, err)
	}
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		return cmdutil.PrintJSON(opts.IO.Out, struct {
			Created bool   `json:"created"`
			Team    string `json:"team"`
		}{true, e.String()})
	case cmdutil.FormatParseable:
		fmt.Fprintf(opts.IO.Out, "%s\tcreated\n", e)
	case cmdutil.FormatHuman:
		fmt.Fprintf(opts.IO.Out, "+@%s\n", e)
	}
	return nil
}
