// Package cmdutil holds what every command shares: the factory of
// dependencies and the error types that decide exit codes.
package cmdutil

import (
	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/iostreams"
	"github.com/gonpm/gonpm/registry"
)

// Factory carries the shared dependencies of commands. Fields that are
// costly or can fail are functions, evaluated when a command needs them.
type Factory struct {
	IOStreams *iostreams.IOStreams

	// Version is gonpm's version, for --version and the user agent.
	Version string

	// Config loads the layered npm configuration (files, env, flags).
	Config func() (*config.Config, error)

	// RegistryClient returns the one shared registry client, configured
	// for the running command.
	RegistryClient func() (*registry.Client, error)

	// Getenv reads the environment the command runs in.
	Getenv func(string) string

	// Cwd is the working directory the command runs in.
	Cwd string
}
