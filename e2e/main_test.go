package e2e

import (
	"fmt"

	"github.com/gonpm/gonpm/internal/registrytest"
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
		// print-totp stands in for an authenticator CLI such as
		// `oathtool --totp`: it prints the code for $TOTP_SECRET.
		"print-totp": printTOTP,
	})
}

func printTOTP() {
	// $TOTP_CLOCK_FILE: see the fakeclock script command.
	code, err := registrytest.TOTPCode(os.Getenv("TOTP_SECRET"), fakeNow(os.Getenv("TOTP_CLOCK_FILE")))
	if err != nil {
		fmt.Fprintln(os.Stderr, "print-totp:", err)
		os.Exit(1)
	}
	fmt.Println(code)
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
