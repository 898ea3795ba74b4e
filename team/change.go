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

// change is one write of team create, destroy, add or rm, and how its
// result is reported: the four differ only in the request and the words.
type change struct {
	io     *iostreams.IOStreams
	config func() (*config.Config, error)
	client func() (*registry.Client, error)
	entity Entity
	user   string // the member added or removed; empty for a team change

	// request is the write, without Registry and Header (change fills them).
	request *registry.Request
	// failure starts the error when the write fails, e.g. "could not
	// destroy team acme:devs".
	failure string
	// result is the word npm reports: the --json key and the --parseable column.
	result string
	// human is the line printed without --json or --parseable.
	human string
	// done, when set, reads whether the change is in place: a resent
	// write refused with 404 or 409 succeeded when it is.
	done func(ctx context.Context, client *registry.Client, reg string) (bool, error)
}

func (c change) run(ctx context.Context) error {
	cfg, client, err := cmdutil.ConfigAndClient(c.config, c.client)
	if err != nil {
		return err
	}
	e := c.entity
	reg, err := writeRegistry(cfg, e.Scope)
	if err != nil {
		return err
	}
	c.request.Registry, c.request.Header = reg, scopeHeader(e.Scope)
	// The reply's contents do not matter (npm ignores them too), so a
	// reply cut off after the write was made is not an error.
	if _, err := client.Do(ctx, c.request); err != nil && !c.settled(ctx, client, reg, err) {
		return fmt.Errorf("%s: %w", c.failure, err)
	}
	switch cmdutil.OutputFormatOf(cfg) {
	case cmdutil.FormatJSON:
		// A map encodes its keys sorted, which is npm's order here:
		// the result word, then team, then user.
		out := map[string]any{c.result: true, "team": e.String()}
		if c.user != "" {
			out["user"] = c.user
		}
		return cmdutil.PrintJSON(c.io.Out, out)
	case cmdutil.FormatParseable:
		if c.user != "" {
			fmt.Fprintf(c.io.Out, "%s\t", c.user)
		}
		fmt.Fprintf(c.io.Out, "%s\t%s\n", e, c.result)
	case cmdutil.FormatHuman:
		fmt.Fprintln(c.io.Out, c.human)
	}
	return nil
}

// settled reports whether err answers a resent write whose change is in
// place all the same: an earlier attempt made it, and its answer was lost.
func (c change) settled(ctx context.Context, client *registry.Client, reg string, err error) bool {
	if c.done == nil || !registry.IsResent(err) || !(registry.IsNotFound(err) || registry.IsStatus(err, http.StatusConflict)) {
		return false
	}
	ok, derr := c.done(ctx, client, reg)
	return derr == nil && ok
}

// TeamOptions is what `gonpm team create` and `gonpm team destroy` work with.
type TeamOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Entity Entity
}

// newCmdTeamChange builds `gonpm team <verb> <scope:team>`.
func newCmdTeamChange(f *cmdutil.Factory, runF func(*TeamOptions) error, run func(context.Context, *TeamOptions) error, verb, short string) *cobra.Command {
	opts := &TeamOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return &cobra.Command{
		Use:   verb + " <scope:team>",
		Short: short,
		Args:  cmdutil.ExactArgs(1, "usage: gonpm team "+verb+" <scope:team>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := parseEntity(args[0])
			if err != nil {
				return err
			}
			opts.Entity = e
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
}

// MemberOptions is what `gonpm team add` and `gonpm team rm` work with.
type MemberOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	Entity Entity
	User   string
}

// newCmdMemberChange builds `gonpm team <verb> <scope:team> <user>`.
func newCmdMemberChange(f *cmdutil.Factory, runF func(*MemberOptions) error, run func(context.Context, *MemberOptions) error, verb, short string) *cobra.Command {
	opts := &MemberOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	usage := "usage: gonpm team " + verb + " <scope:team> <user>"
	return &cobra.Command{
		Use:   verb + " <scope:team> <user>",
		Short: short,
		Args:  cmdutil.ExactArgs(2, usage),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := parseEntity(args[0])
			if err != nil {
				return err
			}
			if args[1] == "" {
				return cmdutil.FlagErrorf("%s: the user name is empty", usage)
			}
			opts.Entity, opts.User = e, args[1]
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
}
