package e2e

import (
	"fmt"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	registryCommands["staged"] = cmdStaged
}

// staged add <actor> <pkg> <version> <tag> <VAR>: stage a version as actor
// had staged it, and put its id in $VAR.
// staged list [<pkg>]: the staged versions, "<pkg>@<version> <tag> <actor>
// <actor type>" one a line, or "none".
func cmdStaged(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: staged add|list ...")
	}
	srv := server(ts)
	switch {
	case args[0] == "add" && len(args) == 6:
		ts.Setenv(args[5], srv.StageVersion(args[1], args[2], args[3], args[4], nil))
	case args[0] == "list" && len(args) <= 2:
		name := ""
		if len(args) == 2 {
			name = args[1]
		}
		list := srv.StagedVersions(name)
		for _, s := range list {
			fmt.Fprintf(ts.Stdout(), "%s@%s %s %s %s\n", s.Package, s.Version, s.Tag, s.Actor, s.ActorType)
		}
		if len(list) == 0 {
			fmt.Fprintln(ts.Stdout(), "none")
		}
	default:
		ts.Fatalf("usage: staged add <actor> <pkg> <version> <tag> <VAR> | staged list [<pkg>]")
	}
}
