package publish

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/publishing"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/semver"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// UnpublishOptions is what `gonpm unpublish` works with.
type UnpublishOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Cwd            string

	Spec   string // <pkg>[@<version>]; "" means the local package's version
	Force  bool
	DryRun bool
}

// NewCmdUnpublish builds `gonpm unpublish`.
func NewCmdUnpublish(f *cmdutil.Factory, runF func(*UnpublishOptions) error) *cobra.Command {
	opts := &UnpublishOptions{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient}
	cmd := &cobra.Command{
		Use:   "unpublish [<pkg>[@<version>]]",
		Short: "Remove a package version, or a whole package, from the registry",
		Long: `Remove one version of a package, or with --force the whole package, from the
registry. Without an argument the version in the current folder's
package.json is removed.

As in npm, removing the last remaining version also needs --force (a fully
removed name cannot be published again for 24 hours), and when the removed
version was "latest" the tag moves to the highest remaining version,
prereleases included. With two-factor authentication the code comes from
--otp, NPM_CONFIG_OTP, or a prompt on a terminal.`,
		Example: `  gonpm unpublish my-pkg@1.0.1
  gonpm unpublish @scope/pkg --force`,
		Args:              cmdutil.RangeArgs(0, 1, "unpublish takes one package: gonpm unpublish <pkg>[@<version>]"),
		ValidArgsFunction: cmdutil.CompletePackageName(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Spec = args[0]
			}
			cwd, err := workingDir(f.Cwd)
			if err != nil {
				return err
			}
			opts.Cwd = cwd
			if runF != nil {
				return runF(opts)
			}
			return unpublishRun(cmdContext(cmd), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "Allow removing a whole package or its last version")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "Say what would be removed without removing it")
	return cmdutil.DeclareJSON(cmd, cmdutil.NoJSONOutput)
}

// unpublishTarget is what the argument names.
type unpublishTarget struct {
	name    string
	version string // "" for the whole package
}

func parseUnpublishSpec(opts *UnpublishOptions) (unpublishTarget, error) {
	if opts.Spec == "" {
		name, version, err := pkgspec.LocalPackage(opts.Cwd)
		if err != nil {
			return unpublishTarget{}, cmdutil.FlagErrorf("%v", err)
		}
		return unpublishTarget{name: name, version: version}, nil
	}
	spec, err := pkgspec.Parse(opts.Spec)
	if err != nil {
		return unpublishTarget{}, cmdutil.FlagErrorf("%v", err)
	}
	switch rest := strings.TrimSpace(spec.Rest); {
	case rest == "" || rest == "*":
		return unpublishTarget{name: spec.Name}, nil
	case semver.Valid(rest):
		v, _ := semver.Parse(rest)
		return unpublishTarget{name: spec.Name, version: v.String()}, nil
	}
	return unpublishTarget{}, cmdutil.FlagErrorf("can only unpublish a single version, or the entire project: tags and ranges are not supported (%s)", opts.Spec)
}

func unpublishRun(ctx context.Context, opts *UnpublishOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	client, err := opts.RegistryClient()
	if err != nil {
		return err
	}
	target, err := parseUnpublishSpec(opts)
	if err != nil {
		return err
	}
	if target.version == "" && !opts.Force {
		return cmdutil.FlagErrorf("refusing to delete the entire project %s: run with --force to do this", target.name)
	}
	reg, err := cfg.RegistryForScope(registry.ScopeOf(target.name))
	if err != nil {
		return err
	}
	u := publishing.NewUnpublisher(client, reg, target.name)

	// A package the registry does not show (missing, or not yours to
	// see) is an error, as in npm 11, --dry-run too.
	doc, err := u.Packument(ctx)
	if err != nil {
		return fmt.Errorf("could not read %s from the registry: %w", target.name, err)
	}
	versions, _ := doc["versions"].(map[string]any)
	whole := target.version == "" || len(versions) == 0
	if !whole {
		if _, ok := versions[target.version]; !ok {
			printUnpublished(opts, target.name, target.version)
			return nil
		}
		if len(versions) == 1 {
			if !opts.Force {
				return fmt.Errorf("refusing to delete the last version of %s: it would block publishing a new version for 24 hours; run with --force to do this", target.name)
			}
			whole = true
		}
	}
	if whole {
		if !opts.DryRun {
			if err := u.RemovePackage(ctx, doc); err != nil {
				return err
			}
		}
		printUnpublished(opts, target.name, "")
		return nil
	}
	if !opts.DryRun {
		if err := u.RemoveVersion(ctx, doc, target.version); err != nil {
			return err
		}
	}
	printUnpublished(opts, target.name, target.version)
	return nil
}

func printUnpublished(opts *UnpublishOptions, name, version string) {
	if version == "" {
		fmt.Fprintf(opts.IO.Out, "- %s\n", termsafe.Line(name))
		return
	}
	fmt.Fprintf(opts.IO.Out, "- %s@%s\n", termsafe.Line(name), termsafe.Line(version))
}
