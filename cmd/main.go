// Package cmd builds gonpm's root command, wires the shared dependencies,
// and turns errors into messages and exit codes.
package cmd

import (
	"context"
	"fmt"
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
	// `gonpm --version` alone needs nothing else: answer before building
	// the factory and the command tree, which are most of what start-up
	// spends in gonpm's own code. The text is cobra's version template.
	if len(args) == 1 && args[0] == "--version" {
		fmt.Fprintln(io.Out, Version)
		return 0
	}
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
	printError(io.ErrOut, f, err, cmd)
	return exitCode(err)
}
