package e2e

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	registryCommands["trustconfigs"] = cmdTrustConfigs
}

// trustconfigs <pkg>: the package's trust configurations on the test
// registry, "<type> <id> <claims JSON> <permissions>" one a line, or "none".
func cmdTrustConfigs(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: trustconfigs <pkg>")
	}
	configs := server(ts).TrustConfigs(args[0])
	for _, c := range configs {
		data, _ := json.Marshal(c.Claims)
		fmt.Fprintf(ts.Stdout(), "%s %s %s %s\n", c.Type, c.ID, data, strings.Join(c.Permissions, ","))
	}
	if len(configs) == 0 {
		fmt.Fprintln(ts.Stdout(), "none")
	}
}
