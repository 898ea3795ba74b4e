// Package publish implements `gonpm publish` and `gonpm unpublish`: it
// packs a package folder (or takes a tarball), checks it the way npm 11
// does, and uploads it in one streamed PUT through the two-factor layer.
package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
)

// noticePrefix starts the summary lines on stderr, as in `gonpm pack`.
const noticePrefix = "gonpm notice"

// Options is what `gonpm publish` works with.
type Options struct {
	IO     *iostreams.IOStreams
	Config *config.Config
	Client *registry.Client
	Cwd    string
	Env    []string // environment for lifecycle scripts
	// Version is gonpm's version, recorded as _npmVersion.
	Version string

	Target         string // folder or .tgz; "" means the current folder
	DryRun         bool
	JSON           bool
	Force          bool
	IgnoreScripts  bool
	Workspaces     bool
	WorkspaceNames []string

	// Getenv and CI decide whether trusted publishing (OIDC) is tried.
	Getenv func(string) string
	CI     bool
	trust  *trustedPublishing
}

// NewCmdPublish builds `gonpm publish`.
func NewCmdPublish(f *cmdutil.Factory) *cobra.Command {
	return newCmdPublish(f, nil)
}

func newCmdPublish(f *cmdutil.Factory, runF func(context.Context, *Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
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

"publishConfig" in package.json can set tag, access and registry; flags
win. With two-factor authentication the code comes from --otp,
NPM_CONFIG_OTP, --otp-command, or a prompt on a terminal; with
--workspaces one code (or one browser approval) serves every package.

When the CI job can get an OIDC ID token (GitHub Actions with
"id-token: write", or NPM_ID_TOKEN), gonpm first trades it for a token
that may publish that one package (trusted publishing) and says whether
it did; in CI, --dry-run makes that exchange too, as a check.`,
		Example: `  gonpm publish
  gonpm publish --tag beta
  gonpm publish --access public ./packages/core
  gonpm publish --workspaces --otp 123456
  gonpm publish --otp-command 'oathtool --totp --base32 "$TOTP_SECRET"'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Target = args[0]
			}
			cfg, err := f.Config()
			if err != nil {
				return err
			}
			client, err := f.RegistryClient()
			if err != nil {
				return err
			}
			opts.Config, opts.Client = cfg, client
			opts.JSON = cfg.Bool("json")
			opts.Version = f.Version
			opts.Cwd = f.Cwd
			if opts.Cwd == "" {
				if opts.Cwd, err = os.Getwd(); err != nil {
					return err
				}
			}
			opts.Env = os.Environ()
			opts.Getenv, opts.CI = f.Getenv, f.CI.IsCI
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			if runF != nil {
				return runF(ctx, opts)
			}
			return runPublish(ctx, opts)
		},
	}
	fl := cmd.Flags()
	fl.String("tag", "", "Dist-tag to publish under (default latest)")
	fl.String("access", "", "public or restricted (scoped packages)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "Do everything except uploading")
	fl.BoolVar(&opts.Force, "force", false, "Skip npm's version checks")
	fl.BoolVar(&opts.IgnoreScripts, "ignore-scripts", false, "Do not run lifecycle scripts")
	fl.BoolVarP(&opts.Workspaces, "workspaces", "", false, "Publish every workspace of the project")
	fl.StringSliceVarP(&opts.WorkspaceNames, "workspace", "w", nil, "Publish this workspace (name or folder; repeatable)")
	return cmd
}

func runPublish(ctx context.Context, opts *Options) error {
	if opts.Workspaces || len(opts.WorkspaceNames) > 0 {
		if opts.Target != "" && opts.Target != "." {
			return cmdutil.FlagErrorf("a folder or tarball cannot be combined with --workspaces or --workspace")
		}
		return runWorkspaces(ctx, opts)
	}
	target := opts.Target
	if target == "" {
		target = "."
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(opts.Cwd, target)
	}
	p, err := load(opts, target)
	if err != nil {
		return err
	}
	defer p.cleanup()
	if !p.manifestBool("private") || opts.DryRun {
		p.authorize(ctx, opts)
	}
	if err := p.preflight(opts); err != nil {
		return err
	}
	if err := p.build(ctx, opts); err != nil {
		return err
	}
	if !opts.Force {
		if err := p.checkVersions(ctx, opts); err != nil {
			return err
		}
	}
	if p.manifestBool("private") && !opts.DryRun {
		return fmt.Errorf("%s is marked as private: remove \"private\" from its package.json to publish it", p.name)
	}
	if !opts.JSON {
		p.writeNotice(opts)
	}
	p.announce(opts)
	if !opts.DryRun {
		if err := p.upload(ctx, opts); err != nil {
			return err
		}
	}
	if err := p.scripts(ctx, opts, "publish", "postpublish"); err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, map[string]any{p.name: p.contents})
	}
	fmt.Fprintf(opts.IO.Out, "+ %s@%s\n", p.name, p.version)
	return nil
}

// announce says where the package goes, like npm's notice.
func (p *pkgToPublish) announce(opts *Options) {
	access := "default"
	if p.access != nil {
		access = *p.access
	}
	suffix := ""
	if opts.DryRun {
		suffix = " (dry-run)"
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s Publishing to %s with tag %s and %s access%s\n", noticePrefix, p.registry, p.tag, access, suffix)
}

func (p *pkgToPublish) manifestBool(key string) bool {
	b, _ := p.raw[key].(bool)
	return b
}

// isTarball tells a .tgz argument from a folder.
func isTarball(path string) bool {
	st, err := os.Stat(path)
	if err != nil || st.IsDir() {
		return false
	}
	return strings.HasSuffix(path, ".tgz") || strings.HasSuffix(path, ".tar.gz") || strings.HasSuffix(path, ".tar")
}
