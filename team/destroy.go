package team

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// DestroyOptions is what `gonpm team destroy` works with.
type DestroyOptions = TeamOptions

// NewCmdDestroy builds `gonpm team destroy`.
func NewCmdDestroy(f *cmdutil.Factory, runF func(*DestroyOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newCmdTeamChange(f, runF, destroyRun, "destroy", "Delete a team"), cmdutil.JSONOutput)
}

func destroyRun(ctx context.Context, opts *DestroyOptions) error {
	e := opts.Entity
	return change{
		io: opts.IO, config: opts.Config, client: opts.RegistryClient, entity: e,
		request: &registry.Request{Method: http.MethodDelete, Path: teamPath(e)},
		failure: fmt.Sprintf("could not destroy team %s", e),
		result:  "deleted",
		human:   fmt.Sprintf("-@%s", e),
		done: func(ctx context.Context, client *registry.Client, reg string) (bool, error) {
			exists, err := teamExists(ctx, client, reg, e)
			return !exists, err
		},
	}.run(ctx)
}
