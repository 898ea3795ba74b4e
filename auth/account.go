package auth

import (
	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/cmdutil"
	"github.com/gonpm/gonpm/internal/registry"
)

// account evaluates what every account command needs: the configuration,
// the client, and the registry of the account (the --scope's registry when
// one is configured).
func account(cfgF func() (*config.Config, error), clientF func() (*registry.Client, error)) (*config.Config, *registry.Client, string, error) {
	cfg, client, err := cmdutil.ConfigAndClient(cfgF, clientF)
	if err != nil {
		return nil, nil, "", err
	}
	reg, err := registryForAccount(cfg)
	if err != nil {
		return nil, nil, "", err
	}
	return cfg, client, reg, nil
}

// registryForAccount follows npm: with --scope, the scope's registry is
// used unless --registry was given on the command line.
func registryForAccount(cfg *config.Config) (string, error) {
	if scope := cfg.Get("scope"); scope != "" {
		if _, layer, _ := cfg.Lookup("registry"); layer != config.LayerCLI {
			if !startsWithAt(scope) {
				scope = "@" + scope
			}
			return cfg.RegistryForScope(scope)
		}
	}
	return cfg.Registry()
}

func startsWithAt(s string) bool { return len(s) > 0 && s[0] == '@' }
