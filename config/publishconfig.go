package config

import (
	"sort"
	"strings"
)

// LayerPublishConfig is the "publishConfig" object of the package being
// published: above the files and the environment, under the command line
// (protocol-publish §2.5: flags win).
const LayerPublishConfig = "publishConfig"

// WithPublishConfig returns the configuration for publishing one package:
// a copy of c with the package's publishConfig as a layer just under the
// command line. Only the keys publish reads from it are taken (tag,
// access, registry, @scope:registry), and only string values, kept as
// written: a package folder is not trusted, so credentials and every
// other setting still come from the user's own configuration. The copy is
// for reading; c is unchanged.
func (c *Config) WithPublishConfig(publishConfig map[string]any) *Config {
	l := newLayer(LayerPublishConfig, "")
	keys := make([]string, 0, len(publishConfig))
	for k := range publishConfig {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, ok := publishConfig[k].(string)
		if !ok || !publishConfigKey(k) {
			continue
		}
		l.values[k] = &value{rawKey: k, raw: s, value: s}
		l.keys = append(l.keys, k)
	}

	cp := *c
	cp.layers = make([]*layer, 0, len(c.layers)+1)
	for _, existing := range c.layers {
		if existing.name == LayerCLI {
			cp.layers = append(cp.layers, l)
		}
		cp.layers = append(cp.layers, existing)
	}
	cp.rebuild()
	return &cp
}

func publishConfigKey(k string) bool {
	switch k {
	case "tag", "access", "registry":
		return true
	}
	return strings.HasPrefix(k, "@") && strings.HasSuffix(k, ":registry")
}
