package publishing

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// dependencyFields are the manifest fields whose packages a user
// installing the dependent gets too; devDependencies are not installed
// with it.
var dependencyFields = []string{"dependencies", "optionalDependencies", "peerDependencies"}

// linkDependencies records, for each workspace, the workspaces among
// ready that it depends on, so they are published first. Any range
// counts: whether it matches the version being published or not, sending
// the dependency first costs only a little parallelism, and it spares a
// copy of npm's range matching. Aliases (npm:), URLs, git and file specs
// name something else and do not count. A cycle is cut where the walk in
// workspace order closes it, so the order stays deterministic.
func linkDependencies(ready []*workspace) {
	byName := make(map[string]*workspace, len(ready))
	for _, w := range ready {
		byName[w.p.name] = w
	}
	for _, w := range ready {
		seen := map[*workspace]bool{}
		for _, field := range dependencyFields {
			deps, _ := w.p.raw[field].(map[string]any)
			for name, spec := range deps {
				d := byName[name]
				s, _ := spec.(string)
				if d == nil || d == w || seen[d] || !isRegistrySpec(s) {
					continue
				}
				seen[d] = true
				w.deps = append(w.deps, d)
			}
		}
		// Map order is random; keep workspace order.
		sortByIndex(w.deps, ready)
	}
	cutCycles(ready)
}

// isRegistrySpec tells a version range (or tag, or workspace:) from a
// spec that fetches something other than the registry's package.
func isRegistrySpec(spec string) bool {
	for _, prefix := range []string{"npm:", "file:", "link:", "git", "http:", "https:", "github:"} {
		if strings.HasPrefix(spec, prefix) {
			return false
		}
	}
	return !strings.Contains(spec, "/") || strings.HasPrefix(spec, "workspace:")
}

func sortByIndex(list, order []*workspace) {
	pos := make(map[*workspace]int, len(order))
	for i, w := range order {
		pos[w] = i
	}
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && pos[list[j]] < pos[list[j-1]]; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// cutCycles drops the dependency edges that close a cycle in a
// depth-first walk in workspace order.
func cutCycles(ready []*workspace) {
	const (
		unseen = iota
		onPath
		finished
	)
	state := make(map[*workspace]int, len(ready))
	var visit func(w *workspace)
	visit = func(w *workspace) {
		state[w] = onPath
		kept := w.deps[:0]
		for _, d := range w.deps {
			if state[d] == onPath {
				continue
			}
			if state[d] == unseen {
				visit(d)
			}
			kept = append(kept, d)
		}
		w.deps = kept
		state[w] = finished
	}
	for _, w := range ready {
		if state[w] == unseen {
			visit(w)
		}
	}
}

// publishAll uploads the ready workspaces, up to Options.Concurrency at
// once. One goroutine decides what starts: the first workspace, in
// workspace order, whose dependencies have all finished; with a
// concurrency of 1 that is workspace order itself. A workspace whose
// dependency was not published is not sent (a user installing it would
// find the dependency missing). After a failure, --fail-fast starts
// nothing more; uploads already going are let finish, since stopping one
// halfway leaves nobody knowing whether it landed. Every result is set on
// return; the error is only a cancellation (Ctrl-C at a prompt).
func publishAll(ctx context.Context, opts *Options, ready []*workspace) error {
	if len(ready) == 0 {
		return nil
	}
	linkDependencies(ready)
	o := *opts
	opts = &o
	sizes := make([]int64, len(ready))
	for i, w := range ready {
		u, err := w.p.newUpload(opts)
		if err != nil {
			return err
		}
		w.upload = u
		sizes[i] = u.body.Len()
	}
	tty := opts.IO.IsStderrTTY() && !opts.JSON
	progress := newWorkspaceProgress(opts.IO.ErrOut, tty, sizes)
	streams := *opts.IO
	streams.ErrOut = progress
	opts.IO = &streams
	if tty {
		opts.Client.SetOTPHook(progress.pause)
		defer opts.Client.SetOTPHook(nil)
	}
	defer progress.close()
	for i, w := range ready {
		w.upload.opts = opts
		w.upload.progress = nil // one line for all, not a bar each
		w.upload.sending = progress.sending(i)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type outcome struct {
		w   *workspace
		err error
	}
	outcomes := make(chan outcome)
	pending := append([]*workspace(nil), ready...)
	running, limit := 0, opts.concurrency()
	var (
		stopped   string // why nothing more starts
		cancelled error
	)
	for {
		for running < limit && stopped == "" {
			w := nextStartable(pending)
			if w == nil {
				break
			}
			pending = remove(pending, w)
			if d := failedDependency(w); d != nil {
				w.res.Status = StatusNotPublished
				w.res.Reason = fmt.Sprintf("it depends on %s@%s, which was not published", d.p.name, d.p.version)
				progress.finished(fmt.Sprintf("gonpm error %s: not published: %s", termsafe.Line(w.p.name+"@"+w.p.version), termsafe.Line(w.res.Reason)), true)
				continue
			}
			running++
			go func() {
				outcomes <- outcome{w, publishPrepared(ctx, opts, w.upload)}
			}()
		}
		if running == 0 {
			break
		}
		out := <-outcomes
		running--
		w := out.w
		contents := w.p.contents
		w.res.Dist = &contents
		id := w.p.name + "@" + w.p.version
		switch {
		case out.err != nil:
			w.res.Status, w.res.Reason, w.failure = StatusFailed, out.err.Error(), out.err
			progress.finished(fmt.Sprintf("gonpm error %s: %s", termsafe.Line(id), termsafe.Line(out.err.Error())), true)
			if errors.Is(out.err, cmdutil.ErrCancel) || errors.Is(out.err, context.Canceled) && ctx.Err() != nil {
				cancelled = out.err
				stopped = "cancelled"
				cancel()
			} else if opts.FailFast && stopped == "" {
				stopped = "stopped after the failure of " + id + " (--fail-fast)"
			}
		case opts.DryRun:
			w.res.Status = StatusWouldPublish
			progress.finished(fmt.Sprintf("%s would publish %s (%d/%d, dry-run)", noticePrefix, termsafe.Line(id), progress.done+1, len(ready)), false)
		default:
			w.res.Status = StatusPublished
			progress.finished(fmt.Sprintf("%s %s %s (%d/%d)", noticePrefix, doneVerb(opts.Verb), termsafe.Line(id), progress.done+1, len(ready)), false)
		}
	}
	if cancelled != nil {
		return cancelled
	}
	for _, w := range pending {
		w.res.Status, w.res.Reason = StatusNotPublished, stopped
	}
	return nil
}

// nextStartable is the first pending workspace whose dependencies have
// all finished (have a status).
func nextStartable(pending []*workspace) *workspace {
	for _, w := range pending {
		ok := true
		for _, d := range w.deps {
			if d.res.Status == "" {
				ok = false
				break
			}
		}
		if ok {
			return w
		}
	}
	return nil
}

// failedDependency is a dependency of w that was not published.
func failedDependency(w *workspace) *workspace {
	for _, d := range w.deps {
		if d.res.Status == StatusFailed || d.res.Status == StatusNotPublished {
			return d
		}
	}
	return nil
}

func remove(list []*workspace, w *workspace) []*workspace {
	for i, x := range list {
		if x == w {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// doneVerb is the log line's word for a package sent: "published", or
// from Options.Verb ("Staging" gives "staged").
func doneVerb(verb string) string {
	if stem, ok := strings.CutSuffix(strings.ToLower(verb), "ing"); ok && stem != "" {
		return stem + "ed"
	}
	return "published"
}
