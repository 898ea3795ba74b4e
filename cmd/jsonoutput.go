package cmd

import (
	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/spf13/cobra"
)

// warnIgnoredJSON says, after a command succeeded, that it printed text
// although --json (or json=true in a configuration layer) asked for JSON.
// npm ignores --json silently there; a script reading stdout as JSON
// would then fail with no hint why. The warning names where json=true
// came from, so it can be removed. It comes last, when the text is
// already out, and only on success: an error is printed as JSON.
func warnIgnoredJSON(f *cmdutil.Factory, cmd *cobra.Command, args []string) {
	support, _ := cmdutil.JSONSupportOf(cmd)
	if !support.IgnoresJSON(args) {
		return
	}
	cfg, err := f.Config()
	if err != nil || !cfg.Bool("json") {
		return
	}
	name := cmd.CommandPath()
	if cmd.HasParent() {
		name = name[len(cmd.Root().Name())+1:]
	}
	f.Logger().Warnf("%s has no JSON output; %s is ignored", name, jsonSource(cfg))
}

// jsonSource names where json=true was set: "--json", "json=true in
// /home/me/.npmrc", "json=true from the environment".
func jsonSource(cfg *config.Config) string {
	_, layer, _ := cfg.Lookup("json")
	switch layer {
	case config.LayerCLI:
		return "--json"
	case config.LayerEnv:
		return "json=true from the environment"
	}
	if file := cfg.FilePath(layer); file != "" {
		return "json=true in " + file
	}
	return "json=true"
}
