package publish

import (
	"fmt"

	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/publishing"
)

// writeSummary prints one line per workspace, or the JSON report keyed by
// package name.
func writeSummary(io *iostreams.IOStreams, json bool, results []*publishing.WorkspaceResult) error {
	if json {
		out := make(map[string]*publishing.WorkspaceResult, len(results))
		for _, r := range results {
			out[r.Name] = r
		}
		return writeJSON(io.Out, out)
	}
	for _, r := range results {
		id := r.Name + "@" + r.Version
		switch r.Status {
		case "published", "would publish":
			fmt.Fprintf(io.Out, "+ %s\n", id)
		case "skipped":
			fmt.Fprintf(io.Out, "skipped %s: %s\n", id, r.Reason)
		default:
			fmt.Fprintf(io.Out, "failed %s: %s\n", id, r.Reason)
		}
	}
	return nil
}
