// Package trust is `gonpm trust`: trusted publishers, the OIDC link that
// lets a CI workflow publish a package without a long-lived token.
package trust

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdTrust is the trust command group.
func NewCmdTrust(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trust <command>",
		Short: "Manage the trusted publishers (CI workflows allowed to publish through OIDC) of a package",
		Long: `Manage trusted publishers: the CI workflows (GitHub Actions, GitLab CI/CD,
CircleCI) allowed to publish a package through OpenID Connect, with no
long-lived token. The registry keeps one configuration per package.

Every trust request needs a second factor: gonpm takes it from --otp
(--otp=CODE or --otp CODE), NPM_CONFIG_OTP or otp-command, else asks for it
(masked) on a terminal or waits for a browser approval, and fails at once
with exit status 5 when there is no terminal.`,
		// A bare or unknown subcommand is a usage error, as in npm.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("missing subcommand: gonpm trust <github|gitlab|circleci|list|revoke>")
			}
			return cmdutil.FlagErrorf("%s is not a trust command: use github, gitlab, circleci, list or revoke", args[0])
		},
	}
	cmd.AddCommand(
		NewCmdGitHub(f, nil),
		NewCmdGitLab(f, nil),
		NewCmdCircleCI(f, nil),
		NewCmdList(f, nil),
		NewCmdRevoke(f, nil),
	)
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}
