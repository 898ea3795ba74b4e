package publishing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// WorkspaceResult is one line of the workspace summary.
type WorkspaceResult struct {
	Name    string            `json:"name"`
	Version string            `json:"version"`
	Status  string            `json:"status"` // published, skipped, failed, not published, would publish
	Reason  string            `json:"reason,omitempty"`
	Dist    *tarball.Contents `json:"contents,omitempty"`
}

// The statuses of a WorkspaceResult.
const (
	StatusPublished    = "published"
	StatusWouldPublish = "would publish"
	StatusSkipped      = "skipped"
	StatusFailed       = "failed"
	// StatusNotPublished: not tried, because of an earlier failure
	// (--fail-fast, or a dependency that failed).
	StatusNotPublished = "not published"
)

// workspace is one workspace on its way through PublishWorkspaces.
type workspace struct {
	dir      string
	p        *Package
	res      *WorkspaceResult
	err      error // it cannot be published: the run stops before uploading
	failure  error // why its upload failed
	versions map[string]publishedVersion

	upload *Upload
	deps   []*workspace // workspaces to publish before this one
}

// PublishWorkspaces publishes the workspaces of the project at cwd named
// by names (package names or folders; none means all). Every package is
// checked against the registry and packed before the first upload, so a
// broken one stops the run before anything is published; versions
// already on the registry are skipped, so a run can be repeated after a
// failure. Then up to Options.Concurrency packages are uploaded at once,
// a package only after the workspace packages it depends on; the client
// shares the one-time password it gets among them, so one code (or one
// browser approval) serves them all.
//
// It returns one result per workspace, in workspace order, for the
// caller's summary, and a *cmdutil.PartialError when some were not
// published. When a workspace cannot be published at all, or the user
// cancels, it returns no results.
func PublishWorkspaces(ctx context.Context, opts *Options, cwd string, names []string) ([]*WorkspaceResult, error) {
	dirs, err := selectWorkspaces(cwd, names)
	if err != nil {
		return nil, err
	}
	all := make([]*workspace, len(dirs))
	defer func() {
		for _, w := range all {
			if w != nil && w.p != nil {
				w.p.cleanup()
			}
		}
	}()
	for i, dir := range dirs {
		all[i] = loadWorkspace(ctx, opts, dir)
	}
	// A code given up front goes to one registry, chosen now: the reads
	// and uploads that follow run several at once, in no fixed order.
	opts.Client.BindOTP(otpRegistry(opts, all))
	prepareAll(ctx, opts, all)
	attachAllProvenance(ctx, opts, all)
	invalid := 0
	for _, w := range all {
		if w.err != nil {
			invalid++
			fmt.Fprintf(opts.IO.ErrOut, "gonpm error %s: %s\n", termsafe.Line(relTo(cwd, w.dir)), termsafe.Line(w.err.Error()))
		}
	}
	if invalid > 0 {
		return nil, fmt.Errorf("%d of %d workspaces cannot be published (see above); nothing was published", invalid, len(dirs))
	}

	var ready []*workspace
	results := make([]*WorkspaceResult, 0, len(all))
	for _, w := range all {
		results = append(results, w.res)
		if w.res.Status == "" {
			ready = append(ready, w)
		}
	}
	for i, w := range ready {
		if i > 0 && !opts.JSON {
			fmt.Fprintln(opts.IO.ErrOut)
		}
		if !opts.JSON {
			w.p.writeNotice(opts)
		}
		w.p.announce(opts)
	}
	if err := publishAll(ctx, opts, ready); err != nil {
		return nil, err
	}

	failed, refused, mustStage := 0, 0, 0
	for _, w := range all {
		switch w.res.Status {
		case StatusFailed:
			refused++
			if registry.IsStageRequired(w.failure) {
				mustStage++
			}
			failed++
		case StatusNotPublished:
			failed++
		}
	}
	if failed > 0 {
		// Not published ones only followed a failure (a dependency, or
		// --fail-fast): when every failure asks for staging, staging the
		// rest finishes the job.
		return results, &cmdutil.PartialError{Failed: failed, Total: len(results), StageRequired: refused > 0 && mustStage == refused}
	}
	return results, nil
}

// loadWorkspace reads one workspace and makes the checks that need no
// request. A result with a status is not published (private).
func loadWorkspace(ctx context.Context, opts *Options, dir string) *workspace {
	w := &workspace{dir: dir}
	p, err := load(opts, dir)
	if err != nil {
		w.err = err
		return w
	}
	w.p = p
	w.res = &WorkspaceResult{Name: p.name, Version: p.version}
	if p.manifestBool("private") {
		w.res.Status, w.res.Reason = StatusSkipped, "marked as private"
		return w
	}
	p.authorize(ctx, opts)
	w.err = p.preflight(opts)
	return w
}

// otpRegistry is the registry a code given up front belongs to when the
// packages go to several registries: the default registry when any
// package goes there, else the first package's, in workspace order.
func otpRegistry(opts *Options, all []*workspace) string {
	def, _ := opts.Client.Registry()
	first := ""
	for _, w := range all {
		if w.p == nil {
			continue
		}
		if registry.SameOrigin(w.p.registry, def) {
			return w.p.registry
		}
		if first == "" {
			first = w.p.registry
		}
	}
	return first
}

// prepareAll reads the published versions of every workspace to be
// published and builds each one not on the registry yet as soon as its
// versions are in, so packing overlaps the reads. The reads go out
// several at once, in workspace order: on a distant registry these round
// trips are most of the time a check takes. Workspaces with build
// scripts are built one after another in workspace order, as npm runs
// their scripts (one may need what another built); the others only pack
// their files, which nothing else sees, so they are packed side by side,
// one per core (packing is CPU work, and each pack holds its
// compressors: more at once would only add memory), each writing its
// warnings to its own buffer, printed in workspace order.
func prepareAll(ctx context.Context, opts *Options, all []*workspace) {
	var todo []*workspace
	for _, w := range all {
		if w.err == nil && w.res.Status == "" {
			todo = append(todo, w)
		}
	}
	read := make([]chan struct{}, len(todo))
	for i := range read {
		read[i] = make(chan struct{})
	}
	go func() {
		reads := make(chan struct{}, opts.readConcurrency())
		for i, w := range todo {
			reads <- struct{}{}
			go func() {
				defer func() { <-reads; close(read[i]) }()
				w.readVersions(ctx, opts)
			}()
		}
	}()

	outs := make([]bytes.Buffer, len(todo))
	packs := make(chan struct{}, min(opts.concurrency(), runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, w := range todo {
		if !opts.IgnoreScripts && w.p.hasScript(buildScripts...) {
			<-read[i]
			if w.err == nil {
				w.build(ctx, opts)
			}
			continue
		}
		o := *opts
		streams := *opts.IO
		streams.ErrOut = &outs[i]
		o.IO = &streams
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-read[i]
			if w.err != nil {
				return
			}
			packs <- struct{}{}
			defer func() { <-packs }()
			w.build(ctx, &o)
		}()
	}
	wg.Wait()
	for i := range read {
		<-read[i]
	}
	for i := range outs {
		opts.IO.ErrOut.Write(outs[i].Bytes())
	}
}

// readVersions reads the versions of w already on the registry.
func (w *workspace) readVersions(ctx context.Context, opts *Options) {
	p := w.p
	versions, err := fetchVersions(ctx, opts.Client, p.registry, p.name, p.auth)
	if err != nil {
		w.err = fmt.Errorf("cannot read the published versions of %s: %w", p.name, err)
		return
	}
	w.versions = versions
}

// buildScripts are the lifecycle scripts that run while a package is
// built for publishing.
var buildScripts = []string{"prepublishOnly", "prepack", "prepare", "postpack"}

// build skips a version already on the registry, else runs the scripts
// around packing and packs the workspace.
func (w *workspace) build(ctx context.Context, opts *Options) {
	p := w.p
	if w.res.Status != "" {
		return
	}
	if _, ok := w.versions[p.version]; ok {
		w.res.Status, w.res.Reason = StatusSkipped, "already published"
		return
	}
	if err := p.build(ctx, opts); err != nil {
		w.err = err
		return
	}
	if !opts.Force {
		w.err = p.refuseVersion(w.versions)
	}
}

// attachAllProvenance signs (or reads) the provenance of every packed
// workspace that asks for it (--provenance, publishConfig.provenance,
// --provenance-file, automatic provenance), one after the other, before
// anything is uploaded: a workspace whose provenance cannot be made stops
// the run like any other that cannot be published.
func attachAllProvenance(ctx context.Context, opts *Options, all []*workspace) {
	for _, w := range all {
		if w.err == nil && w.res.Status == "" {
			w.err = w.p.attachProvenance(ctx, opts)
		}
	}
}

// publishPrepared uploads a packed package and runs its post-publish
// scripts.
func publishPrepared(ctx context.Context, opts *Options, u *Upload) error {
	if !opts.DryRun {
		if err := u.send(ctx); err != nil {
			return err
		}
	}
	return u.Package.scripts(ctx, opts, "publish", "postpublish")
}

// selectWorkspaces expands the root package.json "workspaces" globs and
// keeps the folders named by names (package name or folder), or all.
func selectWorkspaces(cwd string, names []string) ([]string, error) {
	root, ok := pkgspec.LocalPrefix(cwd)
	if !ok {
		return nil, errors.New("no package.json here or above: --workspaces needs the project root's package.json")
	}
	raw, err := readPackageJSON(root)
	if err != nil {
		return nil, err
	}
	patterns := workspacePatterns(raw["workspaces"])
	if len(patterns) == 0 {
		return nil, fmt.Errorf("%s has no \"workspaces\"", filepath.Join(root, "package.json"))
	}
	var all []string
	seen := map[string]bool{}
	excluded := map[string]bool{}
	for _, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		matches, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(pat, "!"))))
		if err != nil {
			return nil, fmt.Errorf("invalid workspaces pattern %q: %w", pat, err)
		}
		sort.Strings(matches)
		for _, m := range matches {
			if neg {
				excluded[m] = true
				continue
			}
			if _, err := os.Stat(filepath.Join(m, "package.json")); err == nil && !seen[m] {
				seen[m] = true
				all = append(all, m)
			}
		}
	}
	var dirs []string
	for _, d := range all {
		if !excluded[d] {
			dirs = append(dirs, d)
		}
	}
	if len(names) == 0 {
		if len(dirs) == 0 {
			return nil, errors.New("no workspaces found: the \"workspaces\" patterns match no folder with a package.json")
		}
		return dirs, nil
	}
	var picked []string
	for _, n := range names {
		found := false
		for _, d := range dirs {
			if workspaceMatches(cwd, d, n) {
				found = true
				if !contains(picked, d) {
					picked = append(picked, d)
				}
			}
		}
		if !found {
			return nil, cmdutil.FlagErrorf("no workspace found for --workspace=%s", n)
		}
	}
	return picked, nil
}

func workspacePatterns(v any) []string {
	if obj, ok := v.(map[string]any); ok {
		v = obj["packages"]
	}
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// workspaceMatches accepts a package name, or a folder (relative to cwd)
// that is the workspace or holds it.
func workspaceMatches(cwd, dir, arg string) bool {
	if raw, err := readPackageJSON(dir); err == nil {
		if name, _ := raw["name"].(string); name == arg {
			return true
		}
	}
	p := arg
	if !filepath.IsAbs(p) {
		p = filepath.Join(cwd, p)
	}
	rel, err := filepath.Rel(filepath.Clean(p), dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func relTo(base, p string) string {
	if rel, err := filepath.Rel(base, p); err == nil {
		return rel
	}
	return p
}
