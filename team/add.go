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

// AddOptions is what `gonpm team add` works with.
type AddOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Entity Entity
	User   string
}

// NewCmdAdd builds `gonpm team add`.
func NewCmdAdd(f *cmdutil.Factory, runF func(*AddOptions) error) *cobra.Command {
	opts := &AddOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return &cobra.Command{
		Use:   "add <scope:team> <user>",
		Short: "Add a member of the org to a team",
		Args:  cmdutil.ExactArgs(2, "usage: gonpm team add <scope:team> <user>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := parseEntity(args[0])
			if err != nil {
				return err
			}
			if args[1] == "" {
				return cmdutil.FlagErrorf("usage: gonpm team add <scope:team> <user>: the user name is empty")
			}
			opts.Entity, opts.User = e, args[1]
			if runF != nil {
				return runF(opts)
			}
			return addRun(cmd.Context(), opts)
		},
	}
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
