// Package token implements `gonpm token`: list, create and revoke the
// access tokens of the logged-in account.
package token

import (
	"context"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
	"github.com/spf13/cobra"
)

// Options is what a token subcommand works with.
type Options struct {
	IO       *iostreams.IOStreams
	Client   *registry.Client
	Prompter otpprompt.Prompter
	// Secrets collects the passwords and token values the command
	// handles, so no log line or error message shows them.
	Secrets *logger.Secrets
	Logger  *logger.Logger
	// Registry is the `registry` config: npm uses it for tokens, never a
	// scope's registry.
	Registry  string
	JSON      bool
	Parseable bool

	// Args are the positional arguments after the subcommand.
	Args []string
	// Create holds the flags of `token create`.
	Create CreateFlags
}

// tokensPath is the tokens endpoint.
const tokensPath = "-/npm/v1/tokens"

// NewCmdToken builds `gonpm token`.
func NewCmdToken(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token <list|create|revoke>",
		Short: "Manage your access tokens",
		Long: `List, create and revoke the access tokens of your account.

  gonpm token list
  gonpm token create [--name <name>] [--expires <days>] [--packages <pkg>]...
                     [--scopes <scope>]... [--orgs <org>]... [--cidr <ipv4-cidr>]...
                     [--packages-and-scopes-permission read-only|read-write|no-access]
                     [--orgs-permission read-only|read-write|no-access] [--bypass-2fa]
  gonpm token revoke <id|token>...

A new token is printed once: store it right away. Creating and revoking
tokens are writes: with two-factor authentication on, they need a one-time
password (--otp, NPM_CONFIG_OTP, or a prompt on a terminal).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return runWith(cmd, f, args, nil, runList)
			}
			return cmdutil.FlagErrorf("%s is not a recognized subcommand: use list, create or revoke", args[0])
		},
	}
	sub := func(use string, aliases []string, short string, run func(context.Context, *Options) error) *cobra.Command {
		return &cobra.Command{
			Use:     use,
			Aliases: aliases,
			Short:   short,
			Args:    cobra.ArbitraryArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				return runWith(cmd, f, args, nil, run)
			},
		}
	}
	create := &CreateFlags{}
	createCmd := &cobra.Command{
		Use:   "create",
		Short: "Create a token (printed once)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWith(cmd, f, args, create, runCreate)
		},
	}
	create.register(createCmd)
	cmd.AddCommand(
		sub("list", []string{"ls"}, "List your tokens", runList),
		createCmd,
		sub("revoke <id|token>...", []string{"rm", "delete", "remove"}, "Revoke tokens by id (as listed) or value", runRevoke),
	)
	return cmd
}

func runWith(cmd *cobra.Command, f *cmdutil.Factory, args []string, create *CreateFlags, run func(context.Context, *Options) error) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	client, err := f.RegistryClient()
	if err != nil {
		return err
	}
	reg, err := cfg.Registry()
	if err != nil {
		return err
	}
	opts := newOptions(f, cfg, client, reg, args)
	if create != nil {
		opts.Create = *create
	}
	return run(cmd.Context(), opts)
}

func newOptions(f *cmdutil.Factory, cfg *config.Config, client *registry.Client, reg string, args []string) *Options {
	return &Options{
		IO:        f.IOStreams,
		Client:    client,
		Prompter:  f.Prompter,
		Secrets:   f.Secrets,
		Logger:    f.Logger(),
		Registry:  reg,
		JSON:      cfg.Bool("json"),
		Parseable: cfg.Bool("parseable"),
		Args:      args,
	}
}
