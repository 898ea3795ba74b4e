package stage

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/staging"
	"github.com/spf13/cobra"
)

// ViewOptions is what `gonpm stage view` works with.
type ViewOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)

	ID string
}

// NewCmdView builds `gonpm stage view`.
func NewCmdView(f *cmdutil.Factory, runF func(*ViewOptions) error) *cobra.Command {
	opts := &ViewOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	return cmdutil.DeclareJSON(&cobra.Command{
		Use:   "view <stage-id>",
		Short: "Show one staged version",
		Long: `Show the registry's record of one staged version, as npm prints it
(--json: the record itself).

Beyond npm: when the record names attestations (the version was staged
with provenance), gonpm verifies them against the Sigstore trusted root
(sigstore-trusted-root, else Sigstore's public one) for the staged
tarball, as gonpm provenance verify does, and shows the result after the
record: verified and the source repository, commit, workflow and builder
it attests, or why it does not verify. With --json the result is the
record's "provenance" key: {present, verified, trustedRoot, attestations,
error}.`,
		Args: cmdutil.ExactArgs(1, "Missing required <stage-id>: usage: gonpm stage view <stage-id>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := checkIDs([]string{opts.ID}); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return viewRun(cmd.Context(), opts)
		},
	}, cmdutil.JSONOutput)
}

func viewRun(ctx context.Context, opts *ViewOptions) error {
	api, cfg, err := newStagingClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	rec, err := api.View(ctx, opts.ID)
	if err != nil {
		return fmt.Errorf("could not read staged version %s: %w", opts.ID, err)
	}
	it := staging.Item{Object: rec}
	// A record naming attestations gets gonpm's verdict on them: on
	// screen after the record, with --json as a "provenance" key (npm
	// prints the record as it is; records without attestations still are).
	var prov *staging.Provenance
	if it.AttestationsURL() != "" {
		prov = api.Provenance(ctx, it, provenanceVerifier(cfg))
	}
	if cfg.Bool("json") {
		if prov != nil {
			rec.Set("provenance", jsonobject.Raw(prov))
		}
		data, err := jsonobject.Indent(rec)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(opts.IO.Out, "%s\n", data)
		return err
	}
	staging.WriteItems(opts.IO.Out, []staging.Item{it})
	staging.WriteProvenance(opts.IO.Out, prov)
	return nil
}
