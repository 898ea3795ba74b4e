// Package cmdutil holds what every command shares: the factory of
// dependencies and the error types that decide exit codes.
package cmdutil

import (
	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/browser"
	"github.com/gonpm/gonpm/internal/ciinfo"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
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

	// Logger writes diagnostics to stderr at the configured level.
	Logger func() *logger.Logger

	// Secrets are masked in every log line and error message.
	Secrets *logger.Secrets

	// Prompter asks the person at the terminal.
	Prompter otpprompt.Prompter

	// Browser opens approval pages.
	Browser browser.Browser

	// CI says whether this runs in a CI job.
	CI ciinfo.Info

	// Getenv reads the environment the command runs in.
	Getenv func(string) string

	// Cwd is the working directory the command runs in.
	Cwd string
}
