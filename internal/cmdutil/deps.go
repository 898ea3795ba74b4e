package cmdutil

import (
	"github.com/gonpm/gonpm/config"
	"github.com/gonpm/gonpm/internal/registry"
)

// ConfigAndClient evaluates the two lazy dependencies almost every
// registry command needs, in the order the factory builds them.
func ConfigAndClient(cfg func() (*config.Config, error), client func() (*registry.Client, error)) (*config.Config, *registry.Client, error) {
	c, err := cfg()
	if err != nil {
		return nil, nil, err
	}
	rc, err := client()
	if err != nil {
		return nil, nil, err
	}
	return c, rc, nil
}
