package publish

import (
	"fmt"

	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/publishing"
	"github.com/gonpm/gonpm/internal/termsafe"
)

// writeSummary prints one line per workspace, in workspace order, or the
// JSON report keyed by package name.
func writeSummary(ios *iostreams.IOStreams, asJSON bool, results []*publishing.WorkspaceResult) error {
	if asJSON {
		out := make(map[string]*publishing.WorkspaceResult, len(results))
		for _, r := range results {
			out[r.Name] = r
		}
		return writeJSON(ios.Out, out)
	}
	for _, r := range results {
		id := r.Name + "@" + r.Version
		switch r.Status {
		case publishing.StatusPublished, publishing.StatusWouldPublish:
			fmt.Fprintf(ios.Out, "+ %s\n", termsafe.Line(id))
		case publishing.StatusSkipped:
			fmt.Fprintf(ios.Out, "skipped %s: %s\n", termsafe.Line(id), termsafe.Line(r.Reason))
		case publishing.StatusNotPublished:
			fmt.Fprintf(ios.Out, "not published %s: %s\n", termsafe.Line(id), termsafe.Line(r.Reason))
		default:
			fmt.Fprintf(ios.Out, "failed %s: %s\n", termsafe.Line(id), termsafe.Line(r.Reason))
		}
	}
	return nil
}
