package stage

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/staging"
	"github.com/gonpm/gonpm/otpprompt"
	"github.com/spf13/cobra"
)

// ApproveOptions is what `gonpm stage approve` works with.
type ApproveOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger
	Prompter       otpprompt.Prompter

	// IDs are the stage ids to approve; with All, Package is set instead.
	IDs     []string
	All     bool
	Package string
	// Yes approves without asking after the review.
	Yes bool
}

// NewCmdApprove builds `gonpm stage approve`.
func NewCmdApprove(f *cmdutil.Factory, runF func(*ApproveOptions) error) *cobra.Command {
	opts := &ApproveOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger, Prompter: f.Prompter}
	cmd := &cobra.Command{
		Use:   "approve <stage-id>... | --all <pkg>",
		Short: "Publish staged versions (needs two-factor authentication)",
		Long: `Approve staged versions: each is published under the tag it was staged
with. Approving needs a one-time password, from --otp, NPM_CONFIG_OTP,
--otp-command, a masked prompt or a browser approval; without a terminal
and without a code gonpm stops at once (exit 5).

On a terminal gonpm first shows what is being approved (package, version,
tag, who staged it and when, and its files compared with the version on
latest: added, removed, changed) and its provenance, verified against
the Sigstore trusted root (sigstore-trusted-root, else Sigstore's public
one) as gonpm provenance verify does: the source repository, commit,
workflow and builder it attests, "no provenance", or why it does not
verify. Then it asks to confirm; --yes skips the question, except when a
version's provenance does not verify: then only typing "approve" goes on.
Without a terminal nothing is asked: the flags decide.

Beyond npm: several ids (or --all <pkg>, every staged version of one
package) are approved with one code or one browser approval; if some fail
gonpm names what was and was not approved and exits 3. npm approves only
the first id it is given and ignores the rest. With --json gonpm prints a
JSON array of {id, approved}, with each version's provenance as checked
before approving ({present, verified, trustedRoot, attestations, error});
npm prints its text line even then.`,
		Example: `  gonpm stage approve 1f0c6f2e-8d4b-4a8e-9a57-2b8f0c1d2e3f
  gonpm stage approve --all @scope/pkg --otp 123456
  gonpm stage approve <id1> <id2> --yes`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.All && len(args) == 0 {
				return cmdutil.FlagErrorf("--all needs a package: gonpm stage approve --all <pkg>")
			}
			return cmdutil.MinimumArgs(1, "Missing required <stage-id>: usage: gonpm stage approve <stage-id>... | --all <pkg>")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.All {
				if len(args) != 1 {
					return cmdutil.FlagErrorf("--all takes one package: gonpm stage approve --all <pkg>")
				}
				p, err := pkgtarget.Resolve("", args[0])
				if err != nil {
					return cmdutil.FlagErrorf("%v", err)
				}
				if p.Rest != "" {
					return cmdutil.FlagErrorf("--all takes a package name without a version: %s", p.Name)
				}
				opts.Package = p.Name
			} else {
				if err := checkIDs(args); err != nil {
					return err
				}
				opts.IDs = dedupe(args)
			}
			if runF != nil {
				return runF(opts)
			}
			return approveRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "Approve every staged version of the package")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "Approve without asking after the review")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func approveRun(ctx context.Context, opts *ApproveOptions) error {
	api, cfg, err := newStagingClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	ids := opts.IDs
	if opts.All {
		if api.Registry, err = pkgtarget.Registry(cfg, opts.Package); err != nil {
			return err
		}
		if ids, err = idsOfPackage(ctx, api, opts.Package); err != nil {
			return err
		}
	}
	verifier := provenanceVerifier(cfg)
	var provs map[string]*staging.Provenance
	if opts.IO.CanPrompt() {
		if provs, err = review(ctx, opts, api, ids, verifier); err != nil {
			return err
		}
	} else if cfg.Bool("json") {
		provs = provenanceOf(ctx, api, ids, verifier)
	}
	log := opts.Logger()
	outs := decideAll(ctx, ids, func(ctx context.Context, id string) error {
		log.Noticef("Approving staged package %s", id)
		return api.Approve(ctx, id)
	})
	for i := range outs {
		outs[i].Provenance = provs[outs[i].ID]
	}
	if err := writeOutcomes(opts.IO.Out, cfg.Bool("json"), "approved", outs, func(id string) string {
		return "Staged package " + id + " approved and published successfully."
	}); err != nil {
		return err
	}
	return result("approved", outs)
}

// review shows what approving publishes, the provenance of each version
// verified, and asks to go on. --yes skips the question, unless a
// version's provenance does not verify: then only typing "approve" goes
// on, since a signature that fails is what the review is there to catch.
func review(ctx context.Context, opts *ApproveOptions, api *staging.Client, ids []string, v *staging.Verifier) (map[string]*staging.Provenance, error) {
	w := opts.IO.ErrOut
	provs := map[string]*staging.Provenance{}
	var unverified []string
	for i, id := range ids {
		r, err := api.Review(ctx, id, v)
		if err != nil {
			return nil, fmt.Errorf("could not review staged version %s before approving it: %w", id, err)
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		staging.WriteReview(w, r)
		provs[id] = r.Provenance
		if p := r.Provenance; p != nil && p.Present && !p.Verified {
			unverified = append(unverified, staging.SafeText(r.Item.Package()+"@"+r.Item.Version()))
		}
	}
	if len(unverified) > 0 {
		fmt.Fprintf(w, "\nThe provenance of %s does not verify: nothing proves which source and build it comes from.\n", strings.Join(unverified, ", "))
		answer, err := opts.Prompter.Input(`Type "approve" to approve and publish anyway: `)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(answer) != "approve" {
			return nil, fmt.Errorf("%w; nothing was published", staging.ErrNotConfirmed)
		}
		return provs, nil
	}
	if opts.Yes {
		return provs, nil
	}
	what := "this staged version"
	if len(ids) > 1 {
		what = fmt.Sprintf("these %d staged versions", len(ids))
	}
	answer, err := opts.Prompter.Input(fmt.Sprintf("Approve and publish %s? [y/N] ", what))
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return provs, nil
	}
	return nil, fmt.Errorf("%w; nothing was published", staging.ErrNotConfirmed)
}

// provenanceOf checks each staged version's provenance without a review
// (approve --json without a terminal reports it; nothing is asked).
func provenanceOf(ctx context.Context, api *staging.Client, ids []string, v *staging.Verifier) map[string]*staging.Provenance {
	provs := map[string]*staging.Provenance{}
	for _, id := range ids {
		if rec, err := api.View(ctx, id); err == nil {
			provs[id] = api.Provenance(ctx, staging.Item{Object: rec}, v)
		}
	}
	return provs
}

// dedupe drops repeated ids, keeping the first.
func dedupe(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		key := strings.ToLower(id)
		if !seen[key] {
			seen[key] = true
			out = append(out, id)
		}
	}
	return out
}
