package team

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// CreateOptions is what `gonpm team create` works with.
type CreateOptions = TeamOptions

// NewCmdCreate builds `gonpm team create`.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newCmdTeamChange(f, runF, createRun, "create", "Create a team"), cmdutil.JSONOutput)
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
		done: func(ctx context.Context, client *registry.Client, reg string) (bool, error) {
			return teamExists(ctx, client, reg, e)
		},
	}.run(ctx)
}
