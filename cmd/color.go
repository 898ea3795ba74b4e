package cmd

import (
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/logger"
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
