package cmdutil

import (
	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/iostreams"
	"github.com/gonpm/gonpm/internal/logger"
	"github.com/gonpm/gonpm/internal/registry"
	"github.com/gonpm/gonpm/otpprompt"
)

// AccountDeps are what a command on the logged-in account (profile,
// token) takes from the factory; the costly ones are evaluated when it runs.
type AccountDeps struct {
	IO             *iostreams.IOStreams
	Config         func() (*config.Config, error)
	RegistryClient func() (*registry.Client, error)
	Prompter       otpprompt.Prompter
	// Secrets collects every secret the command handles, so no log line
	// or error message shows it.
	Secrets *logger.Secrets
	Logger  func() *logger.Logger
}

// NewAccountDeps takes the account dependencies from the factory.
func NewAccountDeps(f *Factory) AccountDeps {
	return AccountDeps{IO: f.IOStreams, Config: f.Config, RegistryClient: f.RegistryClient, Prompter: f.Prompter, Secrets: f.Secrets, Logger: f.Logger}
}

// Account is what an account command works with once its dependencies are
// evaluated.
type Account struct {
	IO       *iostreams.IOStreams
	Client   *registry.Client
	Config   *config.Config
	Prompter otpprompt.Prompter
	Secrets  *logger.Secrets
	Logger   *logger.Logger
	// Registry is the `registry` config: npm uses it for profiles and
	// tokens, never a scope's registry.
	Registry  string
	JSON      bool
	Parseable bool
}

// Account evaluates the dependencies.
func (d AccountDeps) Account() (*Account, error) {
	cfg, client, err := ConfigAndClient(d.Config, d.RegistryClient)
	if err != nil {
		return nil, err
	}
	reg, err := cfg.Registry()
	if err != nil {
		return nil, err
	}
	return &Account{
		IO:        d.IO,
		Client:    client,
		Config:    cfg,
		Prompter:  d.Prompter,
		Secrets:   d.Secrets,
		Logger:    d.Logger(),
		Registry:  reg,
		JSON:      cfg.Bool("json"),
		Parseable: cfg.Bool("parseable"),
	}, nil
}
