package cmd

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/spf13/cobra"
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

// setUpStderr puts npm's log level and colours in front of stderr, once:
// every line that starts "gonpm <level>" — from the logger, from a
// command, the final error line — is dropped above the log level and,
// when colour is on, starts in npm's colours. Lines are written plain and
// coloured on the way out, so the level filter always reads plain text.
func setUpStderr(f *cmdutil.Factory, inv *invocation) {
	if inv.stderrReady {
		return
	}
	inv.stderrReady = true
	level := logger.Notice
	if cfg, err := f.Config(); err == nil {
		if l, err := logger.ParseLevel(cfg.Get("loglevel")); err == nil {
			level = l
		}
	}
	if color := useColor(f); color || level < logger.Notice {
		f.IOStreams.ErrOut = logger.LabelWriter(f.IOStreams.ErrOut, level, color)
	}
}

// colorArgs reads npm's space-separated colour values, which pflag cannot
// (its --color takes a value only after "="), as npm's option parser
// does: "--color always", "--color true" and "--color false" become
// --color=always, --color=true and --color=false; after --no-color, true
// is false, false is true and always is always. --color followed by
// anything else stays a bare --color (true), so the next word remains an
// argument. Nothing after "--" is a flag, and the arguments of a shell
// completion request are left as typed.
func colorArgs(args []string) []string {
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		return args
	}
	var out []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return append(out, args[i:]...)
		}
		if (arg == "--color" || arg == "--no-color") && i+1 < len(args) {
			if value, ok := colorValue(arg == "--no-color", args[i+1]); ok {
				out = append(out, "--color="+value)
				i++
				continue
			}
		}
		out = append(out, arg)
	}
	return out
}

// colorValue is the colour setting that "--color next" (or, negated,
// "--no-color next") gives in npm, and whether next is a value at all.
func colorValue(negated bool, next string) (string, bool) {
	switch next {
	case "always":
		return "always", true
	case "true", "false":
		if (next == "true") != negated {
			return "true", true
		}
		return "false", true
	}
	return "", false
}
