package cmd

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
)

// useColor decides, as npm does, whether stderr gets colour: color=always
// always, color=false (or --no-color) never, otherwise on a terminal only;
// unset, it defaults to true unless NO_COLOR is set to anything but "0".
func useColor(f *cmdutil.Factory) bool {
	value := ""
	if cfg, err := f.Config(); err == nil {
		value = cfg.Get("color")
	}
	if value == "" {
		if nc := f.Getenv("NO_COLOR"); nc != "" && nc != "0" {
			value = "false"
		}
	}
	switch value {
	case "always":
		return true
	case "false", "0":
		return false
	}
	return f.IOStreams.IsStderrTTY()
}

// errorPrefix starts the error line: "gonpm error", with npm's colours
// when colour is on (the name bold, the label red).
func errorPrefix(f *cmdutil.Factory) string {
	if useColor(f) {
		return "\x1b[1mgonpm\x1b[22m \x1b[31merror\x1b[39m"
	}
	return "gonpm error"
}
