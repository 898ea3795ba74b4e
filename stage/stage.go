// Package stage implements `gonpm stage`: staged publishing, where CI
// stages a version without a one-time password and a maintainer approves
// (or rejects) it later with two-factor authentication.
package stage

import (
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/staging"
	"github.com/spf13/cobra"
)

// NewCmdStage builds the `gonpm stage` group.
func NewCmdStage(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stage <subcommand>",
		Short: "Stage versions for publishing and approve them later with 2FA",
		Long: `Staged publishing separates building a release from proving presence:
a CI job stages a version (no one-time password needed, with any token or
trusted publishing), and a maintainer approves it later with two-factor
authentication, which publishes it under the tag it was staged with.
Until then the version is invisible and cannot be installed, and its
number is taken.

  gonpm stage publish [<folder>]  stage (the whole publish pipeline; no 2FA)
  gonpm stage list [<pkg>]        what is waiting for approval
  gonpm stage view <id>           one staged version
  gonpm stage download <id>       its tarball, to inspect
  gonpm stage approve <id>...     publish (2FA), after a review on a terminal
  gonpm stage reject <id>...      delete for good (2FA)`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.FlagErrorf("usage: gonpm stage <publish|list|view|download|approve|reject> ...")
			}
			return cmdutil.FlagErrorf("Unknown subcommand: %s", args[0])
		},
	}
	cmd.AddCommand(
		NewCmdPublish(f, nil),
		NewCmdList(f, nil),
		NewCmdView(f, nil),
		NewCmdDownload(f, nil),
		NewCmdApprove(f, nil),
		NewCmdReject(f, nil),
	)
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}

// checkIDs refuses anything but UUIDs before a request is sent, as npm does.
func checkIDs(ids []string) error {
	for _, id := range ids {
		if !staging.ValidID(id) {
			return cmdutil.FlagErrorf("stage-id must be a valid UUID: %q is not one (`gonpm stage list` shows the ids)", id)
		}
	}
	return nil
}

// newStagingClient is the staging API on the default registry.
func newStagingClient(cfgF func() (*config.Config, error), clientF func() (*registry.Client, error)) (*staging.Client, *config.Config, error) {
	cfg, client, err := cmdutil.ConfigAndClient(cfgF, clientF)
	if err != nil {
		return nil, nil, err
	}
	reg, err := cfg.Registry()
	if err != nil {
		return nil, nil, err
	}
	return &staging.Client{HTTP: client, Registry: reg}, cfg, nil
}

// joinIDs lists ids for messages.
func joinIDs(ids []string) string { return strings.Join(ids, ", ") }
