package e2e

import (
	"os"
	"testing"

	"github.com/gonpm/gonpm/cmd"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets scripts `exec gonpm`: the test binary runs as gonpm when
// invoked under that name.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"gonpm": func() { os.Exit(cmd.Main()) },
	})
}

// TestScripts runs every testdata/script/*.txtar against a fresh test
// registry.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:   "testdata/script",
		Setup: setupTestRegistry,
		Cmds:  registryCommands,
	})
}
