package stage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/jsonobject"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/internal/staging"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// outcome is what happened to one id of an approve or reject.
type outcome struct {
	ID   string
	Done bool
	Err  error
	// Provenance is the version's provenance as checked before approving
	// (nil when it was not checked).
	Provenance *staging.Provenance
}

// decideAll runs act on every id in order, one registry client for all,
// so the one-time password (or browser approval) obtained for the first
// serves the rest. A missing or refused code stops at once: the rest
// would meet the same challenge.
func decideAll(ctx context.Context, ids []string, act func(context.Context, string) error) []outcome {
	out := make([]outcome, 0, len(ids))
	stop := false
	for _, id := range ids {
		if stop {
			out = append(out, outcome{ID: id, Err: errNotTried})
			continue
		}
		err := act(ctx, id)
		out = append(out, outcome{ID: id, Done: err == nil, Err: err})
		var otpErr *registry.OTPError
		if errors.As(err, &otpErr) || errors.Is(err, cmdutil.ErrCancel) || ctx.Err() != nil {
			stop = true
		}
	}
	return out
}

var errNotTried = errors.New("not tried after the earlier failure")

// result turns the outcomes into the command's error: nil when all were
// done; the one error when nothing was done; a partial failure (exit 3)
// naming what was and was not done otherwise.
func result(verb string, outs []outcome) error {
	var done, notDone []string
	var first error
	for _, o := range outs {
		if o.Done {
			done = append(done, o.ID)
			continue
		}
		notDone = append(notDone, o.ID)
		if first == nil {
			first = o.Err
		}
	}
	switch {
	case len(notDone) == 0:
		return nil
	case len(done) == 0 && len(outs) == 1:
		return fmt.Errorf("staged package %s was not %s: %w", outs[0].ID, verb, first)
	case len(done) == 0:
		return fmt.Errorf("none of %s was %s: %w", joinIDs(notDone), verb, first)
	}
	var reasons []string
	for _, o := range outs {
		if !o.Done {
			reasons = append(reasons, o.ID+" ("+o.Err.Error()+")")
		}
	}
	return fmt.Errorf("%s %s; not %s: %s: %w", verb, joinIDs(done), verb, strings.Join(reasons, ", "),
		&cmdutil.PartialError{Failed: len(notDone), Total: len(outs)})
}

// writeOutcomes prints npm's success line for each id done, or with
// --json one array saying what happened to each id (npm prints its text
// line even with --json, which no JSON reader can take).
func writeOutcomes(w io.Writer, json bool, key string, outs []outcome, line func(id string) string) error {
	if !json {
		for _, o := range outs {
			if o.Done {
				fmt.Fprintln(w, termsafe.Line(line(o.ID)))
			}
		}
		return nil
	}
	list := make([]map[string]any, 0, len(outs))
	for _, o := range outs {
		entry := map[string]any{"id": o.ID, key: o.Done}
		if o.Err != nil {
			entry["error"] = o.Err.Error()
		}
		if o.Provenance != nil {
			entry["provenance"] = o.Provenance
		}
		list = append(list, entry)
	}
	data, err := jsonobject.Indent(list)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// idsOfPackage lists the ids of every staged version of name, for --all.
func idsOfPackage(ctx context.Context, api *staging.Client, name string) ([]string, error) {
	items, err := api.List(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("could not list the staged versions of %s: %w", name, err)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("no staged versions of %s", name)
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, staging.Item{Object: it}.ID())
	}
	return ids, nil
}
