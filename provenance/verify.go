package provenance

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	prov "github.com/gonpm/gonpm/internal/provenance"
	"github.com/gonpm/gonpm/internal/publishing"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/staging"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/spf13/cobra"
)

// VerifyOptions is what `gonpm provenance verify` works with.
type VerifyOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string
	// TrustedRoot loads the Sigstore trusted root; nil means the
	// configured one (sigstore-trusted-root, else the public-good root).
	TrustedRoot func(*config.Config) (root.TrustedMaterial, error)

	Package string // <pkg>[@<version>|@<tag>]; "" means the package in Cwd
	JSON    bool
}

// NewCmdVerify builds `gonpm provenance verify`.
func NewCmdVerify(f *cmdutil.Factory, runF func(*VerifyOptions) error) *cobra.Command {
	opts := &VerifyOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
	cmd := &cobra.Command{
		Use:   "verify [<pkg>[@<version>]]",
		Short: "Verify a published version's provenance",
		Long: `Fetch the attestations of a published version from the registry and
verify its provenance against the Sigstore trusted root: the signing
certificate chains to the root's certificate authority, the signature is
in the transparency log, the signature verifies, and the statement names
exactly this version's tarball (its sha512). Then print the source
repository, commit, workflow and builder it attests.

The version defaults to the latest; the package to the one in the current
folder. The trusted root is Sigstore's public one, or the file set with
sigstore-trusted-root (a private Sigstore, or offline checks).
Exit status 1 when the version has no provenance or it does not verify.`,
		Example: `  gonpm provenance verify @scope/pkg@1.2.0
  gonpm provenance verify pkg --json`,
		Args: cmdutil.RangeArgs(0, 1, "usage: gonpm provenance verify [<pkg>[@<version>]]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Package = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return verifyRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print the verified attestations as JSON")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func verifyRun(ctx context.Context, opts *VerifyOptions) error {
	cfg, client, err := cmdutil.ConfigAndClient(opts.Config, opts.RegistryClient)
	if err != nil {
		return err
	}
	pkg, err := pkgtarget.Resolve(opts.Cwd, opts.Package)
	if err != nil {
		return cmdutil.FlagErrorf("%v", err)
	}
	reg, err := pkgtarget.Registry(cfg, pkg.Name)
	if err != nil {
		return err
	}
	load := opts.TrustedRoot
	if load == nil {
		load = func(cfg *config.Config) (root.TrustedMaterial, error) {
			return publishing.SigstoreSettings(cfg).LoadTrustedRoot()
		}
	}
	trusted, err := load(cfg)
	if err != nil {
		return err
	}
	pub, err := prov.VerifyPublished(ctx, client, reg, pkg.Name, pkg.Rest, trusted)
	if err != nil {
		return err
	}
	if opts.JSON || cfg.Bool("json") {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"name": pub.Name, "version": pub.Version, "verified": true, "attestations": pub.Attestations})
	}
	writeVerified(opts.IO.Out, pub)
	return nil
}

// writeVerified prints what the provenance attests, registry text made
// terminal-safe.
func writeVerified(w io.Writer, pub *prov.Published) {
	safe := staging.SafeText
	fmt.Fprintf(w, "%s@%s: provenance verified\n", safe(pub.Name), safe(pub.Version))
	for _, a := range pub.Attestations {
		for _, r := range a.Rows() {
			fmt.Fprintf(w, "  %-18s %s\n", r[0]+":", safe(r[1]))
		}
	}
}
