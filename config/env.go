package config

import "strings"

const envPrefix = "npm_config_"

// envKey maps the name of an npm_config_* variable to its config key, the
// way npm does: the prefix matches case-insensitively; keys starting with
// "//" are kept verbatim; otherwise every '_' but a leading one becomes '-'
// and the key is lower-cased.
func envKey(name string) (string, bool) {
	if len(name) <= len(envPrefix) || !strings.EqualFold(name[:len(envPrefix)], envPrefix) {
		return "", false
	}
	key := name[len(envPrefix):]
	if strings.HasPrefix(key, "//") {
		return key, true
	}
	lead := ""
	if strings.HasPrefix(key, "_") {
		lead, key = "_", key[1:]
	}
	return strings.ToLower(lead + strings.ReplaceAll(key, "_", "-")), true
}

// envEntries returns the env layer: one entry per npm_config_* variable with
// a non-empty value, a later variable winning over an earlier one.
func envEntries(env []string) []entry {
	var out []entry
	for _, kv := range env {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || val == "" {
			continue
		}
		if key, ok := envKey(name); ok {
			out = append(out, entry{Key: key, Value: val})
		}
	}
	return out
}
