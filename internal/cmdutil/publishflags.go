package cmdutil

import (
	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/spf13/cobra"
)

// PublishOptions is what `gonpm publish` and `gonpm stage publish` work
// with: staging is publishing sent elsewhere, so the two take the same
// inputs (each command names it PublishOptions).
type PublishOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string
	Env            []string // environment for lifecycle scripts
	// Version is gonpm's version, recorded as _npmVersion.
	Version string
	// Getenv and CI decide whether trusted publishing (OIDC) is tried.
	Getenv func(string) string
	CI     bool

	Target         string // folder or .tgz; "" means the current folder
	DryRun         bool
	Force          bool
	IgnoreScripts  bool
	Workspaces     bool
	WorkspaceNames []string
	// FailFast is publish's --fail-fast; stage publish has no such flag.
	FailFast bool
}

// NewPublishOptions is PublishOptions with the factory's dependencies.
func NewPublishOptions(f *Factory) *PublishOptions {
	return &PublishOptions{
		IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient,
		Version: f.Version, Getenv: f.Getenv, CI: f.CI.IsCI,
	}
}

// PublishFlagHelp is the wording of the publish flags that differs
// between publishing and staging.
type PublishFlagHelp struct {
	Verb   string // "Publish" or "Stage", for the workspace flags
	Tag    string
	DryRun string
}

// AddPublishFlags defines the flags of publish and stage publish on cmd,
// filling opts. --tag and --access are npm config (read from Config), not
// options. (--concurrency, also config, is each command's: its default
// lives in internal/publishing, which imports this package.)
func AddPublishFlags(cmd *cobra.Command, opts *PublishOptions, help PublishFlagHelp) {
	fl := cmd.Flags()
	fl.String("tag", "", help.Tag)
	fl.String("access", "", "public or restricted (scoped packages)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, help.DryRun)
	fl.BoolVar(&opts.Force, "force", false, "Skip npm's version checks")
	fl.BoolVar(&opts.IgnoreScripts, "ignore-scripts", false, "Do not run lifecycle scripts")
	fl.BoolVar(&opts.Workspaces, "workspaces", false, help.Verb+" every workspace of the project")
	fl.StringSliceVarP(&opts.WorkspaceNames, "workspace", "w", nil, help.Verb+" this workspace (name or folder; repeatable)")
	// Read through configuration (NPM_CONFIG_PROVENANCE works too), like --tag.
	fl.Bool("provenance", false, "Sign and attach build provenance (GitHub Actions, GitLab CI)")
	fl.String("provenance-file", "", "Attach this Sigstore provenance bundle")
}
