// Package token implements `gonpm token`: list, create and revoke the
// access tokens of the logged-in account.
package token

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// Deps are the dependencies every token command takes from the factory.
type Deps = cmdutil.AccountDeps

func newDeps(f *cmdutil.Factory) Deps { return cmdutil.NewAccountDeps(f) }

// session is what a token command works with once its dependencies are
// evaluated.
type session = cmdutil.Account

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
                     [--packages-and-scopes-permission read-only|read-write|read-write-stage-only|no-access]
                     [--orgs-permission read-only|read-write|no-access] [--bypass-2fa]
  gonpm token revoke <id|token>...

A new token is printed once: store it right away. Creating and revoking
tokens are writes: with two-factor authentication on, they need a one-time
password (--otp, NPM_CONFIG_OTP, or a prompt on a terminal).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				// A bare `gonpm token` lists, as in npm.
				return listRun(cmd.Context(), &ListOptions{Deps: newDeps(f)})
			}
			return cmdutil.FlagErrorf("%s is not a recognized subcommand: use list, create or revoke", args[0])
		},
	}
	cmd.AddCommand(
		NewCmdList(f, nil),
		NewCmdCreate(f, nil),
		NewCmdRevoke(f, nil),
	)
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}
