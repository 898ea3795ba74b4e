package config

import (
	"fmt"
	"strings"
)

// runGet prints one value alone, or key=value lines for several keys, as
// npm does; an unset key prints "undefined". Secrets are refused.
func runGet(opts *Options) error {
	if len(opts.Args) == 0 {
		return runList(opts)
	}
	var lines []string
	for _, key := range opts.Args {
		val, _, ok := opts.Config.Lookup(key)
		if isPrivate(key, val) {
			return errProtected(key)
		}
		if !ok {
			val = "undefined"
		}
		if len(opts.Args) > 1 {
			val = key + "=" + val
		}
		lines = append(lines, val)
	}
	_, err := fmt.Fprintln(opts.IO.Out, strings.Join(lines, "\n"))
	return err
}
