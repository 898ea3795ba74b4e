package config

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	npmconfig "github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// ListOptions is what `gonpm config list` works with.
type ListOptions struct {
	IO     *iostreams.IOStreams
	Config func() (*npmconfig.Config, error)

	Long bool // show default values too
}

// NewCmdList builds `gonpm config list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Config: f.Config}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the configuration, layer by layer",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := location(cmd); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Long, "long", "l", false, "Show default values too")
	return cmdutil.DeclareJSON(cmd, cmdutil.JSONOutput)
}

// numberKeys are npm's numeric keys; npm prints their values unquoted.
var numberKeys = map[string]bool{
	"depth": true, "diff-unified": true, "expires": true, "fetch-retries": true,
	"fetch-retry-factor": true, "fetch-retry-maxtimeout": true, "fetch-retry-mintimeout": true,
	"fetch-timeout": true, "logs-max": true, "maxsockets": true, "searchlimit": true,
	"searchstaleness": true, "min-release-age": true,
}

// typed returns the JSON value npm would hold for a config value: booleans,
// null and numbers of numeric keys are not strings.
func typed(key, value string) any {
	switch value {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	if numberKeys[key] {
		if n, err := strconv.ParseFloat(value, 64); err == nil {
			return n
		}
	}
	return value
}

// display formats one `key = value` line of `config list`.
func display(key, value string) string {
	if isProtected(key) {
		return key + " = (protected)"
	}
	b, _ := json.Marshal(typed(key, redact(value)))
	return key + " = " + string(b)
}

// sourceName is how npm names where a layer came from.
func sourceName(layer, file string) string {
	switch layer {
	case npmconfig.LayerDefault:
		return "default values"
	case npmconfig.LayerEnv:
		return "environment"
	case npmconfig.LayerCLI:
		return "command line options"
	}
	return file
}

func listRun(opts *ListOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	return printList(opts.IO, cfg, cfg.Bool("json"), opts.Long)
}

// printList prints the configuration layer by layer like `npm config
// list`: overridden keys are commented out and secrets show as
// (protected). With --json it prints every resolved key but the private
// ones.
func printList(ios *iostreams.IOStreams, cfg *npmconfig.Config, asJSON, long bool) error {
	if asJSON {
		return listJSON(ios, cfg)
	}
	var shown []npmconfig.Entry
	for _, e := range cfg.List() {
		if e.Layer != npmconfig.LayerDefault || long {
			shown = append(shown, e)
		}
	}
	var b strings.Builder
	for i, e := range shown {
		if i == 0 || e.Layer != shown[i-1].Layer {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "; %q config from %s\n\n", e.Layer, sourceName(e.Layer, e.File))
		}
		line := display(e.Key, e.Expanded)
		if _, winner, _ := cfg.Lookup(e.Key); winner != e.Layer {
			line = fmt.Sprintf("; %s ; overridden by %s", line, winner)
		}
		b.WriteString(line + "\n")
	}
	if len(shown) > 0 {
		b.WriteString("\n")
	}
	if !long {
		b.WriteString("; Run `gonpm config ls -l` to show all defaults.\n")
	}
	_, err := fmt.Fprint(ios.Out, b.String())
	return err
}

func listJSON(ios *iostreams.IOStreams, cfg *npmconfig.Config) error {
	out := map[string]any{}
	for _, e := range cfg.List() {
		val, _, _ := cfg.Lookup(e.Key)
		if isPrivate(e.Key, val) {
			continue
		}
		out[e.Key] = typed(e.Key, val)
	}
	enc := json.NewEncoder(ios.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
