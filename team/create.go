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
	e := opts.Entity
	return change{
		io: opts.IO, config: opts.Config, client: opts.RegistryClient, entity: e,
		request: &registry.Request{
			Method: http.MethodPut,
			Path:   "-/org/" + pkgtarget.EscapeSegment(e.Scope) + "/team",
			JSON:   map[string]string{"name": e.Team},
		},
		failure: fmt.Sprintf("could not create team %s", e),
		result:  "created",
		human:   fmt.Sprintf("+@%s", e),
	}.run(ctx)
}
