package trust

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/pkgtarget"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/trustpub"
	"github.com/gonpm/gonpm/otpprompt"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// CreateOptions is what `gonpm trust github|gitlab|circleci` works with.
type CreateOptions struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Logger         func() *logger.Logger
	Prompter       otpprompt.Prompter
	// InCI is set in a CI job, where nobody can answer the confirmation.
	InCI bool
	Cwd  string
	// OriginURL reads the git remote origin of a folder.
	OriginURL func(ctx context.Context, dir string) string

	Provider   trustpub.Provider
	Package    string
	File       string
	Entity     string
	Env        string
	Publish    bool
	Stage      bool
	OrgID      string
	ProjectID  string
	PipelineID string
	VCSOrigin  string
	ContextIDs []string
	DryRun     bool
	// Yes is nil to ask, else the answer given by --yes / --no-yes.
	Yes *bool
}

func newCreateOptions(f *cmdutil.Factory, p trustpub.Provider) *CreateOptions {
	return &CreateOptions{
		IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Logger: f.Logger,
		Prompter: f.Prompter, InCI: f.CI.IsCI, Cwd: f.Cwd, OriginURL: trustpub.OriginURL, Provider: p,
	}
}

// permissionFlags adds the flags every create command shares; the
// returned function reads them into opts after parsing.
func permissionFlags(cmd *cobra.Command, opts *CreateOptions) func() error {
	fl := cmd.Flags()
	fl.BoolVar(&opts.Publish, "allow-publish", false, "Allow publish for this trusted publisher")
	fl.BoolVar(&opts.Stage, "allow-stage-publish", false, "Allow stage publish for this trusted publisher")
	fl.Bool("allow-staged-publish", false, "Same as --allow-stage-publish")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "Show the configuration without creating it")
	fl.BoolP("yes", "y", false, "Create it without asking for confirmation")
	fl.Bool("no-yes", false, "Refuse instead of asking for confirmation")
	_ = fl.MarkHidden("no-yes")
	return func() error {
		if err := onlyOne(fl, "allow-stage-publish", "allow-staged-publish"); err != nil {
			return err
		}
		if v, _ := fl.GetBool("allow-staged-publish"); v {
			opts.Stage = true
		}
		if fl.Changed("yes") {
			v, _ := fl.GetBool("yes")
			opts.Yes = &v
		}
		if v, _ := fl.GetBool("no-yes"); v {
			no := false
			opts.Yes = &no
		}
		return nil
	}
}

// onlyOne refuses a flag given together with its alias, as npm does.
func onlyOne(fl *pflag.FlagSet, name, alias string) error {
	if fl.Changed(name) && fl.Changed(alias) {
		return cmdutil.FlagErrorf("Please provide only one of --%s or --%s", name, alias)
	}
	return nil
}

// createRun validates the request in npm's order, shows it, asks for
// confirmation and creates it.
func createRun(ctx context.Context, opts *CreateOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	in := trustpub.Input{
		Provider: opts.Provider, Package: opts.Package, Manifest: trustpub.ReadManifest(opts.Cwd),
		File: opts.File, Entity: opts.Entity, Env: opts.Env, Publish: opts.Publish, Stage: opts.Stage,
		OrgID: opts.OrgID, ProjectID: opts.ProjectID, PipelineID: opts.PipelineID, VCSOrigin: opts.VCSOrigin, ContextIDs: opts.ContextIDs,
	}
	if opts.OriginURL != nil {
		in.OriginURL = func() string { return opts.OriginURL(ctx, opts.Cwd) }
	}
	req, err := trustpub.Resolve(in)
	if err != nil {
		return cmdutil.FlagErrorf("%s", err)
	}
	if err := checkPackageName(req.Package); err != nil {
		return err
	}
	yes := opts.Yes
	if yes == nil {
		if _, _, set := cfg.Lookup("yes"); set {
			b := cfg.Bool("yes")
			yes = &b
		}
	}
	log := opts.Logger()
	out := trustpub.Printer{Out: opts.IO.Out, JSON: cfg.Bool("json")}

	out.Dialogue("Establishing trust between %s package and %s", req.Package, req.Provider.Name)
	out.Dialogue("Anyone with %s write access can publish to %s", req.Provider.Entity, req.Package)
	out.Dialogue("Two-factor authentication is required for this operation")
	for _, w := range req.Warnings {
		log.Warnf("trust %s", w)
	}
	if req.EntitySource == trustpub.FromGitOrigin {
		log.Noticef("trust %s %s taken from the git remote origin, as package.json does not name a repository", req.Provider.EntityKey, req.Entity)
	}
	if err := out.Request(req); err != nil {
		return err
	}
	if opts.DryRun {
		return nil
	}
	if err := confirm(opts, yes); err != nil {
		return err
	}

	reg, err := pkgtarget.Registry(cfg, req.Package)
	if err != nil {
		return err
	}
	client, err := opts.RegistryClient()
	if err != nil {
		return err
	}
	created, err := trustpub.Create(ctx, client, reg, req.Package, req.Config())
	if err != nil {
		return err
	}
	out.Dialogue("Trust configuration created successfully for %s with the following settings:", req.Package)
	return out.Configs(req.Package, created)
}

// errCancelled is npm's answer to anything but y or yes.
var errCancelled = errors.New("User cancelled operation: nothing was changed")

// confirm asks npm's y/N question unless --yes or --no-yes answered it.
// Piped input answers it as in npm; in CI nothing is asked.
func confirm(opts *CreateOptions, yes *bool) error {
	if yes != nil {
		if *yes {
			return nil
		}
		return errCancelled
	}
	if opts.InCI {
		return cmdutil.FlagErrorf("nobody can confirm in a CI job: pass --yes to create the trust configuration without asking")
	}
	answer, err := opts.Prompter.Input("Do you want to proceed? (y/N) ")
	if errors.Is(err, otpprompt.ErrNoInput) {
		return fmt.Errorf("no answer to \"Do you want to proceed?\": standard input was closed; pass --yes to create the trust configuration without asking")
	}
	if err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return errCancelled
}

// checkPackageName refuses a package argument that is not a bare name.
func checkPackageName(name string) error {
	pkg, err := pkgtarget.Resolve("", name)
	if err != nil {
		return cmdutil.FlagErrorf("%s", err)
	}
	if pkg.Rest != "" || pkg.Name != name {
		return cmdutil.FlagErrorf("trust takes a package name without a version or tag: use %s", pkg.Name)
	}
	return nil
}
