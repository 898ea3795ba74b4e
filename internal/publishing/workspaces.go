package publishing

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/pkgspec"
	"github.com/gonpm/gonpm/internal/tarball"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// WorkspaceResult is one line of the workspace summary.
type WorkspaceResult struct {
	Name    string            `json:"name"`
	Version string            `json:"version"`
	Status  string            `json:"status"` // published, skipped, failed, would publish
	Reason  string            `json:"reason,omitempty"`
	Dist    *tarball.Contents `json:"contents,omitempty"`
}

// PublishWorkspaces publishes the workspaces of the project at cwd named
// by names (package names or folders; none means all) back to back. Every
// package is packed and checked before the first upload, so a broken one
// stops the run before anything is published; versions already on the
// registry are skipped, so a run can be repeated after a failure. The
// client keeps the one-time password it gets for the first upload, so one
// code (or one browser approval) serves them all.
//
// It returns one result per workspace, for the caller's summary, and a
// *cmdutil.PartialError when some failed. When a workspace cannot be
// published at all, or the user cancels, it returns no results.
func PublishWorkspaces(ctx context.Context, opts *Options, cwd string, names []string) ([]*WorkspaceResult, error) {
	dirs, err := selectWorkspaces(cwd, names)
	if err != nil {
		return nil, err
	}
	var (
		ready   []*Package
		results []*WorkspaceResult
		invalid int
	)
	defer func() {
		for _, p := range ready {
			p.cleanup()
		}
	}()
	for _, dir := range dirs {
		p, res, err := prepareWorkspace(ctx, opts, dir)
		if err != nil {
			invalid++
			fmt.Fprintf(opts.IO.ErrOut, "gonpm error %s: %s\n", termsafe.Line(relTo(cwd, dir)), termsafe.Line(err.Error()))
			continue
		}
		results = append(results, res)
		if res.Status == "" {
			ready = append(ready, p)
		}
	}
	if invalid > 0 {
		return nil, fmt.Errorf("%d of %d workspaces cannot be published (see above); nothing was published", invalid, len(dirs))
	}

	failed := 0
	for i, p := range ready {
		res := findResult(results, p)
		if i > 0 && !opts.JSON {
			fmt.Fprintln(opts.IO.ErrOut)
		}
		if !opts.JSON {
			p.writeNotice(opts)
		}
		p.announce(opts)
		err := publishPrepared(ctx, opts, p)
		switch {
		case err != nil:
			failed++
			res.Status, res.Reason = "failed", err.Error()
			fmt.Fprintf(opts.IO.ErrOut, "gonpm error %s@%s: %s\n", termsafe.Line(p.name), termsafe.Line(p.version), termsafe.Line(err.Error()))
			if errors.Is(err, cmdutil.ErrCancel) {
				return nil, err
			}
		case opts.DryRun:
			res.Status = "would publish"
		default:
			res.Status = "published"
		}
		contents := p.contents
		res.Dist = &contents
	}

	if failed > 0 {
		return results, &cmdutil.PartialError{Failed: failed, Total: len(results)}
	}
	return results, nil
}

// prepareWorkspace loads, checks and packs one workspace. A result with a
// status is not published (private, or already on the registry).
func prepareWorkspace(ctx context.Context, opts *Options, dir string) (*Package, *WorkspaceResult, error) {
	p, err := load(opts, dir)
	if err != nil {
		return nil, nil, err
	}
	res := &WorkspaceResult{Name: p.name, Version: p.version}
	if p.manifestBool("private") {
		res.Status, res.Reason = "skipped", "marked as private"
		return p, res, nil
	}
	p.authorize(ctx, opts)
	if err := p.preflight(opts); err != nil {
		return nil, nil, err
	}
	versions, err := fetchVersions(ctx, opts.Client, p.registry, p.name, p.auth)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read the published versions of %s: %w", p.name, err)
	}
	if _, ok := versions[p.version]; ok {
		res.Status, res.Reason = "skipped", "already published"
		return p, res, nil
	}
	if err := p.build(ctx, opts); err != nil {
		p.cleanup()
		return nil, nil, err
	}
	if !opts.Force {
		if err := p.refuseVersion(versions); err != nil {
			p.cleanup()
			return nil, nil, err
		}
	}
	return p, res, nil
}

// publishPrepared uploads a packed package and runs its post-publish
// scripts.
func publishPrepared(ctx context.Context, opts *Options, p *Package) error {
	if !opts.DryRun {
		if err := p.upload(ctx, opts); err != nil {
			return err
		}
	}
	return p.scripts(ctx, opts, "publish", "postpublish")
}

func findResult(results []*WorkspaceResult, p *Package) *WorkspaceResult {
	for _, r := range results {
		if r.Name == p.name && r.Version == p.version {
			return r
		}
	}
	return &WorkspaceResult{}
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
