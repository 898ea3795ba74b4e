package team

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// RmOptions is what `gonpm team rm` works with.
type RmOptions = MemberOptions

// NewCmdRm builds `gonpm team rm`.
func NewCmdRm(f *cmdutil.Factory, runF func(*RmOptions) error) *cobra.Command {
	return cmdutil.DeclareJSON(newCmdMemberChange(f, runF, rmRun, "rm", "Remove a member from a team"), cmdutil.JSONOutput)
}

func rmRun(ctx context.Context, opts *RmOptions) error {
	e := opts.Entity
	return change{
		io: opts.IO, config: opts.Config, client: opts.RegistryClient, entity: e, user: opts.User,
		request: &registry.Request{Method: http.MethodDelete, Path: teamPath(e) + "/user", JSON: map[string]string{"user": opts.User}},
		failure: fmt.Sprintf("could not remove %s from team %s", opts.User, e),
		result:  "removed",
		human:   fmt.Sprintf("%s removed from @%s", opts.User, e),
		done: func(ctx context.Context, client *registry.Client, reg string) (bool, error) {
			member, err := isMember(ctx, client, reg, e, opts.User)
			return !member, err
		},
	}.run(ctx)
}
