package team

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// LsOptions is what `gonpm team ls` works with.
type LsOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	// Entity is <scope> (list its teams) or <scope:team> (list the
	// team's members), without a leading @.
	Entity string
}

// NewCmdLs builds `gonpm team ls`.
func NewCmdLs(f *cmdutil.Factory, runF func(*LsOptions) error) *cobra.Command {
	opts := &LsOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "ls <scope>|<scope:team>",
		Short: "List the teams of an org, or the members of a team",
		Args:  cmdutil.ExactArgs(1, "usage: gonpm team ls <scope>|<scope:team>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Entity = strings.TrimPrefix(args[0], "@")
			if opts.Entity == "" {
				return cmdutil.FlagErrorf("usage: gonpm team ls <scope>|<scope:team>: the scope is empty")
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
	users := namesUsers.MatchString(opts.Entity)
	path, what := "-/org/"+pkgtarget.EscapeSegment(opts.Entity)+"/team", "team"
	if users {
		e, err := parseEntity(opts.Entity)
		if err != nil {
			return err
		}
		path, what = teamPath(e)+"/user", "user"
	}
	var names []string
	if err := client.DoJSON(ctx, &registry.Request{Method: http.MethodGet, Path: path, Query: url.Values{"format": {"cli"}}}, &names); err != nil {
		return fmt.Errorf("could not list the %ss of %s: %w", what, opts.Entity, err)
	}
	sort.Strings(names)
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		if names == nil {
			names = []string{}
		}
		return cmdutil.PrintJSON(opts.IO.Out, names)
	case cmdutil.FormatParseable:
		safe := make([]string, len(names))
		for i, n := range names {
			safe[i] = termsafe.String(n)
		}
		fmt.Fprintln(opts.IO.Out, strings.Join(safe, "\n"))
	case cmdutil.FormatHuman:
		s, colon := "s", ":"
		if len(names) == 1 {
			s = ""
		}
		if len(names) == 0 {
			colon = ""
		}
		fmt.Fprintf(opts.IO.Out, "@%s has %d %s%s%s\n", termsafe.String(opts.Entity), len(names), what, s, colon)
		for _, n := range names {
			if !users {
				n = "@" + n
			}
			fmt.Fprintln(opts.IO.Out, termsafe.String(n))
		}
	}
	return nil
}
