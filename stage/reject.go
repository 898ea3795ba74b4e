package stage

import (
	"context"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// RejectOptions is what `gonpm stage reject` works with.
type RejectOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger

	IDs []string
}

// NewCmdReject builds `gonpm stage reject`.
func NewCmdReject(f *cmdutil.Factory, runF func(*RejectOptions) error) *cobra.Command {
	opts := &RejectOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "reject <stage-id>...",
		Short: "Delete staged versions for good (needs two-factor authentication)",
		Long: `Reject staged versions: the registry deletes each record and its tarball
for good. Rejecting needs a one-time password, obtained once for all the
ids (--otp, NPM_CONFIG_OTP, --otp-command, a masked prompt or a browser
approval); without a terminal and without a code gonpm stops (exit 5).
If some fail, gonpm names what was and was not rejected and exits 3.
With --json gonpm prints a JSON array of {id, rejected}; npm prints its
text line even then.`,
		Args: cmdutil.MinimumArgs(1, "Missing required <stage-id>: usage: gonpm stage reject <stage-id>..."),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkIDs(args); err != nil {
				return err
			}
			opts.IDs = dedupe(args)
			if runF != nil {
				return runF(opts)
			}
			return rejectRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func rejectRun(ctx context.Context, opts *RejectOptions) error {
	api, cfg, err := newStagingClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	log := opts.Logger()
	outs := decideAll(ctx, opts.IDs, func(ctx context.Context, id string) error {
		log.Noticef("Rejecting staged package %s", id)
		log.Warnf("Rejecting will permanently delete this staged publish record and tarball from the registry.")
		return api.Reject(ctx, id)
	})
	if err := writeOutcomes(opts.IO.Out, cfg.Bool("json"), "rejected", outs, func(id string) string {
		return "Staged package " + id + " has been rejected."
	}); err != nil {
		return err
	}
	return result("rejected", outs)
}
