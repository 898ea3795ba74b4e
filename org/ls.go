package org

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// LsOptions is what `gonpm org ls` works with.
type LsOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Org string
	// User, when set, limits the list to that member.
	User string
}

// NewCmdLs builds `gonpm org ls`.
func NewCmdLs(f *cmdutil.Factory, runF func(*LsOptions) error) *cobra.Command {
	opts := &LsOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "ls <orgname> [<username>]",
		Short: "List the members of an org and their roles",
		Args:  orgArgs(false, 2, "usage: gonpm org ls <orgname> [<username>]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Org = args[0]
			if len(args) == 2 {
				opts.User = args[1]
			}
			if runF != nil {
				return runF(opts)
			}
			return lsRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func lsRun(ctx context.Context, opts *LsOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	resp, err := client.Do(ctx, &registry.Request{Method: http.MethodGet, Path: userPath(opts.Org)})
	if err != nil {
		return fmt.Errorf("could not list the members of org %s: %w", opts.Org, err)
	}
	roster, err := jsonobject.Parse(resp.Body)
	if err != nil {
		return registry.BadReply(resp.URL, resp.Body, err)
	}
	if opts.User != "" {
		only := &jsonobject.Object{}
		// npm keeps the member only when their role is truthy.
		if raw := roster.Get(opts.User); raw != nil && jsonobject.Truthy(raw) {
			only.Set(opts.User, raw)
		}
		roster = only
	}
	role := func(u string) string { return termsafe.String(jsonobject.JSString(roster.Get(u))) }
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		return cmdutil.PrintJSON(opts.IO.Out, roster)
	case cmdutil.FormatParseable:
		fmt.Fprintln(opts.IO.Out, "user\trole")
		for _, u := range roster.Keys() {
			fmt.Fprintf(opts.IO.Out, "%s\t%s\n", termsafe.String(u), role(u))
		}
	case cmdutil.FormatHuman:
		users := roster.Keys()
		sort.Strings(users)
		for _, u := range users {
			fmt.Fprintf(opts.IO.Out, "%s - %s\n", termsafe.String(u), role(u))
		}
	}
	return nil
}
