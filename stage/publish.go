package stage

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/publishing"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/gonpm/gonpm/internal/termsafe"
	"github.com/spf13/cobra"
)

// PublishOptions is what `gonpm stage publish` works with (shared with the other
// publishing command).
type PublishOptions = cmdutil.PublishOptions

// NewCmdPublish builds `gonpm stage publish`.
func NewCmdPublish(f *cmdutil.Factory, runF func(*PublishOptions) error) *cobra.Command {
	opts := cmdutil.NewPublishOptions(f)
	cmd := &cobra.Command{
		Use:   "publish [<folder>|<tarball>]",
		Short: "Stage a version for publishing; a maintainer approves it later with 2FA",
		Long: `Do everything gonpm publish does (the same checks, lifecycle scripts,
workspaces, --tag, --access, --dry-run, --json and trusted publishing) but
send the package to the registry's staging area instead of publishing it.
The registry answers with a stage id; the version stays invisible and
uninstallable until a maintainer runs gonpm stage approve <id> with
two-factor authentication. Staging itself never asks for a one-time
password, so it works from CI with any token or with trusted publishing.
--provenance and --provenance-file work as for gonpm publish; the bundle
goes with the staged version.`,
		Example: `  gonpm stage publish
  gonpm stage publish --tag next
  gonpm stage publish --workspaces`,
		Args: cmdutil.RangeArgs(0, 1, "usage: gonpm stage publish [<folder>|<tarball>]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Target = args[0]
			}
			opts.Cwd = f.Cwd
			if opts.Cwd == "" {
				var err error
				if opts.Cwd, err = os.Getwd(); err != nil {
					return err
				}
			}
			opts.Env = os.Environ()
			if cmd.Flags().Changed("provenance") && cmd.Flags().Changed("provenance-file") {
				return cmdutil.FlagErrorf("--provenance cannot be provided when using --provenance-file")
			}
			if runF != nil {
				return runF(opts)
			}
			return publishRun(cmd.Context(), opts)
		},
	}
	cmdutil.AddPublishFlags(cmd, opts, cmdutil.PublishFlagHelp{
		Verb: "Stage", Tag: "Dist-tag the version gets when approved (default latest)", DryRun: "Do everything except sending",
	})
	// Read through configuration (the concurrency setting), as publish does.
	cmd.Flags().Int("concurrency", publishing.DefaultConcurrency, "With --workspaces: how many packages to stage at once (gonpm's own setting)")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

// stageDestination is the final request of a staged publish: the publish
// document POSTed to the staging area, without the two-factor layer (npm
// defers 2FA to approval), answered with {stageId}.
type stageDestination struct {
	mu  sync.Mutex        // workspaces are staged several at once
	ids map[string]string // by package name
}

func (d *stageDestination) Send(ctx context.Context, u *publishing.Upload) error {
	name := u.Package.Name()
	req := u.Request(http.MethodPost, "-/stage/package/"+registry.EscapeName(name), nil)
	req.NoOTP = true
	resp, err := u.Do(ctx, req)
	if err != nil {
		return fmt.Errorf("staging %s@%s failed: %w", name, u.Package.Version(), err)
	}
	var answer struct {
		StageID string `json:"stageId"`
	}
	if err := resp.Decode(&answer); err != nil {
		return fmt.Errorf("staging %s@%s: %w", name, u.Package.Version(), err)
	}
	d.mu.Lock()
	d.ids[name] = answer.StageID
	d.mu.Unlock()
	return nil
}

// stagedContents is npm's --json report of a staged package: the tarball
// summary with the stage id last.
type stagedContents struct {
	tarball.Contents
	StageID string `json:"stageId,omitempty"`
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
	dest := &stageDestination{ids: map[string]string{}}
	pub := &publishing.Options{
		IO: opts.IO, Config: cfg, Client: client, Env: opts.Env, Version: opts.Version,
		DryRun: opts.DryRun, JSON: asJSON, Force: opts.Force, IgnoreScripts: opts.IgnoreScripts,
		Getenv: opts.Getenv, CI: opts.CI, Destination: dest, Verb: "Staging",
		Concurrency: cfg.Int("concurrency"),
	}
	if workspaces {
		results, err := publishing.PublishWorkspaces(ctx, pub, opts.Cwd, opts.WorkspaceNames)
		if results != nil {
			if werr := writeStagedSummary(opts.IO, asJSON, results, dest.ids); werr != nil {
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
	id := dest.ids[p.Name()]
	if asJSON {
		return writeIndented(opts.IO, map[string]stagedContents{p.Name(): {Contents: p.Contents(), StageID: id}})
	}
	fmt.Fprintln(opts.IO.Out, termsafe.Line(stagedLine(p.Contents().ID, id)))
	if id != "" {
		fmt.Fprintf(opts.IO.ErrOut, "gonpm notice stage package %s has been staged with tag %s\n", termsafe.Line(p.Contents().ID), termsafe.Line(p.Tag()))
	}
	return nil
}

// stagedLine is npm's result line.
func stagedLine(pkgID, stageID string) string {
	if stageID == "" {
		return "+ " + pkgID + " (staged)"
	}
	return "+ " + pkgID + " (staged with id " + stageID + ")"
}

func writeStagedSummary(ios *iostreams.IOStreams, asJSON bool, results []*publishing.WorkspaceResult, ids map[string]string) error {
	if asJSON {
		out := map[string]any{}
		for _, r := range results {
			entry := map[string]any{"name": r.Name, "version": r.Version, "status": r.Status}
			if r.Reason != "" {
				entry["reason"] = r.Reason
			}
			if id := ids[r.Name]; id != "" {
				entry["stageId"] = id
			}
			out[r.Name] = entry
		}
		return writeIndented(ios, out)
	}
	for _, r := range results {
		id := r.Name + "@" + r.Version
		switch r.Status {
		case "published", "would publish":
			fmt.Fprintln(ios.Out, termsafe.Line(stagedLine(id, ids[r.Name])))
		case "skipped":
			fmt.Fprintf(ios.Out, "skipped %s: %s\n", termsafe.Line(id), termsafe.Line(r.Reason))
		case publishing.StatusNotPublished:
			fmt.Fprintf(ios.Out, "not staged %s: %s\n", termsafe.Line(id), termsafe.Line(r.Reason))
		default:
			fmt.Fprintf(ios.Out, "failed %s: %s\n", termsafe.Line(id), termsafe.Line(r.Reason))
		}
	}
	return nil
}

func writeIndented(ios *iostreams.IOStreams, v any) error {
	data, err := jsonobject.Indent(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(ios.Out, "%s\n", data)
	return err
}
