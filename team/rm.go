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

// RmOptions is what `gonpm team rm` works with.
type RmOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Entity Entity
	User   string
}

// NewCmdRm builds `gonpm team rm`.
func NewCmdRm(f *cmdutil.Factory, runF func(*RmOptions) error) *cobra.Command {
	opts := &RmOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return &cobra.Command{
		Use:   "rm <scope:team> <user>",
		Short: "Remove a member from a team",
		Args:  cmdutil.ExactArgs(2, "usage: gonpm team rm <scope:team> <user>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := parseEntity(args[0])
			if err != nil {
				return err
			}
			if args[1] == "" {
				return cmdutil.FlagErrorf("usage: gonpm team rm <scope:team> <user>: the user name is empty")
			}
			opts.Entity, opts.User = e, args[1]
			if runF != nil {
				return runF(opts)
			}
			return rmRun(cmd.Context(), opts)
		},
	}
}

func rmRun(ctx context.Context, opts *RmOptions) error {
	e := opts.Entity
	return change{
		io: opts.IO, config: opts.Config, client: opts.RegistryClient, entity: e, user: opts.User,
		request: &registry.Request{Method: http.MethodDelete, Path: teamPath(e) + "/user", JSON: map[string]string{"user": opts.User}},
		failure: fmt.Sprintf("could not remove %s from team %s", opts.User, e),
		result:  "removed",
		human:   fmt.Sprintf("%s removed from @%s", opts.User, e),
	}.run(ctx)
}
