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
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	e := opts.Entity
	reg, err := writeRegistry(cfg, e.Scope)
	if err != nil {
		return err
	}
	if _, err := client.Do(ctx, &registry.Request{
		Method: http.MethodDelete, Path: teamPath(e) + "/user", Registry: reg, Header: scopeHeader(e.Scope),
		JSON: map[string]string{"user": opts.User},
	}); err != nil {
		return fmt.Errorf("could not remove %s from team %s: %w", opts.User, e, err)
	}
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		return cmdutil.PrintJSON(opts.IO.Out, struct {
			Removed bool   `json:"removed"`
			Team    string `json:"team"`
			User    string `json:"user"`
		}{true, e.String(), opts.User})
	case cmdutil.FormatParseable:
		fmt.Fprintf(opts.IO.Out, "%s\t%s\tremoved\n", opts.User, e)
	case cmdutil.FormatHuman:
		fmt.Fprintf(opts.IO.Out, "%s removed from @%s\n", opts.User, e)
	}
	return nil
}
