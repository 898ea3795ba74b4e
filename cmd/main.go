// Package cmd builds gonpm's root command, wires the shared dependencies,
// and turns errors into messages and exit codes.
package cmd

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/gonpm/gonpm/internal/iostreams"
)

// Version is gonpm's version, set at build time with
// -ldflags "-X github.com/gonpm/gonpm/cmd.Version=...".
var Version = "0.1.0-dev"

// Main runs gonpm with the process's arguments and streams and returns the
// exit code.
func Main() int {
	return Run(context.Background(), os.Args[1:], iostreams.System(), os.Getenv, os.Environ())
}

// Run runs gonpm with explicit arguments, streams and environment.
func Run(ctx context.Context, args []string, io *iostreams.IOStreams, getenv func(string) string, environ []string) int {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	f, inv := newFactory(io, getenv, environ)
	root := newCmdRoot(f, inv)
	root.SetArgs(args)
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
	printError(io.ErrOut, f, err, cmd)
	return exitCode(err)
}
