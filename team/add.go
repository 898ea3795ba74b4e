package team

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// AddOptions is what `gonpm team add` works with.
type AddOptions = MemberOptions

// NewCmdAdd builds `gonpm team add`.
func NewCmdAdd(f *cmdutil.Factory, runF func(*AddOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newCmdMemberChange(f, runF, addRun, "add", "Add a member of the org to a team"), cmdutil.JSONOutput)
}

func addRun(ctx context.Context, opts *AddOptions) error {
	e := opts.Entity
	return change{
		io: opts.IO, config: opts.Config, client: opts.RegistryClient, entity: e, user: opts.User,
		request: &registry.Request{Method: http.MethodPut, Path: teamPath(e) + "/user", JSON: map[string]string{"user": opts.User}},
		failure: fmt.Sprintf("could not add %s to team %s", opts.User, e),
		result:  "added",
		human:   fmt.Sprintf("%s added to @%s", opts.User, e),
	}.run(ctx)
}
