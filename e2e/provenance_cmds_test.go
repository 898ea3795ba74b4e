package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/gonpm/gonpm/internal/sigstoretest"
	"github.com/rogpeppe/go-internal/testscript"
)

// Script commands for provenance: local Fulcio and Rekor stand-ins.
func init() {
	registryCommands["sigstore"] = cmdSigstore
}

// sigstore start: start the Fulcio and Rekor stand-ins, point gonpm at
// them (NPM_CONFIG_SIGSTORE_*), make the test registry verify bundles
// against their trusted root ($SIGSTORE_TRUSTED_ROOT), and put in
// $GITHUB_ID_TOKEN an ID token with the claims GitHub Actions gives the
// job octo/repo .github/workflows/publish.yml on refs/heads/main.
// sigstore requests: print "<Fulcio requests> <Rekor requests>".
func cmdSigstore(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sigstore start | sigstore requests")
	}
	switch args[0] {
	case "start":
		ss, stop, err := sigstoretest.New()
		ts.Check(err)
		ts.Defer(stop)
		path, err := ss.WriteTrustedRoot(ts.MkAbs("."))
		ts.Check(err)
		data, err := os.ReadFile(path)
		ts.Check(err)
		ts.Check(server(ts).SetSigstoreTrustedRoot(data))
		ts.Setenv("NPM_CONFIG_SIGSTORE_FULCIO_URL", ss.FulcioURL)
		ts.Setenv("NPM_CONFIG_SIGSTORE_REKOR_URL", ss.RekorURL)
		ts.Setenv("NPM_CONFIG_SIGSTORE_TRUSTED_ROOT", filepath.Clean(path))
		ts.Setenv("SIGSTORE_TRUSTED_ROOT", filepath.Clean(path))
		ts.Setenv("GITHUB_ID_TOKEN", sigstoretest.IDToken(map[string]any{
			"iss": "https://token.actions.githubusercontent.com", "sub": "repo:octo/repo:ref:refs/heads/main",
			"repository": "octo/repo", "repository_owner": "octo", "repository_visibility": "public",
			"job_workflow_ref": "octo/repo/.github/workflows/publish.yml@refs/heads/main",
			"workflow_ref":     "octo/repo/.github/workflows/publish.yml@refs/heads/main",
			"sha":              "deadbeef", "ref": "refs/heads/main", "event_name": "push",
			"runner_environment": "github-hosted", "run_id": "42", "run_attempt": "1",
		}))
		sigstoresMu.Lock()
		sigstores[ts] = ss
		sigstoresMu.Unlock()
		ts.Defer(func() {
			sigstoresMu.Lock()
			delete(sigstores, ts)
			sigstoresMu.Unlock()
		})
	case "requests":
		sigstoresMu.Lock()
		ss := sigstores[ts]
		sigstoresMu.Unlock()
		if ss == nil {
			ts.Fatalf("no sigstore started")
		}
		f, r := ss.Requests()
		fmt.Fprintf(ts.Stdout(), "%d %d\n", f, r)
	default:
		ts.Fatalf("unknown sigstore subcommand %q", args[0])
	}
}

var (
	sigstoresMu sync.Mutex
	sigstores   = map[*testscript.TestScript]*sigstoretest.Sigstore{}
)
