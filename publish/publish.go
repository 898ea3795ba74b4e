// Package publish holds `gonpm publish` and `gonpm unpublish`, sibling
// commands on the publishing library (internal/publishing): they read
// their arguments and flags, run the library and print what npm prints.
package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/publishing"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// PublishOptions is what `gonpm publish` works with (shared with the other
// publishing command).
type PublishOptions = cmdutil.PublishOptions

// NewCmdPublish builds `gonpm publish`.
func NewCmdPublish(f *cmdutil.Factory, runF func(*PublishOptions) error) *cobra.Command {
	opts := cmdutil.NewPublishOptions(f)
	cmd := &cobra.Command{
		Use:   "publish [<folder>|<tarball>]",
		Short: "Publish a package to the registry",
		Long: `Pack a package folder (default: the current folder), or take a .tgz made by
pack, and publish it to the registry.

Before anything is uploaded gonpm checks, as npm 11 does, that you are
logged in, that the version is not published yet, that a prerelease or a
version lower than the current latest names its tag with --tag, and that
the tag is not a version range (--force skips the version checks).
Lifecycle scripts run in npm's order: prepublishOnly, prepack, prepare,
postpack, then after the upload publish and postpublish.

With --workspaces (or -w) every package is checked and packed first;
then up to --concurrency packages (default 8, the concurrency setting;
1 publishes them one after another) are uploaded at once, a package only
after the workspace packages it depends on. A failure does not stop the
others unless --fail-fast is given; the summary lists the packages in
workspace order and the run exits with status 3 when some were not
published. Running it again publishes only what is missing.

"publishConfig" in package.json can set tag, access and registry; flags
win. With two-factor authentication the code comes from --otp,
NPM_CONFIG_OTP, --otp-command, or a prompt on a terminal; with
--workspaces one code (or one browser approval) serves every package.

When the CI job can get an OIDC ID token (GitHub Actions with
"id-token: write", or NPM_ID_TOKEN), gonpm first trades it for a token
that may publish that one package (trusted publishing) and says whether
it did; in CI, --dry-run makes that exchange too, as a check.

--provenance (or NPM_CONFIG_PROVENANCE=true, or publishConfig.provenance:
true in package.json, which --provenance=false overrides) signs a SLSA provenance
statement for the tarball with Sigstore, as npm does, on GitHub Actions
(with "id-token: write") or GitLab CI (with SIGSTORE_ID_TOKEN), and
attaches the bundle; gonpm verifies it before uploading. --dry-run shows
the statement without signing. --provenance-file attaches a bundle made
elsewhere after checking and verifying it. The Sigstore instance is set
with sigstore-fulcio-url, sigstore-rekor-url and sigstore-trusted-root.`,
		Example: `  gonpm publish
  gonpm publish --tag beta
  gonpm publish --access public ./packages/core
  gonpm publish --workspaces --otp 123456
  gonpm publish --workspaces --concurrency 16 --fail-fast
  gonpm publish --otp-command 'oathtool --totp --base32 "$TOTP_SECRET"'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Target = args[0]
			}
			cwd, err := workingDir(f.Cwd)
			if err != nil {
				return err
			}
			opts.Cwd, opts.Env = cwd, os.Environ()
			if cmd.Flags().Changed("provenance") && cmd.Flags().Changed("provenance-file") {
				return cmdutil.FlagErrorf("--provenance cannot be provided when using --provenance-file")
			}
			if runF != nil {
				return runF(opts)
			}
			return publishRun(cmdContext(cmd), opts)
		},
	}
	cmdutil.AddPublishFlags(cmd, opts, cmdutil.PublishFlagHelp{
		Verb: "Publish", Tag: "Dist-tag to publish under (default latest)", DryRun: "Do everything except uploading",
	})
	// Read through configuration (the concurrency setting), like --tag.
	cmd.Flags().Int("concurrency", publishing.DefaultConcurrency, "With --workspaces: how many packages to upload at once (gonpm's own setting)")
	_ = cmd.RegisterFlagCompletionFunc("access", cmdutil.CompleteValues(config.Choices("access")...))
	cmd.Flags().BoolVar(&opts.FailFast, "fail-fast", false, "With --workspaces: start no more uploads after one fails")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

func publishRun(ctx context.Context, opts *PublishOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	client, err := opts.RegistryClient()
	if err != nil {
		return err
	}
	workspaces := opts.Workspaces || len(opts.WorkspaceNames) > 0
	if workspaces && opts.Target != "" && opts.Target != "." {
		return cmdutil.FlagErrorf("a folder or tarball cannot be combined with --workspaces or --workspace")
	}
	asJSON := cfg.Bool("json")
	pub := &publishing.Options{
		IO: opts.IO, Config: cfg, Client: client, Env: opts.Env, Version: opts.Version,
		DryRun: opts.DryRun, JSON: asJSON, Force: opts.Force, IgnoreScripts: opts.IgnoreScripts,
		Getenv: opts.Getenv, CI: opts.CI,
		Concurrency: cfg.Int("concurrency"), FailFast: opts.FailFast,
	}
	if workspaces {
		results, err := publishing.PublishWorkspaces(ctx, pub, opts.Cwd, opts.WorkspaceNames)
		if results != nil {
			if werr := writeSummary(opts.IO, asJSON, results); werr != nil {
				return werr
			}
		}
		return err
	}

	target := opts.Target
	if target == "" {
		target = "."
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(opts.Cwd, target)
	}
	p, err := publishing.Publish(ctx, pub, target)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(opts.IO.Out, map[string]any{p.Name(): p.Contents()})
	}
	// As npm, --loglevel silent leaves out even the published line.
	if cfg.Get("loglevel") != "silent" {
		fmt.Fprintf(opts.IO.Out, "+ %s@%s\n", termsafe.Line(p.Name()), termsafe.Line(p.Version()))
	}
	return nil
}

// workingDir is the factory's working directory, else the process's.
func workingDir(cwd string) (string, error) {
	if cwd != "" {
		return cwd, nil
	}
	return os.Getwd()
}

// cmdContext is the command's context, or a background one when it runs
// outside Execute (tests).
func cmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
