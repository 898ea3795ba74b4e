package trust

import (
	"context"
	"fmt"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/trustpub"
	"github.com/spf13/cobra"
)

// RevokeOptions is what `gonpm trust revoke` works with.
type RevokeOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	Package string
	ID      string
	DryRun  bool
}

// NewCmdRevoke is `gonpm trust revoke [<pkg>] --id <id>`.
func NewCmdRevoke(f *cmdutil.Factory, runF func(*RevokeOptions) error) *cobra.Command {
	opts := &RevokeOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Cwd: f.Cwd}
	cmd := &cobra.Command{
		Use:   "revoke [<pkg>] --id <id>",
		Short: "Remove a trusted publisher of a package",
		Long: `Remove the trusted-publisher configuration <id> (see ` + "`gonpm trust list`" + `) of
<pkg> or of the package in the current folder. --dry-run says what would be
revoked. Unlike npm, which masks UUID-shaped text, gonpm prints the id.`,
		Args: cmdutil.RangeArgs(0, 1, "usage: gonpm trust revoke [<pkg>] --id <id>"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Package = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return revokeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.ID, "id", "", "Id of the trust configuration to revoke")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "Say what would be revoked without revoking it")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func revokeRun(ctx context.Context, opts *RevokeOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	name, err := packageOrLocal(opts.Package, opts.Cwd)
	if err != nil {
		return err
	}
	if opts.ID == "" {
		return cmdutil.FlagErrorf("ID of the trusted relationship to revoke must be specified with the --id option")
	}
	// npm sends any text; the registry's ids are UUIDs, so anything else
	// is a typo (or a value meant for another flag) and is refused
	// before it reaches a URL.
	if !trustpub.ValidUUID(opts.ID) {
		return cmdutil.FlagErrorf("--id must be a valid UUID: %s is not one (`gonpm trust list` shows the ids)", safeID(opts.ID))
	}
	out := trustpub.Printer{Out: opts.IO.Out, JSON: cfg.Bool("json")}
	out.Dialogue("Attempting to revoke trusted configuration for package %s with id %s", name, safeID(opts.ID))
	if opts.DryRun {
		return nil
	}
	reg, err := pkgtarget.Registry(cfg, name)
	if err != nil {
		return err
	}
	client, err := opts.RegistryClient()
	if err != nil {
		return err
	}
	if err := trustpub.Revoke(ctx, client, reg, name, opts.ID); err != nil {
		return err
	}
	out.Dialogue("Revoked trusted configuration for package %s with id %s", name, safeID(opts.ID))
	return nil
}

// safeID shows an id as typed, with control characters escaped.
func safeID(id string) string {
	q := fmt.Sprintf("%q", id)
	if q[1:len(q)-1] == id {
		return id
	}
	return q
}
