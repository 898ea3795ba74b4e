package config

import (
	"sort"
	"strconv"
	"strings"
)

// LayerPublishConfig is the "publishConfig" object of the package being
// published: above the files and the environment, under the command line
// (protocol-publish §2.5: flags win).
const LayerPublishConfig = "publishConfig"

// WithPublishConfig returns the configuration for publishing one package:
// a copy of c with the package's publishConfig as a layer just under the
// command line. Only the keys publish reads from it are taken (tag,
// access, registry, @scope:registry as strings, kept as written;
// provenance as a JSON boolean, the only value npm acts on): a package
// folder is not trusted, so credentials and every other setting — the
// Sigstore endpoints and trusted root among them — still come from the
// user's own configuration. Provenance may come from a project: it only
// adds a signature and runs nothing. The copy is for reading; c is
// unchanged.
func (c *Config) WithPublishConfig(publishConfig map[string]any) *Config {
	l := newLayer(LayerPublishConfig, "")
	keys := make([]string, 0, len(publishConfig))
	for k := range publishConfig {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !publishConfigKey(k) {
			continue
		}
		s, ok := publishConfig[k].(string)
		if k == "provenance" {
			// npm signs only for provenance === true; "true" as a string
			// is ignored, as npm ignores it.
			b, isBool := publishConfig[k].(bool)
			s, ok = strconv.FormatBool(b), isBool
		}
		if !ok {
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
	case "tag", "access", "registry", "provenance":
		return true
	}
	return strings.HasPrefix(k, "@") && strings.HasSuffix(k, ":registry")
}
