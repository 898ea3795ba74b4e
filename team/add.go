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
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	e := opts.Entity
	reg, err := writeRegistry(cfg, e.Scope)
	if err != nil {
		return err
	}
	// The reply's contents do not matter (npm ignores them too).
	if _, err := client.Do(ctx, &registry.Request{
		Method: http.MethodPut, Path: teamPath(e) + "/user", Registry: reg, Header: scopeHeader(e.Scope),
		JSON: map[string]string{"user": opts.User},
	}); err != nil {
		return fmt.Errorf("could not add %s to team %s: %w", opts.User, e, err)
	}
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		return cmdutil.PrintJSON(opts.IO.Out, struct {
			Added bool   `json:"added"`
			Team  string `json:"team"`
			User  string `json:"user"`
		}{true, e.String(), opts.User})
	case cmdutil.FormatParseable:
		fmt.Fprintf(opts.IO.Out, "%s\t%s\tadded\n", opts.User, e)
	case cmdutil.FormatHuman:
		fmt.Fprintf(opts.IO.Out, "%s added to @%s\n", opts.User, e)
	}
	return nil
}
