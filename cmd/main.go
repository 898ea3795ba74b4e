// Package cmd builds gonpm's root command, wires the shared dependencies,
// and turns errors into messages and exit codes.
package cmd

import (
	"context"
	"fmt"
	stdio "io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/spf13/cobra"
)

// Main runs gonpm with the process's arguments and streams and returns the
// exit code.
func Main() int {
	return Run(context.Background(), os.Args[1:], iostreams.System(), os.Getenv, os.Environ())
}

// Run runs gonpm with explicit arguments, streams and environment.
func Run(ctx context.Context, args []string, io *iostreams.IOStreams, getenv func(string) string, environ []string) int {
	// `gonpm --version` alone needs nothing else: answer before building
	// the factory and the command tree, which are most of what start-up
	// spends in gonpm's own code. The text is cobra's version template.
	if len(args) == 1 && args[0] == "--version" {
		fmt.Fprintln(io.Out, currentBuild().Version)
		return 0
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	f, inv := newFactory(io, getenv, environ)
	root := newCmdRoot(f, inv)
	root.SetArgs(colorArgs(args))
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	if cmd != nil {
		// Argument checks run before the pre-run hook: a flag that
		// swallowed the next one explains a wrong argument count too.
		if swallowed := checkSwallowedFlags(cmd.Flags()); swallowed != nil {
			err = swallowed
		}
	}
	if inv.flags == nil && cmd != nil {
		// The command's flags were parsed but its pre-run hook did not
		// run (wrong arguments): configuration reads them all the same,
		// so --no-color and --loglevel apply to the error line.
		inv.flags = cmd.Flags()
	}
	setUpStderr(f, inv)
	var jsonOut stdio.Writer
	if wantsJSON(f, cmd) {
		jsonOut = io.Out
	}
	printError(io.ErrOut, jsonOut, f, err, cmd)
	return exitCode(err)
}

// wantsJSON says whether --json (or json=true in any configuration layer)
// is in force. The command line is read from the command cobra ran (its
// flags are parsed even when its arguments were refused), the rest from
// the configuration.
func wantsJSON(f *cmdutil.Factory, cmd *cobra.Command) bool {
	if cmd != nil {
		if flag := cmd.Flags().Lookup("json"); flag != nil && flag.Changed {
			return flag.Value.String() == "true"
		}
	}
	cfg, err := f.Config()
	return err == nil && cfg.Bool("json")
}
